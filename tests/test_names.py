"""File names and untrusted text: escaped to one printable line, and names reversibly so."""

from __future__ import annotations

import os

import pytest

from flows.names import escape_name, markdown_cell, printable, unescape_name


@pytest.mark.parametrize("raw", [
    bytes(range(1, 256)).replace(b"/", b""),
    b"bad\xffname.txt", b"line\nforged: stored.txt", b"back\\slash\\x41.txt", b"\\xff.txt",
    "caf\u00e9 \u202etxt.exe".encode(), b"tab\there\r.txt",
])
def test_every_name_comes_back_from_its_escaped_form(raw):
    escaped = escape_name(os.fsdecode(raw))
    assert escaped.isprintable() and escaped.encode("utf-8")
    assert os.fsencode(unescape_name(escaped)) == raw


def test_names_read_as_written_with_only_the_unsafe_parts_escaped():
    assert escape_name(os.fsdecode(b"bad\xffname.txt")) == "bad\\xffname.txt"
    assert escape_name("line\nforged: stored.txt") == "line\\u000aforged: stored.txt"
    assert escape_name("caf\u00e9/2025 \u201cquoted\u201d.txt") == "caf\u00e9/2025 \u201cquoted\u201d.txt"
    assert escape_name("a\\b") == "a\\\\b"
    assert escape_name("evil\u202etxt.exe") == "evil\\u202etxt.exe"  # a right-to-left override


def test_free_text_is_one_printable_line():
    assert printable("Title\nINFO | forged line\u2028\ud800") == "Title\\u000aINFO | forged line\\u2028\\ud800"


def test_a_markdown_cell_cannot_end_early():
    assert markdown_cell("a|b`c\nd") == "`a\\|b'c\\u000ad`"
