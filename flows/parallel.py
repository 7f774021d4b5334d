"""Where the CPU-bound stages (clean → parse → extract) run: in the flow's own process, or on Dask workers.

A scan of more than one batch spreads each batch over the workers of a Dask cluster: a local one sized to the
machine, started for the run, or an existing one at `[dask] address` (NEWSFACTS_DASK_ADDRESS). The workers run
plain functions (flows.pipeline.process_batch_for_store) and never Prefect code, so none of them starts a Prefect
API of its own, and a task Dask recomputes after losing a worker only computes again: it writes nothing. The flow
stays the one writer, storing batches in order while the workers extract the next one.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Callable, Iterator

from flows import pipeline
from flows.records import ArticleFile, Extraction, FileError
from flows.settings import ExtractionBudget, Settings

if TYPE_CHECKING:
    from distributed import Client

Outcome = tuple[list[Extraction], list[FileError]]
# Batches the stages are still working on while the flow stores the oldest (flows/ingest.py): with two, a worker
# that finishes its part of one batch while the flow is still storing starts on another rather than waiting.
BATCHES_AHEAD = 2
# The most batches handed to the stages and not yet stored, the ones handed over before the run included: what
# bounds the memory that extractions waiting for the writer take, whatever the size of the folder.
MOST_BATCHES_HELD = 10


@dataclass(frozen=True)
class Pending:
    """A batch handed to the stages: call it to wait for the batch's extractions and errors; `ready()` says whether
    that call would return at once."""

    wait: Callable[[], Outcome]
    ready: Callable[[], bool] = lambda: False

    def __call__(self) -> Outcome:
        return self.wait()


class InProcessStages:
    """The stages in this process, run when the flow asks for the result (one batch, or `[dask] workers = 1`)."""

    def submit(self, raws: list[pipeline.RawArticle], published: date | None, budget: ExtractionBudget) -> Pending:
        return Pending(partial(pipeline.process_batch_for_store, raws, published, budget=budget))


class DaskStages:
    """The stages on a Dask cluster, each batch cut in one chunk per worker. The cluster is reached (or started)
    on the first batch with anything new, so a rescan that finds nothing new starts no cluster."""

    def __init__(self, address: str | None, workers: int) -> None:
        self.address = address
        self.workers = workers
        self._client: Client | None = None
        self._early_batches: deque[EarlyBatch] = deque()

    def submit(self, raws: list[pipeline.RawArticle], published: date | None, budget: ExtractionBudget) -> Pending:
        client = self.client()
        futures = (self._take_early_batch(client, raws, published, budget)
                   or submit_chunks(client, raws, published, budget))
        return Pending(partial(merged, client, futures), partial(all_done, futures))

    def client(self) -> "Client":
        if self._client is None:
            early = None if self.address else take_early(self.workers)
            if early is not None:
                self._client, self._early_batches = early
            else:
                self._client = connect(self.address, self.workers)
        return self._client

    def _take_early_batch(
        self, client: "Client", raws: list[pipeline.RawArticle], published: date | None, budget: ExtractionBudget
    ) -> list | None:
        """The futures of the batch handed over before the run when it is this batch, content for content. When it
        is not, the run reads the folder otherwise than the scan before it expected: the early batches are dropped,
        and every batch is submitted as it comes."""
        if not self._early_batches:
            return None
        early = self._early_batches.popleft()
        if early == EarlyBatch.of(raws, published, budget, early.futures):
            return early.futures
        client.cancel([future for batch in (early, *self._early_batches) for future in batch.futures])
        self._early_batches.clear()
        return None

    def close(self) -> None:
        if self._client is not None:
            close_client(self._client)


def connect(address: str | None, workers: int) -> "Client":
    import dask
    from distributed import Client, LocalCluster

    # Dask keeps each connection's last 1,000 messages under 1 MB for debugging: every batch of articles sent to
    # a worker (and, in the client, every graph sent to the scheduler) stayed in memory for the whole run, so
    # the flow's memory grew with the corpus. Its workers also sample their own stacks every 10 ms for the
    # dashboard's profile, CPU the stages could use, and every process reads its host's CPU, memory and disk
    # counters twice a second for the dashboard's charts (each nanny its worker's memory ten times a second), a
    # cost paid in the flow's process, the writer. These are read as a connection opens or a worker starts (local
    # workers take this process's settings), so they are set before either.
    dask.config.set({
        "distributed.admin.low-level-log-length": 0, "distributed.worker.profile.enabled": False,
        "distributed.admin.system-monitor.interval": "5s", "distributed.admin.system-monitor.disk": False,
        "distributed.worker.memory.monitor-interval": "1s",
    })
    if address:
        return Client(address, set_as_default=False)
    # One single-threaded process per core: the stages are pure Python, so threads would share one core. The
    # scheduler's HTTP endpoint takes any free port: a second cluster on the machine would otherwise warn. Each
    # worker imports the stages as it starts (flows/dask_worker.py), not on its first batch: started early
    # (start_early), that is done while the flow is still getting ready.
    cluster = LocalCluster(
        n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
        dashboard_address=":0", silence_logs=logging.ERROR, preload=["flows.dask_worker"],
    )
    return Client(cluster, set_as_default=False)


@dataclass
class _EarlyStart:
    """A local cluster being started ahead of the run (start_early): the number of workers asked for, the batches
    handed to it so far, what tells the thread handing them over to stop, and the client once it is up."""

    workers: int
    batches: "deque[EarlyBatch]"
    run_began: threading.Event
    client: "Future[Client]"


_early: _EarlyStart | None = None
# Batches the workers are handed before the run, at most: enough to keep them busy while Prefect's server starts
# on a busy machine (up to ~15 s), few enough that their extractions wait in memory only briefly.
EARLY_BATCHES = MOST_BATCHES_HELD - BATCHES_AHEAD
# How often the thread handing over early batches looks whether the workers need another or the run has begun.
EARLY_POLL_SECONDS = 0.05


@dataclass
class EarlyBatch:
    """A batch handed to the workers before the flow run started: what it holds (each article's source key and
    content hash, in order), with what, and its futures (not compared)."""

    contents: list[tuple[str, str]]
    published: date | None
    budget: ExtractionBudget
    futures: list = field(compare=False)

    @classmethod
    def of(cls, raws: list[pipeline.RawArticle], published: date | None, budget: ExtractionBudget,
           futures: list) -> "EarlyBatch":
        return cls([(raw.file.source_key, raw.content_sha256) for raw in raws], published, budget, futures)


def start_early(
    settings: Settings, published: date | None = None, first_files: list[ArticleFile] | None = None
) -> None:
    """Start the local cluster in a background thread, for the run about to start in this process to take.
    `newsfacts ingest` calls it once Prefect's temporary API server is starting, so that the two start side by
    side (each takes seconds, mostly waiting on processes that import their code) rather than one after the
    other. `first_files` are the files the scan expects the run to read first: once up, the workers work through
    their first batches while the server is still starting, which otherwise leaves the cores idle for seconds."""
    global _early
    if _early is not None or settings.dask_address or settings.dask_workers == 1:
        return
    batches: deque[EarlyBatch] = deque()
    run_began = threading.Event()
    starter = ThreadPoolExecutor(1, thread_name_prefix="dask-start")
    started = starter.submit(_connect_and_start, settings, published, first_files or [], batches, run_began)
    _early = _EarlyStart(settings.dask_workers, batches, run_began, started)
    starter.shutdown(wait=False)


def _connect_and_start(
    settings: Settings, published: date | None, files: list[ArticleFile], batches: "deque[EarlyBatch]",
    run_began: threading.Event,
) -> "Client":
    """A local cluster, and the first batches of `files` handed to it (added to `batches`) until the run begins:
    a batch at a time, whenever fewer than BATCHES_AHEAD of those handed over are unfinished (so that each worker
    always has the next at hand), EARLY_BATCHES at most. The files are read as the run reads them (the same
    checks and limits); read errors are left to the run, which reads every file again and takes a batch only if
    its content is the same."""
    client = connect(None, settings.dask_workers)
    size, budget = settings.batch_size, settings.extraction_budget
    starts = iter(range(0, min(len(files), EARLY_BATCHES * size), size))
    while not run_began.is_set():
        if sum(not all_done(batch.futures) for batch in batches) >= BATCHES_AHEAD:
            run_began.wait(EARLY_POLL_SECONDS)
            continue
        start = next(starts, None)
        if start is None:
            break
        raws, _errors = pipeline.read_batch(files[start : start + size], settings.max_file_bytes,
                                            settings.allow_hard_links)
        batches.append(EarlyBatch.of(raws, published, budget, submit_chunks(client, raws, published, budget)))
    return client


def take_early(workers: int) -> "tuple[Client, deque[EarlyBatch]] | None":
    """The cluster start_early started (waiting for it to be up) and the batches handed to it, when it has the
    workers asked for. No batch is handed over once it is taken."""
    global _early
    if _early is None or _early.workers != workers:
        return None
    early, _early = _early, None
    early.run_began.set()
    return early.client.result(), early.batches


def close_early() -> None:
    """Close a cluster start_early started that no run took (the scan found less work than it looked)."""
    global _early
    if _early is not None:
        early, _early = _early, None
        early.run_began.set()
        if early.client.exception() is None:  # a cluster that failed to start has nothing to close
            close_client(early.client.result())


def close_client(client: "Client") -> None:
    cluster = client.cluster  # None for a cluster this run did not start
    client.close()
    if cluster is not None:
        cluster.close()


def worker_count(client: "Client") -> int:
    return max(1, len(client.scheduler_info().get("workers", {})))


def submit_chunks(
    client: "Client", raws: list[pipeline.RawArticle], published: date | None, budget: ExtractionBudget
) -> list:
    """The stages of a batch on the cluster, cut in one chunk per worker: their futures."""
    chunks = split(raws, worker_count(client))
    # pure=False: a batch is sent once and computed once; Dask need not look for an identical earlier call.
    return client.map(pipeline.process_batch_for_store, chunks, published=published, budget=budget, pure=False)


def split(items: list, parts: int) -> list[list]:
    """`items` in at most `parts` consecutive chunks of near-equal size, in order."""
    size = -(-len(items) // parts) or 1
    return [items[start : start + size] for start in range(0, len(items), size)]


def all_done(futures: list) -> bool:
    return all(future.done() for future in futures)


def merged(client: "Client", futures: list) -> Outcome:
    extractions: list[Extraction] = []
    errors: list[FileError] = []
    for done, failed in client.gather(futures):
        extractions += done
        errors += failed
    return extractions, errors


@contextmanager
def stage_runner(settings: Settings, batches: int) -> Iterator[InProcessStages | DaskStages]:
    """Dask for a scan of more than one batch (a cluster costs seconds to start), unless `[dask] workers = 1`
    and no address; an address always means Dask."""
    if not settings.dask_address and (batches < 2 or settings.dask_workers == 1):
        yield InProcessStages()
        return
    stages = DaskStages(settings.dask_address, settings.dask_workers)
    try:
        yield stages
    finally:
        stages.close()
