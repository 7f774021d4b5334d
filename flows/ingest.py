"""The ingest flow: scan the seeds folder (or take one file in it) and store what is new, one Prefect task per
stage per batch.

Tasks are thin: each calls a plain function from flows/pipeline.py on a whole batch of files. Prefect's cost is per
task run (a few ms on the client, ~35 task runs/s on the server), so a task per file or per claim would swamp it.
"""

from __future__ import annotations

import logging
from collections import deque
from contextlib import ExitStack, contextmanager
from contextvars import ContextVar
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any, Iterator

from prefect import flow, get_client, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_progress_artifact, create_table_artifact
from prefect.artifacts import update_progress_artifact
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import TaskRun
from prefect.concurrency.asyncio import ConcurrencySlotAcquisitionError
from prefect.concurrency.sync import concurrency
from prefect.exceptions import PrefectHTTPStatusError
from prefect.runtime import flow_run
from prefect.states import Completed, State
from prefect.utilities.annotations import quote

from flows import pipeline
from flows.extract_version import EXTRACTOR_VERSION
from flows.local_api import is_local_api
from flows.names import escape_path, markdown_cell, markdown_text, printable
from flows.parallel import BATCHES_AHEAD, MOST_BATCHES_HELD, DaskStages, InProcessStages, Pending, stage_runner
from flows.records import ArticleFile, Extraction, FileError
from flows.rescan import FileState, load_state, remember, save_state, split_unchanged, state_path
from flows.scan import discover, discover_one
from flows.settings import Settings, load_settings
from models.store import SaveResult, Store, is_transient

# Counts for a person at a terminal (`newsfacts ingest` shows them on stderr); Prefect's logger feeds the UI.
console_progress = logging.getLogger("newsfacts.progress")
# The Prefect global concurrency limit that admits one store writer at a time (`prefect gcl create … --limit 1`).
WRITER_LIMIT = "fact-store-writer"
# The slot's lease is renewed while a run writes; a run killed mid-write frees it when the server reclaims the
# expired lease, so a short lease keeps the next run from waiting long (Prefect's default is 300 s).
WRITER_LEASE_SECONDS = 60  # the shortest lease the Prefect API accepts
WRITER_WAIT_SECONDS = 30  # a batch holds the slot for seconds; far longer means its holder is gone
SUMMARY_ARTIFACT = "ingest-summary"
CLAIMS_ARTIFACT = "ingest-claims"
PROGRESS_ARTIFACT = "ingest-progress"
# A table artifact is for a person to read; the store keeps every claim.
CLAIMS_TABLE_ROWS = 200
# Widths (characters) that keep the claims table's leading columns on a 1600 px screen; the store keeps it all.
CLAIMS_TABLE_WIDTHS = {"subject": 40, "change": 70, "detail": 80}
# Lines ("<file>: stored, …", one per file, source keys escaped so that none holds a line break) per log record.
STORED_LINES_PER_RECORD = 200
# The state of a run some files of which failed: green no longer, so the UI's run list tells it apart.
COMPLETED_WITH_FAILURES = "Completed with failures"
# The event such a run emits, for an automation (a notification, say) to act on.
FILES_FAILED_EVENT = "newsfacts.ingest.files-failed"
# `newsfacts ingest` hands its settings (--seeds, --db) to the flow run it starts in this process here, not as
# flow parameters: Prefect keeps parameters in its database in plain text (a store URL's password with them) and
# anyone who can start a run sets them. Deployed runs read the settings file and NEWSFACTS_* variables instead.
_process_settings: ContextVar[Settings | None] = ContextVar("newsfacts_settings", default=None)


@dataclass
class IngestSummary:
    seeds_dir: str
    store: str
    files_seen: int = 0
    files_new: int = 0
    files_unchanged: int = 0
    files_failed: int = 0
    files_skipped: int = 0
    files_failed_before: int = 0  # failed in an earlier run with the same content: not read again
    files_done: int = 0  # read and stored, or failed, so far: the progress of a running scan
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


# -- retrying the store on what a second try can fix ----------------------------------------------------------


def retry_if_transient(_task: Any, _task_run: TaskRun, state: State) -> bool:
    error = state.result(raise_on_failure=False)
    return isinstance(error, BaseException) and is_transient(error)


