"""Stable identities: the claim key and the value hash, NULL-safe and insensitive to spacing and case."""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path


def normalise(text: str | None) -> str:
    """Lower case, one space between words, straight apostrophes: 'Moscow’s  Plan' → "moscow's plan"."""
    if text is None:
        return ""
    if not text.isascii():  # a test of the string's kind, not of its characters
        text = text.replace("’", "'").replace("‘", "'")
    return " ".join(text.lower().split())


# Kinds, predicates and subjects repeat across claims; values, quotes and statements seldom do, so they go through
# `normalise` itself: cached, they filled the cache with text met once (tens of MB over a large corpus).
_normalise_part = lru_cache(maxsize=4096)(normalise)


def claim_key(kind: str, subject: str, predicate: str, obj: str | None) -> str:
    """The identity of a claim slot. The value is deliberately left out: 20% → 19% is a new version, not a new claim."""
    # The unit separator cannot occur in normalised text, so the joined parts cannot collide.
    identity = "\x1f".join((_normalise_part(kind), _normalise_part(subject), _normalise_part(predicate),
                             _normalise_part(obj)))
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()


def value_hash(value: str | None) -> str:
    """Equal values hash equally, whatever their spelling ("Labour Minister", "Labor Minister"), and NULL has a hash
    of its own, so change detection never trips on NULL."""
    if value is None:
        marker = "\x00null"
    else:
        spellings, variant = _spellings()
        marker = normalise(value)
        # The pattern cannot skip ahead (it opens with a look-behind), so it is tried at every character: a
        # substring test per variant first (C's fast search, no Python loop) spares that to the values that hold
        # none, nearly all of them (its attempts were 3.7% of the writer's instructions; the tests cost a third).
        if any(map(marker.__contains__, spellings)):
            marker = variant.sub(lambda word: spellings[word.group(0)], marker)
    return hashlib.sha256(marker.encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def _spellings() -> tuple[dict[str, str], re.Pattern[str]]:
    """Variant → spelling, and a pattern for a whole word (a run of a-z) that is a variant: matching the variants
    alone, not every word, keeps the hash of a long quote cheap."""
    lines = (Path(__file__).parent / "data" / "spelling_variants.tsv").read_text(encoding="utf-8").splitlines()
    spellings = dict(line.split("\t") for line in lines if line and not line.startswith("#"))
    variant = re.compile(r"(?<![a-z])(?:%s)(?![a-z])" % "|".join(sorted(map(re.escape, spellings), key=len,
                                                                        reverse=True)))
    return spellings, variant
