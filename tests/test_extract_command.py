"""`newsfacts extract --jsonl` prints the extract contract: one object per file, offsets into `text`."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import PROJECT_DIR, SEED_FILE

CONTRACT_KEYS = {"path", "article", "text", "sentences", "entities", "quotes", "quantities", "timexes", "claims"}


def run_extract(*args: str) -> tuple[int, list[dict]]:
    done = subprocess.run(
        [sys.executable, "-m", "flows.cli", "extract", *args, "--jsonl"],
        capture_output=True, text=True, cwd=PROJECT_DIR, timeout=120,
    )
    return done.returncode, [json.loads(line) for line in done.stdout.splitlines()]


def test_seed_follows_the_contract(tmp_path):
    status, [record] = run_extract(str(SEED_FILE))
    assert status == 0
    assert CONTRACT_KEYS <= record.keys()
    assert record["article"]["published"] == "2025-05-28"
    assert record["article"]["published_source"] == "inferred"
    text = record["text"]
    assert not text.startswith(record["article"]["title"]) and "Related Sources" not in text
    for key in ("sentences", "entities", "quotes", "quantities", "timexes", "claims"):
        assert record[key], f"no {key} found in the seed"
        for item in record[key]:
            assert 0 <= item["start"] < item["end"] <= len(text)
    for item in record["entities"] + record["quantities"] + record["timexes"]:
        assert text[item["start"] : item["end"]] == item["text"]
    for quote in record["quotes"]:
        assert text[quote["start"] : quote["end"]] == quote["text"]
        assert {"speaker", "speaker_text", "speaker_org", "cue", "direct"} <= quote.keys()


def test_published_flag_overrides_and_bad_files_report_one_error_each(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    status, records = run_extract(str(SEED_FILE), str(empty), "--published", "2025-06-01")
    assert status == 1
    good, bad = records
    assert good["article"]["published"] == "2025-06-01" and good["article"]["published_source"] == "flag"
    assert bad["path"] == str(empty) and bad["error"] and set(bad) >= {"path", "error"}


def test_directories_are_walked_in_sorted_order(tmp_path):
    for name in ("b.txt", "a.txt", "notes.csv"):
        (tmp_path / name).write_text(SEED_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    status, records = run_extract(str(tmp_path))
    assert status == 0
    assert [record["path"].rsplit("/", 1)[-1] for record in records] == ["a.txt", "b.txt"]


def test_a_name_that_is_not_utf8_is_printed_escaped(tmp_path):
    folder = tmp_path / "odd"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"bad\xffname.txt"), "wb") as handle:
        handle.write(SEED_FILE.read_bytes())
    status, [record] = run_extract(str(folder))
    assert status == 0 and record["path"] == f"{folder}/bad\\xffname.txt"
