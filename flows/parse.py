"""Find the structure of a clean article: paragraphs, sentences, quotes, and its publication date."""

from __future__ import annotations

import calendar
import re
from dataclasses import replace
from datetime import date

from flows.records import CleanArticle, ParsedArticle, Span

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
_WEEKDAY_DATE = re.compile(r"\b(%s),\s+(%s)\s+(\d{1,2})\b" % ("|".join(calendar.day_name), "|".join(calendar.month_name[1:])))
_SENTENCE_END = re.compile(r"(?<=[.!?])['’\"”]?\s+(?=['‘\"“]?[A-Z])")
_QUOTE = re.compile(r"(?<!\w)['‘\"“](.+?)[.,!?]?['’\"”](?!\w)")


def parse_article(article: CleanArticle, published: date | None = None, today: date | None = None) -> ParsedArticle:
    meta = article.meta
    if published is not None:
        meta = replace(meta, published=published, published_source="flag", published_confidence=1.0)
    elif meta.published is None:
        inferred = infer_published(article.text, today or date.today())
        if inferred is not None:
            meta = replace(meta, published=inferred, published_source="inferred", published_confidence=0.7)
    article = replace(article, meta=meta)
    text = article.text
    paragraphs = [Span(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    sentences: list[Span] = []
    for paragraph in paragraphs:
        start = paragraph.start
        for boundary in _SENTENCE_END.finditer(text, paragraph.start, paragraph.end):
            sentences.append(Span(start, boundary.start()))
            start = boundary.end()
        sentences.append(Span(start, paragraph.end))
    quotes = [Span(m.start(1), m.end(1)) for m in _QUOTE.finditer(text)]
    return ParsedArticle(article, paragraphs, sentences, quotes)


def infer_published(text: str, today: date) -> date | None:
    match = _WEEKDAY_DATE.search(text)
    if not match:
        return None
    weekday, month, day = _WEEKDAYS[match[1].lower()], _MONTHS[match[2].lower()], int(match[3])
    for year in range(today.year, 1900, -1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= today and candidate.weekday() == weekday:
            return candidate
    return None
