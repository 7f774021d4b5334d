"""Synthetic extractions for store tests and benchmarks: articles whose claims reuse a pool of claim slots,
with values and publication dates drawn at random, so that later articles change values and earlier ones
arrive late. Deterministic for a given seed."""

from __future__ import annotations

import random
from datetime import date, timedelta

from flows.records import ArticleMeta, Claim, CleanArticle, EntityMention, Extraction, ParsedArticle, Span

SENTENCE = "Officials said the figure for {slot} stood at {value} on that day, according to the report."


def synthetic_articles(
    count: int, per_article: int, slots: int, seed: int = 7, late_share: float = 1.0
) -> list[Extraction]:
    """`late_share` of the articles carry a random date in the year; the rest arrive in date order (a news
    stream: mostly in order, some late). 1.0 is the worst case: every article is dated at random."""
    rng = random.Random(seed)
    start = date(2025, 1, 1)
    articles = []
    for number in range(count):
        in_order = start + timedelta(days=number * 365 // count)
        published = start + timedelta(days=rng.randrange(365)) if rng.random() < late_share else in_order
        sentences, claims, entities, offset = [], [], [], 0
        for slot in rng.sample(range(slots), per_article):
            value = f"{rng.randrange(5) * 10 + slot % 7} percent"
            sentence = SENTENCE.format(slot=f"item {slot}", value=value)
            claims.append(Claim("quantity", f"item {slot}", "amount (percent)", None, value, published.isoformat(),
                                None, None, 0.7, offset, offset + len(sentence) - 1))
            sentences.append(Span(offset, offset + len(sentence)))
            offset += len(sentence) + 1
        for person in rng.sample(range(500), 10):
            entities.append(EntityMention(0, 8, "Official", "PERSON", f"Official Number{person}"))
        text = " ".join(SENTENCE.format(slot=claim.subject, value=claim.value) for claim in claims)
        meta = ArticleMeta(title=f"Article {number}", published=published, published_source="flag",
                           published_confidence=1.0)
        article = CleanArticle(f"bench/{number:06d}.txt", text, meta, f"{number:064x}", "txt")
        parsed = ParsedArticle(article, [Span(0, len(text))], sentences, [])
        articles.append(Extraction(parsed, entities, [], [], [], claims))
    return articles
