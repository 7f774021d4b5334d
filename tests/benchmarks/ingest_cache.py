"""Does caching extraction on the content hash pay off? Times extracting a folder's articles three ways: the plain
function, the extract task on a cache miss (it extracts and writes the result to Prefect's result storage), and the
extract task on a hit (it reads the result back).

    PYTHONPATH=$PWD .venv/bin/python -m tests.benchmarks.ingest_cache [FOLDER]

FOLDER defaults to $NEWSFACTS_BENCH_SEEDS, else ../shared/corpora/meantime (its article *.txt files).
Uses the Prefect API in PREFECT_API_URL, else a temporary local one.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]


def article_folder(argv: list[str]) -> Path:
    given = argv[1] if len(argv) > 1 else os.environ.get("NEWSFACTS_BENCH_SEEDS")
    return Path(given) if given else PROJECT_DIR.parent / "shared" / "corpora" / "meantime"


def main(argv: list[str]) -> int:
    folder = article_folder(argv)
    if not folder.is_dir():
        print(f"no folder {folder}: pass one, or set NEWSFACTS_BENCH_SEEDS")
        return 1
    results = tempfile.mkdtemp(prefix="newsfacts-bench-results-")
    os.environ.update({"DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
                       "PREFECT_LOCAL_STORAGE_PATH": results, "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "WARNING"})
    from prefect import flow
    from prefect.utilities.annotations import quote

    from flows import pipeline
    from flows.ingest import extract_task
    from flows.scan import discover
    from flows.settings import ExtractionBudget

    files = [f for f in discover(folder)[0]
             if f.path.suffix == ".txt" and f.path.name not in ("README.txt", "LICENSE.txt")]
    raws, _ = pipeline.read_batch(files, 20 * 1024 * 1024)
    cleaned, _ = pipeline.clean_batch(raws)
    parsed, _ = pipeline.parse_batch(cleaned)
    words = sum(len(article.text.split()) for article in cleaned)

    @flow(name="bench-extract-cache")
    def timed_extract_tasks() -> tuple[float, float]:
        extract_task(quote(parsed[:1]), ExtractionBudget(), 0)  # set up result storage outside the timing
        started = time.perf_counter()
        extract_task(quote(parsed), ExtractionBudget(), 1)
        missed = time.perf_counter()
        extract_task(quote(parsed), ExtractionBudget(), 2)
        return missed - started, time.perf_counter() - missed

    started = time.perf_counter()
    pipeline.extract_batch(parsed)
    direct = time.perf_counter() - started
    miss, hit = timed_extract_tasks()
    size = sum(p.stat().st_size for p in Path(results).rglob("*") if p.is_file())
    print(f"{len(parsed)} articles, {words} words")
    print(f"extract, plain function: {direct * 1000:7.0f} ms  ({words / direct:,.0f} words/s)")
    print(f"extract task, cache miss: {miss * 1000:6.0f} ms  (extracts, writes {size / 1e6:.1f} MB of results)")
    print(f"extract task, cache hit:  {hit * 1000:6.0f} ms  (reads them back)")
    saved, added = direct - hit, miss - direct
    if saved <= 0:
        print("the cache does not pay off: reading a result back is slower than extracting")
    else:
        print(f"a hit saves {saved * 1000:.0f} ms, a miss adds {added * 1000:.0f} ms: the cache pays off when "
              f"more than {added / (added + saved):.0%} of extractions repeat one already made")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
