"""Quantities: numbers in digits or words, with the unit they count, how exact they are, and what they measure.

"over 50,000 troops" → 50000 troops ">"; "approximately 20% of Ukrainian territory" → 20 percent "~", concept
"Ukrainian territory"; "tens of thousands of casualties" → 10000 casualties ">="; "$4.6 billion" → 4.6e9 USD;
"Rs 250 crore" → 2.5e9 INR; "two-thirds of voters" → 0.667, concept "voters"; "a 45-year-old man" → 45 years;
"a 180-seat jet" → 180 seats.
Years, dates, clock times and ordinals are not quantities: numbers inside a DATE, TIME or SET expression are left
out, durations ("within two weeks") are kept.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from flows.extract.alternation import word_alternation
from flows.extract.gazetteer import read_rows
from flows.extract.number_words import DIGITS_PATTERN, NUMBER_WORDS_PATTERN, SCALES, TENS, UNITS, parse_number
from flows.extract.stretches import Where, scan
from flows.extract.timexes import IRREGULAR_PAST_VERBS, find_timexes
from flows.extract.units import case_variants, currency_code, currency_signs, normalise_unit
from flows.records import Quantity, Span, Timex

# the approx marker each modifier stands for, longest first so "no more than" wins over "more than"
APPROX_MARKERS: dict[str, str] = {
    "approximately": "~", "about": "~", "around": "~", "nearly": "~", "almost": "~", "some": "~", "roughly": "~",
    "an estimated": "~", "estimated": "~", "close to": "~", "approx.": "~", "circa": "~", "as many as": "<=",
    "over": ">", "more than": ">", "above": ">", "upwards of": ">", "in excess of": ">", "just over": ">",
    "under": "<", "fewer than": "<", "less than": "<", "below": "<", "just under": "<",
    "all": "=", "at least": ">=", "no fewer than": ">=", "no less than": ">=", "a minimum of": ">=",
    "at most": "<=", "up to": "<=", "within": "<=", "no more than": "<=", "as much as": "<=", "a maximum of": "<=",
}
# "tens of thousands" is at least ten thousand: these phrases give a lower bound
VAGUE_SCALES: dict[str, float] = {
    "tens of thousands": 10_000, "hundreds of thousands": 100_000, "tens of millions": 10_000_000,
    "hundreds of millions": 100_000_000, "tens of billions": 10_000_000_000, "hundreds of billions": 1e11,
    "thousands": 1_000, "millions": 1_000_000, "billions": 1_000_000_000, "hundreds": 100, "dozens": 12,
    "scores": 20, "a score": 20,
}
DURATION_UNITS = ("year", "month", "week", "day", "hour", "minute", "decade", "century")
# words that end a noun phrase: the unit or concept reading stops at them
STOP_WORDS = frozenset("""
the a an of to in on at by for with from and or but nor is are was were be been being has have had will would can could
should may might must shall that which who whom whose as than per this these those its their his her it they them we
our you your including over under into across near since after before during while against about each said says
more most less least such also only just still even so very not no there here when where if then because all any
some both either neither other another same own up down out off along amid amidst among between through toward
towards upon via according plus minus respectively
""".split())
INDEX_NAMES = frozenset({"S&P", "FTSE", "DAX", "CAC", "DJIA", "Nikkei", "Nasdaq"})
# count words that are not measures in themselves: "one of them", "the two"
PRONOUN_LIKE = frozenset({"one"})


def _trie(words: list[str], whole_words: bool = True, case_blind: bool = False) -> str:
    """`words` as an alternation of one branch per first character with the rest of its words below it, the longer
    words first: the engine tests a branch's first character before entering it, so a word of the text is given up
    after as many entered branches as the letters it shares with a listed word, however many words open with them.
    With `case_blind` a letter is a class of its case variants (a case-blind pattern enters every branch that opens
    with a case-blind letter); without `whole_words` the words are openings, a space stands for any white space, and
    one that ends makes the longer ones beside it needless. A whole word that is the only one left is written out
    (the engine tests nothing before entering it; the case-blind classes made the pattern slow to compile)."""
    if whole_words and len(words) == 1:
        return f"(?i:{re.escape(words[0])})" if case_blind and words[0] else re.escape(words[0])
    rests: dict[str, list[str]] = {}
    for word in words:
        rests.setdefault(word[:1], []).append(word[1:])
    ends = rests.pop("", None) is not None
    if ends and not whole_words:
        return ""
    branches = []
    for first, rest in rests.items():
        below = _trie(rest, whole_words, case_blind)
        if case_blind and first.isalpha():
            opening = f"[{case_variants(first)}]"
        else:
            opening = r"\s" if first == " " and not whole_words else re.escape(first)
        branches.append(opening + (f"(?:{below})" if below else ""))
    alternation = "|".join(branches)
    return f"(?:{alternation})?" if ends and alternation else alternation


# The word lists a quantity's pattern tries at each number or word it may open with, as tries (see _trie)
_MODIFIER = _trie(sorted(APPROX_MARKERS, key=len, reverse=True), case_blind=True)
# signs and codes from data/currency_signs.tsv, longest first ("US$" before "$"), then any other "XX$" dollar
_SIGNS = sorted(currency_signs(), key=len, reverse=True)
# the first character of every sign, checked before the long list of signs is tried (the scan is not slowed)
_SIGN_SYMBOLS = "".join(sorted({re.escape(sign[0]) for sign in _SIGNS if not "A" <= sign[0] <= "Z"}))
_SIGN_START = "A-Z" + _SIGN_SYMBOLS
_CURRENCY_BEFORE = (rf"(?<![A-Za-z])(?=[{_SIGN_START}])(?:" + "|".join(re.escape(sign) for sign in _SIGNS)
                    + r"|[A-Z]{1,2}\$)")
_CURRENCY_AFTER = r"(?:(?:US\s)?dollars?|euros?|pounds sterling|yen|rubles|roubles|hryvnias|yuan|USD|EUR|GBP)"
_SCALE_WORDS = ("hundred", "thousand", "million", "billion", "trillion", "lakhs", "lakh", "crores", "crore", "bn", "mn",
                "trn", "tn", "m", "k", "b")
_SCALE = rf"(?:{'|'.join(_SCALE_WORDS)})"
# measure words that belong to the quantity's own text ("37.75 points", "30GB", "twenty tonnes"), as a trie: every
# bare number tries them after it, most often before a word that opens as several of them do ("mln", "pct")
_MEASURE_WORDS = [
    "percentage points", "percentage point", "points", "point", "cents", "cent", "GB", "MB", "TB", "GHz", "MHz", "Mbps",
    "kg", "km", "mm", "cm", "mph", "kph", "kWh", "MWh", "GWh", "TWh", "kW", "MW", "GW", "lb-ft", "ft", "lbs", "lb",
    "mAh", "mg", "ml", "g", "inches", "inch", "tonnes", "tonne", "tons", "ton", "miles", "mile", "kilometers",
    "kilometer", "kilometres", "kilometre", "meters", "meter", "metres", "metre", "feet", "barrels", "barrel", "mark",
]
_MEASURE = f"(?:{_trie(_MEASURE_WORDS)})"
_VAGUE = _trie(sorted(VAGUE_SCALES, key=len, reverse=True), case_blind=True)


FRACTIONS = {word: int(denominator) for word, denominator, _ in read_rows("fractions.tsv")}


_FRACTION_WORD = word_alternation(FRACTIONS, ignore_case=True)
_FRACTION_APART = word_alternation([word for word, _, apart in read_rows("fractions.tsv") if apart == "yes"],
                                   ignore_case=True)
_FRACTION_SINGULAR = word_alternation([word for word in FRACTIONS if not word.endswith("s") and word != "half"],
                                      ignore_case=True)
# what a share is a share of follows it: "two-thirds of voters", "half the workforce"
_SHARE_FOLLOWS = r"(?=\s+(?:of|the|its|their)\b)"

def _first_letters(words: list[str] | dict[str, object]) -> str:
    """The characters of a class that a case-blind alternation of `words` can open with."""
    return "".join(case_variants(letter) for letter in sorted({word[0].lower() for word in words}))


def _word_openings(words: list[str], length: int = 3) -> list[str]:
    """The first `length` characters of each word in lower case, cut after a space within them."""
    openings = {word.lower()[:length] for word in words}
    return sorted({opening[:opening.index(" ") + 1] if " " in opening else opening for opening in openings})


# A case-blind letter is no class the regular-expression engine can test an alternative by before entering it, so
# at every word's start a scan would enter each alternative and each group of words in turn: the characters a
# quantity can open with (up to three of a word) are tested first, and each way it can open by its first character.
_MODIFIER_OPENS = _first_letters(APPROX_MARKERS)
_VAGUE_OPENS = _first_letters(VAGUE_SCALES)
_NUMBER_WORD_OPENS = _first_letters([*UNITS, *TENS])
# a scale word, a currency name after the number (as _CURRENCY_AFTER opens), "percent" and "minus" within a quantity,
# case-blind: the letters they open with are tested first, for the same reason
_A_SCALE = rf"(?=[{_first_letters(_SCALE_WORDS)}])(?:{_trie(list(_SCALE_WORDS), case_blind=True)})"
_A_CURRENCY_AFTER = rf"(?=[{_first_letters(list('udeyrhpg'))}])(?i:{_CURRENCY_AFTER})"
_NUMBER_OPENS = rf"{_SIGN_START}{_first_letters([*UNITS, *TENS, 'a', 'half', 'minus'])}\d.\-−"
# a digit, or a decimal point or minus sign before one; a currency sign ("[A-Z]{1,2}$" and most signs open with two
# capitals or a capital and "$"); a modifier, a vague scale, "minus", a number word, "a hundred", "half"
_OPENING = "|".join([
    r"\d|[.\-−]\d", f"[{_SIGN_SYMBOLS}]", "[A-Z][A-Z$]",
    *sorted({re.escape(sign[:2]) for sign in _SIGNS if re.fullmatch("[A-Z][^A-Z$]", sign[:2])}),
    _trie(_word_openings([*APPROX_MARKERS, *VAGUE_SCALES, "minus", *UNITS, *TENS, "a ", "one", "half"]),
          whole_words=False, case_blind=True),
])
# No quantity starts right after an ASCII letter (each way one can start says so in its own terms): the leading
# test says it once, so that a scan fails inside a word at once instead of trying every way in turn.
_QUANTITY = re.compile(
    rf"(?<![A-Za-z])(?={_OPENING})"
    rf"(?:(?=[{_MODIFIER_OPENS}])(?P<mod>\b(?:{_MODIFIER}))\s+)?"
    rf"(?:(?=[{_VAGUE_OPENS}])(?P<vague>\b(?:{_VAGUE}))\s+of\b"
    # "1,000-for-1,000" only where "-for-" follows the digits (in a number's characters, read once): every number
    # tried it, and went through each way of reading its digits, before it was read as a number
    rf"|(?=\d)(?P<pair>(?<![\w.,])(?=[\d.,]*+(?:[- ][1-9]\d?/[1-9]\d?)?-for-)"
    rf"(?P<pair_a>{DIGITS_PATTERN})-for-(?P<pair_b>{DIGITS_PATTERN}))"
    rf"|(?=[{_NUMBER_OPENS}])(?:(?P<cur>{_CURRENCY_BEFORE})\s?)?(?:(?=[mM])(?P<minus>\b(?i:minus)\s+)(?=\d))?"
    rf"(?P<number>(?:(?<![\w.,/:)%-])[-−](?=\d)|(?<![\w.,/:])(?<!(?<![\d%])-)){DIGITS_PATTERN}"
    rf"(?:\s?{_A_SCALE}\b(?:\s{_A_SCALE}\b)?|-(?i:hundred|thousand|million|billion|trillion)\b)?"
    rf"(?=[\s-]?{_MEASURE}\b|pc\b|(?![\w/:]|\.\d))"
    # "two-thirds of voters", "one fifth of": a share of something, only before what it is a share of
    rf"|(?=[{_NUMBER_WORD_OPENS}])\b(?P<numerator>(?i:{NUMBER_WORDS_PATTERN}))(?:\s+{_A_SCALE})?\b"
    rf"(?:(?P<denominator>-(?i:{_FRACTION_WORD})|\s(?i:{_FRACTION_APART}))\b{_SHARE_FOLLOWS}"
    rf"|(?!-(?i:{_FRACTION_WORD})\b))"
    rf"|(?=[{_first_letters(['a', 'one'])}])\b(?i:a|one)\s+(?i:hundred|thousand|million|billion|dozen)\b"
    # "a quarter of the staff", "half the workforce"
    rf"|(?=[{_first_letters(['a', 'half'])}])\b(?i:a\s+dozen\b|half\s+a\b|a\s+half\b"
    rf"|(?P<share>a\s+(?P<share_of>{_FRACTION_SINGULAR})|half)\b{_SHARE_FOLLOWS}))"
    rf"(?P<plus>\+|-plus\b)?"
    rf"(?P<adjective>-(?i:{'|'.join(DURATION_UNITS)})(?:-long)?\b(?!-old))?"
    rf"(?P<age>-(?i:year|month|week|day)s?-old\b)?"
    rf"(?P<percent>\s?%|\s+(?=[pP])(?i:percent|per cent|pct)\b|\s?pc\b)?"
    rf"(?P<measure>[\s-]?{_MEASURE}\b(?!/))?"
    rf"(?P<cur_after>\s+{_A_CURRENCY_AFTER}\b)?)"
)
# Where a quantity can be (flows/extract/stretches.py): each holds a digit, a whole number word or a fraction word,
# and no quote mark, bracket, colon, semicolon, comma or full stop other than in a number ("1,200.5"), in "approx."
# or in a currency sign ("Rs. 500"). A word stands between characters other than a-z in the folded text, since no
# other character folds to one of those.
_BREAK_MARKS = set("\"“”‘’'()[]{};:!?,") - set("".join(_SIGNS))
_SIGN_STOPS = "".join(rf"(?!(?<={re.escape(sign[:place + 1])}){re.escape(sign[place + 1:])})"
                      for sign in _SIGNS for place, char in enumerate(sign) if char == ".")
_NUMBER_WORDS = _trie(sorted({*UNITS, *TENS, *SCALES, *FRACTIONS, "dozen", "score"}))
_WHOLE_NUMBER_WORD = rf"(?:{_NUMBER_WORDS})s?(?![a-z])"
# A trigger is the character before a whole number word or a digit: one character class first, which a search skips
# to (a lookbehind first is tried at every character of the text), then the words as a trie and the digit, neither
# behind a lookbehind, which costs a jump at every character the class lets through. No quantity's first digit
# follows a letter (each way a number opens says so); a word or a digit at the text's start has nothing before it.
_QUANTITY_WHERE = Where(
    triggers=re.compile(rf"[^a-z](?:{_WHOLE_NUMBER_WORD}|\d)"),
    opening=re.compile(rf"{_WHOLE_NUMBER_WORD}|\d"),
    breaks=re.compile(rf"[{re.escape(''.join(sorted(_BREAK_MARKS)))}.](?!(?<=[,.])\d)"
                      rf"(?<![Aa][Pp][Pp][Rr][Oo][Xx]\.){_SIGN_STOPS}"),
)
_WORD = re.compile(r"[ \t]*([A-Za-z][A-Za-z'’-]*)")  # a phrase does not run over a line break
_OF_PHRASE = re.compile(r"\s+of\s+(?:the\s+|its\s+|their\s+|all\s+)?")
_SHARE_OF = re.compile(r"\s+(?:of\s+)?(?:the\s+|its\s+|their\s+|all\s+)?")
_LEADING_FILLER = re.compile(r"\s+(?:more|additional|new|other|extra|further|full)\b", re.IGNORECASE)


@dataclass(frozen=True)
class _Reading:
    value: float
    unit: str | None
    approx: str
    concept: str | None


def find_quantities(text: str, sentences: list[Span] | None = None, timexes: list[Timex] | None = None
                    ) -> list[Quantity]:
    """Every quantity in `text`: value, unit, approx marker and, where the text gives it, the measured concept.
    No quantity takes a date's span: `timexes` are the text's dates when they are already found (with any anchor,
    which changes no span), else they are found here."""
    timexes = timexes if timexes is not None else find_timexes(text, None, sentences)
    calendar_spans = [(t.start, t.end) for t in timexes if t.type != "DURATION"]
    calendar_starts = [low for low, _ in calendar_spans]
    model_numbers = _model_numbers(text)
    quantities: list[Quantity] = []
    # the value of each number as written: a story repeats its figures ("one", "two", "1.5")
    number_values: dict[str, float | None] = {}
    for match in scan(_QUANTITY, text, _QUANTITY_WHERE, {}):
        start, end = match.span()
        if start == end or _overlaps(start, end, calendar_spans, calendar_starts):
            continue
        if _is_bare_integer(match) and match.group("number") in model_numbers:
            continue
        # the noun glued to the number, looked for once: it keeps a compound from being dropped and names the unit
        glued = None if match.group("adjective") or match.group("age") else _glued_noun(text, end)
        if _is_compound_word(text, match, glued) or _is_label(text, match) or _is_name_part(text, match):
            continue
        reading = _read(text, match, glued, number_values)
        if reading is None:
            continue
        quantities.append(Quantity(start, end, text[start:end], reading.value, reading.unit, reading.approx,
                                   reading.concept))
    return [normalise_unit(text, quantity) for quantity in _join_ranges(text, quantities)]


def _overlaps(start: int, end: int, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    """Whether [start, end) overlaps one of `spans`, which are in text order and do not overlap each other."""
    place = bisect.bisect_left(starts, end)  # spans from here on start at or after the end
    return place > 0 and spans[place - 1][1] > start


_RANGE_JOINER = re.compile(r"\s*(?:-|–|—)\s*|\s+to\s+|\s+and\s+")
_BETWEEN = re.compile(r"\b(?i:between)\s+$")
# "rose from 5,000 to 8,000" is a change; "ranging from 3,000 to 5,000" a range
_FROM = re.compile(r"\b(?P<range>(?i:rang(?:e|es|ed|ing))\s+)?(?i:from)\s+$")
_THOUSANDS = re.compile(r"\d,000(?![\d,])")
_SCALE_WORD = re.compile(rf"\b(?i:{_SCALE})\b|\d(?i:bn|mn|trn|tn|m|k)\b")


def _join_ranges(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """"25,000 to 30,000 jobs", "between $12 million and $20 million", "15-20%": one quantity from the lower
    end (approx ">=") with the upper end in `upper`. A number glued to another by a hyphen that makes no range
    ("a 52-35 vote", "the 737-800") is not a quantity."""
    joined: list[Quantity] = []
    index = 0
    while index < len(quantities):
        quantity = quantities[index]
        range_ = _range(text, quantity, quantities[index + 1]) if index + 1 < len(quantities) else None
        if range_ and ("-" not in text[quantity.end:quantities[index + 1].start] or range_.unit):
            joined.append(range_)
            index += 2
            continue
        if not _HYPHEN_BEFORE.search(text, max(0, quantity.start - 2), quantity.start) \
                and not _HYPHEN_AFTER.match(text, quantity.end):
            joined.append(quantity)
        index += 1
    return joined


_HYPHEN_BEFORE = re.compile(r"\d-$")
_HYPHEN_AFTER = re.compile(r"-\d")


def _range(text: str, low: Quantity, high: Quantity) -> Quantity | None:
    joiner = _RANGE_JOINER.fullmatch(text, low.end, high.start)
    if not joiner or low.unit not in (None, high.unit):
        return None
    between = _BETWEEN.search(text, max(0, low.start - 12), low.start)
    word = joiner.group(0).strip()
    from_ = _FROM.search(text, max(0, low.start - 14), low.start)
    if word == "and" and not between or word == "to" and from_ and not from_.group("range"):
        return None  # "$199 and $299" are two prices; "from 5,000 to 8,000" is a change
    value = low.value
    if not _SCALE_WORD.search(low.text) and (scale := _SCALE_WORD.search(high.text)):
        value *= parse_number("1 " + scale.group(0).lstrip("0123456789")) or 1  # "300 to 350 million"
    elif value < 1000 <= high.value and _THOUSANDS.search(high.text) and value * 1000 < high.value:
        value *= 1000  # "75-100,000 bpd": the thousands of the upper end are the lower end's too
    if not value < high.value:
        return None
    start = between.start() if between else low.start
    return Quantity(start, high.end, text[start:high.end], value, high.unit, ">=", high.concept or low.concept,
                    upper=high.value)


# "Boeing 787": a word that opens with a letter at the text's start or after a character no word holds, one white
# space, a number. The pair is read backwards, from the number's first digit, in the reversed text: a search that
# opens at a digit skips far more characters than one that opens before every word. The longest word reversed that
# ends there is the one a forward reading finds, which takes the first place a word can open at; the number is read
# forwards, where the test of what follows it looks.
_NAME_BEFORE_NUMBER = re.compile(r"\d\s([\w&.'’-]*[A-Za-z&])(?![\w&.-])")
_NAMED_NUMBER = re.compile(rf"(\d+(?:\.\d+)?)(?!,\d|[\s-]?{_MEASURE}\b|\s?%)(?:s\b)?")
# "the 787 Dreamliner", "its 777 was": a determiner, a bare number, then a name or a verb (each determiner is
# written first and its word boundary checked after it: a pattern whose every alternative opens with a literal
# character is searched by skipping to those characters)
_DETERMINERS = ("The", "the", "its", "their", "new")
_DETERMINED_NUMBER = re.compile(
    "(?:" + "|".join(rf"{word}(?<!\w{word})" for word in _DETERMINERS) + ")"
    r"\s+(\d{3,})\s+(?:[A-Z]|(?:is|was|has|had|will)\b)")
# "five new 737 aircraft": a count comes before "new" ("500 new jobs"), so a number after it names a model
# (written "new" first, its word boundary checked after it: a pattern that opens with a literal is searched fast)
_NEW_MODEL = re.compile(r"new(?<!\wnew)\s+(\d{3,})\s+[a-z]")


# "the 777-200LR": a number with a variant code after a hyphen; "46 more 787s": a number in the plural (its first
# digit before the test of what precedes it, so that the search skips to digits fast)
_CODED_NUMBER = re.compile(r"(\d(?<![\w.,]\d)\d{2,}+)(?:-\d*[A-Z]|s\b)")


class _ModelNumbers:
    """The model numbers of one article, found when first asked about: a quarter of the stories hold no bare integer
    to ask about, and finding them reads the whole article four times. Most numbers asked about stand nowhere one
    of the four readings could take them (`_may_name_something`): the article is read whole only for one that
    does, or once LOOKS_BEFORE_READING numbers have been looked for (each look reads the text once more: a text of
    many numbers is read a bounded number of times)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._numbers: set[str] | None = None
        self._looked: dict[str, bool] = {}  # the numbers looked for, and whether they may name something
        self._reversed: str | None = None
        self._names: dict[str, bool] = {}  # the words before numbers judged so far, reversed (see _named_numbers)

    def __contains__(self, number: str) -> bool:
        if self._numbers is None:
            may_name = self._looked.get(number)
            if may_name is None and len(self._looked) < LOOKS_BEFORE_READING:
                may_name = self._looked[number] = self._may_name_something(number)
            if may_name is False:
                return False
            self._numbers = _find_model_numbers(self._text)
        return number in self._numbers

    def _may_name_something(self, number: str) -> bool:
        """Whether `number` is written somewhere one of `_find_model_numbers`' readings may take it: before a
        variant code or a plural ending ("777-200LR", "787s"), after a name and white space ("Boeing 787"), or after
        a determiner and white space ("the 787 Dreamliner", "new 737 aircraft"). Each reads a whole number in
        digits from where it is written, which a name, a scale word or a comma in `number` rules out at once."""
        if not _NUMERAL.fullmatch(number):
            return False
        text = self._text
        place = text.find(number)
        while place != -1:
            if text.startswith(("-", "s"), place + len(number)):
                return True  # a variant code or a plural ending may follow
            if place and text[place - 1].isspace():
                words_end = place - 1
                while words_end and text[words_end - 1].isspace():
                    words_end -= 1
                if text.endswith(_DETERMINERS, 0, words_end) or self._is_named(place):
                    return True
            place = text.find(number, place + 1)
        return False

    def _is_named(self, place: int) -> bool:
        """Whether a name stands before the number at `place`, as `_named_numbers` reads it."""
        if self._reversed is None:
            self._reversed = self._text[::-1]
        pair = _NAME_BEFORE_NUMBER.match(self._reversed, len(self._text) - 1 - place)
        return pair is not None and _is_name_written_backwards(pair.group(1), self._names)


