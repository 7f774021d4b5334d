"""The flow's pipeline without Prefect, as a process of its own: what `newsfacts ingest` would cost with no
orchestration. Run by tests/benchmarks/corpus_ingest.py, which times it from outside, as it times the command, so
that both pay for starting Python and importing what they use, and the difference is Prefect's alone.

    python -m tests.benchmarks.plain_pipeline SEEDS STORE_URL [--batch 500]

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
from flows.settings import ExtractionBudget
from models.store import Store


def plain_pipeline(seeds: Path, store_url: str, size: int, data_dir: Path) -> int:
    """Every article file under `seeds` through the stages on Dask and into the store at `store_url`, file hashes
    kept in `data_dir`; returns the claims stored."""
    files, _ = discover(seeds)
    store = Store.open(store_url)
    run_id = store.start_run(None, str(seeds))
    stored = store.live_contents(EXTRACTOR_VERSION)
    store.known_failures()
    state_file = state_path(data_dir, seeds)
    state = load_state(state_file)
    to_read = split_unchanged(files, state, stored).to_read
    stages = DaskStages(None, 0)
    counts = {"files_seen": len(files), "files_new": 0, "files_failed": 0}
    previous: tuple[Pending, list[FileError]] | None = None

    def store_batch(pending: Pending, read_errors: list[FileError]) -> None:
        extracted, stage_errors = pending()
        counts["files_new"] += store.save_articles(run_id, extracted, EXTRACTOR_VERSION).stored
        store.record_errors(run_id, read_errors + stage_errors)
        counts["files_failed"] += len(read_errors) + len(stage_errors)
        store.record_progress(run_id, counts)

    for start in range(0, len(to_read), size):
        raws, read_errors = pipeline.read_batch(to_read[start : start + size], 20 * 1024 * 1024)
        remember(state, ((raw.file, raw.content_sha256) for raw in raws))
        current = (stages.submit(raws, None, ExtractionBudget()), read_errors)
        if previous is not None:
            store_batch(*previous)
        previous = current
    if previous is not None:
        store_batch(*previous)
    stages.close()
    save_state(state_file, state)
    totals = store.run_counts(run_id).totals
    counts.update(claims_new=totals["new"], claims_changed=totals["changed"])
    store.run_claim_changes(run_id, 200)
    store.finish_run(run_id, "completed", counts)
    store.close()
    return totals["new"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("seeds", type=Path)
    parser.add_argument("store_url")
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--data-dir", type=Path, default=Path("data"), help="where the file hashes are kept")
    args = parser.parse_args()
    print(plain_pipeline(args.seeds, args.store_url, args.batch, args.data_dir))


if __name__ == "__main__":  # Dask's worker processes import this module again: only the main process runs
    main()
