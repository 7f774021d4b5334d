"""Units and scale as separate, normalised fields: "92.50 dlrs a share" → 92.5 USD per share; "8.1 billion dlrs" →
8.1e9 USD (scale 1e9); "2.3 mln bpd" → 2.3e6 barrels/day; "Can dlrs" → CAD.

The words come from the tables in ``data/`` (units, scales, what a rate is per, the country word that picks a
dollar), so a new currency or unit is a line of data, not code. The tail after a number is read with one anchored
pattern of bounded length: the cost per quantity is constant whatever the text around it.
"""

from __future__ import annotations

import functools
import math
import re
from pathlib import Path

from flows.extract.alternation import word_alternation
from flows.records import Quantity

DATA_DIR = Path(__file__).with_name("data")


# what a case-blind pattern takes for an ASCII letter besides its two cases
_CASE_BLIND_EXTRAS = {"i": "İı", "k": "K", "s": "ſ"}


def case_variants(letter: str) -> str:
    """Every character a case-blind pattern takes for the lowercase `letter`."""
    return letter + letter.upper() + _CASE_BLIND_EXTRAS.get(letter, "")


# ...and those extras back to their letter: `str.lower` leaves "ſ" and "ı" as they are and turns "İ" into two
# characters, so a word the case-blind tail read ("a ſhare") would miss its table row
_LETTER_OF_EXTRA = str.maketrans({extra: letter for letter, extras in _CASE_BLIND_EXTRAS.items() for extra in extras})


def _table_key(word: str) -> str:
    """The key of a word the case-blind tail read in the lowercase tables."""
    return word.translate(_LETTER_OF_EXTRA).lower()


def _letter_groups(words: list[str]) -> list[str]:
    """Lowercase words as the case-blind groups of word_alternation(words, ignore_case=True), in its order (the
    longest first), each opening with its letter as a class of its case variants outside the case-blind flag: the
    engine passes over such a group on one test of the character, where it enters every group that opens with a
    case-blind letter (the tail after every quantity tries five lists of words, a unit list of many letters)."""
    groups: dict[str, list[str]] = {}
    for word in sorted(words, key=len, reverse=True):
        groups.setdefault(word[0], []).append(word[1:])
    return [f"(?-i:[{case_variants(letter)}])(?:{word_alternation(rests, ignore_case=True)})"
            for letter, rests in groups.items()]


def _table(name: str, lower: bool = True) -> dict[str, str]:
    rows: dict[str, str] = {}
    for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("# "):  # a comment; "#<TAB>GBP" is the pound sign of wire copy
            written, normalised = line.split("\t")
            rows[written.lower() if lower else written] = normalised
    return rows


@functools.lru_cache(maxsize=1)
def currency_signs() -> dict[str, str]:
    """Signs and codes written before a number, as written ("Rs", "US$", "CHF") -> ISO 4217 code."""
    return _table("currency_signs.tsv", lower=False)


@functools.lru_cache(maxsize=1)
def _currency_names() -> dict[str, str]:
    """Every sign and currency word in lower case -> ISO code."""
    units = _tables()[0]
    words = {word: code for word, code in units.items() if is_currency(code)}
    return words | {sign.lower(): code for sign, code in currency_signs().items()}


def currency_code(written: str) -> str | None:
    """The ISO code of a currency sign or word ("us$", "Rs.", "euros", "CHF"), None when it names none."""
    return _currency_names().get(re.sub(r"\s+", " ", written.strip()).lower())


def is_currency(unit_normalised: str | None) -> bool:
    """An ISO 4217 code ("USD", "CHF") rather than a measure or a counted noun."""
    return unit_normalised is not None and len(unit_normalised) == 3 and unit_normalised.isupper()