# A story asks about a handful of bare integers (eight times on average in recent articles, fewer numbers): past
# this many numbers the article's model numbers are found at once
LOOKS_BEFORE_READING = 16
# the numbers a model number can be: digits, with a decimal part after a name ("iPhone 3.5")
_NUMERAL = re.compile(r"\d+(?:\.\d+)?")


def _model_numbers(text: str) -> _ModelNumbers:
    """The numbers that name things in this article (see `_find_model_numbers`), for `in` tests."""
    return _ModelNumbers(text)


def _find_model_numbers(text: str) -> set[str]:
    """Numbers that name things in this article ("Boeing 787", "iPhone 4", "S&P 500", "the 777-200LR", "787s"):
    after a word with a capital, or written with a variant code or a plural ending.

    Once "Boeing 787" appears, a later "the 787" is the aircraft too, so the set is per article.
    """
    coded = {number for number in _CODED_NUMBER.findall(text) if not 1900 <= int(number) <= 2099}
    return _named_numbers(text) | set(_DETERMINED_NUMBER.findall(text)) | set(_NEW_MODEL.findall(text)) | coded


@functools.lru_cache(maxsize=None)
def _word_list(name: str) -> frozenset[str]:
    """A one-word-a-line table from ``data/``."""
    return frozenset(row[0] for row in read_rows(name))


