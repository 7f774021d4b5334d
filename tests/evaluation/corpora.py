"""Readers for the temporal and quantity gold corpora: TimeML (TimeBank, AQUAINT) and MEANTIME (.txt + .gold.json)."""

from __future__ import annotations

import hashlib
import html
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path


@dataclass(frozen=True)
class GoldSpan:
    start: int
    end: int
    label: str  # TIMEX3 value, or the MEANTIME VALUE type (MONEY, PERCENT, QUANTITY)


@dataclass(frozen=True)
class GoldDocument:
    name: str
    text: str
    anchor: date | None
    timexes: list[GoldSpan]
    values: list[GoldSpan]
    # where annotation was done: predictions outside these character ranges are not counted
    regions: list[tuple[int, int]]


def load_corpus(root: Path) -> list[GoldDocument]:
    """Every gold document under `root`: TimeML files (*.tml) and MEANTIME pairs (*.gold.json next to *.txt).

    A document found twice (TempEval-3 ships one TimeBank file again as its pipeline test) is read once.
    """
    documents = [_read_timeml(path) for path in sorted(root.rglob("*.tml"))]
    documents += [_read_meantime(path) for path in sorted(root.rglob("*.gold.json"))]
    unique: dict[str, GoldDocument] = {}
    for document in documents:
        unique.setdefault(document.name, document)
    return list(unique.values())


HALVES = ("tune", "test")


def half_of(document: GoldDocument) -> str:
    """Which half of a corpus a document is in, fixed by the SHA-1 of its name: rules are tuned on "tune" and
    checked on "test"."""
    return HALVES[hashlib.sha1(document.name.encode("utf-8")).digest()[0] % 2]


_TAG = re.compile(r"<(/?)(\w+)([^>]*)>|&(\w+|#\d+);")
_ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')


def _read_timeml(path: Path) -> GoldDocument:
    source = path.read_text(encoding="utf-8")
    dct = re.search(r"<DCT>\s*<TIMEX3[^>]*value=\"(\d{4}-\d\d-\d\d)", source)
    body = source[source.index("<TEXT>") + len("<TEXT>"):source.index("</TEXT>")]
    pieces: list[str] = []
    length = 0
    open_timex: tuple[int, dict[str, str]] | None = None
    timexes: list[GoldSpan] = []
    cursor = 0
    for match in _TAG.finditer(body):
        pieces.append(body[cursor:match.start()])
        length += match.start() - cursor
        cursor = match.end()
        if match.group(4):  # an entity such as &amp;
            character = html.unescape(match.group(0))
            pieces.append(character)
            length += len(character)
            continue
        closing, tag, attributes = match.group(1), match.group(2), match.group(3)
        if tag != "TIMEX3":
            continue
        if not closing:
            open_timex = (length, dict(_ATTRIBUTE.findall(attributes)))
        elif open_timex is not None:
            timexes.append(GoldSpan(open_timex[0], length, open_timex[1].get("value", "")))
            open_timex = None
    pieces.append(body[cursor:])
    text = "".join(pieces)
    anchor = date.fromisoformat(dct.group(1)) if dct else None
    return GoldDocument(path.stem, text, anchor, timexes, [], [(0, len(text))])


def _read_meantime(path: Path) -> GoldDocument:
    gold = json.loads(path.read_text(encoding="utf-8"))
    text = path.with_name(path.name.removesuffix(".gold.json") + ".txt").read_text(encoding="utf-8")
    timexes = [GoldSpan(item["start"], item["end"], item["value"]) for item in gold["timex"]]
    values = [GoldSpan(item["start"], item["end"], item["type"]) for item in gold["values"]]
    anchor = _meantime_date(gold.get("dct")) or _date_line(text)
    last_gold = max((span.end for span in timexes + values), default=0)
    return GoldDocument(path.stem.removesuffix(".gold"), text, anchor, timexes, values,
                        _meantime_regions(text, last_gold))


def _date_line(text: str) -> date | None:
    """The date line under the title ("March 01, 2008"), for files whose gold gives no creation date."""
    lines = text.split("\n")
    try:
        return datetime.strptime(lines[2].strip(), "%B %d, %Y").date() if len(lines) > 2 else None
    except ValueError:
        return None


def _meantime_date(value: str | None) -> date | None:
    """The creation date; one file writes it day-month-year."""
    if not value:
        return None
    if re.fullmatch(r"\d\d-\d\d-\d{4}", value):
        day, month, year = value.split("-")
        return date(int(year), int(month), int(day))
    return date.fromisoformat(value)


def _meantime_regions(text: str, last_gold: int = 0) -> list[tuple[int, int]]:
    """MEANTIME annotates the title and the first four body sentences, not the date line.

    Its sentences are not always ours (a photo caption without a full stop opens some articles): the region runs on to
    the end of the sentence holding the last gold span, so that what is annotated is scored both ways."""
    lines = text.split("\n")
    title_end = len(lines[0])
    date_line_end = text.index(lines[2], title_end) + len(lines[2]) if len(lines) > 2 else title_end
    sentence_ends = [date_line_end + match.end() for match in
                     re.finditer(r"(?<![A-Z])(?<!\b[A-Z][a-z])[.!?][\"']?\s+(?=[A-Z\"])", text[date_line_end:])]
    body_end = sentence_ends[3] if len(sentence_ends) > 3 else len(text)
    if last_gold > body_end:
        body_end = next((end for end in sentence_ends if end >= last_gold), len(text))
    return [(0, title_end), (date_line_end, body_end)]


def in_regions(start: int, regions: list[tuple[int, int]]) -> bool:
    return any(low <= start < high for low, high in regions)