@functools.lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str], dict[str, float], dict[str, str], re.Pattern[str]]:
    units = _table("units.tsv")
    countries = _table("currency_countries.tsv")
    scales = {word: float(value) for word, value in _table("scales.tsv").items()}
    pers = _table("per_units.tsv")

    def alternatives(words: dict[str, object]) -> str:
        # the words that open with a letter grouped by it, so that a tail is tried against the words of its first
        # letter only; those that open with a sign ("$", "°c") after them (no character opens words of both kinds)
        lettered = [word for word in words if "a" <= word[0] <= "z"]
        signed = sorted((word for word in words if not "a" <= word[0] <= "z"), key=len, reverse=True)
        return "|".join([*_letter_groups(lettered), *(re.escape(word) for word in signed)])

    tail = re.compile(
        rf"[ \t-]{{0,2}}(?:(?P<scale>{alternatives(scales)})(?![\w])[ \t-]{{0,2}})?"
        rf"(?:(?P<country>{alternatives(countries)})(?![\w])[ \t]{{0,2}}(?=[\w$£¥€]))?"
        rf"(?P<unit>{alternatives(units)})?(?!(?<=\w)\w)"
        rf"(?:[ \t]{{1,2}}(?P<country_after>{alternatives(countries)})(?![\w]))?"
        rf"(?:[ \t-]{{0,2}}(?:(?:cash|net|each|in cash)[ \t]{{1,2}})?(?:a|an|per|/)[ \t-]{{0,2}}"
        # "1.8% a year earlier" is a time, not a rate
        rf"(?P<per>{alternatives(pers)})(?![\w]|[ \t]+(?:earlier|ago|before|later)\b))?",
        re.IGNORECASE,
    )
    return units, countries, scales, pers, tail


def normalise_unit(text: str, quantity: Quantity) -> Quantity:
    """The quantity with `unit_normalised`, `scale` and `per` filled in, a scale word after the number folded into
    `value` (and `upper`), and its span widened over the words it read ("111.6 mln dlrs a share")."""
    units, countries, scales, pers, tail = _tables()
    # "2.3 mln bpd", "a 5 mln share issue": a scale word read as the counted noun counts nothing
    unit = quantity.unit if (quantity.unit or "").lower() not in scales else None
    unit_normalised = units.get((unit or "").lower())
    scale = 1.0
    written_scale = _written_scale(quantity.text, scales)
    per = None
    end = quantity.end
    match = tail.match(text, quantity.end)
    # the words the tail read, taken from the match in one call (every quantity comes here)
    scale_word, unit_word, per_word = match.group("scale", "unit", "per") if match else (None, None, None)
    # a rate after a unit the quantity already holds ("26 cents per share") is read too, the span left as it is
    if scale_word or unit_word or per_word and unit:
        if scale_word and not written_scale:
            scale = scales[_table_key(scale_word)]
        if unit_word:
            unit_normalised = units[_table_key(unit_word)]
            country = match.group("country") or match.group("country_after")
            # "Can dlrs", "dlr Canadian", "Swiss francs": a country word by a currency name picks that country's money
            if country and is_currency(unit_normalised):
                unit_normalised = countries[_table_key(country)]
        if per_word:
            per = pers[_table_key(per_word)]
        if scale_word or unit_word:
            end = quantity.end + len(match.group(0).rstrip(" \t-"))  # "5 mln shares": not the space after "mln"
    if unit_normalised is None and unit:
        # an ISO code read from a sign stays as it is; a counted noun ("ships") is its own unit
        unit_normalised = unit if is_currency(unit) else unit.lower()
    if unit_word and unit is None:
        unit = unit_word
    # made directly rather than by dataclasses.replace, which costs several times as much (every quantity comes here)
    return Quantity(
        start=quantity.start,
        end=end,
        text=text[quantity.start:end],
        value=quantity.value * scale,
        unit=unit,
        approx=quantity.approx,
        concept=quantity.concept,
        upper=quantity.upper * scale if quantity.upper is not None else None,
        unit_normalised=unit_normalised,
        scale=scale if scale != 1.0 else written_scale,
        per=per,
    )


_LETTERS = re.compile(r"[A-Za-z]+")


def _written_scale(written: str, scales: dict[str, float]) -> float | None:
    """The scale the quantity's own text gave ("$4.6 billion", "Rs 1.5 lakh crore"): already in its value."""
    found = [scales[word] for word in _LETTERS.findall(written.lower()) if word in scales]
    return math.prod(found) if found else None


def display_unit(quantity: Quantity) -> str | None:
    """'USD/share', 'barrels/day', 'percent': the normalised unit with what it is per."""
    if quantity.unit_normalised is None:
        return None
    return f"{quantity.unit_normalised}/{quantity.per}" if quantity.per else quantity.unit_normalised