def ensure_writer_limit() -> bool:
    """Create the one-writer global concurrency limit when the Prefect API lacks it; True when it was created."""
    from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate
    from prefect.exceptions import ObjectNotFound

    with get_client(sync_client=True) as client:
        try:
            client.read_global_concurrency_limit_by_name(WRITER_LIMIT)
            return False
        except ObjectNotFound:
            client.create_global_concurrency_limit(GlobalConcurrencyLimitCreate(name=WRITER_LIMIT, limit=1))
            return True


def uses_prefect_server() -> bool:
    """Whether runs talk to a Prefect server (PREFECT_API_URL) rather than the temporary one of this command."""
    from prefect.settings import get_current_settings

    url = get_current_settings().api.url
    return bool(url) and not is_local_api(url)


@contextmanager
def writer_slot() -> Iterator[None]:
    """Hold the store's single writer slot on a Prefect server. On the local API (one process) there is nothing to
    share it with. The slot is a courtesy between runs, not what keeps the store right: the store serialises
    writers itself (BEGIN IMMEDIATE on SQLite, row locks on PostgreSQL), so a slot that cannot be had in
    WRITER_WAIT_SECONDS (say a killed run still holds its lease) is skipped with a warning rather than waited for."""
    with ExitStack() as stack:
        if uses_prefect_server():
            try:
                stack.enter_context(concurrency(
                    WRITER_LIMIT, occupy=1, strict=False, lease_duration=WRITER_LEASE_SECONDS,
                    timeout_seconds=WRITER_WAIT_SECONDS,
                ))
            except (ConcurrencySlotAcquisitionError, TimeoutError) as error:
                get_run_logger().warning("writing without the %s slot: %s", WRITER_LIMIT, error or "timed out")
        yield


# -- the tasks: one per stage per batch ------------------------------------------------------------------------


@task(name="read", task_run_name="read-batch-{batch}", cache_policy=NO_CACHE)
def read_task(
    files: list[ArticleFile], max_bytes: int, allow_hard_links: bool, batch: int
) -> tuple[list[pipeline.RawArticle], list[FileError]]:
    return pipeline.read_batch(files, max_bytes, allow_hard_links)


# Clean, parse and extract, waited for: the work itself runs where flows/parallel.py put it (Dask workers for a
# long scan), while this flow stores the batch before. Not cached: writing a batch's result to Prefect's result
# storage cost ~1.6 ms per article (more than extracting it on two workers), for a gain only after a failed run.
@task(name="extract", task_run_name="extract-batch-{batch}", cache_policy=NO_CACHE)
def extract_task(pending: Pending, batch: int) -> tuple[list[Extraction], list[FileError]]:
    return pending()


@task(
    name="store", task_run_name="store-batch-{batch}", cache_policy=NO_CACHE,
    retries=3, retry_delay_seconds=[2, 10, 30], retry_condition_fn=retry_if_transient,
)
def store_task(
    store: Store, run_id: int, extractions: list[Extraction], batch: int
) -> tuple[dict[str, int], list[FileError]]:
    logger = get_run_logger()
    with writer_slot():
        result, errors = save_batch(store, run_id, extractions)
    for source_key in result.unchanged_keys:
        logger.info("%s: already stored (by a run that got there first), skipped", source_key)
    totals = {"files_new": result.stored, "files_unchanged": result.unchanged, "claims_new": result.claims_new,
              "claims_changed": result.claims_changed, "observations": result.observations}
    return totals, errors


def save_batch(store: Store, run_id: int, extractions: list[Extraction]) -> tuple[SaveResult, list[FileError]]:
    """The batch in one transaction (a crash keeps all of it or none of it). When that fails for a reason a retry
    cannot fix, each article is saved on its own, so an article the store refuses costs that file only. A
    transient failure (a lock, a lost connection) is raised for the task's retries."""
    try:
        return store.save_articles(run_id, extractions, EXTRACTOR_VERSION), []
    except Exception as error:
        if is_transient(error):
            raise
        if len(extractions) == 1:
            return SaveResult(), [_store_error(extractions[0], error)]
        get_run_logger().warning("the batch could not be stored in one go (%s); storing its files one at a time",
                                 _short_reason(error))
    total, errors = SaveResult(), []
    for extraction in extractions:
        try:
            total = _added(total, store.save_articles(run_id, [extraction], EXTRACTOR_VERSION))
        except Exception as error:
            if is_transient(error):
                raise
            errors.append(_store_error(extraction, error))
    return total, errors


