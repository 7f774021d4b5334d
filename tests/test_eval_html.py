"""Main-text extraction quality of the clean stage on the html-dragnet corpus (skipped when absent).

The corpus is research-only material beside the project (`../shared/corpora/html-dragnet`) or at
$NEWSFACTS_HTML_DRAGNET. Full numbers, with every system on either half, come from
`python -m tests.evaluation.html_main_text PATH --split tune|test|all`.

trafilatura's settings and the fallback threshold were chosen on the TUNE half; both halves are
checked here so that a later change fitted to one half shows on the other.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.evaluation.html_main_text import evaluate

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("NEWSFACTS_HTML_DRAGNET", ROOT.parent / "shared" / "corpora" / "html-dragnet"))

pytestmark = pytest.mark.corpus


def _scores(split: str):
    if not (CORPUS / "input").is_dir() or not (CORPUS / "gold").is_dir():
        pytest.skip(f"html-dragnet corpus not found at {CORPUS}")
    newsfacts, reference = evaluate(CORPUS, split=split, systems=("newsfacts clean", "trafilatura dflt"))
    return newsfacts, reference


@pytest.fixture(scope="module")
def test_half():
    # Measured on the 147 TEST pages: P 0.909, R 0.888, F1 0.890 (trafilatura 2.3.1 defaults in the
    # same run: P 0.879, R 0.879, F1 0.865). About 15 seconds.
    return _scores("test")


@pytest.fixture(scope="module")
def tune_half():
    # Measured on the 153 TUNE pages: P 0.933, R 0.920, F1 0.918 (trafilatura defaults: P 0.892,
    # R 0.922, F1 0.891).
    return _scores("tune")


def test_test_half_beats_trafilatura_defaults_by_a_point(test_half):
    newsfacts, reference = test_half
    assert newsfacts.pages >= 100
    assert newsfacts.f1 >= reference.f1 + 0.01


def test_test_half_floors(test_half):
    newsfacts, _ = test_half
    assert newsfacts.f1 >= 0.88
    assert newsfacts.precision >= 0.90
    assert newsfacts.recall >= 0.875


def test_tune_half_beats_trafilatura_defaults_by_a_point(tune_half):
    newsfacts, reference = tune_half
    assert newsfacts.pages >= 100
    assert newsfacts.f1 >= reference.f1 + 0.01


def test_tune_half_floors(tune_half):
    newsfacts, _ = tune_half
    assert newsfacts.f1 >= 0.905
    assert newsfacts.precision >= 0.92
    assert newsfacts.recall >= 0.905
