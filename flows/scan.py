"""Find article files under the seeds folder and read their bytes safely.

Only what lives in the seeds folder is read. The scan lists regular files and skips, with a reason, links
(a link's target is read under its own name when it is in the folder), hidden files and folders, and files with
more than one hard link (a hard link to a file outside the folder looks like any other file; `[scan]
allow_hard_links` lets them through). The read walks from the folder one path component at a time without
following links (O_NOFOLLOW), so a link swapped in after the scan is refused, not followed, and checks what it
opened (a regular file, one link, under the size limit) on the open descriptor itself.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from pathlib import Path

from flows.names import escape_name, escape_path, unescape_name
from flows.records import ArticleError, ArticleFile

SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".txt", ".md", ".html", ".htm", ".json"})

# A file is binary when it has NUL bytes or when more than this share of its first bytes are
# control characters other than tab, newline, carriage return and form feed.
_BINARY_CONTROL_SHARE = 0.10
_SNIFF_BYTES = 8192
_TEXT_CONTROLS = {0x09, 0x0A, 0x0C, 0x0D, 0x1B}
# Every byte but the controls text does not hold: deleting these from a sample leaves the controls to count, in C.
_NOT_STRAY_CONTROLS = bytes(byte for byte in range(256) if byte >= 0x20 or byte in _TEXT_CONTROLS)
# Opening never waits (a FIFO has no writer) and never makes a terminal the process's controlling one.
_OPEN_FILE = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY
_OPEN_FOLDER = os.O_RDONLY | os.O_NOFOLLOW | os.O_DIRECTORY


class OutsideSeedsError(ValueError):
    """A path given for a single-file run does not name a file that a scan of the seeds folder would read."""


def discover(seeds_dir: Path, allow_hard_links: bool = False) -> tuple[list[ArticleFile], list[tuple[str, str]]]:
    """Supported article files under `seeds_dir` (recursively, sorted by key) and the skipped
    entries with a reason. Raises NotADirectoryError when `seeds_dir` is not a folder."""
    root = seeds_dir.resolve()
    if not root.is_dir():
        raise NotADirectoryError(f"The seeds folder {escape_path(seeds_dir)} does not exist or is not a folder.")
    found: list[ArticleFile] = []
    skipped: list[tuple[str, str]] = []
    below_root = len(os.path.join(root, ""))  # where a path below the folder starts its own part
    for entry in _files_below(root, root, skipped):
        path = Path(entry.path)
        key = escape_name(entry.path[below_root:].replace(os.sep, "/"))  # source_key, without pathlib's cost
        reason = skip_reason(path, root, allow_hard_links, entry)
        if reason:
            skipped.append((key, reason))
            continue
        found.append(_article_file(path, root, key, entry.stat(follow_symlinks=False)))  # the stat skip_reason took
    found.sort(key=lambda file: file.source_key)
    skipped.sort()
    return found, skipped


def source_key(path: Path, root: Path) -> str:
    """The file's name in the store and in logs: its path below the folder, escaped (flows/names.py)."""
    return escape_name(path.relative_to(root).as_posix())


def _article_file(path: Path, root: Path, key: str, info: os.stat_result | None = None) -> ArticleFile:
    info = info or path.lstat()
    return ArticleFile(source_key=key, path=path, size=info.st_size, mtime=info.st_mtime, seeds_dir=root)


