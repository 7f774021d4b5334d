"""The JSON shape of `newsfacts extract`: a stable contract that outside evaluation scripts rely on.

New keys may be added; existing ones are never renamed or dropped.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flows.records import Extraction, FileError

_QUOTE_KEYS = ("start", "end", "text", "speaker", "speaker_text", "cue", "direct", "speaker_org")


def extraction_record(path: str, extraction: Extraction) -> dict[str, Any]:
    parsed = extraction.parsed
    meta = parsed.article.meta
    return {
        "path": path,
        "article": {
            "title": meta.title,
            "published": meta.published.isoformat() if meta.published else None,
            "published_source": meta.published_source,
            "published_confidence": meta.published_confidence,
            "source": meta.source,
            "url": meta.url,
            "authors": list(meta.authors),
            "site_name": meta.site_name,
        },
        "text": parsed.text,
        "sentences": [{"start": s.start, "end": s.end} for s in parsed.sentences],
        "paragraphs": [{"start": p.start, "end": p.end} for p in parsed.paragraphs],
        "entities": [asdict(entity) for entity in extraction.entities],
        "quotes": [
            {key: value for key, value in asdict(quote).items() if key in _QUOTE_KEYS}
            | {"speaker_start": quote.speaker_start, "speaker_end": quote.speaker_end}
            for quote in extraction.quotes
        ],
        "quantities": [asdict(quantity) for quantity in extraction.quantities],
        "timexes": [asdict(timex) for timex in extraction.timexes],
        "claims": [asdict(claim) for claim in extraction.claims],
    }


def error_record(path: str, error: FileError) -> dict[str, Any]:
    return {"path": path, "error": error.message, "stage": error.stage}
