"""Word tokens and sentence spans computed straight from the text, so extraction does not hang on parser quality."""

from __future__ import annotations

import re
from functools import wraps
from itertools import accumulate
from operator import sub
from typing import Callable, NamedTuple, TypeVar

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


class _TokenFields(NamedTuple):  # only for its fields' readers, which a Token borrows
    start: int
    end: int
    text: str


class Token(tuple[int, int, str]):
    """A word or mark of the text, immutable: Token((start, end, text)). A tuple, not a dataclass: an article makes
    a few thousand, and a tuple is made in a third of the time. Its fields are read by a named tuple's readers, but
    it keeps the tuple's own constructor: a named tuple's is a Python function, called for every token, where this
    one takes the (start, end, text) tuples the tokenizer zips together in C."""

    __slots__ = ()
    start = _TokenFields.start
    end = _TokenFields.end
    text = _TokenFields.text

    def __repr__(self) -> str:
        return f"Token(start={self.start}, end={self.end}, text={self.text!r})"

    @property
    def is_capitalised(self) -> bool:
        return self.text[:1].isupper()


class Tokenized(NamedTuple):
    """An article's tokens with their texts and start offsets, in text order: columns the tokenizer has at hand, where
    a caller would read every token again to get them. Tuples: the extractors share them, and none can change them."""

    tokens: tuple[Token, ...]
    texts: tuple[str, ...]
    starts: tuple[int, ...]


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The word tokens of text[start:end], a list of the caller's own."""
    return list(_tokens(text, start, len(text) if end is None else end)[0])


Result = TypeVar("Result")


def _of_the_last_text(function: Callable[[str], Result]) -> Callable[[str], Result]:
    """`function` of a text, kept for the last text it was asked for: the entity and quote extractors both ask for
    each article's tokens and sentences, the second gets the first one's. The text is known again by identity, as
    both are given the one string: a cache keyed by its value hashes it, a pass over all its characters."""
    # One (text, result) pair, read once into a local and replaced whole: a thread never pairs its text with the
    # result another thread just kept for another text.
    last: list[tuple[str, Result] | None] = [None]

    @wraps(function)
    def of_text(text: str) -> Result:
        kept = last[0]
        if kept is None or kept[0] is not text:
            kept = (text, function(text))
            last[0] = kept
        return kept[1]

    return of_text


@_of_the_last_text
def tokenize_article(text: str) -> Tokenized:
    """The tokens of the whole text, with their texts and starts."""
    return Tokenized(*_tokens(text, 0, len(text)))


# Every character that is not white space opens a token, so what lies between two tokens is white space alone:
# matched with the white space before it, each token ends where the lengths of the matches before it add up to.
# (That white space is taken whole: no token opens with white space.)
_SPACED_TOKEN = re.compile(rf"\s*+(?:{_TOKEN.pattern})")


def _tokens(text: str, start: int, stop: int) -> tuple[tuple[Token, ...], tuple[str, ...], tuple[int, ...]]:
    # findall makes no match object per token and the offsets are summed in C: cheaper than finditer, and all it
    # makes are strings and numbers, which give the cycle collector nothing to count or visit
    # white space after the last token would be read again from each of its characters: one is kept, all the
    # lookaheads need
    stop = min(stop, start + len(text[start:stop].rstrip()) + 1)
    spaced = _SPACED_TOKEN.findall(text, start, stop)
    texts = tuple(map(str.lstrip, spaced))
    ends = list(accumulate(map(len, spaced), initial=start))[1:]
    starts = tuple(map(sub, ends, map(len, texts)))
    return tuple(map(Token, zip(starts, ends, texts))), texts, starts


# The repeats are bounded: unbounded, a long run of dots with no capital after it was rescanned from every dot.
# The pattern opens with the one class of characters a boundary starts with, and the lookbehinds tell the two kinds
# apart: a search then skips straight to those characters, where one that opens with two alternatives is tried at
# every character of the text.
_BOUNDARY_AFTER_ITS_FIRST = r"(?:(?<=\n)\n*|(?<=[.!?…])[.!?…]{0,19}[\"”’')\]]{0,20}(?=\s+[\"“‘'(\[]?[A-Z0-9]))"
_BOUNDARY = re.compile(rf"[.!?…\n]{_BOUNDARY_AFTER_ITS_FIRST}")
# The same in a text without an ellipsis, where it finds the same boundaries: the search tests every character against
# the first class, and a class of Latin-1 characters alone is a bitmap of 256, quicker to test than the larger table a
# class holding "…" is (splitting 200 recent articles: 210 M instructions before, 201 M after)
_BOUNDARY_WITHOUT_ELLIPSIS = re.compile(rf"[.!?\n]{_BOUNDARY_AFTER_ITS_FIRST}")


def split_sentences(text: str) -> list[Span]:
    """Sentences as spans (stripped of surrounding white space); every newline ends a sentence. A list of the
    caller's own."""
    return list(_sentences(text))


@_of_the_last_text
def _sentences(text: str) -> tuple[Span, ...]:
    boundary = _BOUNDARY if "…" in text else _BOUNDARY_WITHOUT_ELLIPSIS
    ends = [match.end() for match in boundary.finditer(text)
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
