"""Numbers as news text writes them: digits with separators, scale words and number words.

Shared by the date and quantity extractors: "1,000" → 1000, "4.6 billion" → 4.6e9, "11bn" → 1.1e10,
"twenty-four" → 24, "a hundred" → 100, "a dozen" → 12.
"""

from __future__ import annotations

import re

from flows.extract.alternation import word_alternation

UNITS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALES: dict[str, int] = {
    "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    # South Asian news counts in lakhs (100,000) and crores (10 million): "Rs 500 crore"
    "lakh": 100_000, "lakhs": 100_000, "crore": 10_000_000, "crores": 10_000_000,
}
SCALE_ABBREVIATIONS: dict[str, int] = {
    "k": 1_000, "m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000, "b": 1_000_000_000,
    "tn": 1_000_000_000_000, "trn": 1_000_000_000_000,
}
ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
}
# "a dozen", "half a": words that stand for a number only in front of a noun
ARTICLE_NUMBERS: dict[str, float] = {
    "a": 1, "an": 1, "a single": 1, "a dozen": 12, "dozen": 12, "half": 0.5, "half a": 0.5, "a half": 0.5,
}

_SIMPLE_WORD = r"(?:" + word_alternation([*UNITS, *TENS]) + r")"
_SCALE_WORD = r"(?:" + "|".join(SCALES) + r")"
# "twenty-four", "one hundred and twenty", "two million"; no leading scale word ("hundred" alone is not a count);
# "and" only after a scale word, so "between three and seven" is two numbers. The parts are bounded ("nine hundred and
# ninety-nine thousand nine hundred and ninety-nine" has ten): unbounded, a run of number words ("one two three …")
# made the rules around the pattern backtrack over the whole run from every word, in quadratic time.
MAX_NUMBER_WORD_PARTS = 12
NUMBER_WORDS_PATTERN = (
    rf"(?:{_SIMPLE_WORD}(?:[\s-]+{_SIMPLE_WORD})?"
    rf"(?:[\s-]+{_SCALE_WORD}(?:\s+and(?=\s+{_SIMPLE_WORD}))?|[\s-]+{_SIMPLE_WORD}){{0,{MAX_NUMBER_WORD_PARTS}}})"
)
# 50,000 / 4.6 / 2,000.50 / .5 — a number in digits
# A mixed fraction as wire copy writes it ("10-1/2 pct", "68-5/8") comes first: it is one number.
DIGITS_PATTERN = r"(?:\d{1,4}[- ][1-9]\d?/[1-9]\d?(?![\d/])|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
_MIXED_FRACTION = re.compile(r"(\d{1,4})[- ]([1-9]\d?)/([1-9]\d?)")  # "7-3/4" and "7 3/4"

_DIGITS_RE = re.compile(DIGITS_PATTERN)


def parse_number(text: str) -> float | None:
    """The value of a number written in digits, words or both ("4.6 billion", "fifty thousand"); None if not one."""
    cleaned = text.strip().lower().replace("\u2009", "").replace("\xa0", " ")
    if not cleaned:
        return None
    digits = _DIGITS_RE.match(cleaned)
    if digits:
        value = _digits_value(digits.group(0))
        if value is None:
            return None
        rest = cleaned[digits.end():].strip(" -")  # "2-billion" as in "a $2-billion deal"
        if not rest:
            return value
        multiplier = _scale_of(rest)
        return value * multiplier if multiplier is not None else None
    if cleaned in ARTICLE_NUMBERS:
        return ARTICLE_NUMBERS[cleaned]
    return _parse_words(cleaned)


# Longer runs of digits are no figure a story gives (a float keeps 17 significant digits) and would overflow one
MAX_DIGITS = 40


def _digits_value(digits: str) -> float | None:
    """"1,000" → 1000, "2.5" → 2.5, "10-1/2" → 10.5 (a mixed fraction whose fraction is less than one)."""
    if len(digits) > MAX_DIGITS:
        return None
    fraction = _MIXED_FRACTION.fullmatch(digits) if "/" in digits else None  # a fraction is written with a slash
    if fraction:
        whole, numerator, denominator = (int(part) for part in fraction.groups())
        return whole + numerator / denominator if numerator < denominator else None
    return float(digits.replace(",", ""))


def _scale_of(words: str) -> float | None:
    """The multiplier of trailing scale words: "billion" → 1e9, "hundred thousand" → 1e5."""
    multiplier = 1.0
    for word in re.split(r"[\s-]+", words):
        if word in SCALES:
            multiplier *= SCALES[word]
        elif word in SCALE_ABBREVIATIONS:
            multiplier *= SCALE_ABBREVIATIONS[word]
        else:
            return None
    return multiplier


def _parse_words(words: str) -> float | None:
    """English number words to a value, the usual way: groups below a thousand times their scale."""
    total = 0.0
    group = 0.0
    seen = False
    for word in re.split(r"[\s-]+", words):
        if word == "and" and seen:
            continue
        if word in UNITS:
            group += UNITS[word]
        elif word in TENS:
            group += TENS[word]
        elif word == "hundred":
            group = (group or 1) * 100
        elif word in SCALES:
            total += (group or 1) * SCALES[word]
            group = 0
        elif word in ("a", "an") and not seen:
            group = 1
            continue
        else:
            return None
        seen = True
    return total + group if seen else None
