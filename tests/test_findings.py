"""What `newsfacts ingest` shows after a run: "Claims by kind" counts the run's new and changed claims, from every
batch of the run and from no earlier run."""

from __future__ import annotations

from dataclasses import replace

import pytest

from flows.ingest import ingest
from flows.settings import load_settings
from models.query import latest_findings
from tests.helpers import rows, write_article

pytestmark = pytest.mark.usefixtures("prefect_api")

BODIES = {
    "mill.txt": 'The steel mill in Gary will cut 1,200 jobs, the company said on Monday. "We had no choice," said '
                "Anna Berg, its chief executive.",
    "port.txt": "Rotterdam handled 14.5 million containers last year, up 3 percent, the port authority said.",
    "bank.txt": "The central bank raised its main rate to 4.25 percent on Thursday, Governor Lars Holm said.",
}


def claims_by_kind(store_url: str, where: str = "1 = 1") -> dict[str, int]:
    found = rows(store_url, f"SELECT kind, COUNT(*) AS claims FROM current_claims WHERE {where} GROUP BY kind")
    return {row["kind"]: row["claims"] for row in found}


def test_claims_by_kind_counts_every_batch_of_the_run_and_only_that_run(tmp_path, store_url):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name, body in BODIES.items():
        write_article(seeds, name, "2024-03-04", body)
    settings = replace(load_settings().with_overrides(seeds_dir=seeds, store_url=store_url), batch_size=1,
                       dask_workers=1)  # batches of one article, in this process: the batches are what matters

    first = ingest(settings)
    assert (first.files_new, first.files_failed) == (3, 0)
    _, kinds = latest_findings(store_url)["kinds"]
    assert dict(kinds) == claims_by_kind(store_url)  # three batches, all of them counted
    assert sum(dict(kinds).values()) == first.claims_new

    write_article(seeds, "farm.txt", "2024-03-05", "Farmers in Iowa planted 12.9 million acres of corn, the "
                  "department said, and officials expect 2 percent more next year.")
    second = ingest(settings)
    assert second.files_new == 1
    _, kinds = latest_findings(store_url)["kinds"]
    assert dict(kinds) == claims_by_kind(store_url, "article = 'farm.txt'")
    assert sum(dict(kinds).values()) == second.claims_new + second.claims_changed
