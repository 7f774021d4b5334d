"""One canonical entity across articles: a later article that only says "President Trump" joins Donald Trump."""

from __future__ import annotations

import pytest

from tests.helpers import rows, run_ingest

pytestmark = pytest.mark.usefixtures("prefect_api")

LATER = """Trump Weighs Sanctions
President Trump said on Friday that he would decide on new sanctions within days. Trump told reporters that
Moscow must agree to a ceasefire. Hillary Clinton criticised the delay.
"""


def test_a_surname_in_a_later_article_resolves_to_the_known_person(seeds_dir, store_url):
    run_ingest(seeds_dir, store_url)
    (seeds_dir / "001_later.txt").write_text(LATER, encoding="utf-8")
    run_ingest(seeds_dir, store_url)

    trumps = rows(store_url, "SELECT name, article_versions, aliases FROM entities WHERE name LIKE '%Trump%'")
    assert [(row["name"], row["article_versions"]) for row in trumps] == [("Donald Trump", 2)]
    russia = rows(store_url, "SELECT article_versions FROM entities WHERE name = 'Russia'")
    assert russia == [{"article_versions": 2}]  # "Moscow" in the later article
    people = {row["name"] for row in rows(store_url, "SELECT name FROM entities WHERE type = 'PERSON'")}
    assert "Hillary Clinton" in people and "Clinton" not in people
