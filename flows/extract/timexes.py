"""Temporal expressions (TimeML TIMEX3) found by rules and resolved against the publication date.

Every rule is a regular expression plus a resolver that turns the match into a TIMEX3 type and value. All rules
run over the whole text; where matches overlap the longest wins (the earlier rule on a tie).

Dates that leave something out are completed from the anchor (the publication date) as HeidelTime does: the
nearest tense cue in the sentence ("will", "said", a past participle) says whether a bare weekday lies before or
after it, and a weekday with no cue is the nearest one. A month and day without a year go to the nearest such date
when it is within NEAREST_DATE_DAYS, else the tense decides; a month alone stays in the anchor's year unless the
tense points well past it (with no cue, the nearest year). Without an anchor those parts stay X ("XXXX-05-28").

Some expressions count from what the text said before rather than from the anchor: "ended the day", "the same
day" and a bare clock time are on the last day named; "that year", "the following month" count from the last
year or month named; in an earnings report "the quarter", "a year earlier" and "the 1988 period" follow the
quarter the report names (the last one in the paragraph, else the article's first).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache
from typing import NamedTuple, cast

from flows.extract.number_words import NUMBER_WORDS_PATTERN, ORDINALS, SCALES, TENS, UNITS, parse_number
from flows.extract.stretches import Where, scan, text_memo
from flows.records import Span, Timex

MONTH_NUMBERS: dict[str, int] = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
    "nov": 11, "dec": 12,
}
WEEKDAY_NUMBERS: dict[str, int] = {"mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7}
SEASON_CODES: dict[str, str] = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
SEASON_MONTHS: dict[str, int] = {"SP": 4, "SU": 7, "FA": 10, "WI": 1}
QUARTER_NUMBERS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "final": 4,
}
# TIMEX3 duration letters; decades and centuries are written as years, as TimeBank does
UNIT_CODES: dict[str, tuple[str, int]] = {
    "year": ("Y", 1), "month": ("M", 1), "week": ("W", 1), "day": ("D", 1), "decade": ("Y", 10),
    "century": ("Y", 100), "centurie": ("Y", 100), "quarter": ("Q", 1), "hour": ("TH", 1), "minute": ("TM", 1),
    "second": ("TS", 1), "weekend": ("WE", 1), "night": ("D", 1), "fortnight": ("W", 2),
}
# "annual", "quarterly" and "annually" are left out: in TimeBank they are mostly not annotated
SET_WORDS: dict[str, str] = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "yearly": "P1Y", "hourly": "PT1H"}
# how far a month without a year may lie behind (future tense) or ahead (past tense) and stay in the anchor's year
MONTHS_BACK_WITHOUT_YEAR = 2
MONTHS_AHEAD_WITHOUT_YEAR = 4
# a month and day without a year within this many days of the anchor is that nearest date, whatever the tense
NEAREST_DATE_DAYS = 120

_MONTH = (r"(?P<month>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?"
          r"|Sep(?:tember|t\.|\.|t)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)(?![\w])")
_WEEKDAY = (r"(?P<weekday>Mon(?:day|\.)|Tue(?:sday|s\.|\.)|Wed(?:nesday|\.)|Thu(?:rsday|rs\.|\.)|Fri(?:day|\.)"
            r"|Sat(?:urday|\.)|Sun(?:day|\.))(?![\w])")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?![\d\w])"
_YEAR = r"(?P<year>(?:1[6-9]|20)\d\d)(?![\d\w%])"


def _opening_letters(*word_lists: Iterable[str]) -> str:
    """The letters the words open with, for a class that a case-blind pattern tests before it tries them: the
    regular-expression engine passes over an alternative that opens with a class or a cased letter on one test of
    the character, but enters every case-blind word in turn, and most words of a text open with other letters."""
    return "".join(sorted({word[0] for words in word_lists for word in words}))


def _guarded_words(words: tuple[str, ...]) -> str:
    """The words as one case-blind alternation, in the order given, behind a class of the letters they open with
    (see _opening_letters): made from the one tuple, the class holds every word's first letter."""
    return rf"(?=(?i:[{_opening_letters(words)}]))(?i:{'|'.join(words)})"


_COUNT_WORDS = ("a few", "a couple of", "several", "many", "few", "some", "a", "an", "the")
_NUMBER = (rf"(?P<number>\d+(?:\.\d+)?|(?=[{_opening_letters(UNITS, TENS)}]){NUMBER_WORDS_PATTERN}"
           rf"|{'|'.join(_COUNT_WORDS)})")
# what a count in a case-blind pattern can open with: a digit or a letter of these
_NUMBER_OPENS = rf"\d{_opening_letters(UNITS, TENS, _COUNT_WORDS)}"
_UNIT = r"(?P<unit>year|month|week|day|decade|centur(?:y|ie)|quarter|hour|minute|second|weekend|night|fortnight)s?"
_TIME_PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}
_APPROX_WORDS = ("at least", "at most", "more than", "less than", "fewer than", "no more than", "no less than", "up to",
                 "over", "under", "about", "around", "nearly", "almost", "some", "approximately", "roughly",
                 "just over", "just under", "only", "another", "the last", "the past", "the next", "the first",
                 "the coming", "the previous", "the final", "the remaining", "the following")
_APPROX = rf"(?=[{_opening_letters(_APPROX_WORDS)}])(?P<mod>{'|'.join(_APPROX_WORDS)})"

Resolver = Callable[["_Context", re.Match[str]], tuple[str, str] | None]


@dataclass(frozen=True)
class _Context:
    text: str
    anchor: date | None
    sentences: list[Span]
    # the text case-folded (see stretches.case_folded), None when folding changes its length
    folded: str | None
    # (offset, year, quarter) of each "third quarter" the text names without a year: what earnings reports report on
    reported_quarters: list[tuple[int, int, int]] = field(default_factory=list)
    # what is worked out once per sentence (tense cues, keywords) rather than once per match: see _per_sentence
    memo: dict[tuple[str, int], object] = field(default_factory=dict, compare=False)

    @property
    def sentence_starts(self) -> list[int]:
        return self.once("sentence starts", 0, lambda: [sentence.start for sentence in self.sentences])

    def once(self, what: str, key: int, compute: Callable[[], object]):  # -> the computed value
        if (what, key) not in self.memo:
            self.memo[(what, key)] = compute()
        return self.memo[(what, key)]


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    resolve: Resolver
    # where the rule can match: the scan reads only those stretches of the text, never all of it (a case-blind
    # pattern that opens on a word boundary is tried at every character a whole scan passes)
    where: Where
    # lowercase words of which the text must hold one for the rule to match at all: a cheap test that skips the scan
    needs: tuple[str, ...] = ()
    # the group that spans the expression: a rule that names its expression "x" gives it alone, else the whole match
    group: str | int = 0


def find_timexes(text: str, anchor: date | None, sentences: list[Span] | None = None) -> list[Timex]:
    """TIMEX3 dates, times, durations and sets in `text`, with values resolved against `anchor`. Only the values
    depend on the anchor: the spans found and their types are the same with any anchor or none."""
    lowered = text.lower()
    memo = text_memo(text, lowered)
    folded = cast(str | None, memo["folded"])
    context = _Context(text, anchor, sentences if sentences is not None else _rough_sentences(text), folded)
    context = replace(context, reported_quarters=_reported_quarters(context, lowered))
    candidates: list[tuple[int, int, int, str, str]] = []
    for order, start, end, match in _rule_matches(text, lowered, memo):
        resolved = _RULES[order].resolve(context, match)
        if resolved is not None:
            candidates.append((start, end, order, *resolved))
    chosen = _longest_first(candidates)
    timexes = [Timex(start, end, text[start:end], kind, value) for start, end, _, kind, value in sorted(chosen)]
    return _resolve_focus(timexes, anchor)


def _rule_matches(text: str, lowered: str, memo: dict[object, object]) -> list[tuple[int, int, int, re.Match[str]]]:
    """(rule number, start, end, match) of every non-empty rule match, in rule order; `lowered` is text.lower(),
    `memo` the text's memo for its scans (see stretches.text_memo)."""
    present = {word for word in _UNHELD_WORDS if word in lowered}  # each word looked for once, not once per rule
    for part, holders in _HOLDERS:
        if part in present:  # (a text missing the part misses every word that holds it)
            present.update(word for word in holders if word in lowered)
    found: list[tuple[int, int, int, re.Match[str]]] = []
    for order, rule in enumerate(_RULES):
        if rule.needs and present.isdisjoint(rule.needs):
            continue
        for match in scan(rule.pattern, text, rule.where, memo):
            start, end = match.span(rule.group)
            if start != end:
                found.append((order, start, end, match))
    return found


def _longest_first(candidates: list[tuple[int, int, int, str, str]]) -> list[tuple[int, int, int, str, str]]:
    """Of overlapping candidates the longest (then the earlier rule) wins. The chosen ones never overlap, so kept in
    text order one bisect finds the only one that could overlap a new candidate."""
    chosen: list[tuple[int, int, int, str, str]] = []
    for candidate in sorted(candidates, key=lambda c: (c[0] - c[1], c[2], c[0])):
        place = bisect_left(chosen, candidate[1], key=lambda other: other[0])  # the first chosen starting at its end
        if place == 0 or chosen[place - 1][1] <= candidate[0]:
            insort(chosen, candidate, key=lambda other: other[0])
    return chosen


# values that wait for the dates before them: "the same day", "that year", "the following year" (+1)
_DAY_IN_FOCUS = "FOCUS-D+0"
_FOCUS = re.compile(r"FOCUS-(?P<unit>[DMY])(?P<shift>[+-]\d+)(?P<rest>T.*)?")
# values that name a day, a month, a year (each is a prefix of the one before)
_DAY_VALUE = re.compile(r"\d{4}-\d\d-\d\d")
_MONTH_VALUE = re.compile(r"\d{4}-\d\d(?!\d)")
_YEAR_VALUE = re.compile(r"\d{4}(?!\d)")


