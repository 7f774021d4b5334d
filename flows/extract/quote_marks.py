"""Quoted stretches of text found from the quote marks themselves: straight, curly and single marks, with
apostrophes inside words ("I’m", "Russia's") told apart from closing single quotes."""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENING_PUNCTUATION = "([{—–-/"
_SPACE = re.compile(r"\s*")
# The only characters the scan acts on; it jumps from one to the next rather than stepping through every character.
# A run of line breaks is one break (the ones after the first find no quote open), and an apostrophe with a letter or
# digit on each side ("I’m", "Russia's") neither opens nor closes a quote: the scan steps over them. The pattern opens
# with one class of characters, which a search skips to; the lookarounds after it tell the kinds apart.
_MARK_OR_BREAK = re.compile("[\n\"“”‘’'`](?:(?<=\n)\n*|(?<![^\\W_]['’])|(?![^\\W_]))")


@dataclass(frozen=True)
class QuotedStretch:
    start: int  # first character of the content
    end: int  # end of the content (the closing mark's position)
    closed_by_mark: bool  # False when a paragraph ended first and the next paragraph reopens the quote
    opening: int  # where the opening mark begins
    closing_end: int  # just past the closing mark (= end when a paragraph end closed the quote)


def find_quoted_stretches(text: str) -> list[QuotedStretch]:
    """Outermost quoted stretches, marks excluded. A quote left open at a paragraph end is closed there when the next
    paragraph opens a quote again (the news convention for speech running over paragraphs); otherwise it is dropped."""
    stretches: list[QuotedStretch] = []
    open_double: int | None = None
    open_single: int | None = None
    open_double_mark = 0
    nested_curly = False  # a curly quote open inside a quote that opened with a straight mark
    index = -1
    while (mark := _MARK_OR_BREAK.search(text, index + 1)) is not None:
        index = mark.start()
        char = text[index]
        if char == "\n":
            if open_double is not None and _paragraph_reopens_quote(text, index):
                end = _strip_end(text, index)
                stretches.append(QuotedStretch(open_double, end, False, open_double_mark, end))
            open_double = open_single = None
            nested_curly = False
            index = mark.end() - 1
            continue
        width = 1
        if text.startswith("''", index) or text.startswith("``", index):
            char, width = '"', 2  # typewriter double quote, as some wire copy writes it
        previous = text[index - 1] if index else " "
        following = text[index + width] if index + width < len(text) else " "
        if char in "“\"" and open_double is None and _can_open(previous, following, char):
            open_double, open_single = index + width, None
            open_double_mark = index
            nested_curly = False
            index += width - 1
        elif char == "“" and open_double is not None and text[open_double_mark] != "“" and previous.isspace():
            nested_curly = True  # a title in curly marks inside a straight-quoted paragraph: "… of “Shark Tank.” But …
        elif char == "”" and nested_curly:
            nested_curly = False
        elif (
            char in "”\"“" and open_double is not None and not following.isalnum()
            and not (char == "“" and previous.isspace())
        ):
            # a closing “ is a typo news copy makes often enough: '“It's unusual,“ said …'
            stretches.append(QuotedStretch(open_double, index, True, open_double_mark, index + width))
            open_double = None
            index += width - 1
        elif open_double is not None:
            continue  # single marks inside a double quote are nested quotes or apostrophes
        elif char in "‘'" and open_single is None and _can_open(previous, following, char):
            open_single = index + 1
        elif char in "’'" and open_single is not None and _closes_single(previous, following):
            stretches.append(QuotedStretch(open_single, index, True, open_single - 1, index + 1))
            open_single = None
    return [stretch for stretch in stretches if stretch.end > stretch.start]


def _can_open(previous: str, following: str, mark: str) -> bool:
    if following.isspace():
        return False
    if mark in "“‘":
        return not previous.isalnum()
    if mark == '"' and previous in ",:":
        return True  # 'saying,"I love …' in copy that lost its spaces: a closing mark would be followed by a space
    return previous.isspace() or previous in OPENING_PUNCTUATION or previous in "“‘\"'"


def _closes_single(previous: str, following: str) -> bool:
    # "don’t" has letters on both sides; "voters’ " after an s is a plural possessive only if no quote is open,
    # and the caller only asks while a single quote is open
    return not previous.isspace() and not following.isalnum()


def _paragraph_reopens_quote(text: str, newline: int) -> bool:
    following = _SPACE.match(text, newline).end()  # no copy of the rest of the text per newline
    return text[following : following + 1] in "“\"‘'"


def _strip_end(text: str, end: int) -> int:
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end
