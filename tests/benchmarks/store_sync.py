"""Benchmark: claim observations per second through the store's versioned sync, on SQLite and PostgreSQL.

    python -m tests.benchmarks.store_sync [--observations 100000] [--per-article 100] [--db URL ...]

Synthetic articles (no extraction cost) whose claims reuse a pool of claim slots, so later articles change values,
close versions and, arriving out of date order, re-shape timelines: the same work a real stream makes the store do.
Prints throughput and the process's peak memory.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time

from flows.records import Extraction
from models.store import Store
from tests.synthetic import synthetic_articles

def run(url: str, articles: list[Extraction], batch_size: int) -> dict[str, float]:
    store = Store.open(url)
    started = time.perf_counter()
    observations = 0
    for start in range(0, len(articles), batch_size):
        observations += store.save_articles(None, articles[start : start + batch_size], "bench").observations
        print(f"  {start + batch_size}/{len(articles)} articles", file=sys.stderr, end="\r")
    elapsed = time.perf_counter() - started
    counts = store.row_counts()
    differences = len(store.rebuild()[1])  # the fast path must agree with a full re-derivation
    store.close()
    return {"observations": observations, "seconds": elapsed, "per_second": observations / elapsed,
            "versions": counts["claim_version"], "claims": counts["claim"], "differences": differences}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--observations", type=int, default=100_000)
    parser.add_argument("--per-article", type=int, default=100)
    parser.add_argument("--batch", type=int, default=500, help="articles per transaction (the flow's batch)")
    parser.add_argument("--late", type=float, default=0.1,
                        help="share of articles dated at random rather than in arrival order (1.0: worst case)")
    parser.add_argument("--slots", type=int, default=20_000, help="distinct claim slots the articles draw from")
    parser.add_argument("--db", action="append", help="store URL (repeatable); default: a temporary SQLite file"
                        " plus $NEWSFACTS_BENCH_PG_URL when set")
    args = parser.parse_args()
    articles = synthetic_articles(args.observations // args.per_article, args.per_article, args.slots,
                                  late_share=args.late)
    with tempfile.TemporaryDirectory() as folder:
        urls = args.db or [f"sqlite:///{folder}/bench.db"] + (
            [os.environ["NEWSFACTS_BENCH_PG_URL"]] if os.environ.get("NEWSFACTS_BENCH_PG_URL") else [])
        print(f"{len(articles)} articles × {args.per_article} claims = {len(articles) * args.per_article} observations"
              f" over {args.slots} claim slots, {args.batch} articles a transaction, {args.late:.0%} late; {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
        print(f"{'store':<12} {'observations':>12} {'seconds':>8} {'obs/s':>8} {'claims':>8} {'versions':>9}"
              f" {'rebuild diffs':>13}")
        for url in urls:
            result = run(url, articles, args.batch)
            print(f"{url.split(':', 1)[0].split('+')[0]:<12} {result['observations']:>12,} {result['seconds']:>8.1f} "
                  f"{result['per_second']:>8,.0f} {result['claims']:>8,} {result['versions']:>9,}"
                  f" {result['differences']:>13}")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS): {peak_mb:,.0f} MB")


if __name__ == "__main__":
    main()