def _resolve_focus(timexes: list[Timex], anchor: date | None) -> list[Timex]:
    """"ended the day", "the following month", "that year": from the last day, month or year the text named
    before, else from the publication date."""
    day = anchor.isoformat() if anchor else None
    month = (anchor.year, anchor.month) if anchor else None
    year = anchor.year if anchor else None
    for timex in timexes:
        focus = _FOCUS.fullmatch(timex.value)
        if focus is None:
            if _DAY_VALUE.match(timex.value):
                day = timex.value[:10]
            if _MONTH_VALUE.match(timex.value):
                month = (int(timex.value[:4]), int(timex.value[5:7]))
            if _YEAR_VALUE.match(timex.value):
                year = int(timex.value[:4])
            continue
        shift = int(focus.group("shift"))
        if focus.group("unit") == "D":
            timex.value = (day or "XXXX-XX-XX") + (focus.group("rest") or "")
        elif focus.group("unit") == "M":
            shifted = _month_shift(date(month[0], month[1], 1), shift) if month else None
            timex.value = f"{shifted[0]:04d}-{shifted[1]:02d}" if shifted else "XXXX-XX"
        else:
            timex.value = _year_text(year + shift if year is not None else None)
    return timexes


def _rough_sentences(text: str) -> list[Span]:
    """Sentence spans by end punctuation, for the tense cues only, when the caller has none."""
    spans: list[Span] = []
    start = 0
    for match in re.finditer(r"[.!?]['\"’”]*\s+(?=[A-Z'\"‘“`])|\n+", text):
        spans.append(Span(start, match.end()))
        start = match.end()
    spans.append(Span(start, len(text)))
    return spans


# --- tense --------------------------------------------------------------------------------------------------------

_FUTURE_CUES = (
    r"\b((?:is|are)\s+(?:planning|expected|scheduled|set|due|going|about|to)(?:\s+to)?|will|'ll|shall|won't"
    r"|going to|next(?! to)|upcoming|coming|plans? to|planned to|planning to|expects? to|expected to|scheduled"
    r"|set to|set for|would|intends? to|aims? to|due to|tomorrow|as soon as|as early as|ahead of|until|till)\b")
# a future seen from the past ("was about to", "were planning to") says nothing about the publication date
_FUTURE_IN_PAST = r"\b(?:was|were|had been)\s+(?:planning|expected|scheduled|set|due|going|about|to)(?:\s+to)?\b"
# past tenses that do not end in -ed; the quantity extractor ends a noun phrase at them too
IRREGULAR_PAST_VERBS = frozenset("""
met left came went took gave held made told fell rose won lost saw found began sent spoke wrote struck led fled broke
chose drove flew grew kept knew paid ran sold bought brought thought became stood shot spent threw withdrew sought
fought caught taught hung swore stole forgave underwent overtook
""".split())
_PAST_CUES = (r"\b(said|says|was|were|had|did|ago|last|yesterday|earlier|since|reported|announced|[a-z]{3,}ed|"
              + "|".join(sorted(IRREGULAR_PAST_VERBS)) + r")\b")
_PASSIVE_AUXILIARY = r"\b(?:be|is|are|am|being)\s+(?:[a-z]+ly\s+)?$"


class _TensePatterns(NamedTuple):
    future_in_past: re.Pattern[str]
    future: re.Pattern[str]
    past: re.Pattern[str]
    passive_auxiliary: re.Pattern[str]


# The cue patterns, all lowercase, read a text case-blind. On the text case-folded (see stretches.case_folded) they
# find the same matches at the same offsets as written, in a third of the instructions: a case-blind alternation
# enters every alternative at each word it tries, one as written only those opening on the word's letter. A text
# whose folding changes its length is read case-blind, with patterns compiled when the first such text comes.
@cache
def _tense_patterns(case_blind: bool) -> _TensePatterns:
    flags = re.IGNORECASE if case_blind else 0
    return _TensePatterns(*(re.compile(pattern, flags)
                            for pattern in (_FUTURE_IN_PAST, _FUTURE_CUES, _PAST_CUES, _PASSIVE_AUXILIARY)))


_NOT_PAST = {"need", "indeed", "speed", "proceed", "exceed", "succeed", "hundred", "based", "expected", "scheduled",
             "planned", "red", "seed", "feed", "bleed", "breed", "united", "interested", "concerned", "proposed",
             "supposed", "related", "advanced", "detailed", "limited", "bed", "shed", "wed", "fed"}


# A position outside every sentence is read with this much text around it: never the whole text per match.
_LOOSE_SENTENCE_CHARS = 300


def _sentence_at(context: _Context, position: int) -> Span:
    """The sentence holding `position` (sentences are in text order), or the text around it."""
    index = bisect_right(context.sentence_starts, position) - 1
    if index >= 0 and position < context.sentences[index].end:
        return context.sentences[index]
    return Span(max(0, position - _LOOSE_SENTENCE_CHARS), min(len(context.text), position + _LOOSE_SENTENCE_CHARS))


def _tense_at(context: _Context, start: int, end: int) -> int:
    """+1 when the nearest tense cue in the sentence points to the future, -1 to the past, 0 when none does.

    A future phrase wins over the past-tense words inside it ("is expected to"); a future seen from the past
    ("was about to") counts as neither.
    """
    sentence = _sentence_at(context, start)
    cues = context.once("tense cues", sentence.start, lambda: _tense_cues(context.text, context.folded, sentence))
    starts = context.once("tense cue starts", sentence.start, lambda: [cue[0] for cue in cues])
    # cues do not overlap, so the nearest ones are the last before the match and the first after its start
    before = bisect_left(starts, start)
    nearby = cues[max(0, before - 2) : before] + cues[before : bisect_left(starts, end) + 1]
    best: tuple[int, int, int] | None = None
    for cue_start, cue_end, direction in nearby:
        if start <= cue_start < end:
            continue
        distance = start - cue_end if cue_end <= start else cue_start - end
        # on a tie the future wins, as "is expected to" wins over its past-tense words
        if best is None or (distance, -direction, cue_start) < best:
            best = (distance, -direction, cue_start)
    return -best[1] if best else 0


def _tense_cues(text: str, folded: str | None, sentence: Span) -> list[tuple[int, int, int]]:
    """(start, end, +1 future / -1 past) of every tense cue in a sentence, in text order; `folded` is the text
    case-folded, or None."""
    source, patterns = (text, _tense_patterns(True)) if folded is None else (folded, _tense_patterns(False))
    neutral = [m.span() for m in patterns.future_in_past.finditer(source, sentence.start, sentence.end)]
    future = [m.span() for m in patterns.future.finditer(source, sentence.start, sentence.end)
              if not _inside(m.start(), neutral)]
    cues = [(cue_start, cue_end, 1) for cue_start, cue_end in future]
    covered = sorted(future + neutral)
    for match in patterns.past.finditer(source, sentence.start, sentence.end):
        word = text[match.start() : match.end()].lower()
        if word in _NOT_PAST or word.startswith("un"):  # "an unspecified date" is an adjective
            continue
        if _inside(match.start(), covered):
            continue
        if patterns.passive_auxiliary.search(source, max(0, match.start() - 20), match.start()):
            continue  # "will be named": the auxiliary carries the tense, the participle does not
        cues.append((match.start(), match.end(), -1))
    return sorted(cues)


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    """Whether `position` lies in one of `spans` (sorted by start; they may nest, never by more than a few)."""
    place = bisect_right(spans, (position, float("inf")))
    return any(low <= position < high for low, high in spans[max(0, place - 3) : place])


# --- value helpers ------------------------------------------------------------------------------------------------

def _year_text(year: int | None) -> str:
    return f"{year:04d}" if year is not None else "XXXX"


def _month_number(name: str) -> int:
    return MONTH_NUMBERS[name[:3].lower()]


def _weekday_number(name: str) -> int:
    return WEEKDAY_NUMBERS[name[:3].lower()]


def _two_digit_year(text: str) -> int:
    year = int(text)
    return year + (1900 if year >= 50 else 2000) if year < 100 else year


def _month_shift(anchor: date, months: int) -> tuple[int, int]:
    index = anchor.year * 12 + anchor.month - 1 + months
    return index // 12, index % 12 + 1


