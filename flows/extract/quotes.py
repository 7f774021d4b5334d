"""Attribute quoted speech to its speaker."""

from __future__ import annotations

import re

from flows.records import EntityMention, ParsedArticle, Quote

_CUE = r"(said|stated|stating|emphasized|noted|added)"


def find_quotes(parsed: ParsedArticle, entities: list[EntityMention]) -> list[Quote]:
    text = parsed.text
    people = [mention for mention in entities if mention.type == "PERSON"]
    quotes: list[Quote] = []
    for span in parsed.quote_spans:
        after = re.match(r"[.,!?]?['’\"”]\s*(\w+)\s+" + _CUE, text[span.end : span.end + 60])
        before = re.search(_CUE + r",\s*['‘\"“]$", text[max(0, span.start - 40) : span.start])
        cue = after[2] if after else before[1] if before else None
        if cue is None:
            continue
        if after:
            speaker = next((p for p in people if p.start == span.end + after.start(1)), None)
        else:
            speaker = max((p for p in people if p.end <= span.start and _same_paragraph(parsed, p.start, span.start)),
                          key=lambda p: p.start, default=None)
        quotes.append(Quote(span.start, span.end, text[span.start : span.end], speaker.canonical if speaker else None,
                            speaker.text if speaker else None, cue, True,
                            speaker.start if speaker else None, speaker.end if speaker else None))
    return quotes


def _same_paragraph(parsed: ParsedArticle, first: int, second: int) -> bool:
    return any(p.start <= first and second <= p.end for p in parsed.paragraphs)
