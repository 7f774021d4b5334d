"""Benchmark: articles per second through the whole ingest flow (Prefect tasks, SQLite store), against the
stages alone, on generated variants of the seed article.

    python -m tests.benchmarks.ingest_throughput [--articles 1000] [--batch 500]

Each variant changes the figures and the date, so every file is new content with claims that change between
articles. The Prefect API is a temporary local one, started (and warmed up) before timing.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
SEED = PROJECT_DIR / "seeds" / "000_f4a7255485200af2.txt"


def write_variants(folder: Path, count: int) -> int:
    """`count` articles in `folder`; returns their word count."""
    text = SEED.read_text(encoding="utf-8")
    words = 0
    for number in range(count):
        day = date(2025, 5, 28) + timedelta(days=number)
        variant = (text.replace("approximately 20%", f"approximately {number % 30 + 5}%")
                   .replace("50,000 troops", f"{50_000 + number * 250:,} troops")
                   .replace("Wednesday, May 28", f"{day:%A, %B} {day.day}"))
        (folder / f"{number:05d}.txt").write_text(variant, encoding="utf-8")
        words += len(variant.split())
    return words


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=500)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="newsfacts-bench-"))
    os.environ.update({
        "DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_HOME": str(work / "prefect"),
        "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "WARNING", "PREFECT_LOCAL_STORAGE_PATH": str(work / "results"),
        "NEWSFACTS_INGEST_BATCH_SIZE": str(args.batch),
    })
    from flows.ingest import ingest
    from flows.pipeline import extract_files
    from flows.scan import discover
    from flows.settings import load_settings

    seeds, warmup = work / "seeds", work / "warmup"
    seeds.mkdir(), warmup.mkdir()
    words = write_variants(seeds, args.articles)
    write_variants(warmup, 1)
    settings = load_settings().with_overrides(seeds_dir=seeds, store_url=f"sqlite:///{work / 'bench.db'}")

    files, _ = discover(seeds)
    started = time.perf_counter()
    extract_files(files, settings.max_file_bytes)
    stages = time.perf_counter() - started

    # Start the local Prefect API outside the timing (into a store of its own).
    ingest(settings.with_overrides(seeds_dir=warmup, store_url=f"sqlite:///{work / 'warmup.db'}"))
    started = time.perf_counter()
    summary = ingest(settings)
    flow = time.perf_counter() - started
    started = time.perf_counter()
    again = ingest(settings)
    rerun = time.perf_counter() - started

    print(f"{args.articles} articles, {words:,} words, {args.batch} files a batch; {os.cpu_count()} CPUs,"
          f" Python {sys.version.split()[0]}")
    print(f"{'':<34} {'seconds':>8} {'articles/s':>11} {'words/s':>9}")
    print(f"{'stages alone (read → extract)':<34} {stages:>8.1f} {args.articles / stages:>11,.0f} {words / stages:>9,.0f}")
    print(f"{'ingest flow (Prefect + store)':<34} {flow:>8.1f} {args.articles / flow:>11,.0f} {words / flow:>9,.0f}")
    print(f"{'ingest again (nothing new)':<34} {rerun:>8.1f} {args.articles / rerun:>11,.0f}")
    print(f"stored: {summary.files_new} articles, {summary.claims_new} claims new, {summary.claims_changed} changed;"
          f" second run: {again.files_unchanged} unchanged")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS of this process): {peak_mb:,.0f} MB")


if __name__ == "__main__":
    main()
