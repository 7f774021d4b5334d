"""Word tokens and sentence spans computed straight from the text, so extraction does not hang on parser quality."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import accumulate, repeat
from operator import sub
from typing import NamedTuple

from flows.extract.alternation import word_alternation
from flows.records import Span

# Abbreviations whose period does not end a sentence (checked without the period, lower case).
ABBREVIATIONS = frozenset(
    "mr mrs ms dr sen rep gov gen lt col sgt st jr sr rev prof pres sec adm capt maj atty cmdr gov "
    "no vs etc inc corp co ltd jan feb mar apr jun jul aug sep sept oct nov dec".split()
)

# Titles whose period is part of the token when white space follows ("Mr.", "Gov.").
_TITLE_ABBREVIATIONS = "Mr Mrs Ms Dr Sen Rep Gov Gen Lt Col Sgt St Jr Sr Rev Prof Adm Capt Maj".split()
# Each alternative opens with a single character (or a class of them) where it can, which a scan checks before
# trying the rest, and the titles go by first letter; the repeats at a word's end are possessive, as nothing after
# them could make them give a character back.
_TOKEN = re.compile(
    # Most tokens are plain words and marks: the first two alternatives take them at once, where the later ones
    # would try every alternative before them first. They match only what those would: a word of ASCII letters, in
    # lower case after its first, with no period, hyphen, apostrophe or other word character after it, is neither
    # an initial, a title nor a number, and no mark of the list opens any alternative but the last.
    r"[A-Za-z][a-z]*+(?![-–'’.\w])"
    r'|[,.;:()"“”]'
    r"|[A-Za-z]\.(?:[A-Za-z]\.)+"  # U.S., U.N., D.C.
    rf"|(?:{word_alternation(_TITLE_ABBREVIATIONS)})\.(?=\s)"
    r"|[A-Z]\.(?=\s+[A-Z])"  # a middle initial: "Michael C. Cernech"
    r"|['’]s\b"  # possessive ending, its own token
    r"|\d(?:[\d,.]*\d)?"
    r"|\w+(?:[-–]\w+)*+(?:['’](?!s\b)\w+)*+"
    r"|[^\w\s]",
)


class Token(NamedTuple):
    """A word or mark of the text, immutable. A named tuple, not a dataclass: an article makes a few hundred, and
    a tuple is made in a third of the time."""

    start: int
    end: int
    text: str

    @property
    def is_capitalised(self) -> bool:
        return self.text[:1].isupper()


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The word tokens of text[start:end], a list of the caller's own."""
    return list(_tokens(text, start, len(text) if end is None else end)[0])


def tokenize_with_texts(text: str) -> tuple[list[Token], tuple[str, ...]]:
    """The word tokens of the text, a list of the caller's own, and their texts in order: the tokenizer has them at
    hand, where a caller would read every token again to get them."""
    tokens, texts = _tokens(text, 0, len(text))
    return list(tokens), texts


# Every character that is not white space opens a token, so what lies between two tokens is white space alone:
# matched with the white space before it, each token ends where the lengths of the matches before it add up to.
# (That white space is taken whole: no token opens with white space.)
_SPACED_TOKEN = re.compile(rf"\s*+(?:{_TOKEN.pattern})")
# tuple.__new__ makes a Token without the Python-level call of Token(...): a fifth of tokenizing is making them
_new_tuple = tuple.__new__


@lru_cache(maxsize=2)
def _tokens(text: str, start: int, stop: int) -> tuple[tuple[Token, ...], tuple[str, ...]]:
    # The entity and quote extractors both tokenize each article: the second gets the first one's tokens.
    # findall makes no match object per token and the offsets are summed in C: cheaper than finditer, and all it
    # makes are strings and numbers, which give the cycle collector nothing to count or visit
    # white space after the last token would be read again from each of its characters: one is kept, all the
    # lookaheads need
    stop = min(stop, start + len(text[start:stop].rstrip()) + 1)
    spaced = _SPACED_TOKEN.findall(text, start, stop)
    texts = tuple(map(str.lstrip, spaced))
    ends = list(accumulate(map(len, spaced), initial=start))[1:]
    starts = map(sub, ends, map(len, texts))
    return tuple(map(_new_tuple, repeat(Token), zip(starts, ends, texts))), texts


# The repeats are bounded: unbounded, a long run of dots with no capital after it was rescanned from every dot.
# The pattern opens with the one class of characters a boundary starts with, and the lookbehinds tell the two kinds
# apart: a search then skips straight to those characters, where one that opens with two alternatives is tried at
# every character of the text.
_BOUNDARY = re.compile(r"[.!?…\n](?:(?<=\n)\n*|(?<=[.!?…])[.!?…]{0,19}[\"”’')\]]{0,20}(?=\s+[\"“‘'(\[]?[A-Z0-9]))")


def split_sentences(text: str) -> list[Span]:
    """Sentences as spans (stripped of surrounding white space); every newline ends a sentence. A list of the
    caller's own."""
    return list(_sentences(text))


@lru_cache(maxsize=2)
def _sentences(text: str) -> tuple[Span, ...]:
    # the entity and quote extractors both split each article: the second gets the first one's sentences
    ends = [match.end() for match in _BOUNDARY.finditer(text)
            if text[match.start()] != "." or not ends_with_abbreviation(text, match.start())]
    ends.append(len(text))
    spans: list[Span] = []
    # each sentence stripped of the white space around it, in the loop itself: a call for each would cost more
    for begin, end in zip([0, *ends], ends):
        chunk = text[begin:end]
        left = len(chunk) - len(chunk.lstrip())
        right = len(chunk.rstrip())
        if right > left:
            spans.append(Span(begin + left, begin + right))
    return tuple(spans)


_WORD_BEFORE_PERIOD = re.compile(r"([A-Za-z.]+)$")
# the letters before a period that no abbreviation can end with: one more than the longest has
_PAST_ABBREVIATION = max(map(len, ABBREVIATIONS)) + 1


def ends_with_abbreviation(text: str, period: int) -> bool:
    """Whether the period at `period` closes an abbreviation ("Mr.", "U.S.", a middle initial) rather than a sentence."""
    window_start = max(0, period - 12)
    # most periods close a word longer than any abbreviation, with no period before it in the window: the word read
    # below would have more letters than any abbreviation and no period inside. Told by a look at the characters,
    # without the search (a search tries every place of the window where a letter stands)
    last_letters = text[period - _PAST_ABBREVIATION : period] if period >= _PAST_ABBREVIATION else ""
    if last_letters.isalpha() and last_letters.isascii() and text.find(".", window_start, period) < 0:
        return False
    word = _WORD_BEFORE_PERIOD.search(text, window_start, period)  # no copy of the twelve characters
    if not word:
        return False
    letters = word.group(1)
    # "U.S." may end a sentence, but far more often it stands before a capitalised name ("U.S. President")
    dotted = "." in letters.strip(".")
    return dotted or letters.lower().rstrip(".") in ABBREVIATIONS or (len(letters) == 1 and letters.isupper())
