"""How claims changed, for people: the data behind `newsfacts history` and `newsfacts changes`, read through the
documented views (so the CLI shows exactly what plain SQL shows)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from models.query import run_read_only

# Every live version of the matching claims, oldest first, with whether its valid time is contested.
HISTORY_SQL = """
    SELECT h.claim_id, h.kind, h.subject, h.predicate, h.object, h.value, h.valid_from, h.valid_to, h.status,
           h.attributed_to, h.article, h.value_num,
           CASE WHEN EXISTS (SELECT 1 FROM contested_claims cc WHERE cc.claim_id = h.claim_id
                             AND cc.valid_at >= h.valid_from AND (h.valid_to IS NULL OR cc.valid_at < h.valid_to))
                THEN 'contested' ELSE '' END AS contested
    FROM claim_history h
    WHERE h.retracted_at IS NULL AND {match}
    ORDER BY h.claim_id, h.valid_from, h.version_id
    LIMIT :limit
"""
MATCH_ID = "h.claim_id = :claim_id"
MATCH_TEXT = "(LOWER(h.subject) LIKE :pattern OR LOWER(h.predicate) LIKE :pattern OR LOWER(h.object) LIKE :pattern)"

CHANGES_SQL = """
    SELECT claim_id, kind, subject, predicate, old_value, new_value, changed_at, article
    FROM claim_changes
    WHERE {since}
    ORDER BY changed_at, claim_id
    LIMIT :limit
"""

# One point per observation of a quantity claim: its number, when it holds, who says it, whether disputed.
POINTS_SQL = """
    SELECT o.stated_at, o.value_num, o.value, o.article, o.attributed_to,
           CASE WHEN EXISTS (SELECT 1 FROM contested_claims cc
                             WHERE cc.claim_id = o.claim_id AND cc.valid_at = o.stated_at) THEN 1 ELSE 0 END
               AS contested
    FROM observations o
    WHERE o.claim_id = :claim_id AND o.value_num IS NOT NULL
    ORDER BY o.stated_at, o.observation_id
"""


@dataclass(frozen=True)
class Rows:
    columns: list[str]
    rows: list[tuple[Any, ...]]


def claim_history(url: str, claim: str, limit: int = 500) -> Rows:
    """The versions of one claim (an id) or of every claim whose subject, measure or object contains `claim`."""
    if claim.strip().isdigit():
        sql, params = HISTORY_SQL.format(match=MATCH_ID), {"claim_id": int(claim)}
    else:
        sql, params = HISTORY_SQL.format(match=MATCH_TEXT), {"pattern": f"%{claim.strip().lower()}%"}
    return Rows(*run_read_only(url, sql, {**params, "limit": limit}))


def claim_changes(url: str, since: date | None = None, limit: int = 500) -> Rows:
    """Every change of value, in valid-time order, optionally from `since` on."""
    condition = "changed_at >= :since" if since else "1 = 1"
    return Rows(*run_read_only(url, CHANGES_SQL.format(since=condition), {"since": since, "limit": limit}))


def quantity_points(url: str, claim_id: int) -> Rows:
    return Rows(*run_read_only(url, POINTS_SQL, {"claim_id": claim_id}))
