"""Direct quotes and their speakers on the hand-made MEANTIME quote gold shipped in tests/fixtures (CC BY 4.0).

No threshold of the quote rules was set on this gold: it is news of another kind (Wikinews, 2004-2011) than the
PolNeAR half the rules were tuned on (a few speaker patterns, such as "quoted X as saying", were found in its errors).
Thresholds sit a little below the scores measured with `python -m tests.evaluation.meantime_quotes`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.evaluation.attribution_eval import RowCounts
from tests.evaluation.meantime_quotes import evaluate, load_gold

# measured: 61 gold quotes in 10 articles, P 0.903 / R 0.918 / F1 0.911, source accuracy 0.893
PRECISION_MIN = 0.88
RECALL_MIN = 0.88
SOURCE_MIN = 0.86


@pytest.fixture(scope="module")
def scores() -> RowCounts:
    return evaluate()


def test_gold_spans_match_their_text() -> None:
    articles = load_gold()
    assert len(articles) == 10 and sum(len(article.quotes) for article in articles) == 61
    for article in articles:
        for quote in article.quotes:
            (start, end), = quote.content
            assert article.text[start:end] == quote.content_text
            (speaker_start, speaker_end), = quote.source
            assert quote.source_text.endswith(article.text[speaker_start:speaker_end])


def test_direct_quote_precision_and_recall(scores: RowCounts) -> None:
    assert scores.precision >= PRECISION_MIN, f"precision {scores.precision:.3f}"
    assert scores.recall >= RECALL_MIN, f"recall {scores.recall:.3f}"


def test_speakers_of_found_quotes(scores: RowCounts) -> None:
    assert scores.source_accuracy >= SOURCE_MIN, f"source accuracy {scores.source_accuracy:.3f}"


def test_a_quote_missing_from_the_gold_counts_as_a_false_alarm(tmp_path: Path) -> None:
    """The scorer on a one-article gold written here: only marked quotes count as right."""
    text = '"Sales will double next year," said Ann Berg. The firm calls it "a bold plan for the whole group."'
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    gold = [{"article": "a", "story": "x", "quotes": [
        {"start": 1, "end": 29, "text": text[1:29], "speaker": "Ann Berg", "speaker_start": 37, "speaker_end": 45,
         "speaker_text": "Ann Berg"}]}]
    (tmp_path / "quotes.json").write_text(json.dumps(gold), encoding="utf-8")
    counts = evaluate(tmp_path)
    assert (counts.gold, counts.found, counts.sourced, counts.source_right) == (1, 1, 1, 1)
    assert counts.predicted == 2 and counts.correct_predictions == 1
