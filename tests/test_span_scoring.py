"""The span scorer behind the timex and quantity evaluations: one-to-one alignment, same extents first."""

from __future__ import annotations

from tests.evaluation.scoring import SpanScores


def test_a_range_finds_its_gold_range_before_the_numbers_inside_it() -> None:
    scores = SpanScores()
    gold = [(0, 6, "Q"), (10, 16, "Q"), (0, 16, "Q")]  # "25,000", "30,000" and "25,000 to 30,000"
    scores.add([(0, 16, "Q")], gold)
    assert (scores.relaxed.true_positives, scores.strict.true_positives) == (1, 1)
    assert (scores.relaxed.precision, scores.relaxed.recall) == (1.0, 1 / 3)


def test_each_prediction_counts_once_and_labels_are_compared_on_the_pair() -> None:
    scores = SpanScores()
    scores.add([(0, 10, "2025"), (20, 25, "P1D")], [(0, 4, "2025"), (5, 10, "2025-05"), (30, 35, "P2D")])
    assert scores.relaxed.true_positives == 1
    assert scores.strict.true_positives == 0
    assert scores.label.true_positives == 1
    assert (scores.label.predicted, scores.label.gold) == (2, 3)