_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\s+$")


def _is_label(text: str, match: re.Match[str]) -> bool:
    """"the number one airline", "version 10.4": a number after a label word names a rank or version."""
    if match.group("mod") or match.group("cur"):
        return False
    word = _WORD_BEFORE.search(text, max(0, match.start() - 12), match.start())
    return word is not None and word.group(1).lower() in _word_list("label_words.tsv")


_CAPITALISED_BEFORE = re.compile(r"[A-Z][\w'’-]*[\s\"“]+$")


def _is_name_part(text: str, match: re.Match[str]) -> bool:
    """"the Big Three", "the Ford Five Hundred": a number word with a capital inside a name, not opening a sentence,
    and with no capitalised word after it (a title-case headline capitalises the noun it counts)."""
    number = match.group("number")
    if not number or not number[0].isupper() or match.group("mod"):
        return False
    before = _CAPITALISED_BEFORE.search(text, max(0, match.start() - 24), match.start())
    after = re.match(r"\s+[A-Z]", text[match.end():match.end() + 3])
    return before is not None and after is None


def _named_numbers(text: str) -> set[str]:
    """The numbers written after a name ("Boeing 787", "iPhone 4", "S&P 500")."""
    last = len(text) - 1
    named: set[str] = set()
    # the same few words stand before most numbers ("to", "were", "and"): each is judged once, reversed as found
    names: dict[str, bool] = {}
    for pair in _NAME_BEFORE_NUMBER.finditer(text[::-1]):
        if not _is_name_written_backwards(pair.group(1), names):
            continue  # most words before a number name nothing: tested before the number is read
        number = _NAMED_NUMBER.match(text, last - pair.start())
        if number:
            named.add(number.group(1))
    return named


