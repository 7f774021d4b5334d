"""Benchmark helper: the whole extraction of a sample of articles as JSON, to compare two versions byte for byte.

    python -m tests.benchmarks.extract_dump OUT.json [--corpus DIR] [--every 4] [--limit N]

A speed change must leave the output as it was: dump the same sample from both versions (PYTHONPATH picks the
version) and compare the files. The sample is every `--every`-th `reut-*.txt` of the corpus folder, the test
fixtures (with the MEANTIME quote articles), the seed article and the hostile inputs of
tests/benchmarks/hostile_text.py at 20,000 characters.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from dataclasses import asdict
from pathlib import Path

from flows.pipeline import article_file, extract_files
from tests.benchmarks.hostile_text import UNITS, hostile_text

PROJECT_DIR = Path(__file__).resolve().parents[2]
BATCH = 100


def sample_files(corpus: Path | None, every: int, limit: int | None) -> list[Path]:
    files = sorted(corpus.glob("reut-*.txt"))[::every][:limit] if corpus else []
    files += sorted((PROJECT_DIR / "tests" / "fixtures" / "articles").iterdir())
    files += sorted((PROJECT_DIR / "tests" / "fixtures").glob("*.txt"))
    files += sorted((PROJECT_DIR / "tests" / "fixtures" / "meantime_quotes").glob("*.txt"))
    return files + sorted((PROJECT_DIR / "seeds").glob("*.txt"))


def dump(files: list[Path], out: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for name in UNITS:  # the hostile inputs, as files the pipeline reads like any other
            path = Path(folder) / f"hostile-{name}.txt"
            path.write_text(hostile_text(name, 20_000), encoding="utf-8")
            files = files + [path]
        rows = []
        for i in range(0, len(files), BATCH):
            extracted, errors = extract_files([article_file(p, p.name) for p in files[i:i + BATCH]], 10**7)
            rows += [asdict(e) for e in extracted] + [asdict(e) for e in errors]
    out.write_text(json.dumps(rows, default=str, indent=0, sort_keys=True), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--every", type=int, default=4)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    dump(sample_files(args.corpus, args.every, args.limit), args.out)


if __name__ == "__main__":
    main()
