"""Temporal expressions: the seed article's dates and relative dates resolved against the publication date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from flows.extract.timexes import find_timexes

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_f4a7255485200af2.txt"
SEED_PUBLISHED = date(2025, 5, 28)


def seed_body() -> str:
    """The seed article after its title line, without the trailing "Related Sources:" line."""
    text = SEED.read_text(encoding="utf-8")
    body = text.split("\n", 1)[1]
    return body[: body.index("Related Sources:")].rstrip()


def values_by_text(text: str, anchor: date | None) -> dict[str, tuple[str, str]]:
    return {timex.text: (timex.type, timex.value) for timex in find_timexes(text, anchor)}


@pytest.mark.skipif(not SEED.exists(), reason="seed article not in this checkout")
def test_seed_article_dates_resolve_against_publication_date() -> None:
    found = values_by_text(seed_body(), SEED_PUBLISHED)
    assert found["Wednesday, May 28"] == ("DATE", "2025-05-28")
    assert found["next Monday"] == ("DATE", "2025-06-02")
    assert found["May 16"] == ("DATE", "2025-05-16")
    assert found["June 2"] == ("DATE", "2025-06-02")
    assert found["February 2022"] == ("DATE", "2022-02")
    assert found["2014"] == ("DATE", "2014")
    assert found["Presently"] == ("DATE", "PRESENT_REF")


@pytest.mark.skipif(not SEED.exists(), reason="seed article not in this checkout")
def test_seed_article_durations() -> None:
    found = values_by_text(seed_body(), SEED_PUBLISHED)
    assert found["three-year"] == ("DURATION", "P3Y")
    assert found["two weeks"] == ("DURATION", "P2W")
    assert found["at least four more days"] == ("DURATION", "P4D")


@pytest.mark.skipif(not SEED.exists(), reason="seed article not in this checkout")
def test_seed_weekday_and_date_are_one_expression() -> None:
    timexes = find_timexes(seed_body(), SEED_PUBLISHED)
    assert [t.text for t in timexes if "May 28" in t.text or t.text == "Wednesday"] == ["Wednesday, May 28"]


@pytest.mark.parametrize(
    ("sentence", "anchor", "expected"),
    [
        ("They meet in Istanbul next Monday.", date(2025, 5, 28), "2025-06-02"),
        ("They met last Monday.", date(2025, 5, 28), "2025-05-26"),
        ("Sales fell last week.", date(2025, 5, 28), "2025-W21"),
        ("Sales fell last week.", date(2025, 1, 2), "2024-W52"),
        ("He left two days ago.", date(2025, 5, 28), "2025-05-26"),
        ("He left yesterday.", date(2024, 3, 1), "2024-02-29"),
        ("Prices rose last month.", date(2025, 1, 15), "2024-12"),
        ("Prices will rise next year.", date(2025, 5, 28), "2026"),
        ("Prices rose earlier this year.", date(2025, 5, 28), "2025"),
        ("The minister said on Wednesday that talks would go on.", date(2025, 5, 30), "2025-05-28"),
        ("The delegations will meet on Friday.", date(2025, 5, 28), "2025-05-30"),
        ("The delegations met on Friday.", date(2025, 5, 28), "2025-05-23"),
        ("The plant will open in March.", date(2025, 11, 10), "2026-03"),
        ("The plant opened in March.", date(2025, 11, 10), "2025-03"),
        ("Shares closed on Dec. 24.", date(2025, 1, 5), "2024-12-24"),
        ("Profit rose in the third quarter.", date(1989, 11, 2), "1989-Q3"),
        ("Results came in this week.", date(2025, 5, 28), "2025-W22"),
    ],
)
def test_relative_dates_resolve_against_the_anchor(sentence: str, anchor: date, expected: str) -> None:
    assert [t.value for t in find_timexes(sentence, anchor)] == [expected]


def test_without_anchor_unknown_parts_stay_x() -> None:
    assert values_by_text("Talks were held on May 28.", None)["May 28"] == ("DATE", "XXXX-05-28")
    assert values_by_text("Talks resume next Monday.", None)["next Monday"] == ("DATE", "XXXX-XX-XX")
    assert values_by_text("It began in February 2022.", None)["February 2022"] == ("DATE", "2022-02")


@pytest.mark.parametrize(
    ("sentence", "span", "value"),
    [
        ("He will decide within two weeks.", "two weeks", "P2W"),
        ("a 24-hour strike", "24-hour", "PT24H"),
        ("for more than four hours", "more than four hours", "PT4H"),
        ("over the past two decades", "the past two decades", "P20Y"),
        ("in recent months", "recent months", "PXM"),
    ],
)
def test_durations(sentence: str, span: str, value: str) -> None:
    assert values_by_text(sentence, date(2025, 5, 28))[span] == ("DURATION", value)


@pytest.mark.parametrize(
    ("sentence", "span", "value"),
    [
        ("Russia is now ready to talk.", "now", "PRESENT_REF"),
        ("Kyiv is currently open to talks.", "currently", "PRESENT_REF"),
        ("Troops recently moved north.", "recently", "PAST_REF"),
        ("Nobody knows what the future holds.", "the future", "FUTURE_REF"),
    ],
)
def test_vague_references(sentence: str, span: str, value: str) -> None:
    assert values_by_text(sentence, date(2025, 5, 28))[span] == ("DATE", value)


def test_modal_may_and_ages_are_not_dates() -> None:
    assert find_timexes("Prices may rise; a 6-year-old boy watched.", date(2025, 5, 28)) == []


def test_clock_time_with_weekday() -> None:
    found = values_by_text("The vote closes at 10 p.m. Wednesday.", date(2025, 5, 30))
    assert found["10 p.m. Wednesday"] == ("TIME", "2025-05-28T22:00")


@pytest.mark.parametrize(
    ("sentence", "anchor", "span", "expected"),
    [
        # tense: a future seen from the past is no cue; a possessive weekday is past; "will be named" is future
        ("He was about to be deported on Thursday.", date(1999, 10, 8), "Thursday", ("DATE", "1999-10-07")),
        ("They want to overturn Wednesday's ruling, which they will fight.", date(2000, 1, 7), "Wednesday",
         ("DATE", "2000-01-05")),
        ("She will be named commander for a mission in December.", date(1998, 3, 4), "December",
         ("DATE", "1998-12")),
        ("Found off the coast in late November, the boy has been in Miami.", date(2000, 1, 6), "late November",
         ("DATE", "1999-11")),
        # a part of the day stays in the value
        ("Protesters rallied Friday night.", date(2000, 1, 8), "Friday night", ("TIME", "2000-01-07TNI")),
        ("It rose in mid-afternoon yesterday.", date(1989, 11, 2), "mid-afternoon yesterday",
         ("TIME", "1989-11-01TAF")),
        ("Bids are due by 5 p.m. EST Nov. 9.", date(1989, 11, 2), "5 p.m. EST Nov. 9", ("TIME", "1989-11-09T17:00")),
        # half units
        ("She spent 5 1/2 hours there.", date(1998, 8, 17), "5 1/2 hours", ("DURATION", "PT5H30M")),
        ("It took two and a half years.", date(1998, 8, 17), "two and a half years", ("DURATION", "P2Y6M")),
        # calendar units and year ends
        ("Sales fell over the past year.", date(1998, 3, 3), "the past year", ("DATE", "1997")),
        ("The deal should close by year-end.", date(1989, 11, 2), "year-end", ("DATE", "1989")),
        ("Prices are up 5% since year-end.", date(1989, 11, 2), "year-end", ("DATE", "1988")),
        ("It began in the week of March 6.", date(2000, 2, 24), "the week of March 6", ("DATE", "2000-W10")),
        ("Profit rose in the last half of 1989.", date(1989, 11, 2), "the last half of 1989", ("DATE", "1989-H2")),
        ("Cars were boxy in the 70s and 80s.", date(2006, 1, 1), "80s", ("DATE", "198")),
        ("Oil peaked in January nineteen ninety-seven.", date(1998, 2, 27), "January nineteen ninety-seven",
         ("DATE", "1997-01")),
    ],
)
def test_resolution_rules(sentence: str, anchor: date, span: str, expected: tuple[str, str]) -> None:
    assert values_by_text(sentence, anchor)[span] == expected


def test_the_day_and_that_year_follow_the_dates_named_before() -> None:
    text = ("Stocks rose on Friday. The Dow ended the day at 8,017. The index fell in 1987. "
            "It recovered the following year, and by 18:00 UTC the rally held.")
    found = values_by_text(text, date(2009, 4, 4))
    assert found["the day"] == ("DATE", "2009-04-03")
    assert found["the following year"] == ("DATE", "1988")
    assert found["18:00 UTC"] == ("TIME", "2009-04-03T18:00Z")


def test_earnings_report_periods_follow_the_quarter_it_names() -> None:
    text = ("Inco said net for the fiscal first quarter ended Sept. 30 rose to $3 million. "
            "The company had a loss a year ago. In the 1988 period sales were lower. "
            "For the nine months, net fell from a year earlier.")
    found = values_by_text(text, date(1989, 10, 26))
    assert found["first quarter"] == ("DATE", "1989-Q1")
    assert found["a year ago"] == ("DATE", "1988-Q1")
    assert found["the 1988 period"] == ("DATE", "1988-Q1")
    assert found["a year earlier"] == ("DATE", "1988")


def test_a_forecast_quarter_is_not_the_reported_one() -> None:
    text = ("Travelers said third-quarter profit rose. The quake will cause a fourth-quarter charge. "
            "Earnings fell in the latest quarter.")
    assert values_by_text(text, date(1989, 11, 2))["the latest quarter"] == ("DATE", "1989-Q3")


@pytest.mark.parametrize("anchor", [date(1987, 3, 2), date(1990, 7, 15), date(2025, 5, 28)])
def test_the_spans_and_types_do_not_depend_on_the_anchor(anchor: date) -> None:
    """The extract stage finds the dates once, with the publication date, and the quantity extractor keeps off
    their spans: those must be the spans it would find without one. A week of a day no year has (or none near the
    anchor has: February 29) stays the date as written."""
    text = ("Talks in the week of April 31 and the week of Feb. 29 came after Monday's vote. Sales rose in the "
            "third quarter from a year earlier, and by 5 p.m. EST Nov. 9 the shares had fallen for two days.")
    def spans_and_types(timexes: list) -> list[tuple[int, int, str]]:
        return [(timex.start, timex.end, timex.type) for timex in timexes]
    assert spans_and_types(find_timexes(text, anchor)) == spans_and_types(find_timexes(text, None))
    assert values_by_text(text, anchor)["the week of April 31"] == ("DATE", f"{anchor.year}-04-31")


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The delegations in {} WILL MEET on Friday.", "2025-05-30"),
    ("The delegations in {} MET on Friday.", "2025-05-23"),
    ("The delegations in {} were about to meet on Friday, officials SAID.", "2025-05-23"),
])
def test_tense_is_read_alike_in_a_text_whose_lowercase_is_longer(sentence: str, expected: str) -> None:
    """Tense cues are looked for in the text case-folded, or case-blind in a text that lowercasing lengthens
    ("İ" is two characters lowercased): either way, in any case, with the same result."""
    for place in ("Istanbul", "İstanbul"):
        assert [t.value for t in find_timexes(sentence.format(place), date(2025, 5, 28))] == [expected]
