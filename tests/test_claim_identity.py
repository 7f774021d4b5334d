"""Statements that mean the same thing across articles land on one claim: a follow-up to the seed moves the
talks, revises a figure and restates an old date, and the store keeps one timeline per fact."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import rows, run_ingest

pytestmark = pytest.mark.usefixtures("prefect_api")

FOLLOW_UP = Path(__file__).parent / "fixtures" / "seed_followup.txt"

TIMELINE_SQL = """
    SELECT claim_id, value, valid_from, valid_to, status FROM claim_history
    WHERE kind = :kind AND subject = :subject AND predicate = :predicate AND retracted_at IS NULL
    ORDER BY valid_from, version_id
"""


def timeline(store_url: str, kind: str, subject: str, predicate: str) -> list[tuple[str, str, str, str]]:
    history = rows(store_url, TIMELINE_SQL, kind=kind, subject=subject, predicate=predicate)
    assert len({row["claim_id"] for row in history}) == 1, f"{subject} | {predicate} is spread over claims: {history}"
    return [(row["value"], str(row["valid_from"]), str(row["valid_to"]), row["status"]) for row in history]


@pytest.fixture
def followed_up(seeds_dir: Path, store_url: str) -> str:
    run_ingest(seeds_dir, store_url)
    shutil.copy(FOLLOW_UP, seeds_dir / "001_followup.txt")
    run_ingest(seeds_dir, store_url)
    return store_url


def test_moved_talks_are_one_event_with_two_versions(followed_up):
    assert timeline(followed_up, "event", "talks in Istanbul", "date") == [
        ("2025-06-02", "2025-05-28", "2025-05-30", "superseded"),
        ("2025-06-03", "2025-05-30", "None", "current"),
    ]


def test_a_stale_restatement_lands_in_the_past_and_changes_nothing(followed_up):
    stale = rows(followed_up, """
        SELECT stated_at, value FROM observations
        WHERE kind = 'event' AND article LIKE '%followup%' AND value = '2025-06-02'""")
    assert [(str(row["stated_at"]), row["value"]) for row in stale] == [("2025-05-28", "2025-06-02")]
    changes = rows(followed_up, "SELECT old_value, new_value FROM claim_changes WHERE kind = 'event'")
    assert [(row["old_value"], row["new_value"]) for row in changes] == [("2025-06-02", "2025-06-03")]


def test_revised_figures_are_new_versions_of_the_same_claims(followed_up):
    assert timeline(followed_up, "quantity", "Russia", "ukrainian territory") == [
        ("~20 percent", "2025-05-28", "2025-05-30", "superseded"),
        ("~19 percent", "2025-05-30", "None", "current"),
    ]
    assert timeline(followed_up, "quantity", "Russia", "prisoner exchange") == [
        ("1,000 prisoners", "2025-05-28", "2025-05-30", "superseded"),
        ("1,200 prisoners", "2025-05-30", "None", "current"),
    ]
    typed = rows(followed_up, """
        SELECT value_num, value_approx, value_unit FROM current_claims
        WHERE subject = 'Russia' AND predicate = 'ukrainian territory'""")
    assert typed == [{"value_num": 19.0, "value_approx": "~", "value_unit": "percent"}]


def test_no_claim_is_keyed_by_a_unit_or_a_number(followed_up):
    subjects = {row["subject"].lower() for row in rows(followed_up, "SELECT DISTINCT subject FROM current_claims")}
    assert not subjects & {"dlrs", "mln", "amount", "percent", "he", "unknown speaker | according"}
    shared = rows(followed_up, """
        SELECT c.subject, COUNT(DISTINCT o.article) AS articles FROM observations o
        JOIN current_claims c ON c.claim_id = o.claim_id
        WHERE o.kind = 'quantity' AND c.subject = '(unresolved)' GROUP BY c.subject, o.claim_id
        HAVING COUNT(DISTINCT o.article) > 1""")
    assert shared == [], "a figure without holder or measure must stay evidence of its own article"


def test_changes_and_history_commands_show_the_timelines(followed_up, tmp_path, capsys):
    from flows.cli import main

    assert main(["changes", "--db", followed_up]) == 0
    printed = capsys.readouterr().out.splitlines()
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    sample = readme.split("$ newsfacts changes\n", 1)[1].split("```", 1)[0].splitlines()
    # the README's rows, claim ids aside (they depend on the store's sequence)
    assert [line.split(None, 1)[1] for line in printed[2:]] == [line.split(None, 1)[1] for line in sample[2:]]

    assert main(["history", "talks in istanbul", "--db", followed_up]) == 0
    history = capsys.readouterr().out
    assert "2025-06-02" in history and "superseded" in history and "2025-06-03" in history

    [claim] = rows(followed_up, "SELECT claim_id FROM current_claims WHERE predicate = 'ukrainian territory'")
    plot = tmp_path / "territory.png"
    assert main(["history", str(claim["claim_id"]), "--db", followed_up, "--plot", str(plot)]) == 0
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
