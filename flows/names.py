"""File names and other untrusted text made safe to store, log and show, without losing anything.

A POSIX file name is bytes: it may hold bytes that are not UTF-8 (Python hands them over as lone surrogates,
which no database or log handler can encode), and control characters such as a newline, which would forge log
lines. `escape_name` turns a name into printable text with backslash escapes, one way only:

- `\\` for a backslash, so that every escape below is unambiguous,
- `\\xNN` for a byte that is not UTF-8,
- `\\uNNNN` for a character that is not printable on a line (control characters, line and paragraph
  separators, bidirectional overrides that would make a name read backwards).

`unescape_name` gives the original name back, so a stored source key still names its file.
"""

from __future__ import annotations

import os
import re
import unicodedata

# Characters that change how a line reads or where it ends: category Cc (C0 and C1 controls), Zl, Zp, and the
# format characters that reorder or hide text.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Zl", "Zp", "Cf"})
_ESCAPE = re.compile(r"\\(\\|x[0-9a-f]{2}|u[0-9a-f]{4})")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def escape_name(name: str) -> str:
    """`name` (as os.fsdecode gives it, bad bytes as surrogate escapes) as printable, reversible text."""
    if name.isprintable() and "\\" not in name:
        # The common name, without a look at each character: isprintable() is False for every character the
        # loop below escapes (categories C* and Z* but the space, surrogates among them) and True for the rest.
        return name
    out: list[str] = []
    for char in name:
        code = ord(char)
        if char == "\\":
            out.append("\\\\")
        elif 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
            out.append(f"\\x{code - 0xDC00:02x}")
        elif 0xD800 <= code <= 0xDFFF or unicodedata.category(char) in _UNSAFE_CATEGORIES:
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)


def unescape_name(text: str) -> str:
    """The name `escape_name` was given (bad bytes as surrogate escapes, ready for os.fsencode)."""

    def original(match: re.Match[str]) -> str:
        escape = match.group(1)
        if escape == "\\":
            return "\\"
        if escape.startswith("x"):
            return chr(0xDC00 + int(escape[1:], 16))
        return chr(int(escape[1:], 16))

    return _ESCAPE.sub(original, text)


def escape_path(path: str | os.PathLike[str]) -> str:
    """A path for people and logs: each character as `escape_name` shows it."""
    return escape_name(os.fspath(path))


def printable(text: str) -> str:
    """Free text (an error message, a title) for a log line or a table cell: one line, nothing hidden.

    Unlike names, the original need not come back, so only what could forge or hide something is escaped."""
    return "".join(
        f"\\u{ord(char):04x}" if _LONE_SURROGATE.match(char) or unicodedata.category(char) in _UNSAFE_CATEGORIES
        else char
        for char in text
    )


def markdown_cell(text: str) -> str:
    """`text` inside a Markdown table cell as code: one line, and no `|` or backtick that would end it early."""
    return "`" + printable(text).replace("`", "'").replace("|", "\\|") + "`"


# Characters that Markdown (and the Prefect UI's renderer of artifacts) reads as formatting: `>60,000` would
# become a quote, `*` emphasis, `|` a new table cell.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~])")


def markdown_text(text: str, width: int | None = None) -> str:
    """Free text shown as itself in Markdown: one printable line, cut to `width` characters with an ellipsis (a
    table stays readable when a quote is long), each formatting character escaped."""
    line = " ".join(printable(text).split())
    if width is not None and len(line) > width:
        line = line[: width - 1].rstrip() + "…"
    return _MARKDOWN_SPECIAL.sub(r"\\\1", line)
