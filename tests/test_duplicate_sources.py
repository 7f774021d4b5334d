"""A source counts once in the "most sources win" rule, however many names its content has: copies of one article
cannot outvote the others."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from models.keys import value_hash
from models.timeline import Observed, derive_timeline
from tests.conftest import SEED_FILE
from tests.helpers import rows, run_ingest

DAY = date(2025, 5, 28)
TERRITORY = "Russian forces control approximately 20% of Ukrainian territory"


def observed(observation_id: int, value: str, source: str, content: str) -> Observed:
    return Observed(observation_id, value, value_hash(value), DAY, source, 0.9, content)


def test_copies_of_one_article_are_one_source():
    evidence = [
        observed(1, "20%", "a.txt", "sha-a"), observed(2, "20%", "b.txt", "sha-b"),
        observed(3, "30%", "c.txt", "sha-c"), observed(4, "30%", "c-copy.txt", "sha-c"),
        observed(5, "30%", "zz-copy.txt", "sha-c"),
    ]
    [segment] = derive_timeline(evidence)
    assert segment.value == "20%"


def test_copies_named_to_sort_last_do_not_win_a_tie():
    # One source each: the tie goes to the source whose (first) name sorts last, whatever its copies are called.
    evidence = [observed(1, "20%", "m.txt", "sha-m"), observed(2, "30%", "c.txt", "sha-c"),
                observed(3, "30%", "zzz.txt", "sha-c")]
    [segment] = derive_timeline(evidence)
    assert segment.value == "20%"


@pytest.mark.usefixtures("prefect_api")
def test_two_extra_copies_cannot_flip_a_stored_value(tmp_path, store_url):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    text = SEED_FILE.read_text(encoding="utf-8")
    assert TERRITORY in text
    (seeds / "a.txt").write_text(text, encoding="utf-8")
    (seeds / "b.txt").write_text(text.replace("Amid Growing Tensions", "As Tensions Grow"), encoding="utf-8")
    (seeds / "c.txt").write_text(text.replace("approximately 20%", "approximately 30%"), encoding="utf-8")
    for copy in ("c-copy-1.txt", "c-copy-2.txt"):
        shutil.copy(seeds / "c.txt", seeds / copy)

    summary = run_ingest(seeds, store_url, published=DAY)

    assert (summary.files_new, summary.files_failed) == (5, 0)
    [current] = rows(store_url, "SELECT value FROM current_claims WHERE predicate = 'ukrainian territory'")
    assert current["value"] == "~20 percent"
