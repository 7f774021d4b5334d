"""Numbers written in digits, words and scale words."""

from __future__ import annotations

import pytest

from flows.extract.number_words import parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,000", 1000),
        ("50,000", 50000),
        ("4.6", 4.6),
        ("4.6 billion", 4.6e9),
        ("1.5m", 1.5e6),
        ("11bn", 11e9),
        ("three", 3),
        ("twenty-four", 24),
        ("twenty four", 24),
        ("a hundred", 100),
        ("one hundred and twenty", 120),
        ("two thousand", 2000),
        ("fifty thousand", 50000),
        ("two million", 2e6),
        ("three hundred thousand", 300000),
        ("a dozen", 12),
    ],
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "troops", "three troops", "billion dollars"])
def test_not_numbers(text: str) -> None:
    assert parse_number(text) is None


def test_a_run_of_digits_longer_than_any_figure_is_no_number():
    assert parse_number("9" * 41) is None
    assert parse_number("9" * 5000 + "-1/2") is None
    assert parse_number("9" * 40) == float("9" * 40)


def test_a_mixed_fraction_written_with_a_space():
    assert parse_number("7 3/4") == 7.75
    assert parse_number("7-3/4") == 7.75
    assert parse_number("7 5/4") is None, "a fraction of one or more is no mixed fraction"
