"""The CPU-bound stages on Dask give what they give in one process, and a scan of many batches on Dask stores
what a scan in one process stores: every article once, every claim the same."""

from __future__ import annotations

import pickle
import shutil
import time
from collections import deque
from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterator

import pytest

from flows import parallel, pipeline
from flows.contract import error_record, extraction_record
from flows.ingest import ingest
from flows.ingest import BatchInFlight, should_store_oldest
from flows.parallel import MOST_BATCHES_HELD, DaskStages, InProcessStages, Outcome, Pending, split
from flows.scan import discover
from flows.settings import ExtractionBudget, load_settings
from tests.benchmarks.ingest_throughput import write_variants
from tests.conftest import PROJECT_DIR
from tests.helpers import rows, scalar, table_counts

FIXTURES = PROJECT_DIR / "tests" / "fixtures"


@pytest.fixture(scope="module")
def dask_address() -> Iterator[str]:
    """A Dask cluster of two worker processes, started by the test, reached by address as a remote one is."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        yield cluster.scheduler_address


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Variants of the seed article, the HTML, JSON and front-matter fixtures, and a file that fails to read."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    write_variants(folder, 9)
    for article in (FIXTURES / "articles").iterdir():
        shutil.copy(article, folder / article.name)
    shutil.copy(FIXTURES / "seed_followup.txt", folder / "followup.txt")
    (folder / "empty.txt").write_text("   \n")
    return folder


def records(outcome: Outcome) -> tuple[list[dict], list[dict]]:
    extractions, errors = outcome
    return ([extraction_record(e.parsed.article.source_key, e) for e in extractions],
            sorted((error_record(e.source_key, e) for e in errors), key=str))


def test_split_keeps_order_and_every_item():
    assert split(list(range(7)), 2) == [[0, 1, 2, 3], [4, 5, 6]]
    assert split([1], 4) == [[1]]
    assert split([], 2) == []


def test_extractions_and_errors_arrive_from_a_worker_as_they_left(corpus):
    """Pickled as a worker's results are (field values by position): every record the same, all of an extraction
    (quotes, quantities, times, paragraphs) as well as what the store keeps."""
    files, _skipped = discover(corpus)
    extractions, errors = pipeline.extract_files(files, 10**7)
    assert errors and all(extraction.quotes or extraction.quantities for extraction in extractions)
    outcome = (extractions + [extraction.for_store() for extraction in extractions], errors)
    assert pickle.loads(pickle.dumps(outcome, protocol=5)) == outcome


def test_extraction_is_identical_with_and_without_dask(corpus, dask_address):
    """The whole extraction computed on a worker equals this process's, and so does what the flow's stages hand
    the store (Extraction.for_store) through either runner."""
    files, _ = discover(corpus)
    raws, _ = pipeline.read_batch(files, 1024 * 1024)
    alone = pipeline.process_batch(raws)
    stages = DaskStages(dask_address, 0)
    try:
        on_worker = stages.client().submit(pipeline.process_batch, raws, pure=False).result()
        for_store_on_dask = stages.submit(raws, None, ExtractionBudget())()
    finally:
        stages.close()
    assert records(on_worker) == records(alone)
    assert any(extraction.quotes and extraction.quantities and extraction.timexes for extraction in alone[0])
    for_store_here = InProcessStages().submit(raws, None, ExtractionBudget())()
    assert records(for_store_on_dask) == records(for_store_here)
    assert records(for_store_here) == records(([e.for_store() for e in alone[0]], alone[1]))
    assert len(alone[0]) == len(raws) == len(files) - 1  # the empty file fails at read


def test_a_scan_on_dask_stores_what_one_process_stores(tmp_path, corpus, dask_address, prefect_api):
    """Batches of three on the test's cluster against one batch in this process: same articles, same claims."""
    base = load_settings().with_overrides(seeds_dir=corpus)
    on_dask = replace(base, store_url=f"sqlite:///{tmp_path / 'dask.db'}", batch_size=3, dask_address=dask_address)
    alone = replace(base, store_url=f"sqlite:///{tmp_path / 'alone.db'}", dask_workers=1)
    summaries = [ingest(on_dask), ingest(alone)]
    assert [s.files_new for s in summaries] == [len(list(corpus.iterdir())) - 1] * 2
    assert summaries[0].claims_new == summaries[1].claims_new > 0
    claims = "SELECT kind, subject, predicate, object, value, valid_from FROM current_claims ORDER BY 1, 2, 3, 4, 5, 6"
    assert rows(on_dask.store_url, claims) == rows(alone.store_url, claims)
    versions = "SELECT a.source_key, v.content_sha256 FROM article a JOIN article_version v ON v.article_id = a.id"
    stored = rows(on_dask.store_url, versions)
    assert len(stored) == len({row["source_key"] for row in stored}) == summaries[0].files_new


def test_a_cluster_started_early_is_the_one_the_scan_uses(tmp_path, corpus, prefect_api):
    """`newsfacts ingest` starts the cluster beside Prefect's server and hands it the first batches; the run takes
    both, stores every article once, and closes the cluster when done."""
    settings = replace(load_settings().with_overrides(seeds_dir=corpus), store_url=f"sqlite:///{tmp_path / 'early.db'}",
                       batch_size=3, dask_workers=2)
    parallel.start_early(settings, None, discover(corpus)[0])
    early = parallel._early
    wait_for(lambda: len(early.batches) >= 2)
    summary = ingest(settings)
    assert summary.files_new == len(list(corpus.iterdir())) - 1
    assert scalar(settings.store_url, "SELECT COUNT(*) FROM article_version") == summary.files_new
    assert parallel.take_early(2) is None
    assert early.client.result().status == "closed"


