"""Ingesting the seed article yields what a reader needs, queryable with plain SQL on the documented views."""

from __future__ import annotations

import pytest

from tests.helpers import rows, run_ingest

pytestmark = pytest.mark.usefixtures("prefect_api")

TITLE = "Russia and Ukraine Prepare for New Peace Talks Amid Growing Tensions"
QUOTES = {  # speaker → how the quote begins (seed-claims.md)
    "Rustem Umerov": "Moscow has at least four more days to provide us with their document",
    "Sergei Lavrov": "Our delegation led by Vladimir Medinsky is prepared to present a memorandum",
    "Donald Trump": "If I think I’m close to getting a deal, I don’t want to screw it up",
    "Zelensky": "They will constantly look for reasons not to end the war.",
}
ENTITIES = {
    ("GPE", "Russia"): {"Russia", "Russian", "Moscow", "Kremlin"},
    ("GPE", "Ukraine"): {"Ukraine", "Ukrainian", "Kyiv"},
    ("PERSON", "Donald Trump"): {"Trump"},
    ("PERSON", "Vladimir Putin"): {"Putin"},
    ("PERSON", "Zelensky"): {"Zelensky"},
    ("PERSON", "Rustem Umerov"): {"Umerov"},
    ("PERSON", "Sergei Lavrov"): {"Lavrov"},
    ("PERSON", "Vladimir Medinsky"): {"Medinsky"},
    ("PERSON", "Friedrich Merz"): {"Friedrich Merz"},
    ("ORG", "NATO"): {"NATO"},
    ("GPE", "Istanbul"): {"Istanbul"},
    ("GPE", "Berlin"): {"Berlin"},
    ("GPE", "Sumy"): {"Sumy"},
    ("LOC", "Crimean Peninsula"): {"Crimean Peninsula"},
    ("GPE", "United States"): {"U.S."},
}


@pytest.fixture
def ingested(seeds_dir, store_url):
    summary = run_ingest(seeds_dir, store_url)
    assert (summary.files_seen, summary.files_new, summary.files_failed) == (1, 1, 0)
    return store_url


def test_article_title_and_inferred_date(ingested):
    [article] = rows(ingested, "SELECT title, published, published_source, published_confidence FROM article_version")
    assert article["title"] == TITLE
    assert str(article["published"]) == "2025-05-28"
    assert article["published_source"] == "inferred"
    assert 0 < article["published_confidence"] < 1


def test_entities_resolved_with_their_mentions(ingested):
    found = {
        (row["type"], row["name"]): set((row["aliases"] or "").split(", "))
        for row in rows(ingested, "SELECT type, name, aliases FROM entities")
    }
    for key, mentions in ENTITIES.items():
        assert key in found, f"entity {key} missing"
        assert mentions <= found[key], f"{key}: aliases {found[key]} lack {mentions - found[key]}"


def test_four_direct_quotes_with_their_speakers(ingested):
    quotes = rows(ingested, "SELECT speaker, quote FROM quotes WHERE direct = 1")
    by_speaker = {row["speaker"].split()[-1]: row["quote"] for row in quotes}
    for speaker, begins in QUOTES.items():
        surname = speaker.split()[-1]
        assert surname in by_speaker, f"no quote by {speaker}"
        assert by_speaker[surname].startswith(begins.rstrip("."))


def test_claim_spans_point_at_their_evidence(ingested):
    [body] = rows(ingested, "SELECT body FROM article_version")
    claims = rows(ingested, "SELECT kind, value, span_start, span_end, evidence FROM current_claims")
    assert len(claims) >= 10
    for claim in claims:
        spanned = body["body"][claim["span_start"] : claim["span_end"]]
        assert spanned and spanned in claim["evidence"]
        if claim["kind"] == "quote":
            assert spanned == claim["value"]


SEED_QUANTITIES = {  # seed-claims.md: value as the store shows it
    "~20 percent", ">50,000 troops", "1,000 prisoners", ">=10,000 casualties", ">=4 days", "<=2 weeks", "~3 years",
}
SEED_EVENT_DATES = {"2025-06-02", "2025-05-16", "2022-02", "2014"}


def test_quantities_and_event_dates_of_the_seed(ingested):
    quantities = {row["value"] for row in rows(ingested, "SELECT value FROM current_claims WHERE kind = 'quantity'")}
    assert SEED_QUANTITIES <= quantities, f"missing {SEED_QUANTITIES - quantities}"
    events = {row["value"] for row in rows(ingested, "SELECT value FROM current_claims WHERE kind = 'event'")}
    assert SEED_EVENT_DATES <= events, f"missing {SEED_EVENT_DATES - events}"
    [hedged] = rows(ingested, "SELECT hedge FROM current_claims WHERE value = '1,000 prisoners'")
    assert hedged["hedge"] == "reportedly"


def test_attribution_of_statements_and_figures(ingested):
    attributed = {
        (row["subject"], row["value"]): row["attributed_to"]
        for row in rows(ingested, "SELECT subject, value, attributed_to FROM current_claims WHERE kind = 'quantity'")
    }
    by_value = {value: who for (_subject, value), who in attributed.items()}
    assert by_value[">=4 days"] == "Rustem Umerov"
    assert by_value[">50,000 troops"] == "Zelensky"
    assert by_value["<=2 weeks"] == "Donald Trump"
    speakers = {row["speaker"] for row in rows(ingested, "SELECT speaker FROM quotes WHERE direct = 0")}
    assert {"Russia", "Ukraine", "Rustem Umerov", "Sergei Lavrov", "Zelensky"} <= speakers

