"""Precision, recall and F1 of predicted spans against gold spans, counted as the TempEval-3 scorer counts them."""

from __future__ import annotations

from dataclasses import dataclass, field


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
        used: set[int] = set()
        for g_start, g_end, g_label in gold:
            overlapping = [i for i, (p_start, p_end, _) in enumerate(predicted)
                           if i not in used and p_start < g_end and g_start < p_end]
            if not overlapping:
                continue
            # prefer the exact extent, then the same label, as a one-to-one alignment
            best = min(overlapping, key=lambda i: (predicted[i][:2] != (g_start, g_end), predicted[i][2] != g_label))
            used.add(best)
            self.relaxed.true_positives += 1
            self.strict.true_positives += predicted[best][:2] == (g_start, g_end)
            self.label.true_positives += predicted[best][2] == g_label
