"""Scans that read only where a pattern can match, with the matches a scan of the whole text finds.

A costly pattern whose every match holds a trigger (a month name, a unit word, a digit) and none of a set of break
characters (punctuation it neither matches nor reads past in a lookahead) can only match inside a stretch between
two breaks that holds a trigger. Scanning those stretches alone, each from its start, finds the whole scan's
matches: the whole scan enters each stretch with no match open, since none spans a break. The scan of a stretch
ends just past its closing break, so lookaheads and word boundaries see the character they would see.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field

# the only characters a case-blind pattern takes for an ASCII letter that str.lower() leaves as they are
_FOLD_FURTHER = (("ı", "i"), ("ſ", "s"))


@dataclass(frozen=True)
class Where:
    """Where a pattern can match: every match holds a match of `triggers` (in the text as written when `cased`,
    else in its case-folded form) and no match of `breaks`, which no lookahead reads past either."""

    triggers: re.Pattern[str]
    breaks: re.Pattern[str]
    cased: bool = False
    # When set, `triggers` opens on the character before what every match holds (a character class, which a search
    # skips to, where a lookbehind is tried at every character): each search then starts on the closing break of the
    # stretch before, and `opening` finds what `triggers` cannot at the text's start, which has no character before.
    opening: re.Pattern[str] | None = None
    # When set, every match of `triggers` lies in a stretch of `within`, a wider Where with the same breaks and case
    # that other scans of the text read anyway: `triggers` is then searched for in those stretches alone.
    within: Where | None = None
    # a scan looks its Where up in the text's memo: the hash, which reads the compiled patterns, is taken once
    _hash: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hash", hash((self.triggers, self.breaks, self.cased, self.opening, self.within)))

    def __hash__(self) -> int:
        return self._hash


def text_memo(text: str, lowered: str) -> dict[object, object]:
    """A fresh memo for the scans of `text` (see `scan`), its folded form made from `lowered`, text.lower(), which
    a caller that has lowercased the text anyway need not have made twice."""
    return {"folded": case_folded(text, lowered)}


def case_folded(text: str, lowered: str | None = None) -> str | None:
    """`text` lowercased as a case-blind pattern reads it, letter for letter; None when lowercasing changes its
    length ("İ" becomes two characters), so that offsets in one are no longer offsets in the other. `lowered`,
    when given, is text.lower()."""
    if lowered is None:
        lowered = text.lower()
    if len(lowered) != len(text):
        return None
    # str.replace, which skips through the text to each character, rather than str.translate, which looks every
    # character of a text that is not all ASCII up in its table: a tenth of the cost of a recent article's folding
    for character, letter in _FOLD_FURTHER:
        lowered = lowered.replace(character, letter)
    return lowered


def scan(pattern: re.Pattern[str], text: str, where: Where | None, memo: dict[object, object]
         ) -> Iterator[re.Match[str]]:
    """pattern.finditer(text), reading only the stretches `where` allows. `memo` holds what one text's scans share
    (the folded text, the breaks, the stretches): a fresh dict for each text."""
    if where is None:
        return pattern.finditer(text)
    if "folded" not in memo:
        memo["folded"] = case_folded(text)
    if (text if where.cased else memo["folded"]) is None:
        return pattern.finditer(text)
    found = _stretches_of(where, text, memo)
    return (match for start, end in found for match in pattern.finditer(text, start, end))


def _stretches_of(where: Where, text: str, memo: dict[object, object]) -> list[tuple[int, int]]:
    """The runs of stretches `where` allows in `text` (see `stretches`), worked out once per text."""
    found = memo.get(where)
    if found is not None:
        return found
    source = text if where.cased else memo["folded"]
    if where.within is not None:
        search = where.triggers.search
        found = [(start, end) for start, end in _stretches_of(where.within, text, memo) if search(source, start, end)]
    else:
        first = (where.opening and where.opening.match(source)) or where.triggers.search(source)
        if first is None:  # most rules find no trigger in most texts: then the breaks need not be listed
            found = []
        else:
            breaks = memo.get(where.breaks)
            if breaks is None:
                breaks = memo[where.breaks] = [match.start() for match in where.breaks.finditer(text)]
            found = stretches(source, where, breaks, first)
    memo[where] = found
    return found


def stretches(source: str, where: Where, breaks: list[int], first: re.Match[str]) -> list[tuple[int, int]]:
    """(start, end just past the closing break) of each run of stretches between `breaks` where `where.triggers`
    finds something: once a trigger is found, the search goes on past its stretch's break (no trigger holds a
    break), or from the break itself when a trigger opens on the character before; a stretch that follows the last
    one found directly extends it (no match crosses the break between them). `first` is the first trigger in
    `source`."""
    back = 1 if where.opening is not None else 0
    found: list[tuple[int, int]] = []
    hit: re.Match[str] | None = first
    while hit is not None:
        # a trigger that opens on a break marks the stretch after it
        after = bisect_right(breaks, hit.start())
        start = breaks[after - 1] + 1 if after else 0
        position = breaks[after] + 1 if after < len(breaks) else len(source)
        if found and found[-1][1] == start:
            found[-1] = (found[-1][0], position)
        else:
            found.append((start, position))
        hit = where.triggers.search(source, position - back) if position < len(source) else None
    return found