def _week_value(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def _quarter_of(month: int) -> int:
    return (month - 1) // 3 + 1


def _year_for_month_day(context: _Context, month: int, day: int, start: int, end: int) -> int | None:
    """The year of a date written without one: the nearest, unless the tense says it lies the other way."""
    anchor = context.anchor
    if anchor is None:
        return None
    candidates: list[date] = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    if not candidates:
        return anchor.year
    nearest = min(candidates, key=lambda d: abs((d - anchor).days))
    if abs((nearest - anchor).days) <= NEAREST_DATE_DAYS:
        return nearest.year
    tense = _tense_at(context, start, end)
    if tense > 0:
        return min((d for d in candidates if d >= anchor), key=lambda d: d - anchor).year
    if tense < 0:
        return max(d for d in candidates if d <= anchor).year if any(d <= anchor for d in candidates) else anchor.year
    return nearest.year


def _weekday_date(anchor: date, weekday: int, direction: int) -> date:
    """The weekday nearest the anchor in `direction` (+1 on or after, -1 on or before)."""
    offset = (weekday - anchor.isoweekday()) % 7
    if direction > 0:
        return anchor + timedelta(days=offset)
    return anchor - timedelta(days=(7 - offset) % 7)


def _weekday_value(context: _Context, weekday: int, relation: str | None, start: int, end: int) -> str:
    anchor = context.anchor
    if anchor is None:
        return "XXXX-XX-XX"
    relation = (relation or "").lower()
    if relation in ("next", "this coming", "coming"):
        day = _weekday_date(anchor + timedelta(days=1), weekday, 1)
    elif relation in ("last", "this past", "past"):
        day = _weekday_date(anchor - timedelta(days=1), weekday, -1)
    else:
        # "Wednesday's ruling" names something that has happened
        possessive = context.text.startswith(("'s", "’s"), end)
        direction = -1 if possessive else _tense_at(context, start, end)
        if direction == 0:
            ahead, behind = _weekday_date(anchor, weekday, 1), _weekday_date(anchor, weekday, -1)
            day = ahead if (ahead - anchor) < (anchor - behind) else behind
        else:
            day = _weekday_date(anchor, weekday, direction)
    return day.isoformat()


def _shift(anchor: date | None, unit: str, amount: int) -> str:
    """The anchor moved by `amount` units, written at that unit's granularity ("last month" → 2025-04)."""
    if anchor is None:
        return {"year": "XXXX", "month": "XXXX-XX", "week": "XXXX-WXX", "day": "XXXX-XX-XX",
                "quarter": "XXXX-QX", "decade": "XXX", "weekend": "XXXX-WXX-WE"}.get(unit, "XXXX")
    if unit == "year":
        return _year_text(anchor.year + amount)
    if unit == "month":
        year, month = _month_shift(anchor, amount)
        return f"{year:04d}-{month:02d}"
    if unit == "week":
        return _week_value(anchor + timedelta(weeks=amount))
    if unit == "weekend":
        return _week_value(anchor + timedelta(weeks=amount)) + "-WE"
    if unit == "day" or unit == "night":
        return (anchor + timedelta(days=amount)).isoformat()
    if unit == "quarter":
        year, month = _month_shift(anchor, 3 * amount)
        return f"{year:04d}-Q{_quarter_of(month)}"
    if unit == "decade":
        return f"{(anchor.year // 10 + amount):03d}"
    if unit in ("century", "centurie"):
        return f"{(anchor.year // 100 + amount):02d}"
    return _year_text(anchor.year + amount)


def _duration(amount: float | None, unit: str) -> str:
    code, factor = UNIT_CODES[unit]
    if amount is None:
        return f"PX{code.removeprefix('T')}" if not code.startswith("T") else f"PTX{code[1:]}"
    total = amount * factor
    if not float(total).is_integer() and code in _SMALLER_UNIT:
        # "2 1/2 years" → P2Y6M, "5 1/2 hours" → PT5H30M, as TimeBank writes them
        whole = int(total)
        smaller, per = _SMALLER_UNIT[code]
        rest = round((total - whole) * per)
        prefix = "PT" if code.startswith("T") else "P"
        return f"{prefix}{whole}{code.removeprefix('T')}{rest}{smaller}"
    number = f"{int(total)}" if float(total).is_integer() else f"{total:g}"
    if code.startswith("T"):
        return f"PT{number}{code[1:]}"
    return f"P{number}{code}"


# the next smaller TIMEX3 unit and how many of it make one: where a fraction of a duration goes
_SMALLER_UNIT: dict[str, tuple[str, int]] = {"Y": ("M", 12), "TH": ("M", 60), "TM": ("S", 60), "M": ("D", 30)}


def _amount(word: str) -> float | None:
    """The count in a duration; None for vague counts ("several", "a few")."""
    word = word.lower()
    if word in ("a few", "several", "many", "few", "some", "a couple of"):
        return 2.0 if word == "a couple of" else None
    if word in ("a", "an", "the"):
        return 1.0
    return parse_number(word)


# --- resolvers ----------------------------------------------------------------------------------------------------

def _full_date(context: _Context, match: re.Match[str]) -> tuple[str, str] | None:
    month = _month_number(match.group("month"))
    day = int(match.group("day"))
    if not 1 <= day <= 31:
        return None
    year_text = match.groupdict().get("year")
    start, end = match.span()
    year = _two_digit_year(year_text) if year_text else _year_for_month_day(context, month, day, start, end)
    return "DATE", f"{_year_text(year)}-{month:02d}-{day:02d}"


def _week_of_date(context: _Context, match: re.Match[str]) -> tuple[str, str] | None:
    dated = _full_date(context, match)
    if dated is None or not re.fullmatch(r"\d{4}-\d\d-\d\d", dated[1]):
        return dated
    try:
        return "DATE", _week_value(date.fromisoformat(dated[1]))
    except ValueError:  # "the week of April 31" stays the date as written, as it does without an anchor
        return dated


def _month_year(context: _Context, match: re.Match[str]) -> tuple[str, str] | None:
    return "DATE", f"{match.group('year')}-{_month_number(match.group('month')):02d}"


def _year_for_month(context: _Context, month: int, start: int, end: int) -> int:
    """A month without a year is in the publication year, unless the sentence looks ahead past its end."""
    anchor = context.anchor
    assert anchor is not None
    tense = _tense_at(context, start, end)
    if tense > 0 and month < anchor.month - MONTHS_BACK_WITHOUT_YEAR:
        return anchor.year + 1
    if tense < 0 and month > anchor.month + MONTHS_AHEAD_WITHOUT_YEAR:
        return anchor.year - 1
    if tense == 0 and abs(month - anchor.month) > 6:
        return anchor.year + (1 if month < anchor.month else -1)
    return anchor.year


def _bare_month(context: _Context, match: re.Match[str]) -> tuple[str, str] | None:
    month = _month_number(match.group("month"))
    relation = (match.group("rel") or "").lower()
    anchor = context.anchor
    if anchor is None:
        return "DATE", f"XXXX-{month:02d}"
    if relation == "last":
        year = anchor.year if month < anchor.month else anchor.year - 1
    elif relation == "next":
        year = anchor.year if month > anchor.month else anchor.year + 1
    elif relation == "this":
        year = anchor.year
    else:
        start, end = match.span()
        year = _year_for_month(context, month, start, end)
    return "DATE", f"{_year_text(year)}-{month:02d}"


def _month_of_relative_year(context: _Context, match: re.Match[str]) -> tuple[str, str] | None:
    month = _month_number(match.group("month"))
    shift = {"last": -1, "this": 0, "next": 1}[match.group("rel").lower()]
    year = context.anchor.year + shift if context.anchor else None
    return "DATE", f"{_year_text(year)}-{month:02d}"


def _numeric_date(context: _Context, match: re.Match[str]) -> tuple[str, str] | None:
    groups = match.groupdict()
    year = _two_digit_year(groups["y"])
    month, day = int(groups["m"]), int(groups["d"])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    value = f"{year:04d}-{month:02d}-{day:02d}"
    if groups.get("hh"):
        return "TIME", f"{value}T{groups['hh']}:{groups['mm']}" + (f":{groups['ss']}" if groups.get("ss") else "")
    return "DATE", value


def _year(context: _Context, match: re.Match[str]) -> tuple[str, str] | None:
    return "DATE", match.group("year")


def _decade(context: _Context, match: re.Match[str]) -> tuple[str, str] | None:
    digits = match.group("decade")
    year = int(digits) if len(digits) == 4 else _two_digit_year(digits)
    return "DATE", f"{year // 10:03d}"


def _weekday(context: _Context, match: re.Match[str]) -> tuple[str, str] | None:
    start, end = match.span()
    value = _weekday_value(context, _weekday_number(match.group("weekday")), match.group("rel"), start, end)
    part = match.group("part")
    if part:
        return "TIME", f"{value}T{_TIME_PARTS[part.lower()]}"
    return "DATE", value


def _deictic_day(context: _Context, match: re.Match[str]) -> tuple[str, str] | None:
    word = match.group("word").lower()
    offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2,
              "the day after tomorrow": 2, "last night": -1}[word]
    day = _shift(context.anchor, "day", offset)
    part = (match.groupdict().get("part") or "").lower()
    if word == "tonight":
        part = "tonight"
    if word == "last night":
        part = "night"
    if part:
        return "TIME", f"{day}T{_TIME_PARTS[part]}"
    return "DATE", day


def _part_of_day(context: _Context, match: re.Match[str]) -> tuple[str, str] | None:
    part = match.group("part") or match.group("part2")
    word = (match.group("word") or match.group("word2") or "today").lower()
    day = _shift(context.anchor, "day", {"today": 0, "yesterday": -1, "tomorrow": 1}[word])
    return "TIME", f"{day}T{_TIME_PARTS[part.lower()]}"


def _constant_time_today(clock: str) -> Resolver:
    def resolve(context: _Context, match: re.Match[str]) -> tuple[str, str] | None:
        return "TIME", f"{_shift(context.anchor, 'day', 0)}T{clock}"
    return resolve


def _this_part_of_day(context: _Context, match: re.Match[str]) -> tuple[str, str] | None:
    return "TIME", f"{_shift(context.anchor, 'day', 0)}T{_TIME_PARTS[match.group('part').lower()]}"


def _constant(value: str, kind: str = "DATE") -> Resolver:
    """A resolver for expressions whose value does not depend on the anchor ("now" → PRESENT_REF)."""
    def resolve(context: _Context, match: re.Match[str]) -> tuple[str, str] | None:
        return kind, value
    return resolve


def _anchor_unit(unit: str) -> Resolver:
    """A resolver for the day or year the anchor falls in ("for the day", "for the full year")."""
    def resolve(context: _Context, match: re.Match[str]) -> tuple[str, str] | None:
        return "DATE", _shift(context.anchor, unit, 0)
    return resolve


def _year_end(context: _Context, match: re.Match[str]) -> tuple[str, str] | None:
    return "DATE", _shift(context.anchor, "year", -1 if match.group("since") else 0)


def _relative_unit(context: _Context, match: re.Match[str]) -> tuple[str, str] | None:
    relation = re.sub(r"\s+", " ", match.group("rel").lower())
    unit = match.group("unit").lower()
    amount = 0
    if relation.endswith(("last", "past", "previous")):
        amount = -1
    elif relation.endswith(("next", "coming")):
        amount = 1
    if relation in ("the past", "the last", "the previous", "the coming", "the next") and unit in ("decade", "century"):
        return "DURATION", _duration(1, unit)  # "the past decade" is a stretch of time; "the past year" is last year
    if unit in SEASON_CODES:
        return _season(context, SEASON_CODES[unit], amount)
    return "DATE", _shift(context.anchor, unit, amount)


def _season(context: _Context, code: str, amount: int) -> tuple[str, str]:
    anchor = context.anchor
    if anchor is None:
        return "DATE", f"XXXX-{code}"
    year = anchor.year
    if amount < 0:
        year = anchor.year if SEASON_MONTHS[code] < anchor.month else anchor.year - 1
    elif amount > 0:
        year = anchor.year if SEASON_MONTHS[code] > anchor.month else anchor.year + 1
    return "DATE", f"{year:04d}-{code}"


def _season_of_year(context: _Context, match: re.Match[str]) -> tuple[str, str] | None:
    return "DATE", f"{match.group('year')}-{SEASON_CODES[match.group('season').lower()]}"


def _ago(context: _Context, match: re.Match[str]) -> tuple[str, str] | None:
    amount = _amount(match.group("number"))
    unit = match.group("unit").lower()
    direction = 1 if match.group("dir").lower() in ("from now", "hence") else -1
    if amount is None:
        return "DATE", "FUTURE_REF" if direction > 0 else "PAST_REF"
    if not float(amount).is_integer() or unit in ("hour", "minute", "second"):
        return None
    if unit == "week" and context.anchor is not None:
        # "two weeks ago" names a day, as TimeBank and MEANTIME read it
        return "DATE", (context.anchor + timedelta(weeks=direction * int(amount))).isoformat()
    return "DATE", _shift(context.anchor, unit, direction * int(amount))


