"""The flow's pipeline without Prefect, as a process of its own: what `newsfacts ingest` would cost with no
orchestration. Run by tests/benchmarks/corpus_ingest.py, which times it from outside, as it times the command, so
that both pay for starting Python and importing what they use, and the difference is Prefect's alone.

    python -m tests.benchmarks.plain_pipeline SEEDS STORE_URL

Its settings are the command's (config/newsfacts.toml and NEWSFACTS_* overrides: batch size, file size limit,
extraction budget, Dask cluster, data_dir for the file hashes), with SEEDS and STORE_URL as `--seeds` and `--db`.

Read, clean/parse/extract on a local Dask cluster sized as the command's, one writer storing batches in order,
the next batch extracted while this one is stored, and the store's own bookkeeping that the flow does too (what
is stored already, the file hashes kept for the next rescan, the run's counts after each batch and at its end,
the claims it changed for the summary): everything `newsfacts ingest` does on a first scan but Prefect's part
(tasks, logs, artifacts, the temporary API). Prints the claims stored.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from flows import pipeline
from flows.extract_version import EXTRACTOR_VERSION
from flows.parallel import DaskStages, Pending
from flows.records import FileError
from flows.rescan import load_state, remember, save_state, split_unchanged, state_path
from flows.scan import discover
from flows.settings import Settings, load_settings
from models.store import Store


def plain_pipeline(settings: Settings) -> int:
    """Every article file under the seeds folder through the stages on Dask and into the store; returns the claims
    stored."""
    files, _ = discover(settings.seeds_dir, settings.allow_hard_links)
    store = Store.open(settings.store_url)
    run_id = store.start_run(None, str(settings.seeds_dir))
    stored = store.live_contents(EXTRACTOR_VERSION)
    store.known_failures()  # read as the flow reads it; a first scan has none to pass over
    state_file = state_path(settings.data_dir, settings.seeds_dir)
    state = load_state(state_file)
    to_read = split_unchanged(files, state, stored).to_read
    stages = DaskStages(settings.dask_address, settings.dask_workers)
    counts = {"files_seen": len(files), "files_new": 0, "files_failed": 0}
    previous: tuple[Pending, list[FileError]] | None = None

    def store_batch(pending: Pending, read_errors: list[FileError]) -> None:
        extracted, stage_errors = pending()
        counts["files_new"] += store.save_articles(run_id, extracted, EXTRACTOR_VERSION).stored
        store.record_errors(run_id, read_errors + stage_errors)
        counts["files_failed"] += len(read_errors) + len(stage_errors)
        store.record_progress(run_id, counts)

    size = settings.batch_size
    for start in range(0, len(to_read), size):
        raws, read_errors = pipeline.read_batch(to_read[start : start + size], settings.max_file_bytes,
                                                settings.allow_hard_links)
        remember(state, ((raw.file, raw.content_sha256) for raw in raws))
        current = (stages.submit(raws, None, settings.extraction_budget), read_errors)
        if previous is not None:
            store_batch(*previous)
        previous = current
    if previous is not None:
        store_batch(*previous)
    stages.close()
    save_state(state_file, state)
    totals = store.run_counts(run_id).totals
    counts.update(claims_new=totals["new"], claims_changed=totals["changed"])
    store.run_claim_changes(run_id)  # the rows the run's claims artifact shows
    store.finish_run(run_id, "completed", counts)
    store.close()
    return totals["new"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("seeds", type=Path)
    parser.add_argument("store_url")
    args = parser.parse_args()
    print(plain_pipeline(load_settings().with_overrides(seeds_dir=args.seeds, store_url=args.store_url)))


if __name__ == "__main__":  # Dask's worker processes import this module again: only the main process runs
    main()
