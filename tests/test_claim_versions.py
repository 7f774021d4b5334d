"""A changed figure becomes a new version of the same claim; older versions stay queryable."""

from __future__ import annotations

from datetime import date

import pytest

from tests.helpers import rows, run_ingest

pytestmark = pytest.mark.usefixtures("prefect_api")

SHARE_SQL = """
    SELECT claim_id, value, valid_from, valid_to, status, retraction_reason, article
    FROM claim_history WHERE kind = 'quantity' AND value LIKE '%percent'
    ORDER BY version_id
"""


def write_edited_copy(seeds_dir, name: str, figure: str) -> None:
    text = next(seeds_dir.glob("000_*.txt")).read_text(encoding="utf-8")
    assert "approximately 20%" in text
    (seeds_dir / name).write_text(text.replace("approximately 20%", f"approximately {figure}"), encoding="utf-8")


def test_later_article_with_new_figure_opens_a_new_version(seeds_dir, store_url):
    run_ingest(seeds_dir, store_url)
    write_edited_copy(seeds_dir, "001_followup.txt", "19%")

    summary = run_ingest(seeds_dir, store_url, published=date(2025, 6, 4))

    assert summary.files_new == 1 and summary.claims_changed >= 1
    history = rows(store_url, SHARE_SQL)
    assert len({row["claim_id"] for row in history}) == 1, "both figures must be versions of one claim"
    assert [(row["value"], str(row["valid_from"]), str(row["valid_to"]), row["status"]) for row in history] == [
        ("~20 percent", "2025-05-28", "2025-06-04", "superseded"),
        ("~19 percent", "2025-06-04", "None", "current"),
    ]
    as_of = rows(
        store_url,
        "SELECT value FROM claim_history WHERE kind = 'quantity' AND value LIKE '%percent' "
        "AND valid_from <= :t AND (valid_to IS NULL OR valid_to > :t) AND retracted_at IS NULL",
        t=date(2025, 6, 1),
    )
    assert [row["value"] for row in as_of] == ["~20 percent"]


def test_late_arriving_article_reshapes_the_timeline_by_retract_and_insert(seeds_dir, store_url):
    run_ingest(seeds_dir, store_url)
    write_edited_copy(seeds_dir, "001_followup.txt", "19%")
    run_ingest(seeds_dir, store_url, published=date(2025, 6, 4))
    write_edited_copy(seeds_dir, "002_late.txt", "18%")

    run_ingest(seeds_dir, store_url, published=date(2025, 6, 1))  # arrives last, dated in between

    history = rows(store_url, SHARE_SQL)
    live = sorted((r["value"], str(r["valid_from"]), str(r["valid_to"])) for r in history if r["status"] != "retracted")
    assert live == [
        ("~18 percent", "2025-06-01", "2025-06-04"),
        ("~19 percent", "2025-06-04", "None"),
        ("~20 percent", "2025-05-28", "2025-06-01"),
    ]
    retracted = [(r["value"], str(r["valid_to"])) for r in history if r["status"] == "retracted"]
    assert retracted == [("~20 percent", "2025-06-04")], "the old interval is retracted, never edited"
    untouched = [r for r in history if r["value"] == "~19 percent"]
    assert len(untouched) == 1, "versions whose interval did not change are left alone"


def test_corrected_file_supersedes_its_old_version(seeds_dir, store_url):
    run_ingest(seeds_dir, store_url)
    seed = next(seeds_dir.glob("000_*.txt"))
    seed.write_text(seed.read_text(encoding="utf-8").replace("approximately 20%", "approximately 19%"), encoding="utf-8")

    summary = run_ingest(seeds_dir, store_url)

    assert summary.files_new == 1
    versions = rows(store_url, "SELECT superseded_at FROM article_version ORDER BY id")
    assert versions[0]["superseded_at"] is not None and versions[1]["superseded_at"] is None
    history = rows(store_url, SHARE_SQL)
    assert [(r["value"], r["status"]) for r in history] == [("~20 percent", "retracted"), ("~19 percent", "current")]
    assert history[0]["retraction_reason"]
    # Claims the correction did not touch keep their one version.
    unchanged = rows(store_url, "SELECT COUNT(*) AS n FROM claim_history WHERE kind = 'quote' AND status = 'retracted'")
    assert unchanged[0]["n"] == 0
