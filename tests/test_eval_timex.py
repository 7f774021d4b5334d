"""Temporal expressions measured against gold TIMEX3 annotations (TimeBank + AQUAINT, MEANTIME).

Thresholds sit a little below the scores measured when they were set; `python -m tests.evaluation.timex_eval`
prints the full numbers.
"""

from __future__ import annotations

import pytest

from tests.evaluation.corpora import GoldDocument, load_corpus
from tests.evaluation.corpus_paths import corpus_path
from tests.evaluation.timex_eval import score_documents


def _documents(name: str) -> list[GoldDocument]:
    root = corpus_path(name)
    if not root.is_dir():
        pytest.skip(f"corpus {name} not found at {root}")
    return load_corpus(root)


def test_timebank_relaxed_span_and_value_f1() -> None:
    scores = score_documents(_documents("timebank"))  # measured: relaxed 0.941, value 0.819
    assert scores.relaxed.f1 >= 0.93
    assert scores.label.f1 >= 0.80


def test_meantime_relaxed_span_and_value_f1() -> None:
    scores = score_documents(_documents("meantime"))  # measured: relaxed 0.898, value 0.799
    assert scores.relaxed.f1 >= 0.88
    assert scores.label.f1 >= 0.78
