"""A triggered run ingests only the file its event names, and only if that file lies inside the seeds folder."""

from __future__ import annotations

import os
import shutil

import pytest

from flows.ingest import ingest
from flows.scan import OutsideSeedsError, discover_one
from flows.settings import load_settings
from tests.conftest import SEED_FILE
from tests.helpers import rows


def test_relative_and_absolute_paths_inside_the_folder_name_one_file(seeds_dir):
    (seeds_dir / "wire").mkdir()
    shutil.copy(SEED_FILE, seeds_dir / "wire" / "talks.txt")
    for given in ("wire/talks.txt", str(seeds_dir / "wire" / "talks.txt")):
        [found], skipped = discover_one(seeds_dir, given)
        assert (found.source_key, found.path, skipped) == ("wire/talks.txt", seeds_dir / "wire" / "talks.txt", [])


def test_a_name_that_is_not_utf8_is_found_by_its_escaped_key(seeds_dir):
    # The watcher's events name files by source key, which escapes what is not UTF-8 (flows/names.py).
    raw = os.path.join(os.fsencode(seeds_dir), b"bad\xffname.txt")
    shutil.copy(SEED_FILE, raw)
    [found], skipped = discover_one(seeds_dir, "bad\\xffname.txt")
    assert (found.source_key, os.fsencode(found.path), skipped) == ("bad\\xffname.txt", raw, [])


@pytest.fixture
def tricky_seeds(seeds_dir):
    """An article outside the folder, and the ways a path could reach it or a file no scan reads."""
    outside = seeds_dir.parent / "outside"
    outside.mkdir()
    shutil.copy(SEED_FILE, outside / "outside.txt")
    (seeds_dir / "wire").mkdir()
    shutil.copy(SEED_FILE, seeds_dir / "wire" / "talks.txt")
    (seeds_dir / ".hidden").mkdir()
    shutil.copy(SEED_FILE, seeds_dir / ".hidden" / "secret.txt")
    (seeds_dir / "linkdir").symlink_to(outside, target_is_directory=True)
    (seeds_dir / "link.txt").symlink_to(outside / "outside.txt")
    return seeds_dir


@pytest.mark.parametrize("given", [
    "../outside/outside.txt", "/etc/hostname", ".", "", "wire/../wire/talks.txt", "linkdir/outside.txt",
    "linkdir/../seeds/wire/talks.txt", ".hidden/secret.txt",
])
def test_paths_no_scan_would_read_are_refused(tricky_seeds, given):
    with pytest.raises(OutsideSeedsError, match="not a file inside the seeds folder"):
        discover_one(tricky_seeds, given)


def test_a_link_is_skipped_as_the_scan_skips_it(tricky_seeds):
    assert discover_one(tricky_seeds, "link.txt") == (
        [], [("link.txt", "link pointing outside the seeds folder (not followed)")]
    )


def test_a_vanished_or_unsupported_file_is_skipped_with_a_reason(seeds_dir):
    (seeds_dir / "notes.docx").write_bytes(b"PK")
    assert discover_one(seeds_dir, "gone.txt") == (
        [], [("gone.txt", "no such file (it may have been removed or renamed since)")]
    )
    assert discover_one(seeds_dir, "notes.docx") == ([], [("notes.docx", "unsupported file type .docx")])


@pytest.mark.usefixtures("prefect_api")
def test_a_run_for_one_path_ingests_that_file_only(seeds_dir, sqlite_url):
    text = SEED_FILE.read_text(encoding="utf-8")
    (seeds_dir / "later.txt").write_text(text.replace("50,000 troops", "60,000 troops"), encoding="utf-8")
    settings = load_settings().with_overrides(seeds_dir=seeds_dir, store_url=sqlite_url)

    summary = ingest(settings, path="later.txt")

    assert (summary.files_seen, summary.files_new, summary.files_failed) == (1, 1, 0)
    assert [row["source_key"] for row in rows(sqlite_url, "SELECT source_key FROM article")] == ["later.txt"]
    with pytest.raises(OutsideSeedsError):
        ingest(settings, path="../store.db")
