"""Word lists as regular-expression alternations that a scan tries quickly, with the matches of the plain one."""

from __future__ import annotations

import re
from collections.abc import Iterable


def word_alternation(words: Iterable[str], ignore_case: bool = False, gap: str | None = None) -> str:
    """The words as one alternation, the longest first ("pay rise" before "pay"), grouped by first letter:
    "a(?:ccord|greement)|b(?:id)". A scan then tries at each position only the words that start with its letter,
    not every word, and finds what "accord|agreement|bid" finds: each group keeps its words in order, and no text
    character matches two groups' letters. That holds for distinct ASCII letters, also in a case-blind pattern,
    unless two differ in case only: with `ignore_case` (the pattern is case-blind) the groups go by the lowercase
    letter. Words that start with another character keep the plain alternation. `gap` is what a space between
    two words of one entry stands for (a pattern for white space), if not a space."""
    def written(part: str) -> str:
        return gap.join(re.escape(piece) for piece in part.split(" ")) if gap else re.escape(part)

    ordered = sorted(words, key=len, reverse=True)
    firsts = [word[:1].lower() if ignore_case else word[:1] for word in ordered]
    if not all(first.isascii() and first.strip() for first in firsts) or len({f.lower() for f in firsts}) < len(
            set(firsts)):
        return "|".join(written(word) for word in ordered)
    groups: dict[str, list[str]] = {}
    for first, word in zip(firsts, ordered):
        groups.setdefault(first, []).append(written(word[1:]))
    return "|".join(f"{re.escape(first)}(?:{'|'.join(rests)})" for first, rests in groups.items())
