"""Find article files under the seeds folder and read them, never leaving the folder."""

from __future__ import annotations

import hashlib
from pathlib import Path

from flows.records import ArticleError, ArticleFile

SUPPORTED_SUFFIXES = frozenset({".txt", ".md", ".html", ".htm", ".json"})


def discover(seeds_dir: Path) -> tuple[list[ArticleFile], list[tuple[str, str]]]:
    root = seeds_dir.resolve()
    found: list[ArticleFile] = []
    skipped: list[tuple[str, str]] = []
    for path in sorted(root.rglob("*")):
        key = path.relative_to(root).as_posix()
        if path.is_symlink() and not path.resolve().is_relative_to(root):
            skipped.append((key, "link points outside the seeds folder"))
            continue
        if not path.is_file():
            continue
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            skipped.append((key, f"unsupported file type {path.suffix or '(none)'}"))
            continue
        stat = path.stat()
        found.append(ArticleFile(source_key=key, path=path, size=stat.st_size, mtime=stat.st_mtime))
    return found, skipped


def read_article_bytes(file: ArticleFile, max_bytes: int) -> bytes:
    try:
        data = file.path.read_bytes()
    except OSError as error:
        raise ArticleError(f"cannot read the file: {error.strerror}") from error
    if len(data) > max_bytes:
        raise ArticleError(f"file is {len(data)} bytes, over the limit of {max_bytes}")
    if not data.strip():
        raise ArticleError("file is empty")
    return data


def content_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
