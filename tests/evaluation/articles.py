"""Articles for extraction tests, built straight from text so they do not depend on the parse stage."""

from __future__ import annotations

import re
from pathlib import Path

from flows.records import ArticleMeta, CleanArticle, ParsedArticle, Span

PROJECT_DIR = Path(__file__).resolve().parents[2]
SEED_FILE = PROJECT_DIR / "seeds" / "000_f4a7255485200af2.txt"
SEED_GOLD = PROJECT_DIR / "tests" / "fixtures" / "seed.gold.json"


def seed_body() -> str:
    """The seed's body as the gold fixture indexes it: title line and 'Related Sources:' trailer dropped."""
    lines = SEED_FILE.read_text(encoding="utf-8").split("\n")
    return "\n".join(line for line in lines[1:] if line.strip() != "Related Sources:").strip()


def parsed_article(text: str, source_key: str = "test.txt") -> ParsedArticle:
    """A ParsedArticle with naive paragraphs (lines) and sentences (., ! or ? before a space); no quote spans."""
    paragraphs = [Span(match.start(), match.end()) for match in re.finditer(r"[^\n]+", text)]
    sentences = [Span(match.start(), match.end()) for match in re.finditer(r"[^\n.!?]+[.!?]*", text)]
    article = CleanArticle(source_key, text, ArticleMeta(), "", "txt")
    return ParsedArticle(article, paragraphs, sentences, [])