def _duration_rule(context: _Context, match: re.Match[str]) -> tuple[str, str] | None:
    unit = match.group("unit").lower()
    if unit == "weekend":
        return None
    amount = _amount(match.group("number"))
    number = match.group("number").lower()
    if number == "the" and match.group(0).lower().endswith("s"):
        return "DURATION", _duration(None, unit)  # "over the years"
    if number == "the" and not match.group("mod") or unit in ("second", "quarter") and number in ("a", "an", "the"):
        return None  # "the year" alone, "a second round", "a quarter of the shares"
    if unit == "quarter" and context.text[max(0, match.start("unit") - 20) : match.start("unit")].rstrip().endswith("-"):
        return None  # "three-quarters" is a fraction
    if amount is not None and (match.group("half") or match.group("half_after")):
        amount += 0.5
    return "DURATION", _duration(amount, unit)


def _long_adjective(context: _Context, match: re.Match[str]) -> tuple[str, str] | None:
    unit = match.group("unit").lower()
    return "DURATION", _duration(None if match.group("plural") else 1, unit)


def _adjective_duration(context: _Context, match: re.Match[str]) -> tuple[str, str] | None:
    amount = parse_number(match.group("number"))
    if amount is None:
        return None
    return "DURATION", _duration(amount, match.group("unit").lower())


def _vague_duration(context: _Context, match: re.Match[str]) -> tuple[str, str] | None:
    unit = match.group("unit").lower().removesuffix("s")
    return "DURATION", _duration(None, "month" if unit == "quarter" else unit)


def _set_word(context: _Context, match: re.Match[str]) -> tuple[str, str] | None:
    return "SET", SET_WORDS[match.group("word").lower()]


def _every(context: _Context, match: re.Match[str]) -> tuple[str, str] | None:
    unit = match.group("unit").lower()
    amount = _amount(match.groupdict().get("number") or "1") or 1
    return "SET", _duration(amount, unit)


def _every_weekday(context: _Context, match: re.Match[str]) -> tuple[str, str] | None:
    return "SET", f"XXXX-WXX-{_weekday_number(match.group('weekday'))}"


def _quarter(context: _Context, match: re.Match[str]) -> tuple[str, str] | None:
    quarter = QUARTER_NUMBERS[match.group("ord").lower()]
    year_text = match.groupdict().get("year")
    if year_text:
        return "DATE", f"{year_text}-Q{quarter}"
    relation = (match.groupdict().get("rel") or "").lower()
    anchor = context.anchor
    if anchor is None:
        return "DATE", f"XXXX-Q{quarter}"
    if relation == "last year's" or relation == "last year":
        year = anchor.year - 1
    elif relation in ("this year", "this year's"):
        year = anchor.year
    elif relation in ("next year", "next year's"):
        year = anchor.year + 1
    else:
        start, end = match.span()
        year = _quarter_year(context, anchor, quarter, start, end)
    return "DATE", f"{year:04d}-Q{quarter}"


def _quarter_year(context: _Context, anchor: date, quarter: int, start: int, end: int) -> int:
    """A quarter named without a year is this year's, unless it has not begun and the sentence speaks of the past."""
    if quarter <= _quarter_of(anchor.month):
        return anchor.year
    return anchor.year if _tense_at(context, start, end) > 0 else anchor.year - 1


_NAMED_QUARTER = re.compile(r"\b(?P<ord>(?i:first|second|third|fourth))[\s-](?i:quarter)\b"
                            r"(?!\s+(?i:of|in)\s+(?:(?i:fiscal|calendar)\s+)?\d)")


def _reported_quarters(context: _Context, lowered: str) -> list[tuple[int, int, int]]:
    """Where the text names a quarter without a year, and which quarter that is; `lowered` is the text lowercased."""
    anchor = context.anchor
    if anchor is None or "quarter" not in lowered:
        return []
    quarters = []
    for match in _NAMED_QUARTER.finditer(context.text):
        if re.search(r"(?i:\d{4}|year's|year)\s+$", context.text[max(0, match.start() - 12):match.start()]):
            continue  # "the 1988 second quarter", "last year's fourth quarter"
        if _tense_at(context, *match.span()) > 0:
            continue  # "will result in a fourth-quarter charge" looks ahead; the report is about another quarter
        quarter = QUARTER_NUMBERS[match.group("ord").lower()]
        quarters.append((match.start(), _quarter_year(context, anchor, quarter, *match.span()), quarter))
    return quarters


def _reported_quarter_before(context: _Context, position: int) -> tuple[int, int] | None:
    """The (year, quarter) an earnings report is about at `position`: the one last named in the paragraph, else
    the first one the article names (later mentions are mostly comparisons: "after a flat second quarter")."""
    named = context.reported_quarters
    place = bisect_left(named, position, key=lambda quarter: quarter[0])
    if place == 0:
        return None
    offset, year, quarter = named[place - 1]
    breaks = context.once("paragraph breaks", 0, lambda: [m.start() for m in re.finditer("\n\n", context.text)])
    if bisect_left(breaks, position) > bisect_left(breaks, offset):
        offset, year, quarter = named[0]
    return year, quarter


def _last_completed_quarter(anchor: date, years_back: int = 0) -> str:
    year, month = _month_shift(anchor, -3)
    return f"{year - years_back:04d}-Q{_quarter_of(month)}"


def _latest_quarter(context: _Context, match: re.Match[str]) -> tuple[str, str] | None:
    """"the quarter" in an earnings report: the quarter named before it, else the last one ended by the anchor."""
    if context.anchor is None:
        return "DATE", "XXXX-QX"
    named = _reported_quarter_before(context, match.start())
    if named:
        return "DATE", f"{named[0]:04d}-Q{named[1]}"
    return "DATE", _last_completed_quarter(context.anchor)


def _year_ago(context: _Context, match: re.Match[str]) -> tuple[str, str] | None:
    """"a year ago" / "the year-earlier quarter": in an article about quarterly results, that quarter a year back.

    The quarter is the one named before (or the last one ended by the anchor); next to "nine months" or "the
    year" it is the year before instead.
    """
    anchor = context.anchor
    if anchor is None:
        return "DATE", "XXXX"
    ordinal = match.groupdict().get("ord")
    if ordinal:
        return "DATE", f"{anchor.year - 1:04d}-Q{QUARTER_NUMBERS[ordinal.lower()]}"
    bare = not re.search(r"(?i:quarter|period)$", match.group(0))
    if bare and _names_long_period(context, match.start()):
        return "DATE", f"{anchor.year - 1:04d}"
    named = _reported_quarter_before(context, match.start())
    if named:
        return "DATE", f"{named[0] - 1:04d}-Q{named[1]}"
    if context.once("names a quarter", 0, lambda: re.search(r"\bquarter", context.text, re.IGNORECASE) is not None):
        return "DATE", _last_completed_quarter(anchor, years_back=1)
    return "DATE", f"{anchor.year - 1:04d}"


_YEAR_LONG_PERIOD = re.compile(r"\b(?i:nine months|for the year|full year|fiscal year|first half|six months)\b(?!-)")


def _names_long_period(context: _Context, position: int) -> bool:
    """Whether the sentence at `position` speaks of nine months, a full year or a half: asked once per sentence."""
    sentence = _sentence_at(context, position)
    return context.once(
        "long period", sentence.start,
        lambda: _YEAR_LONG_PERIOD.search(context.text, sentence.start, sentence.end) is not None,
    )


def _year_period(context: _Context, match: re.Match[str]) -> tuple[str, str] | None:
    """"the 1988 period" in an earnings report: the reported quarter of that year, or that year next to "nine
    months"."""
    year = int(match.group("year"))
    named = _reported_quarter_before(context, match.start())
    if named is None or _names_long_period(context, match.start()):
        return "DATE", f"{year:04d}"
    return "DATE", f"{year:04d}-Q{named[1]}"


def _half(context: _Context, match: re.Match[str]) -> tuple[str, str] | None:
    half = 1 if match.group("ord").lower() == "first" else 2  # "second", "last"
    year_text = match.groupdict().get("year")
    anchor = context.anchor
    if year_text:
        year: int | None = int(year_text)
    elif anchor is None:
        year = None
    else:
        year = anchor.year if half == 1 or anchor.month > 6 else anchor.year - 1
    return "DATE", f"{_year_text(year)}-H{half}"


def _clock_time(context: _Context, match: re.Match[str]) -> tuple[str, str] | None:
    groups = match.groupdict()
    if groups.get("named"):
        hour, minute = (12, 0) if groups["named"].lower() == "noon" else (24, 0)
    else:
        hour, minute = int(groups["hour"]), int(groups["minute"] or 0)
        meridiem = (groups.get("ampm") or "").lower().replace(".", "")
        if meridiem == "pm" and hour < 12:
            hour += 12
        elif meridiem == "am" and hour == 12:
            hour = 0
        if hour > 24 or minute > 59:
            return None
    day = _DAY_IN_FOCUS  # "at 18:00 UTC" after "on Tuesday" is on that Tuesday
    start, end = match.span()
    if groups.get("weekday"):
        day = _weekday_value(context, _weekday_number(groups["weekday"]), None, start, end)
    elif groups.get("month"):
        dated = _full_date(context, match)  # "5 p.m. EST Nov. 9"
        if dated is None:
            return None
        day = dated[1]
    elif groups.get("dayword"):
        offset = {"today": 0, "yesterday": -1, "tomorrow": 1}[groups["dayword"].lower()]
        day = _shift(context.anchor, "day", offset)
    zone = "Z" if groups.get("zone") and groups["zone"].upper() in ("UTC", "GMT") else ""
    return "TIME", f"{day}T{hour:02d}:{minute:02d}{zone}"


def _named_day(value: str) -> Resolver:
    def resolve(context: _Context, match: re.Match[str]) -> tuple[str, str] | None:
        month, day = (int(part) for part in value.split("-"))
        start, end = match.span()
        return "DATE", f"{_year_text(_year_for_month_day(context, month, day, start, end))}-{value}"
    return resolve


