"""Find numbers with their units and what they count."""

from __future__ import annotations

import re

from flows.records import Quantity, Span

_APPROX = {"approximately": "~", "about": "~", "over": ">", "more than": ">", "at least": ">="}
_NUMBER = re.compile(r"\b(?:(approximately|about|over|more than|at least)\s+)?(\d[\d,]*(?:\.\d+)?)(%|\s+[a-z]+)")


def find_quantities(text: str, sentences: list[Span] | None = None) -> list[Quantity]:
    found: list[Quantity] = []
    for match in _NUMBER.finditer(text):
        digits = match[2].replace(",", "")
        if len(digits) == 4 and "," not in match[2]:
            continue  # a year
        unit = "percent" if match[3] == "%" else match[3].strip()
        found.append(Quantity(match.start(), match.end(), match[0], float(digits), unit, _APPROX.get(match[1] or "", "=")))
    return found
