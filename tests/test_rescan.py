"""A rescan reads only what it must: size and modification time first, the content hash only for a file whose
size or time changed; with nothing changed `newsfacts ingest` starts no flow run and imports no Prefect, nor do
`sql`, `history` and `changes`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from flows.records import ArticleFile
from flows.rescan import ScanWork, UnchangedScan, known_unchanged, split_unchanged
from flows.settings import load_settings
from tests.conftest import PROJECT_DIR
from tests.helpers import run_ingest, scalar


def test_a_file_is_unchanged_when_size_time_and_stored_hash_agree():
    state = {"a.txt": [10, 1.5, "sha-a"], "b.txt": [10, 1.5, "sha-b"], "c.txt": [10, 1.5, "sha-c"]}
    stored = {"a.txt": "sha-a", "b.txt": "sha-b", "c.txt": "sha-other"}
    files = [ArticleFile("a.txt", Path("a.txt"), 10, 1.5), ArticleFile("b.txt", Path("b.txt"), 10, 2.5),
             ArticleFile("c.txt", Path("c.txt"), 10, 1.5), ArticleFile("d.txt", Path("d.txt"), 10, 1.5)]
    rescan = split_unchanged(files, state, stored)
    assert rescan.unchanged == 1
    assert [file.source_key for file in rescan.to_read] == ["b.txt", "c.txt", "d.txt"]


def test_a_rescan_does_not_read_a_file_whose_size_and_time_are_unchanged(seeds_dir, sqlite_url, prefect_api):
    """Rewriting a file with the same size and putting its time back hides the change from a rescan: proof that
    the rescan did not read it. A new modification time makes the next scan read it and store the new version."""
    article = next(seeds_dir.iterdir())
    first = run_ingest(seeds_dir, sqlite_url)
    assert first.files_new == 1
    settings = load_settings().with_overrides(seeds_dir=seeds_dir, store_url=sqlite_url)
    assert isinstance(known_unchanged(settings), UnchangedScan)

    times = article.stat()
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("Wednesday", "Thursday ", 1)[: len(text)], encoding="utf-8")
    os.utime(article, ns=(times.st_atime_ns, times.st_mtime_ns))
    assert article.stat().st_size == times.st_size
    assert run_ingest(seeds_dir, sqlite_url).files_unchanged == 1
    assert isinstance(known_unchanged(settings), UnchangedScan)

    os.utime(article, ns=(times.st_atime_ns, times.st_mtime_ns + 1_000_000_000))
    work = known_unchanged(settings)
    assert isinstance(work, ScanWork) and [file.source_key for file in work.to_read] == [article.name]
    again = run_ingest(seeds_dir, sqlite_url)
    assert (again.files_new, again.files_unchanged) == (1, 0)
    assert scalar(sqlite_url, "SELECT COUNT(*) FROM article_version") == 2


def modules_after(tmp_path: Path, *command: str) -> tuple[str, set[str]]:
    """Run `newsfacts COMMAND` in a fresh interpreter; its stdout and which of prefect, distributed it imported."""
    probe = ("import json, sys; from flows.cli import main; code = main(sys.argv[1:]); "
             "print(json.dumps(sorted({'prefect', 'distributed'} & set(sys.modules))), file=sys.stderr); "
             "sys.exit(code)")
    environ = dict(os.environ, PYTHONPATH=str(PROJECT_DIR))
    done = subprocess.run([sys.executable, "-c", probe, *command], capture_output=True, text=True, cwd=tmp_path,
                          env=environ, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout, set(json.loads(done.stderr.strip().splitlines()[-1]))


def test_reading_commands_and_an_unchanged_rescan_import_no_prefect(tmp_path, seeds_dir, sqlite_url, prefect_api):
    run_ingest(seeds_dir, sqlite_url)
    where = ["--seeds", str(seeds_dir), "--db", sqlite_url]
    for command in (["sql", "SELECT 1"], ["history", "troops"], ["changes"], ["ingest"]):
        output, imported = modules_after(tmp_path, *command, *where)
        assert imported == set(), f"newsfacts {command[0]} imported {imported}"
    assert "0 new, 1 unchanged" in output
