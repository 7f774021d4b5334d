"""The stages chained as plain functions, one batch at a time, with each file's failure kept as a FileError.

The Prefect flow (flows/ingest.py) runs each of these as one task per batch; `newsfacts extract` calls them
directly. A bad file never stops a batch: it becomes one clear error and the others go on.
"""

from __future__ import annotations

import gc
import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable, TypeVar

from flows.names import escape_path, printable
from flows.records import ArticleError, ArticleFile, CleanArticle, Extraction, FileError, ParsedArticle
from flows.scan import content_sha256, read_article_bytes
from flows.settings import ExtractionBudget

In = TypeVar("In")
Out = TypeVar("Out")

log = logging.getLogger(__name__)


# The cycle collector's thresholds for a process that runs batches (young objects allocated between two
# collections of the youngest generation; collections of one generation between two of the next). Extraction
# allocates and frees hundreds of thousands of small objects per batch, nearly all freed at once by reference
# counting; at Python's defaults (700, 10, 10) the collector ran thousands of times per batch, each time walking
# objects that were not garbage. Measured on 2,000 Reuters stories in one process: about 15% less CPU, the same
# peak memory.
BATCH_GC_THRESHOLDS = (100_000, 50, 100)


def tune_gc_for_batches() -> None:
    """Set the cycle collector for a process that lives for one run of batches (the `ingest` and `extract`
    commands, a local Dask worker): what is loaded by now (modules, rule tables) is moved out of its sight for
    good (gc.freeze), and it runs less often (BATCH_GC_THRESHOLDS). Not for a long-lived process that runs flow
    after flow: frozen objects are never collected."""
    gc.freeze()
    gc.set_threshold(*BATCH_GC_THRESHOLDS)


@dataclass
class RawArticle:
    file: ArticleFile
    data: bytes
    content_sha256: str


def run_each(stage: str, items: list[In], key: Callable[[In], str], step: Callable[[In], Out]) -> tuple[list[Out], list[FileError]]:
    """Apply `step` to each item; an ArticleError (or an unexpected bug) becomes that file's FileError."""
    done: list[Out] = []
    failed: list[FileError] = []
    for item in items:
        try:
            done.append(step(item))
        except ArticleError as error:
            failed.append(FileError(key(item), error.stage or stage, printable(str(error)), _sha_of(item)))
        except (OverflowError, RecursionError) as error:  # hostile input past a limit, not a bug: no traceback
            failed.append(FileError(key(item), stage, _LIMITS[type(error)], _sha_of(item)))
        except Exception as error:  # a bug must cost one file, not the run; the log keeps the traceback
            log.exception("unexpected error in %s for %s", stage, key(item))
            message = printable(f"unexpected {type(error).__name__}: {error}")
            failed.append(FileError(key(item), stage, message, _sha_of(item)))
    return done, failed


# What a file did when a stage met one of Python's limits.
_LIMITS = {
    OverflowError: "The file holds a number too large to work with (over 308 digits).",
    RecursionError: "The file is nested too deeply to work with.",
}


def _sha_of(item: object) -> str | None:
    return getattr(item, "content_sha256", None)


def read_batch(
    files: list[ArticleFile], max_bytes: int, allow_hard_links: bool = False
) -> tuple[list[RawArticle], list[FileError]]:
    def read(file: ArticleFile) -> RawArticle:
        data = read_article_bytes(file, max_bytes, allow_hard_links)
        return RawArticle(file, data, content_sha256(data))

    return run_each("read", files, lambda f: f.source_key, read)


# Each stage's module is imported by the function that runs it: the flow's process of a run on Dask reads the files
# and stores what the workers send back, and importing the extractors (which compiles their rules) cost it 1.2 G
# instructions, about 0.4 s of CPU, while Prefect's server booted beside it. A Dask worker imports them as it
# starts (flows/dask_worker.py).


def clean_batch(raws: list[RawArticle]) -> tuple[list[CleanArticle], list[FileError]]:
    from flows.clean import clean_article

    return run_each(
        "clean", raws, lambda r: r.file.source_key,
        lambda r: clean_article(r.data, r.file.source_key, r.file.path.suffix.lower(), r.content_sha256),
    )


def parse_batch(
    articles: list[CleanArticle], published: date | None = None, today: date | None = None
) -> tuple[list[ParsedArticle], list[FileError]]:
    from flows.parse import parse_article

    return run_each("parse", articles, lambda a: a.source_key, lambda a: parse_article(a, published, today))


def extract_batch(
    parsed: list[ParsedArticle], budget: ExtractionBudget = ExtractionBudget()
) -> tuple[list[Extraction], list[FileError]]:
    """Extraction of each article within `budget`: an article over it becomes one FileError, the rest go on."""
    from flows.extract import extract

    return run_each("extract", parsed, lambda p: p.article.source_key, lambda p: extract(p, budget))


def process_batch(
    raws: list[RawArticle], published: date | None = None, today: date | None = None,
    budget: ExtractionBudget = ExtractionBudget(),
) -> tuple[list[Extraction], list[FileError]]:
    """The CPU-bound stages (clean → parse → extract) for files already read: what a Dask worker runs."""
    cleaned, errors = clean_batch(raws)
    parsed, failed = parse_batch(cleaned, published, today)
    errors += failed
    extracted, failed = extract_batch(parsed, budget)
    return extracted, errors + failed


def process_batch_for_store(
    raws: list[RawArticle], published: date | None = None, budget: ExtractionBudget = ExtractionBudget(),
) -> tuple[list[Extraction], list[FileError]]:
    """process_batch, keeping of each extraction what the store writes (Extraction.for_store): what the flow's
    stages run, on Dask workers or in the flow's process."""
    extracted, errors = process_batch(raws, published, budget=budget)
    return [extraction.for_store() for extraction in extracted], errors


def extract_files(
    files: list[ArticleFile], max_bytes: int, published: date | None = None, today: date | None = None,
    budget: ExtractionBudget = ExtractionBudget(),
) -> tuple[list[Extraction], list[FileError]]:
    """The whole chain for a batch of files, without a store: what `newsfacts extract` runs."""
    raws, errors = read_batch(files, max_bytes)
    extracted, failed = process_batch(raws, published, today, budget)
    return extracted, errors + failed


def article_file(path: Path, source_key: str | None = None) -> ArticleFile:
    """An ArticleFile for a path given on the command line (outside any seeds folder)."""
    key = source_key or escape_path(path)
    try:
        stat = path.stat()
    except OSError:
        return ArticleFile(key, path, 0, 0.0)
    return ArticleFile(key, path, stat.st_size, stat.st_mtime)