def _store_error(extraction: Extraction, error: Exception) -> FileError:
    """The article's store error; the traceback goes to the log, where a bug in the store shows itself."""
    article = extraction.parsed.article
    get_run_logger().error("%s: the store refused it", article.source_key, exc_info=error)
    return FileError(article.source_key, "store", f"The store refused the article: {_short_reason(error)}",
                     article.content_sha256)


def _added(total: SaveResult, more: SaveResult) -> SaveResult:
    return SaveResult(**{part.name: getattr(total, part.name) + getattr(more, part.name)
                         for part in fields(SaveResult)})


def _short_reason(error: Exception) -> str:
    """One printable line: the driver's own message (not the SQL and its parameters), cut to 300 characters."""
    detail = str(getattr(error, "orig", None) or error).strip()
    first_line = detail.splitlines()[0] if detail else ""
    return printable(f"{type(error).__name__}: {first_line}"[:300])


# -- the run ---------------------------------------------------------------------------------------------------


def run_ingest(
    settings: Settings, published: date | None = None, path: str | None = None, retry_failed: bool = False
) -> IngestSummary:
    """Scan (or take the one file `path`), skip what is stored already and what failed before unchanged (unless
    `retry_failed`), run the stages batch by batch, record the run, and leave its summary, its new and changed
    claims and (for long scans) its progress in the Prefect UI."""
    logger = get_run_logger()
    seeds_shown = escape_path(settings.seeds_dir)
    summary = IngestSummary(seeds_dir=seeds_shown, store=settings.store_location)
    if not settings.seeds_dir.is_dir():
        raise FileNotFoundError(f"The seeds folder {seeds_shown} does not exist; create it or pass --seeds DIR.")
    if path is None:
        files, skipped = discover(settings.seeds_dir, settings.allow_hard_links)
    else:
        files, skipped = discover_one(settings.seeds_dir, path, settings.allow_hard_links)
    if uses_prefect_server():
        try:
            ensure_writer_limit()
        except PrefectHTTPStatusError as error:
            logger.warning("cannot create the %s limit: %s", WRITER_LIMIT, error)
    store = Store.open(settings.store_url)
    run_id = store.start_run(str(flow_run.id) if flow_run.id else None, seeds_shown)
    status = "failed"
    try:
        summary.files_seen = len(files)
        summary.files_skipped = len(skipped)
        summary.skipped = [{"file": key, "reason": reason} for key, reason in skipped]
        for key, reason in skipped:
            logger.info("%s: skipped, %s", key, reason)
        stored = store.live_contents(EXTRACTOR_VERSION)
        failed_before = set() if retry_failed else store.known_failures()
        state_file = state_path(settings.data_dir, settings.seeds_dir)
        state = load_state(state_file)
        if path is None:  # forget files that are gone
            state = {file.source_key: state[file.source_key] for file in files if file.source_key in state}
        rescan = split_unchanged(files, state, stored)
        summary.files_unchanged = summary.files_done = rescan.unchanged
        size = settings.batch_size
        batches = [rescan.to_read[start : start + size] for start in range(0, len(rescan.to_read), size)]
        try:
            with stage_runner(settings, len(batches)) as stages:
                run_batches(store, run_id, batches, stored, failed_before, state, stages, settings, published,
                            summary)
        finally:
            save_state(state_file, state)
        count_claims(store, run_id, summary)
        status = "completed"
        claim_rows = store.run_claim_changes(run_id, CLAIMS_TABLE_ROWS)
    finally:
        store.finish_run(run_id, status, summary.run_counts())
        store.close()
    create_markdown_artifact(key=SUMMARY_ARTIFACT, markdown=summary_markdown(summary), description="What this run did")
    if claim_rows:
        create_table_artifact(
            key=CLAIMS_ARTIFACT, table=claims_table(claim_rows),
            description=claims_description(summary, len(claim_rows)),
        )
    logger.info(
        "ingest done: %d files seen, %d new, %d unchanged, %d failed; %d claims new, %d changed",
        summary.files_seen, summary.files_new, summary.files_unchanged, summary.files_failed,
        summary.claims_new, summary.claims_changed,
    )
    return summary


