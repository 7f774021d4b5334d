"""Only what lives in the seeds folder is read: the read walks from the folder without following a link, so a
link swapped in after the scan (for the file or for a folder on its path) is refused, however the race falls;
hard links, FIFOs and sockets are never read."""

from __future__ import annotations

import os
import socket
import sys
import threading
from pathlib import Path
from typing import Callable, Iterator

import pytest

from flows.records import ArticleError, ArticleFile
from flows.scan import discover, read_article_bytes

MAX_BYTES = 1_000_000
INSIDE = b"Inside\nAn article that lives in the seeds folder.\n"
SECRET = b"Secret\nroot:x:0:0:a file outside the seeds folder\n"
CYCLES = 3000


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    """(the seeds folder, a folder outside it holding article.txt with the secret)."""
    seeds, outside = tmp_path / "seeds", tmp_path / "outside"
    seeds.mkdir()
    outside.mkdir()
    (outside / "article.txt").write_bytes(SECRET)
    return seeds, outside


def found(seeds: Path, key: str) -> ArticleFile:
    files, _ = discover(seeds)
    [file] = [file for file in files if file.source_key == key]
    return file


def test_a_file_that_became_a_link_out_is_refused(folders):
    seeds, outside = folders
    (seeds / "article.txt").write_bytes(INSIDE)
    file = found(seeds, "article.txt")
    (seeds / "article.txt").unlink()
    (seeds / "article.txt").symlink_to(outside / "article.txt")
    with pytest.raises(ArticleError, match="outside the seeds folder"):
        read_article_bytes(file, MAX_BYTES)


def test_a_folder_that_became_a_link_out_is_refused(folders):
    seeds, outside = folders
    (seeds / "wire").mkdir()
    (seeds / "wire" / "article.txt").write_bytes(INSIDE)
    file = found(seeds, "wire/article.txt")
    (seeds / "wire" / "article.txt").unlink()
    (seeds / "wire").rmdir()
    (seeds / "wire").symlink_to(outside, target_is_directory=True)
    with pytest.raises(ArticleError, match="outside the seeds folder"):
        read_article_bytes(file, MAX_BYTES)


def swap_file_for_link(seeds: Path, outside: Path) -> Callable[[], None]:
    """One cycle: the article becomes a link to the outside file, then a regular file again (atomic renames)."""
    article, link, fresh = seeds / "article.txt", seeds / "swap-link", seeds / "swap-file"

    def cycle() -> None:
        link.symlink_to(outside / "article.txt")
        os.replace(link, article)
        fresh.write_bytes(INSIDE)
        os.replace(fresh, article)

    return cycle


def swap_folder_for_link(seeds: Path, outside: Path) -> Callable[[], None]:
    """One cycle: the article's folder becomes a link to the outside folder, then the real folder again."""
    wire, parked = seeds / "wire", seeds.parent / "parked"

    def cycle() -> None:
        os.rename(wire, parked)
        wire.symlink_to(outside, target_is_directory=True)
        wire.unlink()
        os.rename(parked, wire)

    return cycle


@pytest.fixture
def fast_thread_switching() -> Iterator[None]:
    # Switch threads every 10 µs instead of 5 ms, so the reads and the swaps interleave finely.
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    yield
    sys.setswitchinterval(before)


@pytest.mark.usefixtures("fast_thread_switching")
@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_link_swapped_in_and_out_while_reading_is_never_followed(folders, what):
    seeds, outside = folders
    if what == "file":
        (seeds / "article.txt").write_bytes(INSIDE)
        file, cycle = found(seeds, "article.txt"), swap_file_for_link(seeds, outside)
    else:
        (seeds / "wire").mkdir()
        (seeds / "wire" / "article.txt").write_bytes(INSIDE)
        file, cycle = found(seeds, "wire/article.txt"), swap_folder_for_link(seeds, outside)
    done = threading.Event()

    def swapper() -> None:
        for _ in range(CYCLES):
            cycle()
        done.set()

    reads = {"inside": 0, "refused": 0, "outside": 0}
    thread = threading.Thread(target=swapper)
    thread.start()
    while not done.is_set():
        try:
            data = read_article_bytes(file, MAX_BYTES)
        except ArticleError:
            reads["refused"] += 1
            continue
        reads["outside" if data == SECRET else "inside"] += 1
    thread.join()
    assert reads["outside"] == 0, reads
    assert reads["inside"] and reads["refused"], f"the race never happened: {reads}"


def test_hard_links_are_skipped_unless_allowed(folders):
    seeds, outside = folders
    os.link(outside / "article.txt", seeds / "passwd.txt")  # what a hard link to /etc/passwd looks like
    files, skipped = discover(seeds)
    assert files == [] and "hard link" in dict(skipped)["passwd.txt"]
    [file], _ = discover(seeds, allow_hard_links=True)
    assert read_article_bytes(file, MAX_BYTES, allow_hard_links=True) == SECRET


def test_a_hard_link_made_after_the_scan_is_refused(folders):
    seeds, _ = folders
    (seeds / "article.txt").write_bytes(INSIDE)
    file = found(seeds, "article.txt")
    os.link(seeds / "article.txt", seeds.parent / "other-name.txt")
    with pytest.raises(ArticleError, match="hard link"):
        read_article_bytes(file, MAX_BYTES)


def test_sockets_and_fifos_are_skipped_and_never_opened(folders):
    seeds, _ = folders
    (seeds / "article.txt").write_bytes(INSIDE)
    os.mkfifo(seeds / "pipe.txt")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(seeds / "socket.txt"))
        files, skipped = discover(seeds)
        assert [file.source_key for file in files] == ["article.txt"]
        assert dict(skipped) == {"pipe.txt": "not a regular file", "socket.txt": "not a regular file"}
        file = files[0]
        (seeds / "article.txt").unlink()
        os.rename(seeds / "socket.txt", seeds / "article.txt")
        with pytest.raises(ArticleError, match="not a regular file"):
            read_article_bytes(file, MAX_BYTES)
