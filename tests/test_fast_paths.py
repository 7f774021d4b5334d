"""The shortcuts that make ingest and `newsfacts sql` fast give what the long way gives: the same dates whatever was
asked before, tokens a caller may change, organisation cues looked for only where they can end, the same front
matter as PyYAML, and quick commands that leave the heavy modules (SQLAlchemy, Prefect, the extractors) unimported."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

from flows.clean import _load_yaml
from flows.extract.alternation import word_alternation
from flows.extract.claims import _tables
from flows.extract.entities import ORG_CUE_BEFORE, ORG_CUE_WINDOW, _has_org_cue_before
from flows.extract.gazetteer import read_rows
from flows.extract.number_words import TENS, UNITS
from flows.extract.quantities import APPROX_MARKERS
from flows.extract.quantities import find_quantities
from flows.extract.quantities import _QUANTITY, _QUANTITY_WHERE
from flows.extract.stretches import case_folded, scan
from flows.extract.timexes import _RULES, find_timexes
from flows.extract.tokens import _BOUNDARY, _BOUNDARY_WITHOUT_ELLIPSIS, split_sentences, tokenize
from tests.benchmarks.hostile_text import UNITS, hostile_text
from tests.conftest import PROJECT_DIR
from tests.helpers import run_ingest

TEXT = ("Shares rose 5% on Monday, two days after the company said it would cut 1,200 jobs by March. "
        "\"We expect growth next year,\" the chief executive said on Friday. Sales fell for three years.")


def as_tuples(timexes: list) -> list[tuple]:
    return [(t.start, t.end, t.type, t.value) for t in timexes]


def test_dates_do_not_depend_on_what_was_asked_before():
    """The quantity extractor, asked alone, finds the dates without an anchor; the dates asked for next, with the
    publication date, are those a first call gives."""
    anchor = date(2025, 5, 28)
    cold = as_tuples(find_timexes(TEXT, anchor))
    find_quantities(TEXT)
    unanchored = as_tuples(find_timexes(TEXT, None))
    assert as_tuples(find_timexes(TEXT, anchor)) == cold
    assert [value for *_, value in unanchored] != [value for *_, value in cold]  # the anchor still counts
    assert any(value == "2025-05-26" for *_, value in cold)  # "Monday" before the Wednesday it was published
    # the extract stage hands the quantity extractor the dates it found with the anchor
    assert find_quantities(TEXT, timexes=find_timexes(TEXT, anchor)) == find_quantities(TEXT)


# texts at the edges of the stretches the date scan reads: breaks next to triggers, abbreviations and decimal points
# a break must not cut, case-blind letters that lowercase differently, offsets that lowercasing shifts
STRETCH_EDGES = [
    "It took 3.5 years. Two-day talks, then 5 1/2 hours; (four weeks) \"a week\" and a half-hour wait ended.",
    "Jan. 5, Sept. 30; Tues. and Thurs. mornings, last May, in May 2020, by May. Next Mon.Tue,Wed",
    "a ſecond and a mınute later, İstanbul for two ſeconds; now-or-never, currently, these days, right now!",
    "the past two years' results (three-year-long) 10-day, 40 years old, years ago, for months; weeks",
    "İİİ two days İ and May, Fri. 'three months' “six weeks” nowadays at present-day 2.5-day",
    "Rs. 500 crore, Rs.5 lakh; a third of voters, two-thirds of them (one fifth) and half the staff. approx. 5 mln",
    "Twelve came;seven left,five stayed.(nine) \"ten\" thousands",
    "By year's end,New Year's Day;that same day (later that year) the year after.the 21st century,Christmas Day "
    "and Thanksgiving: a year-earlier quarter, a week-long strike, nineteen ninety-six, the year two thousand",
]


def stretch_texts() -> list[str]:
    fixtures = PROJECT_DIR / "tests" / "fixtures"
    files = [*fixtures.glob("*.txt"), *fixtures.glob("meantime_quotes/*.txt"), *(PROJECT_DIR / "seeds").glob("*.txt")]
    return [TEXT, *STRETCH_EDGES, *(path.read_text(encoding="utf-8") for path in files),
            *(hostile_text(name, 5_000) for name in UNITS)]


@pytest.mark.parametrize("pattern, where", [
    *((rule.pattern, rule.where) for rule in _RULES), (_QUANTITY, _QUANTITY_WHERE),
])
def test_a_scan_by_stretches_finds_what_the_whole_scan_finds(pattern, where):
    """The stretches between breaks that hold a trigger are all a date or quantity scan reads: it must miss no match
    there, and no match of the whole scan may hold a break or lack a trigger."""
    for text in stretch_texts():
        whole = [match.span() for match in pattern.finditer(text)]
        assert [match.span() for match in scan(pattern, text, where, {})] == whole
        source = text if where.cased else case_folded(text)
        for start, end in whole:
            assert not where.breaks.search(text, start, end)
            if source is not None:
                assert holds_trigger(where, source, start, end)
                # a trigger searched for inside wider stretches: each match holds the wider trigger too
                assert where.within is None or holds_trigger(where.within, source, start, end)


def holds_trigger(where, source: str, start: int, end: int) -> bool:
    """Whether the match at [start, end) holds a trigger; one that opens on the character before what it marks may
    open on the character before the match, or be the `opening` at the text's start."""
    if where.opening is None:
        return where.triggers.search(source, start, end) is not None
    before = where.triggers.search(source, max(start - 1, 0), end)
    if before is not None and before.end() > start:
        return True
    at_text_start = start == 0 and where.opening.match(source, 0, end) is not None
    return where.triggers.search(source, start, end) is not None or at_text_start


