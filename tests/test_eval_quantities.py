"""Quantities measured against the MEANTIME VALUE spans (MONEY, PERCENT, QUANTITY).

Thresholds sit a little below the scores measured when they were set; `python -m tests.evaluation.quantity_eval`
prints the full numbers.
"""

from __future__ import annotations

import pytest

from tests.evaluation.corpora import load_corpus
from tests.evaluation.corpus_paths import corpus_path
from tests.evaluation.quantity_eval import score_documents


def test_meantime_value_spans() -> None:
    root = corpus_path("meantime")
    if not root.is_dir():
        pytest.skip(f"corpus meantime not found at {root}")
    scores = score_documents(load_corpus(root))  # measured: relaxed 0.952, strict 0.875
    assert scores.relaxed.f1 >= 0.94
    assert scores.strict.f1 >= 0.86
