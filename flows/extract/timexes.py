"""Find dates and durations and resolve them against the publication date."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from flows.records import Span, Timex

_MONTHS = {name: number for number, name in enumerate(calendar.month_name) if name}
_MONTH_DAY = re.compile(r"\b(%s)\s+(\d{1,2})\b" % "|".join(_MONTHS))
_MONTH_YEAR = re.compile(r"\b(%s)\s+(\d{4})\b" % "|".join(_MONTHS))
_NEXT_WEEKDAY = re.compile(r"\bnext\s+(%s)\b" % "|".join(calendar.day_name))


def find_timexes(text: str, anchor: date | None, sentences: list[Span] | None = None) -> list[Timex]:
    found: list[Timex] = []
    for match in _MONTH_YEAR.finditer(text):
        found.append(Timex(match.start(), match.end(), match[0], "DATE", f"{match[2]}-{_MONTHS[match[1]]:02d}"))
    for match in _MONTH_DAY.finditer(text):
        year = f"{anchor.year:04d}" if anchor else "XXXX"
        found.append(Timex(match.start(), match.end(), match[0], "DATE", f"{year}-{_MONTHS[match[1]]:02d}-{int(match[2]):02d}"))
    for match in _NEXT_WEEKDAY.finditer(text):
        if anchor:
            weekday = list(calendar.day_name).index(match[1])
            days = (weekday - anchor.weekday()) % 7 or 7
            found.append(Timex(match.start(), match.end(), match[0], "DATE", (anchor + timedelta(days=days)).isoformat()))
    return sorted(found, key=lambda timex: timex.start)
