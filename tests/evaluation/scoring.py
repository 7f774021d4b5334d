"""Precision, recall and F1 of predicted spans against gold spans, counted as the TempEval-3 scorer counts them."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from tests.evaluation.corpora import HALVES, half_of, load_corpus


@dataclass
class Score:
    true_positives: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self, name: str) -> str:
        return (f"{name:<24} P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f} "
                f"(tp={self.true_positives} predicted={self.predicted} gold={self.gold})")


@dataclass
class SpanScores:
    """Relaxed (any overlap), strict (same extent) and label (overlap and same label) scores."""

    relaxed: Score = field(default_factory=Score)
    strict: Score = field(default_factory=Score)
    label: Score = field(default_factory=Score)

    def add(self, predicted: list[tuple[int, int, str]], gold: list[tuple[int, int, str]]) -> None:
        for score in (self.relaxed, self.strict, self.label):
            score.predicted += len(predicted)
            score.gold += len(gold)
        # a one-to-one alignment: same extents pair first, so "25,000 to 30,000" finds its gold range even when
        # the gold also marks "25,000" inside it; then any overlap, preferring the same label
        pairs: dict[int, int] = {}
        for g, (g_start, g_end, _) in enumerate(gold):
            exact = [p for p, span in enumerate(predicted) if p not in pairs.values() and span[:2] == (g_start, g_end)]
            if exact:
                pairs[g] = min(exact, key=lambda p: predicted[p][2] != gold[g][2])
        for g, (g_start, g_end, g_label) in enumerate(gold):
            if g in pairs:
                continue
            overlapping = [p for p, (p_start, p_end, _) in enumerate(predicted)
                           if p not in pairs.values() and p_start < g_end and g_start < p_end]
            if overlapping:
                pairs[g] = min(overlapping, key=lambda p: predicted[p][2] != g_label)
        for g, p in pairs.items():
            self.relaxed.true_positives += 1
            self.strict.true_positives += predicted[p][:2] == gold[g][:2]
            self.label.true_positives += predicted[p][2] == gold[g][2]


def corpus_main(
    argv: list[str] | None, doc: str | None, score: Callable[..., SpanScores], rows: list[tuple[str, str]],
    missing: str, errors_help: str,
) -> int:
    """The command line the span harnesses share: load a corpus, score it, print the error lines and the rows."""
    parser = argparse.ArgumentParser(description=(doc or "").splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--limit", type=int, default=None, help="score only the first N documents")
    parser.add_argument("--errors", action="store_true", help=errors_help)
    parser.add_argument("--half", choices=HALVES, default=None, help="score one half of the corpus (SHA-1 of names)")
    arguments = parser.parse_args(argv)
    documents = [document for document in load_corpus(arguments.corpus)
                 if arguments.half in (None, half_of(document))][: arguments.limit]
    if not documents:
        print(f"{missing} {arguments.corpus}", file=sys.stderr)
        return 1
    errors: list[str] | None = [] if arguments.errors else None
    scores = score(documents, errors)
    for line in errors or []:
        print(line)
    print(f"{len(documents)} documents")
    for label, attribute in rows:
        print(getattr(scores, attribute).line(label))
    return 0