def test_a_cluster_started_early_that_no_scan_takes_is_closed():
    settings = replace(load_settings(), dask_workers=2)
    parallel.start_early(settings)
    early = parallel._early.client
    parallel.close_early()
    assert parallel.take_early(2) is None
    assert early.result().status == "closed"


def test_the_local_cluster_workers_leave_the_cores_to_the_writer_first():
    """The flow's process stores every batch itself, one after the other, and Prefect's server must answer before
    the run starts: the workers of the cluster a run starts yield the cores to both (a cluster reached by address
    is the user's own and keeps its priority)."""
    import os

    from flows.dask_worker import WORKER_NICENESS

    client = parallel.connect(None, 2)
    try:
        niceness = client.run(os.nice, 0)
        assert len(niceness) == 2
        assert set(niceness.values()) == {min(19, os.nice(0) + WORKER_NICENESS)}
    finally:
        parallel.close_client(client)


def test_batches_handed_over_early_are_taken_only_when_the_run_reads_the_same(corpus):
    """The run waits on the futures of an early batch whose articles and contents are its own; a batch that
    differs drops the early ones and is computed anew. Either way the result is what one process gives."""
    settings = replace(load_settings().with_overrides(seeds_dir=corpus), batch_size=3, dask_workers=2)
    budget, files = settings.extraction_budget, discover(corpus)[0]
    parallel.start_early(settings, None, files)
    wait_for(lambda: len(parallel._early.batches) >= 2)
    stages = DaskStages(None, 2)
    try:
        stages.client()
        early = list(stages._early_batches)
        first, _ = pipeline.read_batch(files[:3], settings.max_file_bytes)
        taken = stages.submit(first, None, budget)
        assert taken.wait.args[1] is early[0].futures
        other, _ = pipeline.read_batch(files[4:7], settings.max_file_bytes)
        computed = stages.submit(other, None, budget)
        assert computed.wait.args[1] is not early[1].futures and not stages._early_batches
        assert records(taken()) == records(InProcessStages().submit(first, None, budget)())
        assert records(computed()) == records(InProcessStages().submit(other, None, budget)())
    finally:
        stages.close()


def test_batches_are_handed_over_early_until_the_run_begins_and_no_further(corpus):
    """Before the run, the workers get a batch whenever one of the two before it is done, and never more than
    EARLY_BATCHES (their extractions wait in memory for the run); once the run takes the cluster, none."""
    settings = replace(load_settings().with_overrides(seeds_dir=corpus), batch_size=1, dask_workers=2)
    files = discover(corpus)[0]
    assert len(files) > parallel.EARLY_BATCHES
    parallel.start_early(settings, None, files)
    early = parallel._early
    wait_for(lambda: len(early.batches) == parallel.EARLY_BATCHES
             and all(parallel.all_done(batch.futures) for batch in early.batches))
    client, batches = parallel.take_early(2)
    try:
        readable = [file.source_key for file in files[: parallel.EARLY_BATCHES] if file.source_key != "empty.txt"]
        assert [key for batch in batches for key, _sha in batch.contents] == readable
    finally:
        parallel.close_client(client)
    parallel.start_early(settings, None, files)
    client, batches = parallel.take_early(2)
    try:
        time.sleep(1)
        assert not batches
    finally:
        parallel.close_client(client)


def in_flight(*states: str) -> deque[BatchInFlight]:
    """Batches in flight, oldest first: 'working', 'done' (extracted, waiting for the writer) or 'none' (nothing
    new in it)."""
    pending = {"working": Pending(lambda: ([], [])), "done": Pending(lambda: ([], []), lambda: True), "none": None}
    return deque(BatchInFlight(number, 1, 1, [], pending[state], []) for number, state in enumerate(states, 1))


def test_the_writer_stores_the_oldest_batch_once_two_later_ones_keep_the_workers_busy():
    assert not should_store_oldest(in_flight("working", "working"))
    assert should_store_oldest(in_flight("working", "working", "working"))
    assert should_store_oldest(in_flight("done", "working", "working"))
    # batches the workers are done with (handed over before the run, say) leave them idle: hand over more first
    assert not should_store_oldest(in_flight("done", "done", "done", "none", "working"))
    # whatever the workers do, no more than MOST_BATCHES_HELD wait for the writer
    assert should_store_oldest(in_flight(*["done"] * MOST_BATCHES_HELD))
    assert not should_store_oldest(in_flight(*["done"] * (MOST_BATCHES_HELD - 1)))


def wait_for(condition: Callable[[], bool], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "waited too long"
        time.sleep(0.05)


def test_the_store_writes_the_same_from_what_for_store_keeps(tmp_path, corpus):
    """The workers send the writer only Extraction.for_store: a store fed whole extractions holds nothing more."""
    from flows.extract import EXTRACTOR_VERSION
    from models.store import Store

    files, _ = discover(corpus)
    raws, _ = pipeline.read_batch(files, 1024 * 1024)
    whole, _ = pipeline.process_batch(raws)
    urls = {"whole": f"sqlite:///{tmp_path / 'whole.db'}", "for_store": f"sqlite:///{tmp_path / 'for_store.db'}"}
    for name, extractions in (("whole", whole), ("for_store", [e.for_store() for e in whole])):
        store = Store.open(urls[name])
        store.save_articles(None, extractions, EXTRACTOR_VERSION)
        store.close()
    assert table_counts(urls["whole"]) == table_counts(urls["for_store"])
    history = ("SELECT claim_key, kind, subject, predicate, object, value, valid_from, valid_to, status, attributed_to,"
               " hedge, article, span_start, span_end, evidence, value_num, value_unit FROM claim_history"
               " ORDER BY claim_key, valid_from, article, span_start")
    assert rows(urls["whole"], history) == rows(urls["for_store"], history)
