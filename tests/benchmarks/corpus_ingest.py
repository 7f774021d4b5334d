"""Benchmark: a corpus (Reuters-21578 written as article files) through `newsfacts ingest`, first and again with
nothing changed, against the same pipeline as plain function calls.

    python -m tests.benchmarks.corpus_ingest FOLDER [--limit 2000] [--batch 500]

FOLDER holds article files (`python ../shared/tools/reuters_to_articles.py DIR` writes them); the first --limit
files by name are copied to a temporary seeds folder. Printed: time per stage (one process, no Prefect), the
plain pipeline as the flow runs it (Dask workers, one writer, no Prefect: tests/benchmarks/plain_pipeline.py, a
process of its own), the `newsfacts ingest` command (first ingest, then a rescan), `newsfacts sql "SELECT 1"`,
rates and peak RSS. Prefect's share is the command's time over the plain pipeline's, both timed from outside
their process: what orchestration (Prefect's temporary API included) adds.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

STAGES = ("read", "clean", "parse", "extract", "store")


@dataclass
class Timings:
    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        yield
        self.seconds[name] += time.perf_counter() - started


def copy_corpus(source: Path, seeds: Path, limit: int | None) -> int:
    """The first `limit` article files of `source` (by name) copied into `seeds`; returns their word count."""
    seeds.mkdir(parents=True)
    names = sorted(path.name for path in source.iterdir() if path.is_file())[:limit]
    words = 0
    for name in names:
        shutil.copyfile(source / name, seeds / name)
        words += len((seeds / name).read_bytes().split())
    return words


def batches_of(seeds: Path, size: int) -> list[list]:
    from flows.scan import discover

    files, _ = discover(seeds)
    return [files[start : start + size] for start in range(0, len(files), size)]


def stages_alone(seeds: Path, store_url: str, size: int) -> tuple[Timings, int]:
    """Each stage timed on its own, one process, no Prefect, no Dask; returns the timings and claims stored."""
    from flows import pipeline
    from flows.extract import EXTRACTOR_VERSION
    from models.store import Store

    timings, claims = Timings(), 0
    store = Store.open(store_url)
    run_id = store.start_run(None, str(seeds))
    for batch in batches_of(seeds, size):
        with timings.stage("read"):
            raws, _ = pipeline.read_batch(batch, 20 * 1024 * 1024)
        with timings.stage("clean"):
            cleaned, _ = pipeline.clean_batch(raws)
        with timings.stage("parse"):
            parsed, _ = pipeline.parse_batch(cleaned)
        with timings.stage("extract"):
            extracted, _ = pipeline.extract_batch(parsed)
        with timings.stage("store"):
            claims += store.save_articles(run_id, extracted, EXTRACTOR_VERSION).claims_new
    store.close()
    return timings, claims


def plain_pipeline(seeds: Path, store_url: str, data_dir: Path) -> float:
    """Seconds of the flow's pipeline without Prefect (tests/benchmarks/plain_pipeline.py) as a process of its
    own, timed from outside as the command is: both start Python and import what they use. Its file hashes go
    to `data_dir`, not to the command's."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "tests.benchmarks.plain_pipeline", str(seeds), store_url],
                   cwd=Path(__file__).resolve().parents[2], stdout=subprocess.DEVNULL, check=True,
                   env={**os.environ, "NEWSFACTS_STORE_DATA_DIR": str(data_dir)})
    return time.perf_counter() - started


