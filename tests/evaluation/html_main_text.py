"""Main-text extraction quality and speed of the clean stage on an HTML corpus with gold text.

The corpus layout is `input/NAME.html` (raw page) and `gold/NAME.txt` (its main text). Some gold
files go on with the page's reader comments after a "!@#$%^&*() COMMENTS" separator line; the
article text is the part before it, and that is what is scored (newsfacts keeps comments out of
articles on purpose). Each page's extracted body is compared with the gold text as bags of
lower-cased word tokens: precision, recall and F1 per page, averaged over pages. Speed is pages and
megabytes of raw HTML per second of this process's CPU time, so that the numbers hold on a machine
busy with other work.

Systems scored in the same run: the clean stage (trafilatura with our settings, block scorer as
fallback), its two parts alone, and trafilatura with its defaults (comments off like ours) as the
reference point.

The pages are split in two halves by the SHA-1 of their file name (even: TUNE, odd: TEST). Settings
and thresholds are chosen on TUNE only and reported on TEST as well: a rule that helps on TUNE but not
on TEST was fitted to the pages, not to news.

    python -m tests.evaluation.html_main_text /path/to/html-dragnet [--split tune|test|all] [--limit N]
"""

from __future__ import annotations

import argparse
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import trafilatura

from flows.clean import clean_article
from flows.htmltext import block_paragraphs, parse_soup, trafilatura_paragraphs
from flows.records import ArticleError
from flows.textnorm import decode_bytes
from tests.evaluation.corpus_paths import half_of

_TOKEN = re.compile(r"\w+")
# The separator before reader comments in gold files, spelled with small variations.
_COMMENTS_SEPARATOR = re.compile(r"^[!@#$%^&*() ]{4,}COMMENTS\s*$", re.MULTILINE)


@dataclass
class Score:
    """Average token precision / recall / F1 over pages, with throughput."""

    system: str
    precision: float
    recall: float
    f1: float
    pages: int
    seconds: float
    megabytes: float

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0

    @property
    def megabytes_per_second(self) -> float:
        return self.megabytes / self.seconds if self.seconds else 0.0


def split_of(page: Path) -> str:
    """The half a page belongs to: fixed by its file name alone, so it never changes between runs."""
    return half_of(page.name)


def corpus_pages(corpus: Path, limit: int | None = None, split: str = "all") -> list[tuple[Path, Path]]:
    """(html, gold) pairs of one half (or all) in name order; every `step`-th page when a limit asks
    for a sample."""
    pairs = [
        (page, corpus / "gold" / f"{page.stem}.txt")
        for page in sorted((corpus / "input").glob("*.html"), key=lambda path: path.name)
        if (corpus / "gold" / f"{page.stem}.txt").exists() and split in ("all", split_of(page))
    ]
    if limit and limit < len(pairs):
        step = len(pairs) / limit
        pairs = [pairs[int(index * step)] for index in range(limit)]
    return pairs


def gold_article_text(gold: str) -> str:
    """The article part of a gold file: everything before the reader-comments separator."""
    match = _COMMENTS_SEPARATOR.search(gold)
    return gold[: match.start()] if match else gold


def token_scores(predicted: str, gold: str) -> tuple[float, float, float]:
    """Precision, recall and F1 of the predicted tokens against the gold tokens (multisets)."""
    predicted_tokens = Counter(token.lower() for token in _TOKEN.findall(predicted))
    gold_tokens = Counter(token.lower() for token in _TOKEN.findall(gold))
    overlap = sum((predicted_tokens & gold_tokens).values())
    if not predicted_tokens or not gold_tokens:
        both_empty = not predicted_tokens and not gold_tokens
        return (1.0, 1.0, 1.0) if both_empty else (0.0, 0.0, 0.0)
    precision = overlap / sum(predicted_tokens.values())
    recall = overlap / sum(gold_tokens.values())
    f1 = 2 * precision * recall / (precision + recall) if overlap else 0.0
    return precision, recall, f1


def newsfacts_text(data: bytes) -> str:
    """The body text the clean stage produces (an unreadable page counts as empty text)."""
    try:
        return clean_article(data, "page.html", ".html").text
    except ArticleError:
        return ""


def trafilatura_tuned_text(data: bytes) -> str:
    """Our trafilatura settings alone, without the block-scorer fallback."""
    return "\n".join(trafilatura_paragraphs(decode_bytes(data, declared_charset=True)))


def block_scorer_text(data: bytes) -> str:
    """The block scorer alone (the fallback, and the clean stage's extractor before trafilatura)."""
    return "\n".join(block_paragraphs(parse_soup(decode_bytes(data, declared_charset=True))))


def trafilatura_default_text(data: bytes) -> str:
    """trafilatura with its default settings on the raw bytes, comments off: the reference."""
    return trafilatura.extract(data, include_comments=False) or ""


def score_system(name: str, extract: Callable[[bytes], str], pages: list[tuple[Path, Path]]) -> Score:
    sums = [0.0, 0.0, 0.0]
    seconds = 0.0
    size = 0
    for page, gold_path in pages:
        data = page.read_bytes()
        gold = gold_article_text(gold_path.read_text(encoding="utf-8", errors="replace"))
        started = time.process_time()
        text = extract(data)
        seconds += time.process_time() - started
        size += len(data)
        for index, value in enumerate(token_scores(text, gold)):
            sums[index] += value
    count = max(len(pages), 1)
    return Score(name, sums[0] / count, sums[1] / count, sums[2] / count, len(pages), seconds, size / 1e6)


SYSTEMS: dict[str, Callable[[bytes], str]] = {
    "newsfacts clean": newsfacts_text,
    "  trafilatura ours": trafilatura_tuned_text,
    "  block scorer": block_scorer_text,
    "trafilatura dflt": trafilatura_default_text,
}


def evaluate(
    corpus: Path, limit: int | None = None, split: str = "all", systems: tuple[str, ...] = tuple(SYSTEMS)
) -> list[Score]:
    pages = corpus_pages(corpus, limit, split)
    return [score_system(name, SYSTEMS[name], pages) for name in systems]


def format_table(scores: list[Score]) -> str:
    header = f"{'system':<18}{'pages':>6}{'P':>8}{'R':>8}{'F1':>8}{'pages/s':>10}{'MB/s':>8}"
    rows = [
        f"{s.system:<18}{s.pages:>6}{s.precision:>8.3f}{s.recall:>8.3f}{s.f1:>8.3f}"
        f"{s.pages_per_second:>10.1f}{s.megabytes_per_second:>8.2f}"
        for s in scores
    ]
    return "\n".join([header, *rows])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path, help="folder with input/*.html and gold/*.txt")
    parser.add_argument("--limit", type=int, default=None, help="score an evenly spread sample of N pages")
    parser.add_argument("--split", choices=["tune", "test", "all"], default="all", help="half of the corpus to score")
    args = parser.parse_args()
    print(f"html-dragnet, split {args.split}")
    print(format_table(evaluate(args.corpus, args.limit, args.split)))


if __name__ == "__main__":
    main()