def count_claims(store: Store, run_id: int, summary: IngestSummary) -> None:
    """The run's claim counts, and a line per stored file, from what the store holds now that the run is done:
    batches add up versions that a later batch of the same run may have replaced. The lines go to the log in
    records of STORED_LINES_PER_RECORD: a record per file cost the Prefect API about 2 ms of CPU per article."""
    logger = get_run_logger()
    counts = store.run_counts(run_id)
    lines = [f"{source_key}: stored, {article['new']} claims new, {article['changed']} changed"
             for source_key, article in sorted(counts.per_article.items())]
    for start in range(0, len(lines), STORED_LINES_PER_RECORD):
        logger.info("\n".join(lines[start : start + STORED_LINES_PER_RECORD]))
    summary.claims_new, summary.claims_changed = counts.totals["new"], counts.totals["changed"]


# A failure the store holds already: (source key, stage, content hash)
Failure = tuple[str, str, "str | None"]


@dataclass
class BatchInFlight:
    """A batch that was read and handed to the stages, waiting to be stored."""

    number: int
    files: int
    fresh: int
    errors: list[FileError]
    pending: Pending | None
    repeated: list[str]  # files that failed before as they are now: not handed to the stages again


def run_batches(
    store: Store, run_id: int, batches: list[list[ArticleFile]], stored: dict[str, str], failed_before: set[Failure],
    state: FileState, stages: InProcessStages | DaskStages, settings: Settings, published: date | None,
    summary: IngestSummary,
) -> None:
    """Read each batch and hand what is new in it to the stages, then store the oldest batch handed over once
    BATCHES_AHEAD later ones keep the workers busy meanwhile: batches reach the store in order. Batches the
    workers have finished (those handed over before the run, say) do not count, so the workers are kept busy
    while the writer catches up; at most MOST_BATCHES_HELD are held at once, whatever the size of the folder."""
    progress = create_progress_artifact(
        0.0, key=PROGRESS_ARTIFACT, description=f"{summary.files_seen} files in {len(batches)} batches"
    ) if len(batches) > 1 else None
    in_flight: deque[BatchInFlight] = deque()
    for number, batch in enumerate(batches, start=1):
        in_flight.append(start_batch(number, batch, stored, failed_before, state, stages, settings, published,
                                     summary))
        while should_store_oldest(in_flight):
            finish_batch(store, run_id, in_flight.popleft(), failed_before, summary, progress, len(batches))
    while in_flight:
        finish_batch(store, run_id, in_flight.popleft(), failed_before, summary, progress, len(batches))


def should_store_oldest(in_flight: deque[BatchInFlight]) -> bool:
    if len(in_flight) >= MOST_BATCHES_HELD:
        return True
    later = islice(in_flight, 1, None)
    return sum(batch.pending is not None and not batch.pending.ready() for batch in later) >= BATCHES_AHEAD


def start_batch(
    number: int, batch: list[ArticleFile], stored: dict[str, str], failed_before: set[Failure], state: FileState,
    stages: InProcessStages | DaskStages, settings: Settings, published: date | None, summary: IngestSummary,
) -> BatchInFlight:
    """Read one batch (hashing each file) and hand the files whose content is neither stored yet nor failed
    before as it is now to the stages.

    Batches go to the tasks quoted: unquoted, Prefect walks every record of every argument looking for upstream
    results to draw in the run graph, which cost more than extraction itself (~2 ms per article per task)."""
    raws, errors = read_task(quote(batch), settings.max_file_bytes, settings.allow_hard_links, number)
    remember(state, ((raw.file, raw.content_sha256) for raw in raws))
    changed = [raw for raw in raws if stored.get(raw.file.source_key) != raw.content_sha256]
    summary.files_unchanged += len(raws) - len(changed)
    failed_contents = {(key, sha) for key, _stage, sha in failed_before if sha}
    fresh = [raw for raw in changed if (raw.file.source_key, raw.content_sha256) not in failed_contents]
    repeated = [raw.file.source_key for raw in changed if (raw.file.source_key, raw.content_sha256) in failed_contents]
    pending = stages.submit(fresh, published, settings.extraction_budget) if fresh else None
    return BatchInFlight(number, len(batch), len(fresh), errors, pending, repeated)


