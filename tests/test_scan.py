"""Discovery of article files and safe reading of their bytes."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from flows.records import ArticleError
from flows.scan import SUPPORTED_SUFFIXES, content_sha256, discover, read_article_bytes

MAX_BYTES = 1_000_000
NOBODY = 65534  # uid and gid of the unprivileged user on Linux


def _write(folder: Path, name: str, data: bytes | str = "Title\nBody text of the article.\n") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _only_file(seeds: Path):
    files, _ = discover(seeds)
    assert len(files) == 1
    return files[0]


def test_supported_suffixes_are_the_article_formats():
    assert SUPPORTED_SUFFIXES == frozenset({".txt", ".md", ".html", ".htm", ".json"})


def test_discover_walks_subfolders_in_sorted_order(tmp_path):
    for name in ["b.txt", "a.md", "sub/c.html", "sub/deeper/d.json", "z.htm"]:
        _write(tmp_path, name)
    files, skipped = discover(tmp_path)
    assert [file.source_key for file in files] == ["a.md", "b.txt", "sub/c.html", "sub/deeper/d.json", "z.htm"]
    assert skipped == []
    first = files[0]
    assert first.path == (tmp_path / "a.md").resolve()
    assert first.size == (tmp_path / "a.md").stat().st_size


def test_discover_skips_unknown_extensions_and_hidden_files(tmp_path):
    _write(tmp_path, "article.txt")
    _write(tmp_path, "photo.jpg", b"\xff\xd8\xff")
    _write(tmp_path, ".draft.txt")
    _write(tmp_path, ".git/config.txt")
    _write(tmp_path, "README")
    files, skipped = discover(tmp_path)
    assert [file.source_key for file in files] == ["article.txt"]
    reasons = dict(skipped)
    assert "unsupported" in reasons["photo.jpg"]
    assert "hidden" in reasons[".draft.txt"]
    assert "hidden" in reasons[".git/"]
    assert "unsupported" in reasons["README"]


def test_discover_never_follows_a_link_out_of_the_folder(tmp_path):
    seeds = tmp_path / "seeds"
    secret = _write(tmp_path, "outside/secret.txt", "Secret\nnot an article\n")
    _write(seeds, "real.txt")
    (seeds / "leak.txt").symlink_to(secret)
    (seeds / "leakdir").symlink_to(secret.parent, target_is_directory=True)
    (seeds / "alias.txt").symlink_to(seeds / "real.txt")
    files, skipped = discover(seeds)
    assert [file.source_key for file in files] == ["real.txt"]
    reasons = dict(skipped)
    assert "outside" in reasons["leak.txt"]
    assert "not followed" in reasons["leakdir/"]
    # A link inside the folder is not read twice: its target is read under its own name.
    assert "its own name" in reasons["alias.txt"]


def test_discover_skips_files_that_are_not_regular(tmp_path):
    _write(tmp_path, "real.txt")
    os.mkfifo(tmp_path / "pipe.txt")
    files, skipped = discover(tmp_path)
    assert [file.source_key for file in files] == ["real.txt"]
    assert dict(skipped)["pipe.txt"] == "not a regular file"


def test_read_returns_the_bytes_of_a_text_file(tmp_path):
    _write(tmp_path, "a.txt", "Title\nCafé prices rose 20.5% on Monday.\n")
    assert read_article_bytes(_only_file(tmp_path), MAX_BYTES) == "Title\nCafé prices rose 20.5% on Monday.\n".encode()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"  \n\t\r\n   \n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (bytes(range(1, 32)) * 40, "binary"),
    ],
    ids=["empty", "whitespace-only", "nul-bytes", "control-characters"],
)
def test_read_refuses_files_without_text(tmp_path, content, message):
    _write(tmp_path, "bad.txt", content)
    with pytest.raises(ArticleError, match=message) as error:
        read_article_bytes(_only_file(tmp_path), MAX_BYTES)
    assert error.value.stage == "read"


def test_read_refuses_a_file_larger_than_the_limit_without_loading_it(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # 50 MB of text, written in chunks
        chunk = b"A line of article text that repeats.\n" * 1000
        for _ in range(50 * 1024 * 1024 // len(chunk) + 1):
            handle.write(chunk)
    assert path.stat().st_size > 50 * 1024 * 1024
    with pytest.raises(ArticleError, match="too large") as error:
        read_article_bytes(_only_file(tmp_path), max_bytes=10 * 1024 * 1024)
    assert error.value.stage == "read"


@pytest.mark.parametrize(("size", "limit"), [(3_000, 10_000), (30_000, 10_000)], ids=["within-limit", "past-limit"])
def test_read_of_a_file_that_grew_after_its_size_was_taken(tmp_path, monkeypatch, size, limit):
    # A writer appending between fstat() and read() cannot be timed in a test: fstat reports the size from before.
    path = _write(tmp_path, "growing.txt", b"Title\n" + b"Text of the article grows.\n" * (size // 27))
    real_fstat = os.fstat

    def size_before_growth(descriptor: int) -> os.stat_result:
        fields = list(real_fstat(descriptor))
        fields[6] = 100  # st_size
        return os.stat_result(fields)

    monkeypatch.setattr("flows.scan.os.fstat", size_before_growth)
    if path.stat().st_size <= limit:
        assert read_article_bytes(_only_file(tmp_path), limit) == path.read_bytes()
    else:
        with pytest.raises(ArticleError, match="too large"):
            read_article_bytes(_only_file(tmp_path), limit)


def test_read_reports_a_file_removed_after_discovery(tmp_path):
    path = _write(tmp_path, "gone.txt")
    file = _only_file(tmp_path)
    path.unlink()
    with pytest.raises(ArticleError, match="disappeared"):
        read_article_bytes(file, MAX_BYTES)


def test_read_reports_a_file_without_read_permission():
    # Root reads files whatever their permission bits, so as root the read runs in a child process
    # that has dropped to the unprivileged "nobody" user: the same check a normal user gets.
    folder = Path(tempfile.mkdtemp(prefix="newsfacts-perm-"))
    try:
        folder.chmod(0o755)
        _write(folder, "locked.txt").chmod(0)
        file = _only_file(folder)
        message = _read_error_as_unprivileged_user(file) if os.geteuid() == 0 else _read_error(file)
        assert message == "read: The file cannot be read: permission denied."
    finally:
        shutil.rmtree(folder)


def _read_error(file) -> str:
    try:
        read_article_bytes(file, MAX_BYTES)
    except ArticleError as error:
        return f"{error.stage}: {error}"
    return "no error"


def _read_error_as_unprivileged_user(file) -> str:
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # the child: drop root, try the read, report, exit without running pytest's cleanup
        os.close(reader)
        try:
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            os.write(writer, _read_error(file).encode())
        finally:
            os._exit(0)
    os.close(writer)
    with os.fdopen(reader) as pipe:
        message = pipe.read()
    os.waitpid(child, 0)
    return message


def test_content_hash_identifies_the_bytes():
    assert content_sha256(b"abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert content_sha256(b"abc") != content_sha256(b"abd")


def test_discover_orders_files_by_their_key(tmp_path):
    for name in ["a/x.txt", "a.txt", "B.txt", "b.txt"]:
        _write(tmp_path, name)
    files, _ = discover(tmp_path)
    keys = [file.source_key for file in files]
    assert keys == sorted(keys) == ["B.txt", "a.txt", "a/x.txt", "b.txt"]


def test_discover_refuses_a_missing_folder(tmp_path):
    with pytest.raises(NotADirectoryError, match="does not exist"):
        discover(tmp_path / "nowhere")


def test_read_refuses_a_pipe_swapped_in_after_discovery_without_hanging(tmp_path):
    path = _write(tmp_path, "article.txt")
    file = _only_file(tmp_path)
    path.unlink()
    os.mkfifo(path)
    with pytest.raises(ArticleError, match="not a regular file"):
        read_article_bytes(file, MAX_BYTES)
