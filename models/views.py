"""The views people query with plain SQL. Same names and columns on SQLite and PostgreSQL.

As-of patterns (documented in the README):
- valid time:  WHERE valid_from <= :t AND (valid_to IS NULL OR valid_to > :t)
- system time: WHERE recorded_at <= :k AND (retracted_at IS NULL OR retracted_at > :k)
"""

from __future__ import annotations

import hashlib

from sqlalchemy import Connection, text

# {aliases} is the one dialect difference: an entity's aliases as one string, in code-point order on both
# (PostgreSQL sorts inside the aggregate, by "C" so not by the server's locale; SQLite before 3.44 cannot, and its
# group_concat keeps the order of an ordered subquery).
_ALIASES = {
    "sqlite": "(SELECT group_concat(alias, ', ') FROM "
              "(SELECT al.alias FROM entity_alias al WHERE al.entity_id = e.id ORDER BY al.alias))",
    "postgresql": "(SELECT string_agg(al.alias, ', ' ORDER BY al.alias COLLATE \"C\") "
                  "FROM entity_alias al WHERE al.entity_id = e.id)",
}

VIEWS: dict[str, str] = {
    "claim_history": """
        SELECT v.id AS version_id, c.id AS claim_id, c.claim_key, c.kind, c.subject, c.predicate, c.object,
               v.value, v.valid_from, v.valid_to, v.recorded_at, v.retracted_at, v.retraction_reason,
               CASE WHEN v.retracted_at IS NOT NULL THEN 'retracted'
                    WHEN v.valid_to IS NOT NULL THEN 'superseded'
                    ELSE 'current' END AS status,
               o.attributed_to, o.hedge, o.confidence,
               a.source_key AS article, av.id AS article_version_id, av.title AS article_title,
               o.span_start, o.span_end, o.evidence
        FROM claim_version v
        JOIN claim c ON c.id = v.claim_id
        JOIN claim_observation o ON o.id = v.observation_id
        JOIN article_version av ON av.id = o.article_version_id
        JOIN article a ON a.id = av.article_id
    """,
    "current_claims": """
        SELECT claim_id, kind, subject, predicate, object, value, valid_from, recorded_at,
               attributed_to, hedge, confidence, article, article_version_id, article_title,
               span_start, span_end, evidence
        FROM claim_history
        WHERE status = 'current'
    """,
    "claim_changes": """
        SELECT claim_id, kind, subject, predicate, object, old_value, new_value, changed_at, recorded_at, article
        FROM (
            SELECT claim_id, kind, subject, predicate, object,
                   LAG(value) OVER (PARTITION BY claim_id ORDER BY valid_from, version_id) AS old_value,
                   value AS new_value, valid_from AS changed_at, recorded_at, article,
                   ROW_NUMBER() OVER (PARTITION BY claim_id ORDER BY valid_from, version_id) AS position
            FROM claim_history
            WHERE retracted_at IS NULL
        ) ordered
        WHERE position > 1
    """,
    "claim_evidence": """
        SELECT v.id AS version_id, v.claim_id, c.kind, c.subject, c.predicate, c.object, v.value,
               v.valid_from, v.valid_to, v.retracted_at,
               o.id AS observation_id, o.stated_at, o.attributed_to, o.hedge, o.confidence,
               a.source_key AS article, av.id AS article_version_id, av.title AS article_title,
               av.published, av.superseded_at AS article_superseded_at,
               o.span_start, o.span_end, o.evidence
        FROM claim_version v
        JOIN claim c ON c.id = v.claim_id
        JOIN claim_observation o ON o.claim_id = v.claim_id AND o.value_hash = v.value_hash
        JOIN article_version av ON av.id = o.article_version_id
        JOIN article a ON a.id = av.article_id
    """,
    "observations": """
        SELECT o.id AS observation_id, c.id AS claim_id, c.kind, c.subject, c.predicate, c.object,
               o.value, o.stated_at, o.attributed_to, o.hedge, o.confidence,
               a.source_key AS article, av.id AS article_version_id, av.title AS article_title, av.published,
               o.span_start, o.span_end, o.evidence, o.recorded_at
        FROM claim_observation o
        JOIN claim c ON c.id = o.claim_id
        JOIN article_version av ON av.id = o.article_version_id
        JOIN article a ON a.id = av.article_id
        WHERE av.superseded_at IS NULL
    """,
    "quotes": """
        SELECT claim_id, subject AS speaker, predicate AS cue, value AS quote,
               CASE WHEN kind = 'quote' THEN 1 ELSE 0 END AS direct,
               valid_from AS said_on, hedge, article, article_version_id, article_title,
               span_start, span_end, evidence
        FROM current_claims
        WHERE kind IN ('quote', 'statement')
    """,
    "entities": """
        SELECT e.id AS entity_id, e.type, e.name,
               (SELECT COUNT(*) FROM entity_mention m WHERE m.entity_id = e.id) AS mentions,
               (SELECT COUNT(DISTINCT m.article_version_id) FROM entity_mention m WHERE m.entity_id = e.id)
                   AS article_versions,
               {aliases} AS aliases
        FROM entity e
    """,
}

# Created in this order (a view may use the ones before it) and dropped in reverse.
VIEW_ORDER = [
    "claim_history", "current_claims", "claim_changes", "claim_evidence", "observations", "quotes", "entities",
]

# PostgreSQL only: both as-of patterns in one call, e.g. SELECT * FROM claims_as_of('2025-06-01', now()).
CLAIMS_AS_OF = """
    CREATE FUNCTION claims_as_of(valid_at date, known_at timestamptz DEFAULT now())
    RETURNS SETOF claim_history LANGUAGE sql STABLE AS $$
        SELECT * FROM claim_history
        WHERE valid_from <= valid_at AND (valid_to IS NULL OR valid_to > valid_at)
          AND recorded_at <= known_at AND (retracted_at IS NULL OR retracted_at > known_at)
    $$
"""


def view_sql(name: str, dialect: str) -> str:
    return VIEWS[name].format(aliases=_ALIASES.get(dialect, _ALIASES["sqlite"]))


def views_fingerprint(dialect: str) -> str:
    """A hash of every view definition for this dialect: the store re-creates its views when it changes."""
    definitions = [view_sql(name, dialect) for name in VIEW_ORDER]
    if dialect == "postgresql":
        definitions.append(CLAIMS_AS_OF)
    return hashlib.sha256("\n".join(definitions).encode("utf-8")).hexdigest()


def create_views(connection: Connection) -> None:
    drop_views(connection)
    for name in VIEW_ORDER:
        connection.execute(text(f"CREATE VIEW {name} AS {view_sql(name, connection.dialect.name)}"))
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(CLAIMS_AS_OF)


def drop_views(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("DROP FUNCTION IF EXISTS claims_as_of(date, timestamptz)")
    for name in reversed(VIEW_ORDER):
        connection.execute(text(f"DROP VIEW IF EXISTS {name}"))
