"""Stable identities: the claim key and the value hash, NULL-safe and insensitive to spacing and case."""

from __future__ import annotations

import hashlib
from functools import lru_cache


@lru_cache(maxsize=65536)  # kinds, predicates and subjects repeat across claims
def normalise(text: str | None) -> str:
    """Lower case, one space between words, straight apostrophes: 'Moscow’s  Plan' → "moscow's plan"."""
    if text is None:
        return ""
    return " ".join(text.replace("’", "'").replace("‘", "'").lower().split())


def claim_key(kind: str, subject: str, predicate: str, obj: str | None) -> str:
    """The identity of a claim slot. The value is deliberately left out: 20% → 19% is a new version, not a new claim."""
    # The unit separator cannot occur in normalised text, so the joined parts cannot collide.
    identity = "\x1f".join((normalise(kind), normalise(subject), normalise(predicate), normalise(obj)))
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()


def value_hash(value: str | None) -> str:
    """Equal values hash equally, and NULL has a hash of its own, so change detection never trips on NULL."""
    marker = "\x00null" if value is None else normalise(value)
    return hashlib.sha256(marker.encode("utf-8")).hexdigest()
