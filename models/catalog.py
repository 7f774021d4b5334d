"""What `newsfacts browse` tells Datasette about the store: a title, what each view and table is for, what the
columns every claim view shares mean, and the README's questions as canned queries (with named parameters)."""

from __future__ import annotations

from typing import Any

from models.examples import EXAMPLES

TITLE = "newsfacts: claims from the news, with their history"
DESCRIPTION = ("Start with current_claims (what the store believes now) or claim_changes (what changed), or pick "
               "a question under Queries. Read-only.")

VIEWS = {
    "current_claims": "What the store believes now: each claim's live value.",
    "claim_changes": "Every change of a claim's value: old → new, when, and which article said so.",
    "claim_history": "Every version of every claim, retracted ones included: the full bitemporal record.",
    "contested_claims": "Claims that sources dispute: the same moment, different values, each article once.",
    "outlier_observations": "Values one source alone gave against what others said before, that day and after "
                            "(likely misprints); they do not make a claim contested.",
    "claim_evidence": "Why the store believes a version: the article and the sentence it rests on.",
    "observations": "Each time an article stated a claim, with its value and date.",
    "quotes": "Who said what, when, with the sentence it comes from.",
    "entities": "People, organisations and places, with every name they go by.",
}
TABLES = {
    "claim": "One row per claim (kind, subject, predicate, object); its values are in claim_version.",
    "claim_version": "The values of a claim over valid time; retracted versions are kept.",
    "claim_observation": "Each statement of a claim by one article version.",
    "article": "One row per article file (its source key: the path under the seeds folder).",
    "article_version": "Each content of an article file the store has read, with its title and date.",
    "entity": "People, organisations and places.",
    "entity_alias": "The names an entity goes by.",
    "entity_mention": "Where an article names an entity.",
    "holder_group": "Groups known by their members (\"afg+brown+wagner\"), and the holder their figures are keyed by.",
    "ingest_run": "One row per ingest run, with its counts.",
    "ingest_error": "Each file that failed, once per content, with the stage and the reason.",
}
# Columns several views share, described once.
TIME_COLUMNS = {
    "valid_from": "When the value started to hold, as the articles date it (valid time).",
    "valid_to": "When the next value took over; empty while it holds.",
    "recorded_at": "When the store learnt it (system time).",
    "retracted_at": "When the store stopped believing it; empty while believed.",
    "article": "The article file the value comes from.",
}
# Bookkeeping a person does not query: hidden, so Datasette's SQL box does not open on them.
HIDDEN = ("alembic_version", "store_meta")


def browse_metadata(database: str) -> dict[str, Any]:
    """Datasette metadata for the SQLite store served as `database`."""
    tables: dict[str, Any] = {name: {"hidden": True} for name in HIDDEN}
    for name, description in (VIEWS | TABLES).items():
        tables[name] = {"description": description, "columns": TIME_COLUMNS if name in VIEWS else {}}
    queries = {example.name: {"title": example.title, "description": example.description or example.title,
                              "sql": example.canned_sql} for example in EXAMPLES}
    return {"title": TITLE, "description": DESCRIPTION,
            "databases": {database: {"description": DESCRIPTION, "tables": tables, "queries": queries}}}
