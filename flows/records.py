"""Plain data passed between the pipeline stages: file → clean → parse → extract → store.

Every stage is a pure function from one of these records to the next. Offsets (`start`, `end`) are
Python ``str`` offsets into ``CleanArticle.text``; `end` is exclusive.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date
from itertools import starmap
from operator import attrgetter
from pathlib import Path
from typing import Any, Callable, TypeVar

Record = TypeVar("Record", bound=type)


def pickled_by_position(cls: Record) -> Record:
    """Pickle the dataclass `cls` as its fields' values in order, rebuilt by its constructor. Pickle's default
    (an empty object, then a dict of field names and values copied into it) cost more than twice the instructions
    to unpickle a batch's extractions; what a Dask worker sends back is unpickled by the flow's one writer."""
    values = attrgetter(*(item.name for item in fields(cls)))

    def __reduce__(self: Any) -> tuple[type, tuple[Any, ...]]:
        return cls, values(self)

    cls.__reduce__ = __reduce__  # type: ignore[attr-defined]
    return cls


class ArticleError(Exception):
    """A file that cannot become an article. The message is one clear sentence for the user."""

    def __init__(self, message: str, stage: str = "read") -> None:
        super().__init__(message)
        self.stage = stage


@dataclass(frozen=True)
class ArticleFile:
    """A candidate article found under the seeds folder."""

    source_key: str  # path relative to the seeds folder, POSIX separators, escaped (flows/names.py)
    path: Path
    size: int
    mtime: float
    # The folder the file was found in: it is read by a walk from there that follows no link. None for a path
    # given on the command line, which is read as given.
    seeds_dir: Path | None = None


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@pickled_by_position
@dataclass
class ArticleMeta:
    """What the file says about itself (or what we could infer), separate from the body text."""

    title: str | None = None
    published: date | None = None
    # one of: flag, front-matter, html-meta, filename, inferred; None when unknown
    published_source: str | None = None
    # 0..1: how sure we are of `published` (1.0 for a given date)
    published_confidence: float | None = None
    source: str | None = None
    url: str | None = None
    authors: list[str] = field(default_factory=list)
    site_name: str | None = None


@pickled_by_position
@dataclass
class CleanArticle:
    """An article file turned into normalised body text plus metadata."""

    source_key: str  # path relative to the seeds folder (POSIX), or the path as given to `extract`
    text: str
    meta: ArticleMeta
    content_sha256: str  # hash of the raw file bytes
    format: str  # txt, md, html, json


@dataclass
class ParsedArticle:
    """Clean text with its structure: paragraphs, sentences and quote-mark spans."""

    article: CleanArticle
    paragraphs: list[Span]
    sentences: list[Span]
    quote_spans: list[Span]  # the quoted content, marks excluded

    @property
    def text(self) -> str:
        return self.article.text

    @property
    def published(self) -> date | None:
        return self.article.meta.published


@dataclass
class EntityMention:
    start: int
    end: int
    text: str
    type: str  # PERSON, ORG, GPE, LOC, NORP
    canonical: str
    role: str | None = None  # "Ukrainian Defense Minister", when the text gives one


@dataclass
class Quote:
    start: int
    end: int
    text: str  # content without the quote marks
    speaker: str | None  # canonical entity name
    speaker_text: str | None  # the mention as written
    cue: str | None
    direct: bool
    speaker_start: int | None = None
    speaker_end: int | None = None
    # the organisation a named speaker speaks for: "Paul Harris, a spokesman for Acme Corp" → "Acme Corp"
    speaker_org: str | None = None


@dataclass
class Quantity:
    start: int
    end: int
    text: str
    value: float
    unit: str | None
    approx: str  # = ~ > < >= <=
    concept: str | None = None
    upper: float | None = None  # the top of a range ("25,000 to 30,000": value 25000, approx >=, upper 30000)
    unit_normalised: str | None = None  # ISO currency, "percent", "barrels/day", or the counted noun ("ships")
    scale: float | None = None  # the scale word folded into `value` ("mln" → 1e6), None when there was none
    per: str | None = None  # what a rate is per: "share" in "92.50 dlrs a share"


@dataclass
class Timex:
    start: int
    end: int
    text: str
    type: str  # DATE, TIME, DURATION, SET
    value: str  # TIMEX3 value


@dataclass
class Claim:
    kind: str  # quantity, event, quote, statement, relation
    subject: str
    predicate: str
    object: str | None
    value: str | None
    valid_at: str | None  # ISO date the claim holds at, from the source
    attributed_to: str | None
    hedge: str | None
    confidence: float
    start: int
    end: int
    # The claim's identity when (kind, subject, predicate, object) is not it: a quantity's holder key + measure +
    # qualifiers + unit dimension, an event's type + place, or a key naming the article for evidence-only claims.
    key: str | None = None
    # Typed value of a quantity: the number with its scale folded in, a range's upper end, = ~ > < >= <=, the
    # normalised unit ("USD/share", "percent"), the scale word's factor.
    value_num: float | None = None
    value_upper: float | None = None
    value_approx: str | None = None
    value_unit: str | None = None
    value_scale: float | None = None
    # the verb that says this value is a change ("raised", "cut"), not a disagreement; "from" for the value a change
    # started from ("cut to 7-3/4 pct from eight"), which is dated by inference: the day before the change
    change: str | None = None
    # When the story names a quantity holder's members ("Cyacq, comprising Audio/Video Affiliates and Citicorp", or
    # the joint "Audio/Video and Citicorp"): the holder's key (how `key` begins) and the members' first words joined
    # by "+". The store keys every group with those members under the holder it first met them as.
    holder: str | None = None
    holder_members: str | None = None


@dataclass
class Extraction:
    parsed: ParsedArticle
    entities: list[EntityMention]
    quotes: list[Quote]
    quantities: list[Quantity]
    timexes: list[Timex]
    claims: list[Claim]

    def for_store(self) -> "Extraction":
        """What the store keeps of this extraction: the article, its sentences (each claim's evidence), its entity
        mentions and its claims. Quotes, quantities and times live on in the claims built from them. Unpickling
        what a Dask worker sends back to the one writer costs half as much without them (Reuters, 1,000 stories:
        6.1 → 4.2 MB)."""
        return Extraction(replace(self.parsed, paragraphs=[], quote_spans=[]), self.entities, [], [], [], self.claims)

    def __reduce__(self) -> tuple[Callable[..., "Extraction"], tuple[Any, ...]]:
        """Pickled as the article, then each list of spans and of records as one tuple of field values per item
        (read in C, by attrgetter), rebuilt by the records' constructors. Reuters, the 500 extractions (for_store)
        of a batch: pickling 169 → 111 M instructions, unpickling 207 → 87 M, 2.13 → 1.69 MB."""
        parsed = self.parsed
        spans = tuple(tuple(map(_SPAN_FIELDS, items)) for items in (parsed.paragraphs, parsed.sentences,
                                                                     parsed.quote_spans))
        records = tuple(tuple(map(values, getattr(self, name))) for name, (_cls, values) in _RECORD_LISTS.items())
        return _extraction_from_fields, (parsed.article, spans, records)


# Extraction's lists of records, in its fields' order: each with its record class and what reads a record's
# field values in order (for Extraction.__reduce__).
_RECORD_LISTS: dict[str, tuple[type, Callable[[Any], tuple[Any, ...]]]] = {
    name: (cls, attrgetter(*(item.name for item in fields(cls))))
    for name, cls in (("entities", EntityMention), ("quotes", Quote), ("quantities", Quantity), ("timexes", Timex),
                      ("claims", Claim))
}
_SPAN_FIELDS = attrgetter("start", "end")


def _extraction_from_fields(
    article: CleanArticle, spans: tuple[tuple[tuple[int, int], ...], ...], records: tuple[tuple[tuple, ...], ...]
) -> Extraction:
    """The Extraction that Extraction.__reduce__ pickled."""
    paragraphs, sentences, quote_spans = (list(starmap(Span, items)) for items in spans)
    return Extraction(ParsedArticle(article, paragraphs, sentences, quote_spans),
                      *(list(starmap(cls, items)) for (cls, _values), items in zip(_RECORD_LISTS.values(), records)))


@pickled_by_position
@dataclass
class FileError:
    """A file that could not be turned into an article: one clear sentence, never a traceback."""

    source_key: str
    stage: str  # read, clean, parse, extract, store
    message: str
    content_sha256: str | None = None


def to_plain(record: Any) -> Any:
    """A record as JSON-ready plain data (dates as ISO strings)."""
    data = asdict(record)
    return _dates_to_iso(data)


def _dates_to_iso(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _dates_to_iso(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_dates_to_iso(item) for item in value]
    return value