@pytest.mark.parametrize("words, flags", [
    ([*_tables()[0], "rise", "pay rise", "sale", "K"], re.I),  # measure words
    ([*_tables()[1]], re.I),  # event words
    ([*APPROX_MARKERS], re.I),
    ([*UNITS, *TENS], 0),
    ([*UNITS, *TENS], re.I),
    (["Apple pie", "apple", "Apple", "ab"], 0),  # first letters that differ in case: the plain alternation
    (["Apple pie", "apple", "Apple", "ab"], re.I),
])
def test_words_grouped_by_first_letter_match_as_the_plain_alternation(words, flags):
    """Cue, modifier and number words are alternations grouped by first letter: each finds what the plain one finds."""
    plain = re.compile(rf"\b(?:{'|'.join(re.escape(w) for w in sorted(words, key=len, reverse=True))})\b", flags)
    grouped = re.compile(rf"\b(?:{word_alternation(words, ignore_case=bool(flags))})\b", flags)
    for text in [*stretch_texts(), "a Pay Rise, a PAY RISE; ſale and sale, K and k, apple pie, Apple Pie, APPLE"]:
        assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_organisation_cues_before_a_name_are_found_as_by_the_plain_alternation():
    """Whether a cue stands before a name ("energy company Orsted", "Oslo-based Equinor") is all that counts: the
    grouped cues say so wherever the cues one by one do."""
    words = [words for words, kind in read_rows("org_cues.tsv") if kind == "before"]
    cues = [rf"\w{re.escape(word)}" if word.startswith("-") else
            r"\b" + r"\s+".join(re.escape(part) for part in word.split()) for word in words]
    plain = re.compile(rf"(?:{'|'.join(cues)})\s+$", re.IGNORECASE)
    texts = [*stretch_texts(), "the energy Company  Orsted, Oslo-Based\nEquinor, a unit  of\tBP and SHARES IN Shell "]
    for text in texts:
        for end in range(len(text) + 1):
            start = max(0, end - ORG_CUE_WINDOW)
            assert (ORG_CUE_BEFORE.search(text, start, end) is None) == (plain.search(text, start, end) is None)


def test_a_look_at_the_words_before_a_name_says_what_the_cue_search_says():
    """The search for a cue before a name runs only where the words before it end as a cue ends: that look must
    never miss a cue, whatever case-blind letters (ı, ſ, the Kelvin sign, İ) the words are written with."""
    odd_letters = "an energy companı Orsted, a unit ın Shell, Oslo-baſed Equinor, a \u212aelvin-based firm, İN Statoil "
    for text in [*stretch_texts(), odd_letters, "the energy Company  Orsted, Oslo-Based\nEquinor, SHARES IN Shell "]:
        for end in range(len(text) + 1):
            searched = ORG_CUE_BEFORE.search(text, max(0, end - ORG_CUE_WINDOW), end) is not None
            assert _has_org_cue_before(text, end) == searched, (text[max(0, end - ORG_CUE_WINDOW):end], end)


