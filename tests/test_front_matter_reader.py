"""The direct reader of simple front matter gives exactly what yaml.safe_load gives (values and their types, key
order), or leaves the text to a YAML parser."""

from __future__ import annotations

import time

import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from flows.clean import _simple_fields

_C_SAFE_LOADER = getattr(yaml, "CSafeLoader", None)

KEYS = ["title", "published", "source", "url", "authors", "site_name", "datePublished", "_x", "k1", "Title", "y",
        "n", "on", "On", "no", "NO", "yes", "true", "False", "off", "null", "NULL", "~", "1", "0x1f", "<<", "=",
        "a" * 64, "a" * 65, "a" * 1100, "site name", "é", "key:", "- title", "? x", "&a x", "!!str x", '"title"',
        "'title'"]
SEPARATORS = [": ", ":", ":  ", " : ", ":\t", ": \t", "\t: ", ":   "]
HOSTILE_VALUES = [
    '"BAHIA COCOA REVIEW"', '"USX <X> DEBT DOWNGRADED"', '"a \'b\' <X> [u] {v} # c: d"', '"\\"q\\""', '"\\\\"',
    '"\\\\\\""', '"\\t"', '"\\u00e9"', '"\\x41"', '"\\/"', '"\\N"', '"\\q"', '"\t"', '"é\u2028"', '"\ufffe"', '"\ufeff"',
    '"\U0001F600"', '""', '" x "', '"never closed', '"x" y', '"x" # c', '"x"  ', "'x'", "'it''s'", "''",
    "1987-02-26", "1987-02-26 ", "1987-02-30", "0000-01-01", "2025-5-28", "1987-02-26T10:00:00Z", "1987-02-26 10:00",
    "١٩٨٧-٠٢-٢٦", "2025-05-28x", "Reuters", "Reuters Ltd", "Reuters  Ltd", "Reuters ", "Reuters\t", "yes", "No",
    "null", "Null", "nULL", "off", "OFF", "oN", "true", "tRUE", "y", "n", "~", "1,000", "12", "1.5", "0x1f", ".inf",
    ".NaN", "-5", "+5", "1_000", "190:20:30", "Infinity", "NaN", "a: b", "a:b", "a:", "a :", "a # c", "a#c", "a  #c",
    "It's here", 'He said "x"', "a [b] {c}", "a, b", "a & *b", "a !b", "a | b", "a > b", "a % b", "a @b", "a `b`",
    "a - b", "a ? b", "https://example.com/a?b=1#c", "O'Neil", "café", "a\u00a0b", "a\u2028b", "a\x85b", "a\x07b",
    "a\ufeffb", "a\ud800b", "&anchor", "*alias", "!!int 3", "|", ">", "[a, b]", "{a: b}", "- a", "", " ", "%x",
    "@x", "`x`", "=", "<<", "a" * 2000, " " * 300 + "x",
]
value_strategy = st.one_of(
    st.sampled_from(HOSTILE_VALUES),
    st.text(max_size=30).map(lambda text: text.replace("\n", " ")),
    st.text(max_size=30).map(lambda text: '"' + text.replace("\n", " ") + '"'),
    st.text(alphabet="aZ \"'\\:#-[]{}&*!|>%@`,?~\t\u00e9\u2028\x85", max_size=20),
    st.text(alphabet="aZ \"'\\:#-[]{}&*!|>%@`,?~\t\u00e9\u2028\x85", max_size=20).map(lambda text: f'"{text}"'),
    st.text(alphabet="aZ \"'\\:#-[]{}&*!|>%@`,?~\t\u00e9\u2028\x85", max_size=20).map(lambda text: f"Z{text}"),
)
line_strategy = st.one_of(
    st.tuples(st.sampled_from(KEYS), st.sampled_from(SEPARATORS), value_strategy).map("".join),
    st.sampled_from(["", " ", "# a comment", "  - A", "  continued", "---", "...", "title", "\t"]),
)
front_matter_strategy = st.lists(line_strategy, min_size=0, max_size=6).map("\n".join)


def _safe_load(text: str) -> object:
    """yaml.safe_load's result, or the class of the error it raises."""
    try:
        return yaml.safe_load(text)
    except Exception as error:  # noqa: BLE001 - PyYAML raises ValueError for an impossible date
        return type(error)


def _typed(value: object) -> object:
    """`value` with the type of every value in it, so that True and 1, or a date and a string, differ."""
    if isinstance(value, dict):
        return [(key, type(key), _typed(item)) for key, item in value.items()]
    return value, type(value)


def _assert_read_as_pyyaml(text: str) -> None:
    fields = _simple_fields(text)
    if fields is None:
        return
    assert _typed(fields) == _typed(_safe_load(text)), text
    if _C_SAFE_LOADER is not None:
        assert _typed(fields) == _typed(yaml.load(text, Loader=_C_SAFE_LOADER)), text


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(front_matter_strategy)
def test_generated_front_matter_reads_as_pyyaml_reads_it(front_matter: str) -> None:
    _assert_read_as_pyyaml(front_matter)


@pytest.mark.parametrize("line", [f"{key}{separator}{value}" for key in KEYS[:14] for separator in SEPARATORS[:3]
                                  for value in HOSTILE_VALUES])
def test_every_hostile_line_reads_as_pyyaml_reads_it(line: str) -> None:
    _assert_read_as_pyyaml(line)
    _assert_read_as_pyyaml(f'title: "X"\n{line}\nsource: Reuters')


def test_wire_front_matter_is_read_directly() -> None:
    text = 'title: "USX <X> DEBT DOWNGRADED"\npublished: 1987-02-26\nsource: Reuters'
    assert _simple_fields(text) == yaml.safe_load(text)


@pytest.mark.parametrize("text", ["title: " + " " * 100_000 + "\t", 'title: "' + "\\\\" * 50_000 + "\\",
                                  "title: " + "a " * 50_000 + ":", "t" * 100_000])
def test_a_long_line_that_does_not_fit_fails_fast(text: str) -> None:
    started = time.process_time()
    assert _simple_fields(text) is None
    assert time.process_time() - started < 0.5