def _is_name_written_backwards(reversed_word: str, names: dict[str, bool]) -> bool:
    """`_is_name` of a word read backwards, judged once per article: `names` holds the words judged so far."""
    is_name = names.get(reversed_word)
    if is_name is None:
        is_name = names[reversed_word] = _is_name(reversed_word[::-1])
    return is_name


def _is_name(word: str) -> bool:
    """A product or index name: a capital somewhere, not a sentence-initial function word, not an acronym
    ("USAF 300 planes") unless it is a stock index."""
    if word in INDEX_NAMES:
        return True
    # the cheap tests first: most words before a number are function words
    return (word.lower() not in STOP_WORDS and not word.isupper() and any(c.isupper() for c in word)
            and currency_code(word) is None)


# the groups that make a number more than a bare integer
_QUALIFIERS = ("cur", "percent", "mod", "measure", "cur_after", "adjective", "age", "plus", "minus")


def _is_bare_integer(match: re.Match[str]) -> bool:
    number = match.group("number")
    return bool(number and number[0].isdigit() and not any(match.group(*_QUALIFIERS)))


def _is_compound_word(text: str, match: re.Match[str], glued: str | None) -> bool:
    """"three-way", "one-sided", "F-16"-like tokens: a number glued to a word that is not a duration unit, a money
    word ("a 100-dlr-a-share bid", "a 2.3-billion-dollar offer" are figures) or a noun it counts ("a 100-seat
    plane": `glued`, the `_glued_noun` after the match)."""
    if match.group("adjective") or match.group("age") or glued:
        return False
    return _GLUED_WORD.match(text, match.end()) is not None


