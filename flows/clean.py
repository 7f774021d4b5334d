"""Turn raw file bytes into clean body text plus metadata."""

from __future__ import annotations

import unicodedata

from flows.records import ArticleError, ArticleMeta, CleanArticle
from flows.scan import content_sha256


def clean_article(data: bytes, source_key: str, suffix: str) -> CleanArticle:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ArticleError("file is not valid UTF-8", stage="clean") from error
    lines = [unicodedata.normalize("NFC", line).strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    if lines and lines[-1].startswith("Related Sources:"):
        lines.pop()
    if len(lines) < 2:
        raise ArticleError("file has a title but no body text", stage="clean")
    meta = ArticleMeta(title=lines[0])
    return CleanArticle(source_key, "\n".join(lines[1:]), meta, content_sha256(data), suffix.lstrip(".").lower())