def _weekend(context: _Context, match: re.Match[str]) -> tuple[str, str] | None:
    start, end = match.span()
    direction = _tense_at(context, start, end) or -1
    anchor = context.anchor
    if anchor is None:
        return "DATE", "XXXX-WXX-WE"
    if direction < 0 and anchor.isoweekday() < 6:
        return "DATE", _week_value(anchor - timedelta(weeks=1)) + "-WE"
    return "DATE", _week_value(anchor) + "-WE"


def _spelled_year(context: _Context, match: re.Match[str]) -> tuple[str, str] | None:
    """"nineteen ninety-six" → 1996, "the year two thousand" → 2000 (transcribed broadcasts write years out)."""
    if match.group("millennium"):
        rest = parse_number(match.group("rest")) if match.group("rest") else 0
        return ("DATE", f"{2000 + int(rest):04d}") if rest is not None and rest < 100 else None
    tens = TENS[match.group("tens").lower()]
    ones = UNITS[match.group("ones").lower()] if match.group("ones") else 0
    year = f"19{tens + ones:02d}"
    if match.groupdict().get("month"):
        return "DATE", f"{year}-{_month_number(match.group('month')):02d}"
    if match.groupdict().get("season"):
        return "DATE", f"{year}-{SEASON_CODES[match.group('season').lower()]}"
    return "DATE", year


def _spelled_decade(context: _Context, match: re.Match[str]) -> tuple[str, str] | None:
    """"the nineties" → 199, "the early sixties" → 196."""
    return "DATE", f"19{TENS[match.group('tens').lower() + 'y'] // 10}"


def _century(context: _Context, match: re.Match[str]) -> tuple[str, str] | None:
    ordinal = match.group("ordinal").lower()
    number = int(ordinal[:-2]) if ordinal[:-2].isdigit() else ORDINALS.get(ordinal)
    return ("DATE", f"{number - 1:02d}") if number else None


def _bare_season(context: _Context, match: re.Match[str]) -> tuple[str, str] | None:
    code = SEASON_CODES[match.group("season").lower()]
    return "DATE", f"{_year_text(context.anchor.year if context.anchor else None)}-{code}"


def _thanksgiving(context: _Context, match: re.Match[str]) -> tuple[str, str] | None:
    """The fourth Thursday of November: the one before the anchor after "last", else the nearest."""
    anchor = context.anchor
    if anchor is None:
        return "DATE", "XXXX-11-XX"
    candidates = [_fourth_thursday_of_november(year) for year in (anchor.year - 1, anchor.year, anchor.year + 1)]
    if match.group("rel"):
        return "DATE", max(day for day in candidates if day < anchor).isoformat()
    return "DATE", min(candidates, key=lambda day: abs((day - anchor).days)).isoformat()


def _fourth_thursday_of_november(year: int) -> date:
    first = date(year, 11, 1)
    return first + timedelta(days=(3 - first.weekday()) % 7 + 21)


_MONTH_NAME = "January|February|March|April|May|June|July|August|September|October|November|December"
_SPELLED_NINETEEN = (rf"(?i:nineteen)\s+(?:(?i:hundred)\s+(?:(?i:and)\s+)?)?(?P<tens>(?i:{'|'.join(TENS)}))"
                     rf"(?:[\s-](?P<ones>(?i:{'|'.join(name for name in UNITS if UNITS[name] < 10)})))?")


# --- rules --------------------------------------------------------------------------------------------------------

def _rule(pattern: str, resolve: Resolver, flags: int = 0, *, triggers: str, breaks: re.Pattern[str],
          needs: tuple[str, ...] = (), cased: bool = False, within: str | None = None) -> _Rule:
    """A rule; `within`, when given, is a wider trigger, with the same breaks, in whose stretches `triggers` lies."""
    compiled = re.compile(pattern, flags)
    wider = _shared(Where(re.compile(within), breaks, cased)) if within is not None else None
    where = _shared(Where(re.compile(triggers), breaks, cased, within=wider))
    return _Rule(compiled, resolve, where, needs, "x" if "x" in compiled.groupindex else 0)


_WHERES: dict[Where, Where] = {}


def _shared(where: Where) -> Where:
    """The first Where made equal to `where`: rules that share one share the object, which a text's memo finds by
    identity, where an equal one is compared field by field (a dataclass's __eq__, 25,000 times in 2,000 Reuters
    stories)."""
    return _WHERES.setdefault(where, where)


# Characters that end a stretch (see flows/extract/stretches.py): punctuation that none of the rules given these
# breaks matches or reads past. Clock times read colons, commas and full stops ("10:30 a.m., Tues."), dates in full
# commas and full stops ("Tues., Sept. 30, 2025"), numeric dates colons ("1987-02-26T10:00"), and the rest colons
# in no role and full stops only as decimal points. Dates in full and numeric dates take the clock times' breaks,
# the marks alone: fewer than they could take, so a little longer stretches, but listing another set of breaks
# costs a pass over the whole text.
_MARKS = r"()\[\]{}\"“”'‘’!?%$£€;"
_MARK_BREAKS = re.compile(rf"[{_MARKS}]")
_CLAUSE_BREAKS = re.compile(rf"[{_MARKS}:,]")
_SENTENCE_BREAKS = re.compile(rf"[{_MARKS}:,.](?!(?<=\.)\d)")  # one character class first: a quick search
# the quarter rule reads apostrophes ("last year's first quarter") and full stops ("1st qtr.")
_QUARTER_BREAKS = re.compile(r"[()\[\]{}\"“”‘’!?%$£€;:,]")
# decades ("the '90s", "the 1990's"), "year's end" and "New Year's Day" read apostrophes; the decades' patterns
# open with lookbehinds, which a search tries at every character of the text, so their stretches are found by a
# trigger (a class or literal the search skips to)
_APOSTROPHE_BREAKS = re.compile(r"[()\[\]{}\"“”‘!?%$£€;:,.]")
# triggers: what every match of a month or weekday holds, and a word every unit of _UNIT holds
# ("weekend" holds "week", "fortnight" "night"). A rule's trigger is as narrow as its matches allow ("May 28" holds
# "May" then a digit): the fewer stretches a trigger finds, the less text the rule's costly pattern reads.
_MONTH_TRIGGERS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
_MONTH_WORD = rf"(?:{_MONTH_TRIGGERS})[a-z]*\.?"  # a month's name or abbreviation with its full stop
_MONTH_THEN_DAY = rf"{_MONTH_WORD}\s+\d"
_DAY_THEN_MONTH = rf"\d(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTH_TRIGGERS})"
_MONTH_THEN_YEAR = rf"{_MONTH_WORD},?\s+(?:of\s+)?(?:1[6-9]|20)\d\d"
# a month other than May (which rules of its own read) with no day after it: its name or abbreviation ending a
# word, then no digit (not the "Mar" of "Market" or the "Dec" of "Decision", whose stretches the rule would read)
_MONTH_WITHOUT_DAY = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|June?|July?|Aug(?:ust)?"
                      r"|Sep(?:t|tember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)(?![a-z])(?!\.?\s*\d)")
_WEEKDAY_TRIGGERS = r"(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day|\.)"
_UNIT_TRIGGERS = "year|month|week|day|decade|centur|quarter|hour|minute|second|night"
# a unit as a word of its own or after a hyphen, as a count before it leaves it ("two days", "three-year"), not
# inside another word ("today", "Monday", "holiday")
_UNIT_WORD = rf"[\s-](?:{_UNIT_TRIGGERS}|fortnight)"
# and the seasons ("this spring"): the stretches in which the rules whose matches hold one search for their triggers
_UNIT_OR_SEASON_WORD = rf"[\s-](?:{_UNIT_TRIGGERS}|fortnight|{'|'.join(SEASON_CODES)})"
# The durations rule, the costliest pattern, reads only the stretches where a unit word follows what a count ends
# on (a digit, "½", a number word, "few", "a couple of", "the", "half") or a word between it and the unit ("more",
# "trading"), then a space or hyphen; two of those in a row stand for a longer gap. The unit words' stretches, which
# other rules read anyway, are searched for it, not the whole text: "this year", "per day" and "last week" are left
# to those rules.
_COUNT_ENDINGS = (*UNITS, *TENS, *SCALES, "and", "few", "of", "several", "many", "some", "a", "an", "the", "half",
                  "more", "additional", "full", "straight", "consecutive", "trading", "business", "working")
_COUNTED_UNIT_WORD = (rf"[\s-](?={_UNIT_TRIGGERS}|fortnight)(?:(?<=[\d½\s-][\s-])|"
                      + "|".join(rf"(?<={word}[\s-])" for word in _COUNT_ENDINGS) + ")")
# The vague durations rule, likewise, reads only the unit words' stretches where a plural unit follows one of its
# words ("for years", "took months", "decades": the plurals before it end in "s", "within" in "in") or two spaces.
_SPAN_OF_UNITS = (r"\s(?=years|months|weeks|days|decades|hours|minutes)"
                  r"(?:(?<=\s\s)|(?<=for\s)|(?<=over\s)|(?<=in\s)|(?<=take\s)|(?<=took\s)|(?<=last\s)|(?<=lasted\s)"
                  r"|(?<=s\s))")
# Rules whose matches all hold a wider rule's trigger, with the same breaks, share that trigger: one search of the
# text finds the stretches of all of them (a stretch that holds no match of a rule costs its scan little, a search
# of the whole text much). A year's digits are in "the 1989 first quarter", "the 1988 period", "summer of 2020", a
# unit word in "a year", "for months"; and "last week", "this fiscal year".
# The dates that hold a month's name search for their triggers in the stretches of a month's abbreviation (found
# once, not four times over the whole text), and every rule whose matches all hold a unit or season word after a
# space or hyphen ("the following month", "that day", "a year ago", "two weeks from now", "three-year", "for the
# year", "this spring") in those words' stretches, which the durations rule finds anyway: those are a tenth of a
# text or less (8% of recent articles' characters, 15% of Reuters'), where a trigger of its own is a search of the
# whole text.
_YEAR_DIGITS = r"(?:1[6-9]|20)\d\d"
# A search for a trigger that opens on a letter or two skips through the text to them; one that opens on a digit
# or a case-blind word tries its pattern at nearly every character. These triggers open on their rarest part and
# read what comes before it in a lookbehind, finding what the digit-first forms find (and a few more stretches):
# the numeric and ISO dates' separators ("2/26/87", "1987-02-26" hold "-02-26"), the clock's "m" of "10 a.m."
# and "5pm" (a digit or a space before "am", and no letter after it: not the "am" of "among" or "American", which
# would make a stretch of most paragraphs), or its "noon" and "midnight", and a time zone's "T" ending a word
# ("16:00 UTC", "10 p.m. EST").
_NUMERIC_DATE = r"[/-]\d\d?[/-]\d\d"
_CLOCK_WORD = r"m(?:(?<=[\d\s][ap]m)(?![a-z])|(?<=[\d\s][ap]\.m)|idnight)|noon"
_TIME_ZONE = r"T(?:(?:(?<=[\d\s][A-Z][A-Z]T)|(?<=[\d\s][A-Z][A-Z][A-Z]T))(?!\w)|(?<=[\d\s]UT)(?=C(?!\w)))"
_RELATIVE_UNIT = (r"(?:this|last|next|past|previous|coming|current)\s+(?:fiscal\s+)?"
                  r"(?:year|month|week|quarter|decade|century|spring|summer|fall|autumn|winter)")