_GLUED_WORD = re.compile(r"-(?!(?:dlrs?|dollars?|cents?|pct|percent|mln|million|bln|billion)\b)[A-Za-z]")
_GLUED_NOUN = re.compile(r"-([a-z]{3,})\b(?!-)")


def _glued_noun(text: str, position: int) -> str | None:
    """"a 100-seat plane" → "seat": a lowercase noun glued to the number, not a function word, a fraction or a word
    that makes no count ("three-way", "two-time": data/glued_words.tsv)."""
    glued = _GLUED_NOUN.match(text, position)
    if glued is None:
        return None
    word = glued.group(1)
    if word in STOP_WORDS or word in FRACTIONS or word in _word_list("glued_words.tsv"):
        return None
    # "three-pronged", "one-thousandth": an adjective or an ordinal, no noun to count
    return None if word.endswith(("ed", "th", "ths")) else word


def _read(text: str, match: re.Match[str], glued: str | None, number_values: dict[str, float | None]
          ) -> _Reading | None:
    """What the match measures. `glued`: the `_glued_noun` after it, unless it is an age or a duration adjective;
    `number_values`: the article's numbers read so far (see `_number_value`)."""
    modifier = (match.group("mod") or "").lower()
    approx = APPROX_MARKERS.get(modifier, "=")
    after = match.end()
    if match.group("vague"):
        vague = match.group("vague").lower()
        unit, _ = _counted_noun(text, after)
        # "dozens of" is at least two dozen; "a score of" is about twenty
        return _Reading(VAGUE_SCALES[vague], unit, (">=" if vague.endswith("s") else "~") if approx == "=" else approx,
                        None)
    if match.group("pair"):
        # "a 1,000-for-1,000 prisoner exchange": each side gives 1,000 prisoners
        value = parse_number(match.group("pair_a"))
        words, _ = _noun_phrase(text, after, limit=2)
        if value is None:
            return None
        head = words.split()[0] if words else None
        return _Reading(value, _plural(head) if head else None, approx, words)
    if match.group("denominator") or match.group("share"):
        numerator = parse_number(match.group("numerator")) if match.group("denominator") else 1
        # the words may be split by a hyphen or any whitespace, a line break too ("one-\nthird")
        denominator = FRACTIONS.get((match.group("denominator") or match.group("share_of") or "half").strip(" -\t\r\n").lower())
        if denominator is None:
            return None
        if numerator is None:
            return None
        share_of = _SHARE_OF.match(text, after)  # "two-thirds of voters", "half the workforce"
        concept, _ = _noun_phrase(text, share_of.end(), limit=4) if share_of else (None, after)
        return _Reading(numerator / denominator, None, approx, concept)
    number_text = match.group("number")
    value = _number_value(number_text.lstrip("-−"), number_values)
    if value is not None and (number_text[0] in "-−" or match.group("minus")):
        value = -value  # "the market closed at -366.94 points", "minus 5 degrees"
    if value is None:
        return None
    if match.group("plus") and approx == "=":
        approx = ">"  # "100,000-plus staff"
    if _is_metres(text, match):
        metres = parse_number(number_text.lstrip("-−")[:-1]) or 0.0
        return _Reading(-metres if value < 0 else metres, "metres", approx, None)
    if match.group("age"):
        # "a 45-year-old man": an age, in the unit it is written in
        unit = match.group("age").strip("-").split("-")[0].lower()
        concept, _ = _noun_phrase(text, after, limit=2)
        return _Reading(value, _plural(unit), approx, concept)
    if match.group("adjective"):
        unit = match.group("adjective").strip("-").split("-")[0].lower()
        concept, _ = _noun_phrase(text, after, limit=3)
        return _Reading(value, _plural(unit), "~" if approx == "=" else approx, concept)
    if match.group("percent"):
        return _Reading(value, "percent", approx, _of_concept(text, after))
    currency = match.group("cur") or match.group("cur_after")
    if currency:
        return _Reading(value, currency_code(currency) or currency.strip(), approx, _of_concept(text, after))
    if match.group("measure"):
        return _Reading(value, match.group("measure").strip(" -"), approx, _of_concept(text, after))
    if glued:
        concept, _ = _noun_phrase(text, after + len(glued) + 1, limit=2)
        # "a 180-seat jet" counts seats; "a 7.8-magnitude quake" measures on a scale named in the singular
        return _Reading(value, _plural(glued) if value.is_integer() else glued, approx, concept)
    unit, unit_end = _counted_noun(text, _skip_filler(text, after))
    if number_text.lower() in PRONOUN_LIKE and unit is None:
        return None
    of_phrase = _OF_PHRASE.match(text, after) if unit is None and value != 1 else None
    if of_phrase:  # "20 of Boeing's larger planes", "three of the victims": a part of what follows
        unit, _ = _counted_noun(text, of_phrase.end())
        return _Reading(value, unit if unit and _is_plural(unit) or unit in _word_list("plurals_without_s.tsv")
                        else None, approx, None)
    if number_text.lower() == "two" and re.search(r"\b[Tt]he\s+$", text[max(0, match.start() - 4):match.start()]):
        return None  # "the two companies" points back to two things already named; it measures nothing
    concept = _of_concept(text, unit_end) if unit else None
    return _Reading(value, unit, approx, concept)