def cpu_seconds() -> float:
    """User + system CPU seconds of this process and of its children waited for (commands, Dask workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def command(work: Path, *args: str) -> tuple[float, float]:
    """Seconds and peak RSS (MB, of the largest process it ran) of one `newsfacts` command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    done = subprocess.run([str(Path(sys.executable).with_name("newsfacts")), *args], cwd=work,
                          stdout=subprocess.DEVNULL)
    if done.returncode not in (0, 1):  # 1: the run went through, and some files failed (they are counted)
        raise SystemExit(f"newsfacts {args[0]} failed with exit code {done.returncode}")
    seconds = time.perf_counter() - started
    return seconds, max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--limit", type=int)
    parser.add_argument("--batch", type=int, default=500)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="newsfacts-corpus-"))
    os.environ.update({
        "DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_HOME": str(work / "prefect"),
        "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "WARNING", "NEWSFACTS_INGEST_BATCH_SIZE": str(args.batch),
        "NEWSFACTS_STORE_DATA_DIR": str(work / "data"),
    })
    seeds = work / "seeds"
    words = copy_corpus(args.folder, seeds, args.limit)
    articles = len(list(seeds.iterdir()))
    cpu: dict[str, float] = {}
    spent = cpu_seconds()

    def cpu_of(name: str) -> None:
        nonlocal spent
        cpu[name], spent = cpu_seconds() - spent, cpu_seconds()

    timings, claims = stages_alone(seeds, f"sqlite:///{work / 'stages.db'}", args.batch)
    cpu_of("stages")
    plain = plain_pipeline(seeds, f"sqlite:///{work / 'plain.db'}", work / "plain-data")
    cpu_of("plain")
    # Prefect's own database is created on the first use of a PREFECT_HOME (~4 s more); a user has it already.
    warm = work / "warm"
    warm.mkdir()
    shutil.copyfile(next(seeds.iterdir()), warm / "warm.txt")
    command(work, "ingest", "--seeds", str(warm), "--db", str(work / "warm.db"))
    cpu_of("warm")
    first, first_rss = command(work, "ingest", "--seeds", str(seeds), "--db", str(work / "flow.db"))
    cpu_of("first")
    rescan, rescan_rss = command(work, "ingest", "--seeds", str(seeds), "--db", str(work / "flow.db"))
    cpu_of("rescan")
    select, _ = command(work, "sql", "--db", str(work / "flow.db"), "SELECT 1")
    cpu_of("select")
    report(articles, words, claims, timings, plain, first, rescan, select, first_rss, cpu)
    shutil.rmtree(work, ignore_errors=True)


def report(articles: int, words: int, claims: int, timings: Timings, plain: float, first: float, rescan: float,
           select: float, rss_mb: float, cpu: dict[str, float]) -> None:
    print(f"{articles:,} articles, {words:,} words, {claims:,} claims; {os.cpu_count()} CPUs, "
          f"Python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.1f}")
    alone = sum(timings.seconds.values())
    print(f"{'':<44} {'seconds':>8} {'articles/s':>11} {'words/s':>10} {'claims/s':>9} {'CPU s':>7}")

    def line(label: str, seconds: float, cpu_s: float | None = None) -> None:
        print(f"{label:<44} {seconds:>8.1f} {articles / seconds:>11,.0f} {words / seconds:>10,.0f}"
              f" {claims / seconds:>9,.0f}" + (f" {cpu_s:>7.1f}" if cpu_s is not None else ""))

    for name, seconds in timings.seconds.items():
        print(f"  stage {name:<38} {seconds:>8.1f}")
    line("stages alone, one process (sum)", alone, cpu["stages"])
    line("plain pipeline (own process, Dask, one writer)", plain, cpu["plain"])
    line("newsfacts ingest, first", first, cpu["first"])
    print(f"{'  of which orchestration (command - plain)':<44} {first - plain:>8.1f}")
    print(f"{'newsfacts ingest, nothing changed':<44} {rescan:>8.2f} {'':>32} {cpu['rescan']:>7.1f}")
    print(f"{'newsfacts sql ' + repr('SELECT 1'):<44} {select:>8.2f} {'':>32} {cpu['select']:>7.1f}")
    print("CPU s: user + system seconds of the benchmark and the processes it waited for (Dask workers, commands)")
    print(f"Prefect's share: command / plain pipeline = {first / plain:.2f}")
    print(f"peak RSS of the largest process of the commands: {rss_mb:,.0f} MB; of this process: "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")


if __name__ == "__main__":
    main()
