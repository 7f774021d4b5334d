"""Find article files under the seeds folder and read their bytes safely.

Nothing here follows a link out of the folder: a symlink may point to another file inside the seeds
folder, never outside it, so a seeds folder cannot be used to read arbitrary files on the machine.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from flows.records import ArticleError, ArticleFile

SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".txt", ".md", ".html", ".htm", ".json"})

# A file is binary when it has NUL bytes or when more than this share of its first bytes are
# control characters other than tab, newline, carriage return and form feed.
_BINARY_CONTROL_SHARE = 0.10
_SNIFF_BYTES = 8192
_TEXT_CONTROLS = {0x09, 0x0A, 0x0C, 0x0D, 0x1B}


def discover(seeds_dir: Path) -> tuple[list[ArticleFile], list[tuple[str, str]]]:
    """Supported article files under `seeds_dir` (recursively, sorted by key) and the skipped
    entries with a reason. Raises NotADirectoryError when `seeds_dir` is not a folder."""
    root = seeds_dir.resolve()
    if not root.is_dir():
        raise NotADirectoryError(f"The seeds folder {seeds_dir} does not exist or is not a folder.")
    found: list[ArticleFile] = []
    skipped: list[tuple[str, str]] = []
    for path in _files_below(root, root, skipped):
        key = path.relative_to(root).as_posix()
        reason = _skip_reason(path, root)
        if reason:
            skipped.append((key, reason))
            continue
        info = path.stat()
        found.append(ArticleFile(source_key=key, path=path, size=info.st_size, mtime=info.st_mtime))
    found.sort(key=lambda file: file.source_key)
    skipped.sort()
    return found, skipped


def _files_below(root: Path, folder: Path, skipped: list[tuple[str, str]]) -> list[Path]:
    """Every non-folder entry below `folder`. Hidden, linked and unreadable folders are reported
    as skipped (key ending in "/") and not entered."""
    try:
        entries = sorted(folder.iterdir())
    except OSError as error:
        skipped.append((folder.relative_to(root).as_posix() + "/", f"folder cannot be read: {error.strerror}"))
        return []
    files: list[Path] = []
    for entry in entries:
        key = entry.relative_to(root).as_posix()
        if entry.is_dir() and entry.is_symlink():
            skipped.append((key + "/", "linked folder (not followed)"))
        elif entry.is_dir() and entry.name.startswith("."):
            skipped.append((key + "/", "hidden folder"))
        elif entry.is_dir():
            files.extend(_files_below(root, entry, skipped))
        else:
            files.append(entry)
    return files


def _skip_reason(path: Path, root: Path) -> str | None:
    if path.name.startswith("."):
        return "hidden file"
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        return f"unsupported file type {path.suffix or '(no extension)'}"
    if path.is_symlink() and not _resolves_inside(path, root):
        return "link pointing outside the seeds folder"
    try:
        mode = path.stat().st_mode
    except OSError:
        return "broken link"
    if not stat.S_ISREG(mode):
        return "not a regular file"
    return None


def _resolves_inside(path: Path, root: Path) -> bool:
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return False
    return target == root or root in target.parents


def read_article_bytes(file: ArticleFile, max_bytes: int) -> bytes:
    """The bytes of an article file, or ArticleError(stage="read") with one clear sentence."""
    data = _read_bounded(file, max_bytes)
    if not data:
        raise ArticleError("The file is empty.", stage="read")
    if not data.strip():
        raise ArticleError("The file is empty: it holds only whitespace.", stage="read")
    if _looks_binary(data):
        raise ArticleError("The file is binary, not text.", stage="read")
    return data


def _read_bounded(file: ArticleFile, max_bytes: int) -> bytes:
    _check_inside_seeds(file)
    try:
        # Non-blocking open: a pipe swapped in after the scan must not hang the run.
        with os.fdopen(os.open(file.path, os.O_RDONLY | os.O_NONBLOCK), "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise ArticleError("The path is not a regular file.", stage="read")
            if info.st_size > max_bytes:
                raise ArticleError(_too_large(info.st_size, max_bytes), stage="read")
            # Read one byte more than allowed: a file that grew since fstat() is still caught.
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise ArticleError("The file disappeared before it could be read.", stage="read") from None
    except PermissionError:
        raise ArticleError("The file cannot be read: permission denied.", stage="read") from None
    except OSError as error:
        reason = os.strerror(error.errno) if error.errno else str(error)
        raise ArticleError(f"The file cannot be read: {reason.lower()}.", stage="read") from None
    if len(data) > max_bytes:
        raise ArticleError(_too_large(len(data), max_bytes), stage="read")
    return data


def _check_inside_seeds(file: ArticleFile) -> None:
    """Refuse a path that resolves outside the folder it was found in (a link swapped in after the scan).

    The folder is the part of `file.path` before `source_key`; a path given directly on the command
    line (absolute, or with nothing before it) has no such folder and is read as given.
    """
    key = Path(file.source_key)
    if key.is_absolute() or ".." in key.parts or len(file.path.parts) <= len(key.parts):
        return
    if file.path.parts[-len(key.parts):] != key.parts:
        return
    root = Path(*file.path.parts[: -len(key.parts)]).resolve()
    # A vanished file also fails to resolve; open() reports that one with its own message.
    if file.path.exists() and not _resolves_inside(file.path, root):
        raise ArticleError("The file is a link that points outside the seeds folder.", stage="read")


def _too_large(size: int, max_bytes: int) -> str:
    return f"The file is too large ({size:,} bytes; the limit is {max_bytes:,} bytes)."


def _looks_binary(data: bytes) -> bool:
    sample = data[:_SNIFF_BYTES]
    if _is_utf16(sample):
        return False  # UTF-16 text is full of NUL bytes; its byte order mark says it is text
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte < 0x20 and byte not in _TEXT_CONTROLS)
    return controls / len(sample) > _BINARY_CONTROL_SHARE


def _is_utf16(sample: bytes) -> bool:
    return sample.startswith((b"\xff\xfe", b"\xfe\xff"))


def content_sha256(data: bytes) -> str:
    """Hex SHA-256 of the raw file bytes: the identity of one version of an article."""
    return hashlib.sha256(data).hexdigest()
