"""No single file can fail a batch: a poison name or poison content is that file's error (stored, logged,
summarised), or is stored safely, and every other file of the batch is stored, in this scan and the next."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from prefect import flow

from flows.ingest import IngestSummary, save_batch
from flows.names import unescape_name
from flows.pipeline import article_file, extract_files
from flows.records import Extraction, FileError
from models.store import SaveResult, Store
from tests.conftest import SEED_FILE
from tests.deploy_helpers import api_client, artifacts, harness_api_url, wait_for
from tests.helpers import rows, run_ingest

pytestmark = pytest.mark.usefixtures("prefect_api")

ARTICLE = "Talks\nThe minister said {} people came to the talks on Monday.\n"
# Stored, whatever their names hold.
ODD_NAMES = {b"bad\xffname.txt": "bad\\xffname.txt", b"line\nforged: stored.txt": "line\\u000aforged: stored.txt",
             b"back\\slash.txt": "back\\\\slash.txt"}
# Stored, their poison made harmless.
ODD_CONTENT = {
    "surrogate.json": '{"title": "Lone \\ud800 surrogate", "text": "The minister said \\udfff 40 people came."}',
    "nul.json": '{"title": "NUL \\u0000 title", "text": "The minister said \\u0000 41 people came."}',
    "long-int.json": '{"title": "T", "text": "The minister said 42 people came.", "n": ' + "9" * 400 + "}",
    # a run of digits longer than any figure is no number: the article is stored without it
    "huge-number.txt": ARTICLE.format("9" * 400),
    "huge-number-5000.txt": ARTICLE.format("9" * 5000),
}
# One clear error each.
POISON = {
    "deep.json": ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    "deep-int.json": ('{"text": "x", "n": ' + "9" * 5000 + "}", "too many digits"),
    "deep-front-matter.md": ("---\ntitle: " + "[" * 100_000 + "]" * 100_000 + "\n---\nBody.\n", "nested too deeply"),
}


@pytest.fixture
def poisoned(seeds_dir: Path) -> Path:
    for raw, _ in ODD_NAMES.items():
        with open(os.path.join(os.fsencode(seeds_dir), raw), "w", encoding="utf-8") as handle:
            handle.write(ARTICLE.format(len(raw)))
    for name, content in {**ODD_CONTENT, **{name: text for name, (text, _) in POISON.items()}}.items():
        (seeds_dir / name).write_text(content, encoding="utf-8")
    return seeds_dir


def check_outcome(summary: IngestSummary, store_url: str) -> None:
    errors = {error["file"]: error for error in summary.errors}
    assert set(errors) == set(POISON)
    for name, (_, message) in POISON.items():
        assert message in errors[name]["error"] and "unexpected" not in errors[name]["error"]
    stored = {row["source_key"] for row in rows(store_url, "SELECT source_key FROM article")}
    assert stored == {SEED_FILE.name, *ODD_NAMES.values(), *ODD_CONTENT}
    assert rows(store_url, "SELECT value FROM observations WHERE value_num > 1e40") == []


def test_poison_costs_one_file_and_the_rest_is_stored(poisoned, store_url):
    first = run_ingest(poisoned, store_url)
    check_outcome(first, store_url)
    assert (first.files_new, first.files_failed) == (1 + len(ODD_NAMES) + len(ODD_CONTENT), len(POISON))
    recorded = rows(store_url, "SELECT source_key, message FROM ingest_error")
    assert {row["source_key"] for row in recorded} == set(POISON)
    assert all("Traceback" not in row["message"] for row in recorded)

    again = run_ingest(poisoned, store_url)  # the next scan is not stuck on them, nor fails them again
    assert (again.files_new, again.files_unchanged) == (0, 1 + len(ODD_NAMES) + len(ODD_CONTENT))
    assert (again.files_failed, again.files_failed_before) == (0, len(POISON))


def test_stored_names_lead_back_to_their_files(poisoned, sqlite_url):
    run_ingest(poisoned, sqlite_url)
    for row in rows(sqlite_url, "SELECT source_key FROM article"):
        assert os.path.isfile(os.path.join(os.fsencode(poisoned), os.fsencode(unescape_name(row["source_key"]))))


def test_poisoned_text_is_stored_without_its_poison(poisoned, sqlite_url):
    run_ingest(poisoned, sqlite_url)
    bodies = {row["source_key"]: row for row in rows(
        sqlite_url, "SELECT source_key, title, body FROM article_version JOIN article a ON a.id = article_id")}
    assert bodies["surrogate.json"]["title"] == "Lone \ufffd surrogate"
    assert "\ufffd" in bodies["surrogate.json"]["body"]
    assert "\x00" not in bodies["nul.json"]["title"] + bodies["nul.json"]["body"]


def test_names_cannot_forge_log_lines_or_table_rows(poisoned, sqlite_url, tmp_path):
    forged = tmp_path / "forged"
    shutil.copytree(poisoned, forged)
    (forged / "x|y`z.json").write_text("[" * 100_000 + "]" * 100_000)
    run_ingest(forged, sqlite_url)
    [run] = rows(sqlite_url, "SELECT flow_run_id FROM ingest_run")
    with api_client(harness_api_url()) as api:
        def logs() -> list[str]:
            response = api.post("logs/filter", json={"logs": {"flow_run_id": {"any_": [run["flow_run_id"]]}}})
            messages = [log["message"] for log in response.json()]
            return messages if any("ingest done" in message for message in messages) else []

        messages = wait_for(logs, timeout=30, what="the run's logs")
        summary = artifacts(api, run["flow_run_id"])["ingest-summary"]["data"]
    assert not any("\nforged" in message for message in messages)
    assert any("line\\u000aforged: stored.txt: stored" in message for message in messages)
    assert "| `x\\|y'z.json` | clean |" in summary
    assert "\nforged" not in summary


class RefusingStore:
    """A store that refuses any batch holding one particular article, as a database refuses a value it cannot
    encode: the whole transaction fails."""

    def __init__(self, store: Store, refused: str) -> None:
        self.store, self.refused = store, refused

    def save_articles(self, run_id: int, extractions: list[Extraction], version: str) -> SaveResult:
        if any(extraction.parsed.article.source_key == self.refused for extraction in extractions):
            raise ValueError("cannot encode this article")
        return self.store.save_articles(run_id, extractions, version)


def test_an_article_the_store_refuses_costs_that_file_only(sqlite_url):
    files = [article_file(SEED_FILE, key) for key in ("a.txt", "refused.txt", "z.txt")]
    extractions, _ = extract_files(files, 10_000_000)
    store = Store.open(sqlite_url)

    @flow
    def save() -> tuple[SaveResult, list[FileError]]:
        return save_batch(RefusingStore(store, "refused.txt"), store.start_run(None, "seeds"), extractions)

    try:
        result, errors = save()
    finally:
        store.close()
    assert sorted(result.stored_keys) == ["a.txt", "z.txt"]
    assert [(error.source_key, error.stage) for error in errors] == [("refused.txt", "store")]
    assert "cannot encode this article" in errors[0].message