def test_tokens_are_the_callers_own():
    tokens = tokenize(TEXT)
    expected = list(tokens)
    tokens.clear()
    assert tokenize(TEXT) == expected and expected


def test_a_text_without_an_ellipsis_has_the_same_sentence_boundaries_by_the_latin_1_search():
    """Sentences are split by a pattern whose first class leaves out "…" where the text holds none: there it must
    find every boundary the whole pattern finds, with the same spans."""
    for text in stretch_texts():
        plain = text.replace("…", "...")
        assert [match.span() for match in _BOUNDARY_WITHOUT_ELLIPSIS.finditer(plain)] == \
            [match.span() for match in _BOUNDARY.finditer(plain)]


def test_sentences_are_the_callers_own():
    sentences = split_sentences(TEXT)
    expected = list(sentences)
    sentences.clear()
    assert split_sentences(TEXT) == expected and len(expected) == 3


@pytest.mark.parametrize("front_matter", [
    'title: "BAHIA COCOA REVIEW"\npublished: 1987-02-26\nsource: Reuters',
    "title: Talks, what next?\nurl: https://example.com/a?b=1#c\n\nauthor: O'Neil",
    "title: 'It''s done' # a comment\npublished: 2025-05-28T10:00:00Z\ncount: 12\nflag: yes",
    'title: "caf\\u00e9 \\"quoted\\""\nempty:\nnothing: ~',
    "title: [nested, list]\nauthors:\n  - A\n  - B",  # not flat: PyYAML's own parser
    'title: "STANDARD OIL <SRD> TO FORM [UNIT] & *CO* | !"\npublished: 1987-02-26',  # marks inside quotes
    "title: 'It''s <X> > {a}'  \nsource: \"\\u00e9 \\/ \\x41 \\e\\N\\_ #\"",
    # simple lines whose words YAML reads as something else than strings: a bool key, bool and null values
    'on: "x"\nsource: No\nsite: null\nflag: Off\nname: Reuters Ltd\ntitle: "a: b # c <X>"',
])
def test_front_matter_reads_as_pyyaml_reads_it(front_matter):
    fields, expected = _load_yaml(front_matter), yaml.safe_load(front_matter)
    assert fields == expected
    assert [type(value) for value in fields.values()] == [type(value) for value in expected.values()]


def test_front_matter_impossible_date_fails_as_in_pyyaml():
    with pytest.raises(ValueError):
        _load_yaml('title: "X"\npublished: 1987-02-30')


@pytest.mark.parametrize("front_matter", ['title: "never closed\npublished: 2025-05-28', "title: Talks: what next?",
                                          'title: "\\q <X>"', "title: 'bell \x07 <X>'"])
def test_front_matter_pyyaml_refuses_is_refused(front_matter):
    with pytest.raises(yaml.YAMLError):
        _load_yaml(front_matter)


def run_python(code: str, cwd: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_sql_on_sqlite_imports_no_sqlalchemy_and_keeps_regexp(seeds_dir, sqlite_url, prefect_api, tmp_path):
    run_ingest(seeds_dir, sqlite_url)
    code = f"""
import contextlib, io, json, sys
from flows.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    status = main(["sql", "--db", {sqlite_url!r}, "--format", "json",
                   "SELECT COUNT(*) > 0 AS found FROM article WHERE source_key REGEXP '^0'"])
print(json.dumps({{"status": status, "rows": json.loads(out.getvalue()),
                  "sqlalchemy": "sqlalchemy" in sys.modules}}))
"""
    result = run_python(code, PROJECT_DIR)
    assert result == {"status": 0, "rows": [{"found": 1}], "sqlalchemy": False}


def test_a_rescan_with_nothing_new_imports_neither_prefect_nor_the_extractors(seeds_dir, sqlite_url, prefect_api):
    run_ingest(seeds_dir, sqlite_url)
    code = f"""
import json, sys
from flows.rescan import UnchangedScan, known_unchanged
from flows.settings import load_settings
settings = load_settings().with_overrides(seeds_dir={str(seeds_dir)!r}, store_url={sqlite_url!r})
scan = known_unchanged(settings)
print(json.dumps({{"unchanged": isinstance(scan, UnchangedScan),
                  "heavy": sorted(m for m in ("prefect", "distributed", "flows.extract") if m in sys.modules)}}))
"""
    assert run_python(code, PROJECT_DIR) == {"unchanged": True, "heavy": []}
