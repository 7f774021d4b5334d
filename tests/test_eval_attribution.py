"""Attribution quality on the PolNeAR dev split (research-use corpus, read in place; skipped when absent).

Set NEWSFACTS_POLNEAR to the corpus folder, or keep it at ../shared/corpora/polnear beside the checkout.
Thresholds sit a little below the scores measured with `python -m tests.evaluation.attribution_eval`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.evaluation.attribution_eval import Scores, evaluate

PROJECT_DIR = Path(__file__).resolve().parent.parent
POLNEAR = Path(os.environ.get("NEWSFACTS_POLNEAR", PROJECT_DIR.parent / "shared" / "corpora" / "polnear"))

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def dev_scores() -> Scores:
    if not (POLNEAR / "dev" / "text").is_dir():
        pytest.skip(f"PolNeAR not found at {POLNEAR}")
    return evaluate(POLNEAR, "dev")


def test_direct_quote_content_f1(dev_scores: Scores) -> None:
    assert dev_scores.direct.f1 >= DIRECT_F1_MIN, f"direct quote F1 {dev_scores.direct.f1:.3f}"


def test_direct_quote_source_accuracy(dev_scores: Scores) -> None:
    accuracy = dev_scores.direct.source_accuracy
    assert accuracy >= DIRECT_SOURCE_MIN, f"direct quote source accuracy {accuracy:.3f}"


def test_all_attributions_precision_and_source(dev_scores: Scores) -> None:
    row = dev_scores.everything
    assert row.precision >= ALL_PRECISION_MIN, f"attribution precision {row.precision:.3f}"
    assert row.f1 >= ALL_F1_MIN, f"attribution F1 {row.f1:.3f}"
    assert row.source_accuracy >= ALL_SOURCE_MIN, f"attribution source accuracy {row.source_accuracy:.3f}"


DIRECT_F1_MIN = 0.80
DIRECT_SOURCE_MIN = 0.78
ALL_PRECISION_MIN = 0.75
ALL_F1_MIN = 0.48
ALL_SOURCE_MIN = 0.80
