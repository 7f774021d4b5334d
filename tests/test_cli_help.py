"""`--help` is written for the task: every command says what it is for, shows an example, and every option and
argument says what it does."""

from __future__ import annotations

import argparse

import pytest

from flows.cli import build_parser


def subcommands() -> dict[str, argparse.ArgumentParser]:
    [commands] = [action for action in build_parser()._actions if isinstance(action, argparse._SubParsersAction)]
    return dict(commands.choices)


@pytest.mark.parametrize("name", sorted(subcommands()))
def test_each_command_has_an_example_and_every_argument_is_explained(name):
    parser = subcommands()[name]

    assert parser.description and f"newsfacts {name}" in parser.epilog
    unexplained = [action.dest for action in parser._actions if not action.help]
    assert unexplained == []


def test_extract_jsonl_is_documented_as_the_format_it_always_prints():
    jsonl = next(action for action in subcommands()["extract"]._actions if action.dest == "jsonl")
    assert "only output format" in jsonl.help
