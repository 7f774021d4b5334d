"""Turn what the extractors found into claims: the rows of the versioned store.

A claim's identity is (kind, subject, predicate, object); its value is not part of it, so a later article that
says "19%" where an earlier one said "20%" gives a new version of the same claim rather than a new claim.
"""

from __future__ import annotations

import re
from flows.records import Claim, EntityMention, ParsedArticle, Quantity, Quote, Span, Timex

HEDGES = ("reportedly", "allegedly", "apparently", "appears", "reported", "unconfirmed", "according to")
EVENT_NOUNS = (
    "talks", "discussions", "meeting", "summit", "negotiations", "conference", "press conference", "exchange", "offensive",
    "ceasefire", "election", "vote", "visit", "strike", "strikes", "attack", "invasion", "deal", "agreement",
)
_EVENT_NOUN = re.compile(r"\b(%s)\b" % "|".join(sorted(map(re.escape, EVENT_NOUNS), key=len, reverse=True)), re.I)
_ANNEX = re.compile(r"\bannex(?:ed|es)?\b", re.I)


def build_claims(
    parsed: ParsedArticle,
    entities: list[EntityMention],
    quotes: list[Quote],
    quantities: list[Quantity],
    timexes: list[Timex],
) -> list[Claim]:
    valid_at = parsed.published.isoformat() if parsed.published else None
    claims: list[Claim] = []
    claims += _quote_claims(parsed, quotes, valid_at)
    claims += _role_claims(entities, valid_at)
    claims += _quantity_claims(parsed, quantities, quotes, entities, valid_at)
    claims += _event_claims(parsed, timexes, entities, valid_at)
    return claims


def hedge_in(text: str) -> str | None:
    lowered = text.lower()
    return next((word for word in HEDGES if re.search(rf"\b{word}\b", lowered)), None)


def _quote_claims(parsed: ParsedArticle, quotes: list[Quote], valid_at: str | None) -> list[Claim]:
    claims = []
    for quote in quotes:
        speaker = quote.speaker or "unknown speaker"
        # Quotes are identified by their words: two different quotes by one person are two claims.
        claims.append(
            Claim(
                kind="quote" if quote.direct else "statement",
                subject=speaker,
                predicate=quote.cue or "said",
                object=_normalise_words(quote.text),
                value=quote.text,
                valid_at=valid_at,
                attributed_to=quote.speaker,
                hedge=hedge_in(_lead_up(parsed, quote.start)),
                confidence=0.9 if quote.speaker else 0.4,
                start=quote.start,
                end=quote.end,
            )
        )
    return claims


def _role_claims(entities: list[EntityMention], valid_at: str | None) -> list[Claim]:
    """One role per person and article: the fullest title the article gives ("U.S. President" over "President")."""
    fullest: dict[str, EntityMention] = {}
    for mention in entities:
        known = fullest.get(mention.canonical)
        if mention.role and (known is None or len(mention.role) > len(known.role or "")):
            fullest[mention.canonical] = mention
    return [
        Claim("relation", name, "role", None, mention.role, valid_at, None, None, 0.8, mention.start, mention.end)
        for name, mention in fullest.items()
    ]


def _quantity_claims(
    parsed: ParsedArticle,
    quantities: list[Quantity],
    quotes: list[Quote],
    entities: list[EntityMention],
    valid_at: str | None,
) -> list[Claim]:
    claims = []
    for quantity in quantities:
        sentence = _sentence_span(parsed, quantity.start, quantity.end)
        speaker = _attribution_for(quantity.start, quotes)
        holder = speaker or _sentence_subject(sentence, entities)
        unit = quantity.unit or "amount"
        # Without a concept, "4 days" alone would be one claim across every article: who it is about narrows it.
        subject = quantity.concept or (f"{holder}: {unit}" if holder else unit)
        claims.append(
            Claim(
                kind="quantity",
                subject=subject,
                predicate=f"amount ({quantity.unit})" if quantity.unit else "amount",
                object=None,
                value=format_quantity(quantity),
                valid_at=valid_at,
                attributed_to=speaker or _subject_person(sentence, entities),
                hedge=hedge_in(_lead_up(parsed, quantity.end)),
                confidence=0.7,
                start=quantity.start,
                end=quantity.end,
            )
        )
    return claims


def _event_claims(
    parsed: ParsedArticle, timexes: list[Timex], entities: list[EntityMention], valid_at: str | None
) -> list[Claim]:
    """An event noun and a date in one sentence: "talks … set for June 2" → (talks in Istanbul, date, 2025-06-02)."""
    claims = []
    for timex in timexes:
        if timex.type != "DATE" or timex.value.endswith("_REF"):
            continue
        sentence = _sentence_span(parsed, timex.start, timex.end)
        before = parsed.text[sentence.start : timex.start]
        nouns = list(_EVENT_NOUN.finditer(before))
        annexation = list(_ANNEX.finditer(before))
        if annexation and (not nouns or annexation[-1].start() > nouns[-1].start()):
            event, event_start = "annexation", sentence.start + annexation[-1].start()
        elif nouns:
            event, event_start = nouns[-1][1].lower(), sentence.start + nouns[-1].start()
        else:
            continue
        place = _place_in(parsed, sentence, entities)
        subject = f"{event} in {place}" if place else event
        claims.append(
            Claim("event", subject, "date", None, timex.value, valid_at, None,
                  hedge_in(_lead_up(parsed, timex.end)), 0.6, min(event_start, timex.start), timex.end)
        )
    return claims


def format_quantity(quantity: Quantity) -> str:
    """The value as the store shows it: "~20 percent", ">50,000 troops", "25,000-30,000 jobs" for a range."""
    if quantity.upper is not None:
        amount = f"{_number(quantity.value)}-{_number(quantity.upper)}"
    else:
        amount = ("" if quantity.approx == "=" else quantity.approx) + _number(quantity.value)
    return f"{amount} {quantity.unit}" if quantity.unit else amount


def _number(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,}"


def _normalise_words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower().replace("’", "'")))


def _sentence_span(parsed: ParsedArticle, start: int, end: int) -> Span:
    for sentence in parsed.sentences:
        if sentence.start <= start < sentence.end:
            return Span(sentence.start, max(sentence.end, end))
    return Span(start, end)


def _lead_up(parsed: ParsedArticle, position: int) -> str:
    """The sentence up to a claim: hedges ("reportedly", "according to") stand before what they hedge."""
    span = _sentence_span(parsed, position, position)
    return parsed.text[span.start : position]


def _attribution_for(position: int, quotes: list[Quote]) -> str | None:
    return next((q.speaker for q in quotes if q.start <= position < q.end and q.speaker), None)


def _sentence_subject(sentence: Span, entities: list[EntityMention]) -> str | None:
    """Who a sentence is about: its first person, else its first named entity."""
    inside = [e for e in entities if sentence.start <= e.start < sentence.end]
    people = [e for e in inside if e.type == "PERSON"]
    return (people or inside)[0].canonical if inside else None


def _subject_person(sentence: Span, entities: list[EntityMention]) -> str | None:
    people = [e for e in entities if e.type == "PERSON" and sentence.start <= e.start < sentence.end]
    return people[0].canonical if people else None


def _place_in(parsed: ParsedArticle, sentence: Span, entities: list[EntityMention]) -> str | None:
    """The place an event happens at: the first place in the sentence written as "in <place>"."""
    for mention in entities:
        if mention.type in ("GPE", "LOC") and sentence.start <= mention.start < sentence.end:
            if parsed.text[max(sentence.start, mention.start - 3) : mention.start] == "in ":
                return mention.canonical
    return None
