"""Words per second of the date and quantity extractors alone, over a corpus's text.

    python -m tests.evaluation.bench_timex_quantities /path/to/corpus [--repeat N]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from flows.extract.quantities import find_quantities
from flows.extract.timexes import find_timexes
from tests.evaluation.corpora import GoldDocument, load_corpus


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--repeat", type=int, default=3, help="passes over the corpus; the best one is reported")
    arguments = parser.parse_args(argv)
    documents = load_corpus(arguments.corpus)
    words = sum(len(document.text.split()) for document in documents)
    print(f"{len(documents)} documents, {words} words")
    for name, extract in (("timexes", lambda d: find_timexes(d.text, d.anchor)),
                          ("quantities", lambda d: find_quantities(d.text))):
        best = min(_elapsed(extract, documents) for _ in range(arguments.repeat))
        print(f"{name:<11} {words / best:>10,.0f} words/s ({best:.2f} s per pass)")
    return 0


def _elapsed(extract: Callable[[GoldDocument], object], documents: list[GoldDocument]) -> float:
    started = time.perf_counter()
    for document in documents:
        extract(document)
    return time.perf_counter() - started


if __name__ == "__main__":
    raise SystemExit(main())