def _files_below(root: Path, folder: Path, skipped: list[tuple[str, str]]) -> list[os.DirEntry[str]]:
    """Every non-folder entry below `folder`. Hidden, linked and unreadable folders are reported
    as skipped (key ending in "/") and not entered. Listed with os.scandir, whose entries keep what the listing
    and their first stat said: a file costs one system call, not four (19,042 files: 0.9 → 0.3 s)."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as error:
        skipped.append((source_key(folder, root) + "/", f"folder cannot be read: {error.strerror}"))
        return []
    files: list[os.DirEntry[str]] = []
    for entry in entries:
        reason = folder_skip_reason(entry)
        if reason:
            skipped.append((source_key(Path(entry.path), root) + "/", reason))
        elif entry.is_dir():
            files.extend(_files_below(root, Path(entry.path), skipped))
        else:
            files.append(entry)
    return files


def folder_skip_reason(entry: Path | os.DirEntry[str]) -> str | None:
    """Why the scan does not enter this folder; None for a folder it enters, or for anything not a folder."""
    if not entry.is_dir():
        return None
    if entry.is_symlink():
        return "linked folder (not followed)"
    if entry.name.startswith("."):
        return "hidden folder"
    return None


def skip_reason(
    path: Path, root: Path, allow_hard_links: bool = False, entry: os.DirEntry[str] | None = None
) -> str | None:
    """Why the scan does not read this file; None for an article file it reads. `entry`: the file's listing
    entry, which keeps the file's stat for the caller."""
    if path.name.startswith("."):
        return "hidden file"
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        return f"unsupported file type {escape_name(path.suffix) or '(no extension)'}"
    try:
        info = entry.stat(follow_symlinks=False) if entry is not None else path.lstat()
    except FileNotFoundError:
        return "no such file (it may have been removed or renamed since)"
    if stat.S_ISLNK(info.st_mode):
        if _resolves_inside(path, root):
            return "link (not followed: the file it points to is read under its own name)"
        return "link pointing outside the seeds folder (not followed)"
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file"
    if info.st_nlink > 1 and not allow_hard_links:
        return _hard_link_reason(info.st_nlink)
    return None


def _hard_link_reason(links: int) -> str:
    return (f"hard link (the file has {links} names, and one may be outside the seeds folder; "
            "[scan] allow_hard_links = true reads it)")


def _resolves_inside(path: Path, root: Path) -> bool:
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return False
    return target == root or root in target.parents


def discover_one(
    seeds_dir: Path, path: str, allow_hard_links: bool = False
) -> tuple[list[ArticleFile], list[tuple[str, str]]]:
    """The one file `path` names, listed as `discover` would list it: `path` is its source key (escaped, as the
    watcher sends it) or its absolute path inside the folder.

    Raises OutsideSeedsError for a path no scan would reach: outside the folder, with `..`, through a
    linked or hidden folder."""
    root = seeds_dir.resolve()
    given = Path(unescape_name(path))
    refusal = f"{escape_name(path)} is not a file inside the seeds folder {escape_path(root)} that a scan reads"
    if given.is_absolute():
        if not given.is_relative_to(root):
            raise OutsideSeedsError(refusal)
        given = given.relative_to(root)
    if not given.parts or ".." in given.parts:
        raise OutsideSeedsError(refusal)
    folder = root
    for part in given.parts[:-1]:
        folder = folder / part
        reason = folder_skip_reason(folder) or (None if folder.is_dir() else "no such folder")
        if reason:
            raise OutsideSeedsError(f"{refusal} ({reason})")
    file = root / given
    key = source_key(file, root)
    reason = skip_reason(file, root, allow_hard_links)
    if reason:
        return [], [(key, reason)]
    return [_article_file(file, root, key)], []


def read_article_bytes(file: ArticleFile, max_bytes: int, allow_hard_links: bool = False) -> bytes:
    """The bytes of an article file, or ArticleError(stage="read") with one clear sentence."""
    data = _read_bounded(file, max_bytes, allow_hard_links)
    if not data:
        raise ArticleError("The file is empty.", stage="read")
    if not data.strip():
        raise ArticleError("The file is empty: it holds only whitespace.", stage="read")
    if _looks_binary(data):
        raise ArticleError("The file is binary, not text.", stage="read")
    return data