_TENS_STEMS = "|".join(name.removesuffix("y") for name in TENS)  # "ninet" + "ies"
_SPELLED_DECADES = tuple(name.removesuffix("y") + "ies" for name in TENS)  # "nineties": rarer than "ties"
_I = re.IGNORECASE
_AGO_APPROX_WORDS = ("about", "around", "nearly", "almost", "some", "more than", "less than", "over", "roughly",
                     "just", "only")
_WEEKDAY_PREFIX = rf"(?:{_WEEKDAY.replace('?P<weekday>', '?:')},?[ \t]+)"
# the words before a "May" that is the month ("in May"), not the verb
_BEFORE_MAY = ("in", "since", "by", "until", "till", "of", "from", "through", "during", "before", "after", "on", "for",
               "and", "to", "between")
_DEICTIC_DAYS = ("the day before yesterday", "the day after tomorrow", "today", "yesterday", "tomorrow", "tonight",
                 "last night")
# the words before "the day" the report is about ("ended the day", "for the day")
_BEFORE_THE_DAY = ("for", "on", "during", "over", "end", "ends", "ended", "ending", "finish", "finished", "finishing",
                   "close", "closed", "of", "in")
_PRESENT_WORDS = ("now", "currently", "presently", "at present", "nowadays", "these days", "the present", "right now")
# A pattern that opens with case-blind words opens with a class of the letters a match can open with (made with the
# words by _guarded_words, or by _opening_letters; written out, as "(?=(?i:[eltn]))", where the words are spread over
# the pattern): the regular-expression engine tries each case-blind word in turn at every position it scans, a class
# in one test. The matches are the same: tests/test_timex_guards.py finds them so for every class.
_RULES: list[_Rule] = [
    # "Wednesday, May 28", "May 28, 2025", "Sept. 30", "June 1st"
    _rule(rf"(?=[JFMASONDTWt])(?<![\w$]){_WEEKDAY_PREFIX}?(?:the\s+)?{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?", _full_date,
          triggers=_MONTH_THEN_DAY, within=_MONTH_TRIGGERS, cased=True, breaks=_MARK_BREAKS),
    # "28 May 2025", "Wednesday, 28 May"
    _rule(rf"(?=[MTWFSt]|\d)(?<![\w$]){_WEEKDAY_PREFIX}?(?:the\s+)?{_DAY}(?:\s+of)?\s+{_MONTH}(?:,?\s+{_YEAR})?",
          _full_date,
          triggers=_DAY_THEN_MONTH, within=_MONTH_TRIGGERS, cased=True, breaks=_MARK_BREAKS),
    # "the week of March 6"
    _rule(rf"\b(?i:the)\s+(?i:week)\s+(?i:of)\s+{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?", _week_of_date, needs=("week of",),
          triggers=r"week\s+of", breaks=_MARK_BREAKS),
    # "February 2022", "mid-March 1998"
    _rule(rf"(?=[emlJFMASOND])(?<![\w$])(?:(?:early|mid|late)[\s-]+)?{_MONTH},?\s+(?:of\s+)?{_YEAR}", _month_year,
          triggers=_MONTH_THEN_YEAR, within=_MONTH_TRIGGERS, cased=True, breaks=_MARK_BREAKS),
    # "June last year", "October of next year"
    _rule(rf"(?=[JFMASOND])(?<![\w$]){_MONTH}(?:\s+of)?\s+(?P<rel>(?i:last|this|next))\s+(?i:year)\b",
          _month_of_relative_year,
          needs=("last year", "this year", "next year"), triggers=rf"{_MONTH_WORD}\s+(?:of\s+)?(?i:last|this|next)\s",
          within=_MONTH_TRIGGERS, cased=True, breaks=_MARK_BREAKS),
    # "March", "last April", "in May", "late November"
    _rule(rf"(?=(?i:[lntem])|[JFMASOND])"
          rf"(?:(?P<rel>(?i:last|next|this|early|late|mid|the end of|the beginning of))[\s-]+)?"
          rf"(?<![\w$])(?!May\b)(?!(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b(?!\.)){_MONTH}(?!\.?\s*\d)",
          _bare_month, triggers=_MONTH_WITHOUT_DAY, cased=True, breaks=_CLAUSE_BREAKS),
    _rule(rf"\b{_guarded_words(_BEFORE_MAY)}\s+"
          r"(?P<rel>)(?P<x>(?P<month>May))(?!\s*\d)", _bare_month, triggers="May", cased=True,
          breaks=_SENTENCE_BREAKS),
    _rule(rf"\b(?P<rel>{_guarded_words(('last', 'next', 'this', 'early', 'late', 'mid'))})[\s-]+(?P<month>May)"
          r"(?!\s*\d)", _bare_month, triggers="May", cased=True, breaks=_SENTENCE_BREAKS),
    # ISO and numeric dates, wire time stamps
    _rule(r"(?<![\d/-])(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)"
          r"(?:T(?P<hh>\d\d):(?P<mm>\d\d)(?::(?P<ss>\d\d))?)?(?![\d])", _numeric_date,
          triggers=_NUMERIC_DATE, cased=True, breaks=_MARK_BREAKS),
    _rule(r"(?<![\d/.-])(?P<m>[01]?\d)[/-](?P<d>[0-3]?\d)[/-](?P<y>(?:19|20)?\d\d)"
          r"(?:\s+(?P<hh>[0-2]\d):?(?P<mm>[0-5]\d)(?::(?P<ss>\d\d))?(?:\s*[A-Z]{2,4})?)?(?![\d/])", _numeric_date,
          triggers=_NUMERIC_DATE, cased=True, breaks=_MARK_BREAKS),
    # "2014", "fiscal 1989", "mid-1990"
    _rule(rf"(?<![\w$£€.,/-])(?=(?i:[femlc])|[12])(?:(?i:fiscal|early|mid|late|calendar)[\s-]+)?"
          rf"{_YEAR}(?!\s*(?:%|percent|per cent))",
          _year, triggers=_YEAR_DIGITS, cased=True, breaks=_SENTENCE_BREAKS),
    _rule(r"(?<![\w$])(?:the\s+)?(?:(?i:early|mid|late)[\s-]+)?(?P<decade>(?:1[6-9]|20)\d0)'?s\b", _decade,
          needs=("0s", "0's"), triggers=r"(?:1[6-9]|20)\d0'?s", cased=True, breaks=_APOSTROPHE_BREAKS),
    _rule(r"(?<![\w$])(?:the\s+)?(?:(?i:early|mid|late)[\s-]+)?['’](?P<decade>\d0)s\b", _decade, needs=("0s",),
          triggers=r"['’]\d0s", cased=True, breaks=_APOSTROPHE_BREAKS),
    # "the 70s and 80s"; "in his 30s" is an age
    _rule(r"(?:(?<=\b[Tt]he )|(?<=0s and )|(?<=0s or ))(?P<decade>[1-9]0)s\b", _decade, needs=("0s",),
          triggers="[1-9]0s", cased=True, breaks=_APOSTROPHE_BREAKS),
    # weekdays, with "next"/"last" and a part of the day ("Friday night" → 1998-08-07TNI)
    _rule(rf"(?=(?i:[nltcp])|[MTWFS])(?:(?P<rel>(?i:next|last|this coming|this past|coming|past|this))\s+)?{_WEEKDAY}"
          rf"(?:\s+(?P<part>morning|afternoon|evening|night))?", _weekday, triggers=_WEEKDAY_TRIGGERS, cased=True,
          breaks=_CLAUSE_BREAKS),
    _rule(rf"(?i:every|each)\s+{_WEEKDAY}", _every_weekday, needs=("every", "each"),
          triggers=r"(?:every|each)\s+(?:mon|tue|wed|thu|fri|sat|sun)", breaks=_CLAUSE_BREAKS),
    _rule(rf"\b(?P<word>{_guarded_words(_DEICTIC_DAYS)})"
          r"(?:\s+(?P<part>(?i:morning|afternoon|evening|night)))?\b", _deictic_day,
          needs=("today", "yesterday", "tomorrow", "tonight", "last night"),
          triggers="to(?:day|morrow|night)|yesterday|last night", breaks=_SENTENCE_BREAKS),
    _rule(r"\b(?i:this)\s+(?P<part>(?i:morning|afternoon|evening))\b", _this_part_of_day,
          needs=("this morning", "this afternoon", "this evening"), triggers=r"this\s+(?:morning|afternoon|evening)",
          breaks=_SENTENCE_BREAKS),
    # "mid-afternoon yesterday", "midday" (each alternative of the trigger opens on a letter, which a search skips
    # to: one opening on a group is tried at every character of the text)
    _rule(r"\b(?i:mid)[\s-]?(?P<part>(?i:morning|afternoon|evening))(?:\s+(?P<word>(?i:today|yesterday|tomorrow)))?\b"
          r"|\b(?P<part2>(?i:morning|afternoon|evening))\s+(?P<word2>(?i:today|yesterday|tomorrow))\b", _part_of_day,
          needs=("morning", "afternoon", "evening"),
          triggers=r"mid[\s-]?(?:morning|afternoon|evening)|morning\s+(?:today|yesterday|tomorrow)"
                   r"|afternoon\s+(?:today|yesterday|tomorrow)|evening\s+(?:today|yesterday|tomorrow)",
          breaks=_SENTENCE_BREAKS),
    _rule(r"\b(?i:midday)\b", _constant_time_today("12:00"), needs=("midday",), triggers="midday",
          breaks=_SENTENCE_BREAKS),
    # "shares closed higher on the day", "ended the day at 8,017", "late in the day": the day the report is about
    _rule(rf"\b{_guarded_words(_BEFORE_THE_DAY)}\s+"
          r"(?P<x>(?:(?i:the)\s+(?:(?i:same|whole|entire)\s+)?|(?i:that)\s+(?:(?i:same)\s+)?)(?i:day))\b"
          r"(?!\s+(?:before|after|of|when|that|in|on|to)\b|-)", _constant(_DAY_IN_FOCUS), needs=("day",),
          triggers=r"th(?:e|at)\s+(?:(?:same|whole|entire)\s+)?day", within=_UNIT_OR_SEASON_WORD,
          breaks=_SENTENCE_BREAKS),
    _rule(r"\b(?i:late|early|earlier|later)\s+(?i:in)\s+(?i:the)\s+(?i:day)\b|\b(?i:the)\s+(?i:start|end|beginning)\s+"
          r"(?i:of)\s+(?i:the)\s+(?i:day)\b", _constant(_DAY_IN_FOCUS), needs=("the day",), triggers=r"the\s+day",
          within=_UNIT_OR_SEASON_WORD, breaks=_SENTENCE_BREAKS),
    # "by year-end", "around year end", "by the end of the year": this year's end; "since year-end" the last one
    _rule(r"\b(?:(?P<since>(?i:since))\s+)?(?P<x>(?:(?i:around)\s+)?(?:(?i:year)[- ](?i:end)|(?i:year's end)"
          r"|(?i:the end of the year)))\b(?!-)", _year_end,
          needs=("year end", "year-end", "year's end", "end of the year"),
          triggers="year[- ]end|year's end|end of the year", breaks=_APOSTROPHE_BREAKS),
    _rule(r"\b(?:(?i:earlier|later)\s+(?i:that)|(?i:that\s+same))\s+(?i:day)\b", _constant(_DAY_IN_FOCUS),
          needs=("that day", "that same day"), triggers=r"that\s+(?:same\s+)?day", within=_UNIT_OR_SEASON_WORD,
          breaks=_SENTENCE_BREAKS),
    # "the following month", "the previous month"
    _rule(r"\b(?i:the)\s+(?i:following|next)\s+(?i:month)\b(?!-)", _constant("FOCUS-M+1"), needs=("month",),
          triggers=r"(?:following|next)\s+month", within=_UNIT_OR_SEASON_WORD, breaks=_SENTENCE_BREAKS),
    _rule(r"\b(?i:the)\s+(?i:previous|preceding|prior)\s+(?i:month)\b(?!-)", _constant("FOCUS-M-1"), needs=("month",),
          triggers=r"(?:previous|preceding|prior)\s+month", within=_UNIT_OR_SEASON_WORD, breaks=_SENTENCE_BREAKS),
    # "that year", "the following year", "the year before": a year counted from the last one the text named
    _rule(r"\b(?:(?i:later|earlier)\s+)?(?i:that)\s+(?i:same\s+)?(?i:year)\b(?!-)", _constant("FOCUS-Y+0"),
          needs=("that year", "that same year"), triggers=r"that\s+(?:same\s+)?year", within=_UNIT_OR_SEASON_WORD,
          breaks=_SENTENCE_BREAKS),
    _rule(r"\b(?i:the)\s+(?i:following|next)\s+(?i:year)\b(?!-|\s+or\b)"
          r"|\b(?i:the)\s+(?i:year)\s+(?i:after)\b(?!\s+(?:next|that))",
          _constant("FOCUS-Y+1"), needs=("following year", "next year", "year after"),
          triggers=r"(?:following|next)\s+year|year\s+after", within=_UNIT_OR_SEASON_WORD, breaks=_SENTENCE_BREAKS),
    _rule(r"\b(?i:the)\s+(?i:previous|preceding|prior)\s+(?i:year)\b(?!-)"
          r"|\b(?i:the)\s+(?i:year)\s+(?i:before|previous)\b"
          r"(?!\s+(?:last|that))", _constant("FOCUS-Y-1"),
          needs=("previous year", "preceding year", "prior year", "year before", "year previous"),
          triggers=r"(?:previous|preceding|prior)\s+year|year\s+(?:before|previous)", within=_UNIT_OR_SEASON_WORD,
          breaks=_SENTENCE_BREAKS),
    # clock times: "10 p.m. Wednesday", "16:00 UTC today", "noon Thursday"
    _rule(rf"(?<![\w:.])(?:(?P<hour>[0-2]?\d)(?::(?P<minute>[0-5]\d))?\s*(?P<ampm>(?i:a\.m\.|p\.m\.|am\b|pm\b))"
          rf"|(?P<named>(?i:noon|midnight)))"
          rf"(?:\s*(?P<zone>[A-Z]{{2,4}}T?\b))?"
          rf"(?:,?\s+(?:on\s+)?(?:{_WEEKDAY}|(?P<dayword>(?i:today|yesterday|tomorrow))|{_MONTH}\s+{_DAY}))?",
          _clock_time, triggers=_CLOCK_WORD, breaks=_MARK_BREAKS),
    _rule(rf"(?<![\w:.])(?P<hour>[0-2]\d):?(?P<minute>[0-5]\d)(?:\s*(?P<zone>UTC|GMT|[A-Z]{{2,3}}T)\b)"
          rf"(?:,?\s+(?:on\s+)?(?:{_WEEKDAY}|(?P<dayword>(?i:today|yesterday|tomorrow))))?", _clock_time,
          triggers=_TIME_ZONE, cased=True, breaks=_MARK_BREAKS),
    # vague references
    _rule(rf"\b{_guarded_words(_PRESENT_WORDS)}\b(?!-)",
          _constant("PRESENT_REF"), needs=("now", "currently", "present", "these days"),
          triggers="(?:now|currently|presently|present|nowadays|these days)(?![a-z])", breaks=_SENTENCE_BREAKS),
    _rule(r"\b(?i:current)\b(?!\s+(?:account|accounts|events|affairs|assets|liabilities))", _constant("PRESENT_REF"),
          needs=("current",), triggers="current", breaks=_SENTENCE_BREAKS),
    _rule(rf"\b{_guarded_words(('recently', 'lately', 'the past', 'in the past'))}\b(?!\s+(?:of|decade))",
          _constant("PAST_REF"), needs=("recently", "lately", "the past"),
          triggers="(?:recently|lately|the past)(?![a-z])", breaks=_SENTENCE_BREAKS),
    _rule(r"\b(?i:recent|the past few|the last few|the past several|the last several|coming|the coming)\s+"
          r"(?P<unit>(?i:day|week|month|year|decade|quarter))s\b", _vague_duration,
          needs=("recent", "few", "several", "coming"),
          triggers=r"(?:recent|few|several|coming)\s+(?:day|week|month|year|decade|quarter)s",
          within=_UNIT_OR_SEASON_WORD, breaks=_SENTENCE_BREAKS),
    _rule(r"\b(?i:the future|the long term|the near term|the short term|the near future)\b",
          _constant("FUTURE_REF"), needs=("future", " term"),
          triggers="the (?:near )?future|the (?:long|near|short) term", breaks=_SENTENCE_BREAKS),
    # "earlier this year", "last week", "next month", "the third quarter of 1989", "this summer"
    _rule(r"\b(?=(?i:[eltn]))(?P<rel>(?i:(?:(?:earlier|later|early|late|the end of|the beginning of|the rest of)\s+)?"
          r"(?:this|last|next|the past|the previous|the coming|this past|this coming|the current)))\s+(?:(?i:fiscal)\s+)?"
          r"(?P<unit>(?i:year|month|week|weekend|quarter|decade|century|spring|summer|fall|autumn|winter))\b",
          _relative_unit, triggers=_RELATIVE_UNIT, within=_UNIT_OR_SEASON_WORD, breaks=_SENTENCE_BREAKS),
    _rule(r"\b(?=(?i:[eltn]))(?P<rel>(?i:(?:earlier|later|early|late)\s+)?(?:this|last|next))\s+"
          r"(?P<unit>(?i:year|month|week))\b",
          _relative_unit, triggers=_RELATIVE_UNIT, within=_UNIT_OR_SEASON_WORD, breaks=_SENTENCE_BREAKS),
    _rule(rf"\b(?=(?i:[telsfaw]))(?:(?i:the)\s+)?(?:(?i:early|late)\s+)?"
          rf"(?P<season>(?i:spring|summer|fall|autumn|winter))"
          rf"(?:\s+of)?\s+{_YEAR}", _season_of_year, needs=("spring", "summer", "fall", "autumn", "winter"),
          triggers=_YEAR_DIGITS, cased=True, breaks=_SENTENCE_BREAKS),
    _rule(rf"\b(?:(?P<rel>(?i:last year's|last year|this year's|this year|next year's|next year))\s+)?"
          rf"(?:(?i:the)\s+)?(?P<ord>(?i:first|second|third|fourth|final|1st|2nd|3rd|4th))[\s-](?i:quarter|qtr\.?)"
          rf"(?:\s+(?i:of|in)\s+(?:(?:fiscal|calendar)\s+)?{_YEAR})?", _quarter, needs=("quarter", "qtr"),
          triggers=r"(?:first|second|third|fourth|final|1st|2nd|3rd|4th)[\s-](?:quarter|qtr)",
          breaks=_QUARTER_BREAKS),
    _rule(r"\b(?:(?i:the)\s+)?(?P<ord>(?i:first|second|third|fourth|final))[\s-](?i:quarter)\s+(?i:of)\s+"
          r"(?P<rel>(?i:last year|this year|next year))\b", _quarter, needs=("quarter",),
          triggers=r"quarter\s+of\s+(?:last|this|next) year", within=_UNIT_OR_SEASON_WORD, breaks=_SENTENCE_BREAKS),
    _rule(rf"\b(?i:the)\s+{_YEAR}\s+(?P<ord>(?i:first|second|third|fourth))[\s-](?i:quarter)", _quarter,
          needs=("quarter",), triggers=_YEAR_DIGITS, cased=True, breaks=_SENTENCE_BREAKS),
    _rule(rf"\b(?i:the)\s+{_YEAR}\s+(?i:quarter|period)\b", _year_period, needs=("quarter", "period"),
          triggers=_YEAR_DIGITS, cased=True, breaks=_SENTENCE_BREAKS),
    _rule(r"\b(?i:the)\s+(?:(?i:latest|most recent|recent|fiscal|last|just-ended|just-completed)\s+)?"
          r"(?i:quarter|period)\b", _latest_quarter, needs=("quarter", "period"), triggers="quarter|period",
          breaks=_SENTENCE_BREAKS),
    _rule(rf"\b(?:(?i:the)\s+)?(?P<ord>(?i:first|second))[\s-](?i:half)(?:\s+(?i:of)\s+{_YEAR})?", _half,
          needs=("half",), triggers=r"(?:first|second)[\s-]half", breaks=_SENTENCE_BREAKS),
    _rule(rf"\b(?:(?i:the)\s+)?(?P<ord>(?i:last))[\s-](?i:half)\s+(?i:of)\s+{_YEAR}", _half, needs=("half",),
          triggers=r"last[\s-]half", breaks=_SENTENCE_BREAKS),
    _rule(r"\b(?:(?i:the)\s+)?(?i:weekend)\b", _weekend, needs=("weekend",), triggers="weekend",
          breaks=_SENTENCE_BREAKS),
    # "two days ago", "a year earlier", "three weeks from now"
    _rule(r"\b(?i:a|one)\s+(?P<unit>(?i:year))\s+(?i:ago|earlier|before)\b", _year_ago,
          needs=("year ago", "year earlier", "year before"), triggers=r"\syear\s+(?:ago|earlier|before)",
          within=_UNIT_OR_SEASON_WORD, breaks=_SENTENCE_BREAKS),
    _rule(r"\b(?:(?i:the)\s+)?(?:(?i:comparable|corresponding|same)\s+)?(?i:year-ago|year-earlier|year-before)"
          r"(?:\s+(?:(?P<ord>(?i:first|second|third|fourth))[\s-])?(?i:quarter|period))?", _year_ago,
          needs=("year-ago", "year-earlier", "year-before"), triggers="year-(?:ago|earlier|before)",
          breaks=_SENTENCE_BREAKS),
    _rule(rf"\b(?=[{_NUMBER_OPENS}{_opening_letters(_AGO_APPROX_WORDS)}])(?:(?:{'|'.join(_AGO_APPROX_WORDS)})\s+)?"
          rf"{_NUMBER}[\s-]+(?:or so\s+)?{_UNIT}\s+(?:or so\s+)?(?P<dir>ago|from now|hence)\b", _ago, _I,
          needs=("ago", "from now", "hence"), triggers=rf"{_UNIT_WORD}[a-z]*\s+(?:or so\s+)?(?:ago|from now|hence)",
          within=_UNIT_OR_SEASON_WORD, breaks=_SENTENCE_BREAKS),
    # durations: "at least four more days", "the past two years", "three-year", "a week"
    # "5 1/2 hours", "two and a half years", "a minute and a half" add a half
    _rule(rf"\b(?=[{_NUMBER_OPENS}{_opening_letters(_APPROX_WORDS)}])(?:{_APPROX}\s+)?(?:(?=a)(?i:another)\s+)?"
          rf"{_NUMBER}(?P<half>\s+(?:1/2|½|and\s+a\s+half))?"
          rf"(?:[\s-]+(?i:more|additional|full|straight|consecutive|trading|business|working))?"
          rf"[\s-]+{_UNIT}\b(?P<half_after>\s+and\s+a\s+half\b)?(?!-|\s+old\b)", _duration_rule, _I,
          triggers=_COUNTED_UNIT_WORD, within=_UNIT_OR_SEASON_WORD, breaks=_SENTENCE_BREAKS),
    _rule(rf"\b(?=[\d{_opening_letters(UNITS, TENS)}])(?P<number>\d+(?:\.\d+)?|{NUMBER_WORDS_PATTERN})"
          rf"-{_UNIT.replace('s?', '')}(?:-long)?\b(?!-old)",
          _adjective_duration, _I, triggers=rf"-(?:{_UNIT_TRIGGERS}|fortnight)", within=_UNIT_OR_SEASON_WORD,
          breaks=_SENTENCE_BREAKS),
    # "a decades-long dispute" (a vague count), "a day-long strike" (one)
    _rule(r"\b(?P<unit>(?i:decade|year|month|week|day|hour))(?P<plural>s)?-(?i:long)\b", _long_adjective,
          needs=("-long",), triggers="-long", breaks=_SENTENCE_BREAKS),
    _rule(r"\b(?:for|over|in|within|take|takes|took|last|lasted|decades|years|months|weeks|days)\s+"
          r"(?P<x>(?P<unit>years|months|weeks|days|decades|hours|minutes))\b(?!\s+(?:ago|old|of|to))",
          _vague_duration, _I, triggers=_SPAN_OF_UNITS, within=_UNIT_OR_SEASON_WORD, breaks=_SENTENCE_BREAKS),
    # sets: "daily", "every month", "each year", "twice a year" is left out (a frequency, not a set value)
    _rule(rf"\b(?P<word>(?i:{'|'.join(SET_WORDS)}))\b", _set_word,
          needs=("daily", "weekly", "monthly", "yearly", "hourly"), triggers="|".join(SET_WORDS),
          breaks=_SENTENCE_BREAKS),
    _rule(rf"\b{_guarded_words(('every', 'each', 'per'))}\s+(?:{_NUMBER}\s+)?{_UNIT}\b", _every, _I,
          needs=("every", "each", "per "),
          triggers=_UNIT_WORD, within=_UNIT_OR_SEASON_WORD, breaks=_SENTENCE_BREAKS),
    _rule(r"\d\s+(?P<x>(?i:a|an)\s+(?P<unit>(?i:year|month|week|day|hour)))\b", _every,
          triggers=_UNIT_WORD, within=_UNIT_OR_SEASON_WORD, breaks=_SENTENCE_BREAKS),
    # "for the year ended Sept. 30" is a year-long span; "sales for the full year" is this year
    _rule(r"\b(?i:the)\s+(?:(?i:full|fiscal|calendar|financial)\s+)?(?i:year)(?=\s+(?i:ended|ending|to)\b)",
          _constant("P1Y", "DURATION"), triggers=r"\syear", within=_UNIT_OR_SEASON_WORD, breaks=_SENTENCE_BREAKS),
    _rule(rf"\b{_guarded_words(('for', 'in', 'during', 'over'))}\s+"
          r"(?P<x>(?i:the)\s+(?:(?i:full|fiscal|calendar|financial)\s+)?(?i:year))\b"
          r"(?![\s-]+(?:\d|ago|earlier|before))", _anchor_unit("year"), triggers=r"\syear", within=_UNIT_OR_SEASON_WORD,
          breaks=_SENTENCE_BREAKS),
    # years written out ("January nineteen ninety-seven", "the winter of nineteen ninety-four"), the nineties,
    # centuries, seasons without a year
    _rule(rf"\b(?:(?:(?P<month>{_MONTH_NAME})|(?:(?i:the)\s+)?(?P<season>(?i:spring|summer|fall|autumn|winter))"
          rf"\s+(?i:of))\s+|(?i:the year)\s+)?{_SPELLED_NINETEEN}\b(?P<millennium>)", _spelled_year,
          needs=("nineteen",), triggers="nineteen", breaks=_SENTENCE_BREAKS),
    _rule(rf"\b(?i:the)\s+(?:(?i:early|mid|late)[\s-]+)?(?:(?i:nineteen)[\s-]+)?"
          rf"(?P<tens>(?i:{_TENS_STEMS}))(?i:ies)\b", _spelled_decade, needs=_SPELLED_DECADES,
          triggers=rf"(?:{_TENS_STEMS})ies", breaks=_SENTENCE_BREAKS),
    _rule(rf"\b(?i:the year)\s+(?P<millennium>(?i:two thousand))"
          rf"(?:\s+(?:(?i:and)\s+)?(?P<rest>(?i:{NUMBER_WORDS_PATTERN})))?\b", _spelled_year, needs=("two thousand",),
          triggers="two thousand", breaks=_SENTENCE_BREAKS),
    _rule(rf"\b(?:(?i:the)\s+)?(?P<ordinal>\d{{1,2}}(?:st|nd|rd|th)|(?i:{'|'.join(ORDINALS)}))[\s-](?i:century)\b",
          _century, needs=("century",), triggers="century", breaks=_SENTENCE_BREAKS),
    _rule(r"\b(?=(?i:[telmswa]))(?:(?i:the)\s+)?(?:(?i:early|late|mid)[\s-]+)?"
          r"(?P<season>(?i:summer|winter|autumn)|Spring)\b(?!\s+of)",
          _bare_season, needs=("summer", "winter", "autumn", "spring"), triggers="summer|winter|autumn|spring",
          breaks=_SENTENCE_BREAKS),
    _rule(r"\b(?:(?P<rel>(?i:last))\s+)?Thanksgiving(?:\s+Day)?\b", _thanksgiving, needs=("thanksgiving",),
          triggers="Thanksgiving", cased=True, breaks=_SENTENCE_BREAKS),
    # holidays
    _rule(r"\b(?:Christmas Day|Christmas)\b", _named_day("12-25"), needs=("christmas",), triggers="Christmas", cased=True,
          breaks=_SENTENCE_BREAKS),
    _rule(r"\b(?:New Year's Day)\b", _named_day("01-01"), needs=("new year's day",), triggers="New Year's Day",
          cased=True, breaks=_APOSTROPHE_BREAKS),
]
# every word some rule needs (see _Rule.needs)
_NEEDED_WORDS = sorted({word for rule in _RULES for word in rule.needs})


def _holders(words: list[str]) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """The words that hold none of the others, and for each of those that others hold, the words holding it (a word
    holding two goes with the one fewer words hold): a text is searched for a word only when it holds its part,
    where most of a whole text's searches are for words it does not hold."""
    parts = {word: [part for part in words if part != word and part in word] for word in words}
    holding: dict[str, list[str]] = {}
    for word in words:
        if parts[word]:
            part = min((part for part in parts[word] if not parts[part]),  # (one the first search looks for)
                       key=lambda part: (sum(part in other for other in words), part))
            holding.setdefault(part, []).append(word)
    return [word for word in words if not parts[word]], sorted(holding.items())


# "year" is no rule's word, but 23 of them hold it
_UNHELD_WORDS, _HOLDERS = _holders([*_NEEDED_WORDS, "year"])

