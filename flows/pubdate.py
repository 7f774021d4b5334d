"""When was an article published? From a written ISO date, the file name, or inferred from the text.

News text often gives a weekday with a date but no year ("on Wednesday, May 28"). Only some years
put that date on that weekday, so the pair fixes the year: the latest such year whose date is not
after today. How sure that is depends on how close the other candidate years are and on whether
other years in the text agree (an event "in February 2022" plus a "three-year conflict" → 2025).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
    "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4, "sat": 5, "sun": 6,
}


def _alternatives_by_first_letter(words: list[str]) -> str:
    """`words` as one regex alternation that tries them in the given order, with the words that share a first letter
    under one branch: "m(?:onday|on)|t(?:hursday|…)". A case-insensitive alternation cannot skip a branch by its first
    letter, so a flat one tries every word at every word start; this one tries one letter per branch."""
    rests_by_first: dict[str, list[str]] = {}
    for word in words:
        rests_by_first.setdefault(word[0], []).append(word[1:])
    return "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in rests_by_first.items())


_WEEKDAY = r"(?P<weekday>" + _alternatives_by_first_letter(sorted(WEEKDAYS, key=len, reverse=True)) + r")\.?"
_MONTH = r"(?P<month>" + _alternatives_by_first_letter(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d{2}))?"
# "Wednesday, May 28", "Wed. May 28, 2025", "Wednesday 28 May", "Wednesday (May 28)". A lookahead for the weekdays'
# first letters turns most positions down in one test, before the word boundary and the names are tried.
_MONTH2 = r"(?P<month2>" + _alternatives_by_first_letter(list(MONTHS)) + r")\.?"
_WEEKDAY_DATE = re.compile(
    rf"(?=[{''.join(sorted(set(day[0] for day in WEEKDAYS)))}])\b{_WEEKDAY},?\s+\(?"
    rf"(?:{_MONTH}\s+{_DAY}|(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?\s+{_MONTH2})\b{_YEAR}",
    re.IGNORECASE,
)
# A date in a file name: 2025-05-28, 2025_05_28, 2025.05.28 or 20250528, not inside a longer token.
_FILENAME_DATE = re.compile(r"(?<![A-Za-z0-9])((?:19|20)\d{2})([-_.]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?![0-9])")
_YEAR_MENTION = re.compile(r"\b(?:in|since|from|of|by|until|before|after)\s+(?:[A-Z][a-z]+\.?\s+)?(?:\d{1,2},?\s+)?((?:19|20)\d{2})\b")
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
}
# "three-year conflict", "10-year war": a duration that, with a start year, points at the present year.
_DURATION = re.compile(
    r"\b(\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")-year(?:-long)?\s+(?:conflict|war|invasion|campaign|"
    r"occupation|siege|crisis|standoff|dispute|battle|fight|struggle)\b",
    re.IGNORECASE,
)
_START_YEAR = re.compile(r"\b(?:began|started|launched|erupted|broke out|since)\b[^.]{0,40}?\b((?:19|20)\d{2})\b", re.IGNORECASE)


# Years mentioned this long before the inferred year make it doubtful: the article may be older.
_STALE_YEARS = 3


@dataclass(frozen=True)
class DateGuess:
    value: date
    confidence: float


def parse_iso_date(value: object) -> date | None:
    """A date from an ISO-8601 style string ("2025-05-28", "2025-05-28T10:00:00Z"); None otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    match = re.match(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})", value)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def date_from_filename(source_key: str) -> date | None:
    """A calendar date written in the file's name, if any."""
    name = source_key.rsplit("/", 1)[-1]
    for match in _FILENAME_DATE.finditer(name):
        try:
            return date(int(match[1]), int(match[3]), int(match[4]))
        except ValueError:
            continue
    return None


def infer_published(text: str, today: date) -> DateGuess | None:
    """The publication date implied by the first weekday-and-date pair in the text; None when the
    text has none that fits a year up to today."""
    for match in _WEEKDAY_DATE.finditer(text):
        guess = _guess_from_match(match, text, today)
        if guess is not None:
            return guess
    return None


def _guess_from_match(match: re.Match[str], text: str, today: date) -> DateGuess | None:
    weekday = WEEKDAYS[match["weekday"].lower()]
    month = MONTHS[(match["month"] or match["month2"]).lower()]
    day = int(match["day"] or match["day2"])
    if match["year"]:
        return _guess_with_year(int(match["year"]), month, day, weekday, today)
    years = _candidate_years(month, day, weekday, today)
    if not years:
        return None
    chosen = years[0]
    confidence = _base_confidence(years) + _agreement(text, chosen.year, today)
    return DateGuess(chosen, round(min(max(confidence, 0.05), 0.95), 2))


def _guess_with_year(year: int, month: int, day: int, weekday: int, today: date) -> DateGuess | None:
    try:
        written = date(year, month, day)
    except ValueError:
        return None
    if written > today:
        return None
    # The text states the full date; a weekday that does not match makes it doubtful.
    return DateGuess(written, 0.9 if written.weekday() == weekday else 0.5)


def _candidate_years(month: int, day: int, weekday: int, today: date, span: int = 40) -> list[date]:
    """Dates on `month`/`day` that fall on `weekday`, latest first, not after today."""
    found = []
    for year in range(today.year, today.year - span, -1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue  # 29 February in a common year
        if candidate <= today and candidate.weekday() == weekday:
            found.append(candidate)
    return found


def _base_confidence(candidates: list[date]) -> float:
    """Sure when the runner-up year is far back, less so when it is close (5 or 6 years)."""
    if len(candidates) < 2:
        return 0.7
    gap = candidates[0].year - candidates[1].year
    return 0.6 if gap <= 6 else 0.7


def _agreement(text: str, year: int, today: date) -> float:
    """Raise confidence when the text's own years fit `year`, lower it when they do not.

    Years after today are plans ("by 2030") and say nothing. A past year later than `year` means no
    candidate fits well; only years long before `year` suggest an older article.
    """
    mentioned = [int(value) for value in _YEAR_MENTION.findall(text) if int(value) <= today.year]
    adjustment = 0.0
    if mentioned and max(mentioned) > year:
        adjustment -= 0.25
    elif mentioned and max(mentioned) < year - _STALE_YEARS:
        adjustment -= 0.1
    elif mentioned:
        adjustment += 0.1
    if _duration_agrees(text, year):
        adjustment += 0.15
    return adjustment


def _duration_agrees(text: str, year: int) -> bool:
    """A "three-year conflict" that "began in February 2022" places the text in 2025 (or late 2024)."""
    starts = [int(value) for value in _START_YEAR.findall(text)]
    for match in _DURATION.finditer(text):
        length = _as_number(match[1])
        if length and any(start + length in (year, year + 1) for start in starts):
            return True
    return False


def _as_number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _NUMBER_WORDS.get(word.lower())
