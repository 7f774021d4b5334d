"""The ingest flow: scan the seeds folder and store what is new, one Prefect task per stage per batch.

Tasks are thin: each calls a plain function from flows/pipeline.py on a whole batch of files. Prefect's cost is per
task run (a few ms on the client, ~35 task runs/s on the server), so a task per file or per claim would swamp it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from flows import pipeline
from flows.extract import EXTRACTOR_VERSION
from flows.records import ArticleFile, CleanArticle, Extraction, FileError, ParsedArticle
from flows.scan import discover
from flows.settings import Settings, load_settings
from models.store import Store


@dataclass
class IngestSummary:
    seeds_dir: str
    store: str
    files_seen: int = 0
    files_new: int = 0
    files_unchanged: int = 0
    files_failed: int = 0
    files_skipped: int = 0
    claims_new: int = 0
    claims_changed: int = 0
    observations: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)

    def run_counts(self) -> dict[str, int]:
        return {
            key: getattr(self, key)
            for key in ("files_seen", "files_new", "files_unchanged", "files_failed", "claims_new", "claims_changed")
        }


@task(name="read", cache_policy=NO_CACHE)
def read_task(files: list[ArticleFile], max_bytes: int) -> tuple[list[pipeline.RawArticle], list[FileError]]:
    return pipeline.read_batch(files, max_bytes)


@task(name="clean", cache_policy=NO_CACHE)
def clean_task(raws: list[pipeline.RawArticle]) -> tuple[list[CleanArticle], list[FileError]]:
    return pipeline.clean_batch(raws)


@task(name="parse", cache_policy=NO_CACHE)
def parse_task(articles: list[CleanArticle], published: date | None) -> tuple[list[ParsedArticle], list[FileError]]:
    return pipeline.parse_batch(articles, published)


@task(name="extract", cache_policy=NO_CACHE)
def extract_task(parsed: list[ParsedArticle]) -> tuple[list[Extraction], list[FileError]]:
    return pipeline.extract_batch(parsed)


@task(name="store", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=2)
def store_task(store: Store, run_id: int, extractions: list[Extraction]) -> dict[str, int]:
    result = store.save_articles(run_id, extractions, EXTRACTOR_VERSION)
    return {"files_new": result.stored, "files_unchanged": result.unchanged, "claims_new": result.claims_new,
            "claims_changed": result.claims_changed, "observations": result.observations}


def run_ingest(settings: Settings, published: date | None = None) -> IngestSummary:
    """Scan, skip what is stored already, run the stages batch by batch, and record the run."""
    logger = get_run_logger()
    summary = IngestSummary(seeds_dir=str(settings.seeds_dir), store=settings.store_location)
    if not settings.seeds_dir.is_dir():
        raise FileNotFoundError(f"The seeds folder {settings.seeds_dir} does not exist; create it or pass --seeds DIR.")
    store = Store.open(settings.store_url)
    run_id = store.start_run(str(flow_run.id) if flow_run.id else None, str(settings.seeds_dir))
    status = "failed"
    try:
        files, skipped = discover(settings.seeds_dir)
        summary.files_seen = len(files)
        summary.files_skipped = len(skipped)
        summary.skipped = [{"file": key, "reason": reason} for key, reason in skipped]
        for key, reason in skipped:
            logger.info("skipped %s: %s", key, reason)
        stored = store.live_contents(EXTRACTOR_VERSION)
        for start in range(0, len(files), settings.batch_size):
            batch = files[start : start + settings.batch_size]
            raws, errors = read_task(batch, settings.max_file_bytes)
            fresh = [raw for raw in raws if stored.get(raw.file.source_key) != raw.content_sha256]
            summary.files_unchanged += len(raws) - len(fresh)
            cleaned, failed = clean_task(fresh)
            errors += failed
            parsed, failed = parse_task(cleaned, published)
            errors += failed
            extracted, failed = extract_task(parsed)
            errors += failed
            totals = store_task(store, run_id, extracted)
            for key, value in totals.items():
                setattr(summary, key, getattr(summary, key) + value)
            for error in errors:
                logger.error("%s failed at %s: %s", error.source_key, error.stage, error.message)
            store.record_errors(run_id, errors)
            summary.files_failed += len(errors)
            summary.errors += [{"file": e.source_key, "stage": e.stage, "error": e.message} for e in errors]
            logger.info("batch %d–%d of %d done", start + 1, start + len(batch), len(files))
        status = "completed"
    finally:
        store.finish_run(run_id, status, summary.run_counts())
        store.close()
    create_markdown_artifact(key="ingest-summary", markdown=summary_markdown(summary), description="What this run did")
    logger.info(
        "ingest done: %d files seen, %d new, %d unchanged, %d failed; %d claims new, %d changed",
        summary.files_seen, summary.files_new, summary.files_unchanged, summary.files_failed,
        summary.claims_new, summary.claims_changed,
    )
    return summary


def summary_markdown(summary: IngestSummary) -> str:
    lines = [
        "# Ingest summary",
        "",
        "| files seen | new | unchanged | failed | skipped | claims new | claims changed |",
        "|---|---|---|---|---|---|---|",
        f"| {summary.files_seen} | {summary.files_new} | {summary.files_unchanged} | {summary.files_failed} "
        f"| {summary.files_skipped} | {summary.claims_new} | {summary.claims_changed} |",
        "",
        f"Store: `{summary.store}` · seeds: `{summary.seeds_dir}`",
    ]
    if summary.errors:
        lines += ["", "## Files that failed", "", "| file | stage | error |", "|---|---|---|"]
        lines += [f"| `{e['file']}` | {e['stage']} | {e['error']} |" for e in summary.errors]
    return "\n".join(lines)


@flow(name="ingest", flow_run_name="ingest-{seeds_dir_name}", log_prints=False)
def ingest_flow(
    seeds_dir: str | None = None, db_url: str | None = None, published: date | None = None,
    seeds_dir_name: str = "seeds",
) -> dict:
    """Ingest every new or changed article file under the seeds folder into the claim store."""
    settings = load_settings().with_overrides(seeds_dir, db_url)
    return asdict(run_ingest(settings, published))


def ingest(settings: Settings, published: date | None = None) -> IngestSummary:
    """Run the ingest flow for these settings and return its summary (what the CLI calls)."""
    result = ingest_flow(
        seeds_dir=str(settings.seeds_dir), db_url=settings.store_url, published=published,
        seeds_dir_name=Path(settings.seeds_dir).name,
    )
    return IngestSummary(**result)
