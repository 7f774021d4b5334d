"""Direct-quote quality on a small hand-made gold of MEANTIME articles (tests/fixtures/meantime_quotes, CC BY 4.0).

    python -m tests.evaluation.meantime_quotes [--errors]

Counted as the PolNeAR harness counts them (`attribution_eval.score_article`): a quote is found when the predictions
supporting it cover half its words, and its source is right when the speaker overlaps the gold mention or shares a
name word with the gold speaker. Only direct quotes are marked, so every other predicted direct quote is a false
alarm. The conventions of the gold are in the fixture's README.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from flows.extract.entities import find_entities
from flows.extract.quotes import find_quotes
from flows.records import ArticleMeta, CleanArticle, ParsedArticle
from tests.evaluation.attribution_eval import GoldAttribution, RowCounts, score_article

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "meantime_quotes"


@dataclass
class QuoteGoldArticle:
    name: str
    text: str
    quotes: list[GoldAttribution]


def load_gold(folder: Path = FIXTURE) -> list[QuoteGoldArticle]:
    articles = []
    for entry in json.loads((folder / "quotes.json").read_text(encoding="utf-8")):
        text = (folder / f"{entry['article']}.txt").read_text(encoding="utf-8")
        quotes = [
            # the speaker's full name goes with the mention, so "he" in the text and "Fritz Henderson" both count
            GoldAttribution([(quote["start"], quote["end"])], [(quote["speaker_start"], quote["speaker_end"])],
                            quote["text"], f"{quote['speaker']} {quote['speaker_text']}")
            for quote in entry["quotes"]
        ]
        articles.append(QuoteGoldArticle(entry["article"], text, quotes))
    return articles


def evaluate(folder: Path = FIXTURE, errors: list[str] | None = None) -> RowCounts:
    counts = RowCounts()
    for article in load_gold(folder):
        parsed = ParsedArticle(CleanArticle(article.name, article.text, ArticleMeta(), "", "txt"), [], [], [])
        predicted = [quote for quote in find_quotes(parsed, find_entities(parsed)) if quote.direct]
        counts.add(score_article(article.text, article.quotes, predicted, errors, f"[{article.name[:40]}] "))
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="print every miss, false alarm and wrong source")
    args = parser.parse_args(argv)
    errors: list[str] | None = [] if args.errors else None
    counts = evaluate(errors=errors)
    for line in errors or []:
        print(line)
    print(f"MEANTIME quotes: gold {counts.gold}, predicted {counts.predicted}: P {counts.precision:.3f} "
          f"R {counts.recall:.3f} F1 {counts.f1:.3f}, source accuracy {counts.source_accuracy:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