def _number_value(number_text: str, number_values: dict[str, float | None]) -> float | None:
    """parse_number(number_text), read once per article: `number_values` holds the article's numbers read so far."""
    if number_text not in number_values:
        number_values[number_text] = parse_number(number_text)
    return number_values[number_text]


_GLUED_M = re.compile(r"\dm$")
_NEXT_WORD = re.compile(r"[ \t]+([a-z]+)")


def _is_metres(text: str, match: re.Match[str]) -> bool:
    """"1.85m tall", "the 100m sprint": an "m" glued to a number with no currency is metres before a word of size or
    a race ("£1.2m", "1.2m cars" are millions)."""
    if match.group("cur") or not _GLUED_M.search(match.group("number")):
        return False
    word = _NEXT_WORD.match(text, match.end())
    return word is not None and word.group(1) in _word_list("metre_words.tsv")


def _counted_noun(text: str, position: int) -> tuple[str | None, int]:
    """What a bare number counts: the first plural among the next few words ("179 aerial refueling tankers" →
    "tankers", "9,420 nautical miles" → "miles", "20 Boeing jets" → "jets"), a capitalised plural when no lowercase
    one comes ("3.3 million Americans"), an irregular plural ("23 armed men"), else the first word ("one type")."""
    words: list[tuple[str, int]] = []
    end = position
    while len(words) < 3:
        word = _WORD.match(text, end)
        if not word or word.group(1).lower() in STOP_WORDS:
            break
        end = word.end()
        words.append((word.group(1), end))
    # the first of each kind in turn, the lists of them not built: most numbers have a plural right after them
    lowercase = [(word, word_end) for word, word_end in words if word[0].islower()]
    for word, word_end in lowercase:
        if _is_plural(word):
            return word, word_end  # "300 police officers" counts officers
    for index, (word, word_end) in enumerate(words):
        # a capitalised plural that no capitalised word follows: "3.3 million Americans", not "2,445,000 Cyclops Corp"
        if word[0].isupper() and not word.isupper() and _is_plural(word) \
                and (index + 1 == len(words) or words[index + 1][0][0].islower()):
            return word, word_end
    plurals_without_s = _word_list("plurals_without_s.tsv")
    for word, word_end in lowercase:
        if word in plurals_without_s:
            return word, word_end  # "23 armed men" counts men
    first = words[0] if words and words[0][0][0].islower() else None
    # "a million more watched": a verb after the number counts nothing
    return first if first and not _is_past_verb(first[0]) else (None, position)