def finish_batch(
    store: Store, run_id: int, batch: BatchInFlight, failed_before: set[Failure], summary: IngestSummary,
    progress: Any, batches: int,
) -> None:
    """Wait for the batch's extractions, store them, record its errors and count what happened."""
    logger = get_run_logger()
    errors = batch.errors
    if batch.pending is not None:
        extracted, failed = extract_task(quote(batch.pending), batch.number)
        errors += failed
        totals, failed = store_task(store, run_id, quote(extracted), batch.number)
        errors += failed
        for key, value in totals.items():
            setattr(summary, key, getattr(summary, key) + value)
    repeated = batch.repeated + [error.source_key for error in errors
                                 if (error.source_key, error.stage, error.content_sha256) in failed_before]
    errors = [error for error in errors if (error.source_key, error.stage, error.content_sha256) not in failed_before]
    record_failures(store, run_id, errors, repeated, summary)
    summary.files_done += batch.files
    store.record_progress(run_id, summary.run_counts())
    logger.info("batch %d: %d files, %d new to the store, %d failed", batch.number, batch.files, batch.fresh,
                len(errors))
    if progress is not None:
        update_progress_artifact(progress, 100.0 * batch.number / batches)
    # The CLI's progress bar reads `done` and `total` (flows/cli.py); the message is for a plain log.
    console_progress.info(
        "%d/%d files (%d new, %d unchanged, %d failed)", summary.files_done, summary.files_seen, summary.files_new,
        summary.files_unchanged, summary.files_failed,
        extra={"done": summary.files_done, "total": summary.files_seen},
    )


def record_failures(
    store: Store, run_id: int, errors: list[FileError], repeated: list[str], summary: IngestSummary
) -> None:
    """New failures are errors (logged, stored once, counted as failed); a failure the store already holds for
    the same content is a note only, so a scan meeting an unchanged bad file does not fail again."""
    logger = get_run_logger()
    for source_key in repeated:
        logger.info("%s: failed before as it is now, not counted again (ingest --retry-failed tries it)", source_key)
    summary.files_failed_before += len(repeated)
    for error in errors:
        logger.error(
            "%s: failed at %s: %s (kept in ingest_error; tried again when the file changes)",
            error.source_key, error.stage, printable(error.message),
        )
    store.record_errors(run_id, errors)
    summary.files_failed += len(errors)
    summary.errors += [{"file": e.source_key, "stage": e.stage, "error": e.message} for e in errors]


def summary_markdown(summary: IngestSummary) -> str:
    lines = [
        "# Ingest summary",
        "",
        "| files seen | new | unchanged | failed | skipped | claims new | claims changed |",
        "|---|---|---|---|---|---|---|",
        f"| {summary.files_seen} | {summary.files_new} | {summary.files_unchanged} | {summary.files_failed} "
        f"| {summary.files_skipped} | {summary.claims_new} | {summary.claims_changed} |",
        "",
        f"Store: {markdown_cell(summary.store)} · seeds: {markdown_cell(summary.seeds_dir)}",
    ]
    if summary.files_failed_before:
        lines += ["", f"{summary.files_failed_before} files failed in an earlier run and have not changed since: "
                      "not read again (`newsfacts ingest --retry-failed` reads them)."]
    if summary.errors:
        lines += ["", "## Files that failed", "", "| file | stage | error |", "|---|---|---|"]
        lines += [f"| {markdown_cell(e['file'])} | {e['stage']} | {markdown_cell(e['error'])} |"
                  for e in summary.errors]
    return "\n".join(lines)


