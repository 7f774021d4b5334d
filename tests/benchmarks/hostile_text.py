"""Benchmark: seconds and peak memory of parse + extraction on hostile text, per input and size.

    python -m tests.benchmarks.hostile_text [--sizes 10000,100000,1000000] [--inputs said,dates] [--claims] [--no-memory]

Each input is a short unit repeated to the size: the runs that made the rule-based extractors quadratic or made
their regexes backtrack (issue 11). Seconds come from a plain run; memory is tracemalloc's peak in a second run
(tracemalloc slows allocation-heavy text several times over), so it counts Python objects only. Claims
(`build_claims`) are left out unless --claims is given: claims.py is measured on its own by its owner.
The last line names the worst input: the most seconds per megabyte.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from flows.extract.claims import build_claims
from flows.extract.entities import find_entities
from flows.extract.quantities import find_quantities
from flows.extract.quotes import find_quotes
from flows.extract.timexes import find_timexes
from flows.parse import parse_article
from flows.records import ArticleMeta, CleanArticle

PROJECT_DIR = Path(__file__).resolve().parents[2]
SEED = PROJECT_DIR / "seeds" / "000_f4a7255485200af2.txt"
SIZES = (10_000, 100_000, 1_000_000)
PUBLISHED = date(2025, 5, 28)

# name → the unit repeated to the wanted size
UNITS: dict[str, str] = {
    "said": "said ",
    "dates": "Monday, May 28, ",
    "numbers": "123 456 789 ",
    "percent": "about 20% of the ",
    "curly": "“a” “b” ",
    "straight": '"',
    "capitals": "Aaa Bbb Ccc Ddd Eee ",
    "digits": "9",
    "number-words": "one two three ",
    "he-said": "He said Trump said that ",
    "singles": "'a 'b ",
    "dots": "A. ",
    "periods": ".",
    "money": "Rs 5 crore, two-thirds of 12 million Swiss francs, minus 3 pc or $4B-plus ",
    "seed": "",  # the seed article, repeated whole
    "group-offers": "An investor group said it raised its 5 dlr offer. Aaa and Bbb, along with Ccc, launched a bid. ",
    "group-members": "Xyz Partners, comprised of Aaa and Bbb and Ccc, said it raised its offer to 5 dlrs a share. ",
}


def hostile_text(name: str, size: int) -> str:
    """`size` characters of the named input."""
    unit = UNITS[name] or SEED.read_text(encoding="utf-8") + "\n"
    return (unit * (size // len(unit) + 1))[:size]


def parsed_article(text: str):  # -> ParsedArticle
    article = CleanArticle("hostile.txt", text, ArticleMeta(published=PUBLISHED), "0" * 64, "txt")
    return parse_article(article, PUBLISHED, PUBLISHED)


def run_extraction(text: str, claims: bool = False) -> int:
    """Parse and extract `text` as the pipeline does; the number of things found."""
    parsed = parsed_article(text)
    entities = find_entities(parsed)
    quotes = find_quotes(parsed, entities)
    quantities = find_quantities(parsed.text, parsed.sentences)
    timexes = find_timexes(parsed.text, parsed.published, parsed.sentences)
    found = len(entities) + len(quotes) + len(quantities) + len(timexes)
    if claims:
        found += len(build_claims(parsed, entities, quotes, quantities, timexes))
    return found


def warm_up() -> None:
    """Load the gazetteer and compile the patterns, once, so that no measurement counts them."""
    run_extraction("Paris, May 28. President Emmanuel Macron said 20% of the vote was “a good start.”", claims=True)


@dataclass(frozen=True)
class Measurement:
    name: str
    size: int
    seconds: float
    peak_bytes: int
    found: int


def measure(name: str, text: str, claims: bool = False, memory: bool = True) -> Measurement:
    began = time.perf_counter()
    found = run_extraction(text, claims)
    seconds = time.perf_counter() - began
    peak = 0
    if memory:
        tracemalloc.start()
        try:
            run_extraction(text, claims)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    return Measurement(name, len(text), seconds, peak, found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="characters, comma-separated")
    parser.add_argument("--inputs", default=",".join(UNITS), help=f"some of: {', '.join(UNITS)}")
    parser.add_argument("--claims", action="store_true", help="time build_claims too")
    parser.add_argument("--no-memory", action="store_true", help="skip the second, traced run")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    print(f"{'input':<12} {'size':>9} {'seconds':>9} {'peak MB':>9} {'x input':>8} {'found':>7}", flush=True)
    results: list[Measurement] = []
    warm_up()
    for name in args.inputs.split(","):
        for size in sizes:
            result = measure(name, hostile_text(name, size), args.claims, memory=not args.no_memory)
            results.append(result)
            print(f"{name:<12} {size:>9} {result.seconds:>9.2f} {result.peak_bytes / 1e6:>9.1f} "
                  f"{result.peak_bytes / size:>8.0f} {result.found:>7}", flush=True)
    worst = max(results, key=lambda result: result.seconds / result.size)
    print(f"worst: {worst.name} at {worst.size} characters, {worst.seconds / worst.size * 1e6:.1f} s per MB")


if __name__ == "__main__":
    main()