def _read_bounded(file: ArticleFile, max_bytes: int, allow_hard_links: bool) -> bytes:
    try:
        with os.fdopen(open_article(file), "rb") as handle:
            info = os.fstat(handle.fileno())
            _check_opened(info, max_bytes, allow_hard_links or file.seeds_dir is None)
            # Read one byte more than fstat() gave: a file that grew since is read on, to one byte past the limit,
            # so that it is still caught. (Asking for the limit at once costs a buffer of that size per file.)
            data = handle.read(info.st_size + 1)
            if len(data) > info.st_size:
                data += handle.read(max_bytes + 1 - len(data))
    except FileNotFoundError:
        raise ArticleError("The file disappeared before it could be read.", stage="read") from None
    except PermissionError:
        raise ArticleError("The file cannot be read: permission denied.", stage="read") from None
    except OSError as error:
        raise ArticleError(_open_failure(error), stage="read") from None
    if len(data) > max_bytes:
        raise ArticleError(_too_large(len(data), max_bytes), stage="read")
    return data


def open_article(file: ArticleFile) -> int:
    """A read-only descriptor for the file. A file found in a seeds folder is opened by walking from that folder
    one component at a time, following no link; a path given on the command line is opened as given."""
    if file.seeds_dir is None:
        return os.open(file.path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    return open_below(file.seeds_dir, file.path.relative_to(file.seeds_dir).parts)


def open_below(root: Path, parts: tuple[str, ...]) -> int:
    """Open root/parts[0]/…/parts[-1] without following a link anywhere below `root`: each folder is opened
    relative to the descriptor of the one before with O_NOFOLLOW | O_DIRECTORY, then the file with O_NOFOLLOW.
    A link at any step fails with ELOOP (or ENOTDIR), whatever was there when the scan looked."""
    folder = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for part in parts[:-1]:
            inner = os.open(part, _OPEN_FOLDER, dir_fd=folder)
            os.close(folder)
            folder = inner
        # Look before opening: opening a device can have effects of its own (a tape rewinds).
        mode = os.stat(parts[-1], dir_fd=folder, follow_symlinks=False).st_mode
        if stat.S_ISLNK(mode):
            raise ArticleError(_LINK_REFUSED, stage="read")
        if not stat.S_ISREG(mode):
            raise ArticleError("The path is not a regular file.", stage="read")
        return os.open(parts[-1], _OPEN_FILE, dir_fd=folder)
    finally:
        os.close(folder)


_LINK_REFUSED = ("The file became a link after the scan: links are not followed, so nothing outside the seeds "
                 "folder is read.")


def _check_opened(info: os.stat_result, max_bytes: int, allow_hard_links: bool) -> None:
    """What was opened, checked on the descriptor: whatever the path names by now, this is what is read."""
    if not stat.S_ISREG(info.st_mode):
        raise ArticleError("The path is not a regular file.", stage="read")
    if info.st_nlink > 1 and not allow_hard_links:
        raise ArticleError(f"The file is a {_hard_link_reason(info.st_nlink)}.", stage="read")
    if info.st_size > max_bytes:
        raise ArticleError(_too_large(info.st_size, max_bytes), stage="read")


def _open_failure(error: OSError) -> str:
    if error.errno in (errno.ELOOP, errno.ENOTDIR):  # O_NOFOLLOW met a link, or a folder became a link
        return _LINK_REFUSED
    reason = os.strerror(error.errno) if error.errno else str(error)
    return f"The file cannot be read: {reason.lower()}."


def _too_large(size: int, max_bytes: int) -> str:
    return f"The file is too large ({size:,} bytes; the limit is {max_bytes:,} bytes)."


def _looks_binary(data: bytes) -> bool:
    sample = data[:_SNIFF_BYTES]
    if _is_utf16(sample):
        return False  # UTF-16 text is full of NUL bytes; its byte order mark says it is text
    if b"\x00" in sample:
        return True
    controls = len(sample.translate(None, _NOT_STRAY_CONTROLS))
    return controls / len(sample) > _BINARY_CONTROL_SHARE


def _is_utf16(sample: bytes) -> bool:
    return sample.startswith((b"\xff\xfe", b"\xfe\xff"))


def content_sha256(data: bytes) -> str:
    """Hex SHA-256 of the raw file bytes: the identity of one version of an article."""
    return hashlib.sha256(data).hexdigest()