def claims_table(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The store's rows as table-artifact rows, what changed first: subject, previous → new value, valid from and
    source; then what kind of claim it is. Text is cut to a readable width and escaped, since the Prefect UI
    renders each cell as Markdown."""

    def cell(value: Any, width: int | None = None) -> str:
        return "" if value is None else markdown_text(str(value), width)

    return [
        {
            "subject": cell(row["subject"], CLAIMS_TABLE_WIDTHS["subject"]),
            "change": cell(claim_change(row), CLAIMS_TABLE_WIDTHS["change"]),
            "valid_from": cell(row["valid_from"]),
            "source": cell(row["article"]),
            "status": row["status"],
            "kind": cell(row["kind"]),
            "predicate": cell(row["predicate"]),
            "detail": cell(row["object"], CLAIMS_TABLE_WIDTHS["detail"]),
        }
        for row in rows
    ]


def claim_change(row: dict[str, Any]) -> str:
    """`previous → new` for a changed claim, the value alone for a new one."""
    value = "" if row["value"] is None else str(row["value"])
    return value if row["previous_value"] is None else f"{row['previous_value']} → {value}"


def claims_description(summary: IngestSummary, shown: int) -> str:
    described = f"{summary.claims_new} claims new and {summary.claims_changed} changed by this run"
    return f"{described}; the first {shown} versions" if shown >= CLAIMS_TABLE_ROWS else described


def run_label(seeds_dir: Path, path: str | None) -> str:
    """What a run is about: `file-<name>` for a single file, `scan-<folder>` for the whole seeds folder."""
    if path:
        return f"file-{printable(path.rsplit('/', 1)[-1])}"
    return f"scan-{escape_path(seeds_dir.name)}"


def run_outcome(label: str, summary: IngestSummary) -> str:
    """The run's name once it is done: what it was about and what it did, e.g. `scan-seeds: files 2 new, 1 failed`."""

    def counted(pairs: tuple[tuple[str, int], ...]) -> str:
        return ", ".join(f"{count} {what}" for what, count in pairs if count)

    files = counted((("new", summary.files_new), ("unchanged", summary.files_unchanged),
                     ("failed", summary.files_failed), ("failed before", summary.files_failed_before),
                     ("skipped", summary.files_skipped)))
    claims = counted((("new", summary.claims_new), ("changed", summary.claims_changed)))
    return f"{label}: files {files or 'none'}" + (f"; claims {claims}" if claims else "")


def flow_run_label() -> str:
    return run_label(flow_settings().seeds_dir, flow_run.parameters.get("path"))


def rename_flow_run(name: str) -> None:
    """Give the current flow run its final name; a failure here costs the name, never the run."""
    if not flow_run.id:
        return
    try:
        with get_client(sync_client=True) as client:
            client.set_flow_run_name(flow_run.id, name)
    except (PrefectHTTPStatusError, OSError) as error:
        get_run_logger().warning("could not rename the flow run to %r: %s", name, error)


def flow_settings() -> Settings:
    """The settings of this flow run: those `ingest()` was given in this process, else the settings file and the
    environment (a deployed run). Never a run parameter: where to read and where to write are not up to whoever
    starts a run."""
    return _process_settings.get() or load_settings()


@flow(name="ingest", flow_run_name=flow_run_label, log_prints=False)
def ingest_flow(published: date | None = None, path: str | None = None, retry_failed: bool = False) -> State:
    """Ingest every new or changed article file under the seeds folder into the claim store; with `path` (a file
    a scan would read: its source key, or its absolute path inside the seeds folder), that file only. Files that
    failed before are read again only when they change, or with `retry_failed`."""
    settings = flow_settings()
    summary = run_ingest(settings, published, path, retry_failed)
    outcome = run_outcome(run_label(settings.seeds_dir, path), summary)
    rename_flow_run(outcome)
    return final_state(summary, outcome)


def final_state(summary: IngestSummary, outcome: str) -> State:
    """Completed; named "Completed with failures" (and announced by an event) when files failed. Not Failed:
    the run did its job for every other file, and a retry of the run would fail the same files again."""
    if not summary.files_failed:
        return Completed(message=outcome, data=asdict(summary))
    emit_failures_event(summary)
    return Completed(name=COMPLETED_WITH_FAILURES, message=outcome, data=asdict(summary))


def emit_failures_event(summary: IngestSummary) -> None:
    """`newsfacts.ingest.files-failed`, about the seeds folder, related to this flow run, naming the files."""
    from prefect.events import emit_event

    related = [{"prefect.resource.id": f"prefect.flow-run.{flow_run.id}", "prefect.resource.role": "flow-run"}]
    emit_event(
        event=FILES_FAILED_EVENT,
        resource={"prefect.resource.id": f"newsfacts.seeds.{summary.seeds_dir}",
                  "prefect.resource.name": summary.seeds_dir},
        related=related if flow_run.id else None,
        payload={"files_failed": summary.files_failed, "store": summary.store,
                 "errors": summary.errors[:50]},  # an event is small; the store keeps every error
    )


def ingest(
    settings: Settings, published: date | None = None, path: str | None = None, retry_failed: bool = False
) -> IngestSummary:
    """Run the ingest flow for these settings and return its summary (what the CLI calls)."""
    token = _process_settings.set(settings)
    try:
        result = ingest_flow(published=published, path=path, retry_failed=retry_failed)
    finally:
        _process_settings.reset(token)
    return IngestSummary(**result)