def _is_plural(word: str) -> bool:
    """"tankers", "Americans"; not "business", "virus", "crisis", nor a possessive ("Boeing's")."""
    return word.endswith("s") and not word.endswith(("ss", "us", "is")) and "'" not in word and "’" not in word


def _skip_filler(text: str, position: int) -> int:
    """Past "more", "new", "additional" between a number and its unit ("four more days")."""
    filler = _LEADING_FILLER.match(text, position)
    return filler.end() if filler else position


def _noun_phrase(text: str, position: int, limit: int) -> tuple[str | None, int]:
    """Up to `limit` content words from `position`, stopping at punctuation, a function word or a verb in the past
    ("copies of Tiger sold" → "Tiger")."""
    words: list[str] = []
    end = position
    while len(words) < limit:
        word = _WORD.match(text, end)
        if not word or word.group(1).lower() in STOP_WORDS or words and _is_past_verb(word.group(1)):
            break
        words.append(word.group(1))
        end = word.end()
    return (" ".join(words) if words else None), end


def _is_past_verb(word: str) -> bool:
    return word.islower() and (word in IRREGULAR_PAST_VERBS or word.endswith("ed") and len(word) > 4
                               or word.endswith("ied"))  # "120 died"


def _of_concept(text: str, position: int) -> str | None:
    """The noun phrase after "of" ("20% of Ukrainian territory" → "Ukrainian territory")."""
    of_phrase = _OF_PHRASE.match(text, position)
    if not of_phrase:
        return None
    concept, _ = _noun_phrase(text, of_phrase.end(), limit=4)
    return concept


def _plural(noun: str) -> str:
    if noun.endswith("s"):
        return noun
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"
