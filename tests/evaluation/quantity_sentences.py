"""Score `find_quantities` on hand-written news sentences (tests/fixtures/quantity_sentences/sentences.tsv) the way
quantity extractors are usually compared: a gold quantity is found when a predicted one has its value (a range
both ends), and found with its unit when the normalised unit agrees too ("-" for a number that counts nothing named).

    python -m tests.evaluation.quantity_sentences [--errors]
"""

from __future__ import annotations

import argparse
import math
from dataclasses import dataclass
from pathlib import Path

from flows.extract.quantities import find_quantities
from flows.records import Quantity

SENTENCES = Path(__file__).resolve().parents[1] / "fixtures" / "quantity_sentences" / "sentences.tsv"


@dataclass
class Scores:
    gold: int = 0
    predicted: int = 0
    value: int = 0
    value_unit: int = 0

    def f1(self, correct: int) -> float:
        return 2 * correct / (self.gold + self.predicted) if self.gold + self.predicted else 0.0


def _gold(cell: str) -> list[tuple[float, float | None, str]]:
    """"20-30 people; 4.5 USD" → [(20, 30, "people"), (4.5, None, "usd")]."""
    quantities = []
    for item in cell.split(";"):
        number, unit = item.strip().split(" ", 1)
        low, _, high = number.partition("-") if not number.startswith("-") else (number, "", "")
        quantities.append((float(low), float(high) if high else None, unit.lower()))
    return quantities


def _same_value(gold: tuple[float, float | None, str], quantity: Quantity) -> bool:
    low, high, _ = gold
    if (high is None) != (quantity.upper is None):
        return False
    return math.isclose(low, quantity.value, rel_tol=1e-5) and (
        high is None or math.isclose(high, quantity.upper or 0.0, rel_tol=1e-5))


def score(errors: list[str] | None = None) -> Scores:
    scores = Scores()
    for line in SENTENCES.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        sentence, cell = line.split("\t")
        gold = _gold(cell)
        predicted = find_quantities(sentence)
        scores.gold += len(gold)
        scores.predicted += len(predicted)
        unmatched = list(predicted)
        for item in gold:
            match = next((q for q in unmatched if _same_value(item, q)), None)
            if match is None:
                if errors is not None:
                    errors.append(f"MISS  {item} in {sentence!r}: {[(q.text, q.value) for q in predicted]}")
                continue
            unmatched.remove(match)
            scores.value += 1
            if (match.unit_normalised or "-").lower() == item[2]:
                scores.value_unit += 1
            elif errors is not None:
                errors.append(f"UNIT  {item} in {sentence!r}: got {match.unit_normalised!r}")
        if errors is not None:
            errors.extend(f"EXTRA {q.text!r} in {sentence!r}" for q in unmatched)
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="print misses, wrong units and extra quantities")
    arguments = parser.parse_args(argv)
    errors: list[str] | None = [] if arguments.errors else None
    scores = score(errors)
    for line in errors or []:
        print(line)
    print(f"{scores.gold} gold quantities, {scores.predicted} predicted")
    print(f"value       F1={scores.f1(scores.value):.3f} (tp={scores.value})")
    print(f"value+unit  F1={scores.f1(scores.value_unit):.3f} (tp={scores.value_unit})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
