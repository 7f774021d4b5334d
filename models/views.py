"""The views people query with plain SQL. Same names and columns on SQLite and PostgreSQL.

As-of patterns (documented in the README):
- valid time:  WHERE valid_from <= :t AND (valid_to IS NULL OR valid_to > :t)
- system time: WHERE recorded_at <= :k AND (retracted_at IS NULL OR retracted_at > :k)
"""

from __future__ import annotations

import hashlib

from sqlalchemy import Connection, text

# String aggregation is where the dialects differ: `_AGGREGATE` for lists whose order does not matter, and
# {aliases}, an entity's aliases as one string, in code-point order on both
# (PostgreSQL sorts inside the aggregate, by "C" so not by the server's locale; SQLite before 3.44 cannot, and its
# group_concat keeps the order of an ordered subquery).
_AGGREGATE = {"sqlite": "group_concat({expr}, '{sep}')", "postgresql": "string_agg({expr}, '{sep}' ORDER BY {expr})"}
_ALIASES = {
    "sqlite": "(SELECT group_concat(alias, ', ') FROM "
              "(SELECT al.alias FROM entity_alias al WHERE al.entity_id = e.id ORDER BY al.alias))",
    "postgresql": "(SELECT string_agg(al.alias, ', ' ORDER BY al.alias COLLATE \"C\") "
                  "FROM entity_alias al WHERE al.entity_id = e.id)",
}

# Every figure stands for a range, and sources disagree only when their ranges cannot all hold at once.
# A plain figure covers ROUNDING either side: news copy rounds ("158 vessels" and "160 ships" agree), yet
# 90.25 and 92.25 dlrs a share stay apart.
ROUNDING = 0.01
# An "about", "some" or "an estimated" figure covers ROUNDING_APPROX either side, the reading of "about" as
# "within 10%" the US Pharmacopeia writes down (General Notices 8.20) ("about 100 mln" and "150 mln" disagree; "an
# estimated 160 ships" and "more than 170" do not). A bound ("more than 170", "up to 180") is open on one side.
ROUNDING_APPROX = 0.10

VIEWS: dict[str, str] = {
    "claim_history": """
        SELECT v.id AS version_id, c.id AS claim_id, c.claim_key, c.kind, c.subject, c.predicate, c.object,
               v.value, v.valid_from, v.valid_to, v.recorded_at, v.retracted_at, v.retraction_reason,
               CASE WHEN v.retracted_at IS NOT NULL THEN 'retracted'
                    WHEN v.valid_to IS NOT NULL THEN 'superseded'
                    ELSE 'current' END AS status,
               o.attributed_to, o.hedge, o.confidence,
               a.source_key AS article, av.id AS article_version_id, av.title AS article_title,
               o.span_start, o.span_end, o.evidence,
               o.value_num, o.value_upper, o.value_approx, o.value_unit
        FROM claim_version v
        JOIN claim c ON c.id = v.claim_id
        JOIN claim_observation o ON o.id = v.observation_id
        JOIN article_version av ON av.id = o.article_version_id
        JOIN article a ON a.id = av.article_id
    """,
    # A value only one source ever gave, on a day another source gave the value the claim held before and holds
    # after (a likely misprint: "Dixon's offer of 92.25 dlrs" among reports of 90.25 before, that day and after),
    # further from it than two roundings ("158 ships" beside "160" is rounding, not a misprint).
    # It stays evidence and is listed here; it does not make the claim contested.
    "outlier_observations": """
        SELECT o.id AS observation_id, o.claim_id, c.kind, c.subject, c.predicate, c.object, o.value, o.stated_at,
               a.source_key AS article, o.evidence
        FROM claim_observation o
        JOIN claim c ON c.id = o.claim_id
        JOIN article_version av ON av.id = o.article_version_id
        JOIN article a ON a.id = av.article_id
        WHERE av.superseded_at IS NULL AND o.change_cue IS NULL
          AND o.value_num IS NOT NULL AND o.stated_at IS NOT NULL
          AND NOT EXISTS (
              SELECT 1 FROM claim_observation twin JOIN article_version tv ON tv.id = twin.article_version_id
              WHERE twin.claim_id = o.claim_id AND twin.value_num = o.value_num AND tv.superseded_at IS NULL
                AND tv.content_sha256 <> av.content_sha256)
          AND EXISTS (
              SELECT 1 FROM claim_observation same JOIN article_version sv ON sv.id = same.article_version_id
              WHERE same.claim_id = o.claim_id AND same.stated_at = o.stated_at
                AND ABS(same.value_num - o.value_num) > {outlier_gap} * ABS(same.value_num)
                AND sv.superseded_at IS NULL AND sv.content_sha256 <> av.content_sha256
                AND EXISTS ({held_before}) AND EXISTS ({held_after}))
    """,
    # Different values for the same valid time from different sources (counted by content, so copies of one
    # article are one source), or from two named speakers in one article. Values are compared with their kind: a
    # value its sentence states as a change ("raised its offer to") is news against a plain one that day (the plain
    # one may be from before the change), but two sources telling different outcomes of a change ("raised to 5.5
    # billion", "increased to 4.5 billion") disagree. The value a change started from ("cut from eight pct on March
    # 10"), dated by inference to the day before, is compared only with other such values: two sources that date
    # one cut a day apart do not disagree about the rate. Each figure is a range (see ROUNDING); the values disagree
    # when no one number lies in all their ranges, i.e. when the highest low end is above the lowest high end.
    # A person's role is no dispute: stories word one title many ways ("Treasury Secretary", "U.S. Treasury
    # Secretary") and a role's history is its versions.
    "contested_claims": """
        SELECT p.claim_id, c.kind, c.subject, c.predicate, c.object, p.stated_at AS valid_at,
               COUNT(*) AS value_count, {agg_competing} AS competing_values, SUM(p.sources) AS sources
        FROM (
            SELECT s.claim_id, s.stated_at, s.as_change, MIN(s.value) AS value, s.value_key,
                   MIN(s.value_num) AS value_num,
                   CASE WHEN COUNT(s.low) < COUNT(*) THEN NULL ELSE MIN(s.low) END AS low,
                   CASE WHEN COUNT(s.high) < COUNT(*) THEN NULL ELSE MAX(s.high) END AS high,
                   COUNT(DISTINCT s.content_sha256) AS sources,
                   MIN(s.content_sha256) AS first_source, MAX(s.content_sha256) AS last_source,
                   {agg_articles} AS articles
            FROM (
                -- a figure is compared by its number and unit: "about 9.8 pct" and "9.8 pct" agree
                SELECT DISTINCT o.claim_id, o.stated_at, o.value, o.value_num, av.content_sha256, a.source_key,
                       {low} AS low, {high} AS high,
                       CASE WHEN o.change_cue IS NULL THEN 0 WHEN o.change_cue = 'from' THEN 2 ELSE 1 END
                           AS as_change,
                       COALESCE(CAST(o.value_num AS TEXT) || ' ' || COALESCE(o.value_unit, ''), o.value_hash)
                           AS value_key
                FROM claim_observation o
                JOIN article_version av ON av.id = o.article_version_id
                JOIN article a ON a.id = av.article_id
                WHERE av.superseded_at IS NULL
                  AND o.id NOT IN (SELECT observation_id FROM outlier_observations)
            ) s
            GROUP BY s.claim_id, s.stated_at, s.as_change, s.value_key
        ) p
        JOIN claim c ON c.id = p.claim_id
        WHERE c.kind <> 'relation'
        GROUP BY p.claim_id, c.kind, c.subject, c.predicate, c.object, p.stated_at, p.as_change
        HAVING COUNT(*) > 1 AND MIN(p.first_source) < MAX(p.last_source)
           AND {differ_p}
        UNION ALL
        -- one article setting two named sources against each other ("the president said two days ago that exports
        -- would stop for four months ... the energy minister said five"), at the later of their times
        SELECT s.claim_id, c.kind, c.subject, c.predicate, c.object, MAX(s.stated_at) AS valid_at,
               COUNT(DISTINCT s.value_key) AS value_count, {agg_speakers} AS competing_values,
               COUNT(DISTINCT s.attributed_to) AS sources
        FROM (
            SELECT DISTINCT o.claim_id, o.article_version_id, o.stated_at, o.value, o.value_num, o.attributed_to,
                   {low} AS low, {high} AS high,
                   COALESCE(CAST(o.value_num AS TEXT) || ' ' || COALESCE(o.value_unit, ''), o.value_hash) AS value_key
            FROM claim_observation o
            JOIN article_version av ON av.id = o.article_version_id
            WHERE av.superseded_at IS NULL AND o.change_cue IS NULL AND o.attributed_to IS NOT NULL
        ) s
        JOIN claim c ON c.id = s.claim_id
        WHERE c.kind <> 'relation'
        GROUP BY s.claim_id, c.kind, c.subject, c.predicate, c.object, s.article_version_id
        HAVING COUNT(DISTINCT s.attributed_to) > 1 AND COUNT(DISTINCT s.value_key) > 1
           AND {differ_s}
    """,
    "current_claims": """
        SELECT h.claim_id, h.kind, h.subject, h.predicate, h.object, h.value, h.valid_from, h.recorded_at,
               h.attributed_to, h.hedge, h.confidence, h.article, h.article_version_id, h.article_title,
               h.span_start, h.span_end, h.evidence,
               h.value_num, h.value_upper, h.value_approx, h.value_unit,
               CASE WHEN EXISTS (SELECT 1 FROM contested_claims cc
                                 WHERE cc.claim_id = h.claim_id AND cc.valid_at >= h.valid_from)
                    THEN 1 ELSE 0 END AS contested
        FROM claim_history h
        WHERE h.status = 'current'
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
               o.span_start, o.span_end, o.evidence, o.recorded_at,
               o.value_num, o.value_upper, o.value_approx, o.value_unit, o.value_scale, o.change_cue
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
    "claim_history", "outlier_observations", "contested_claims", "current_claims", "claim_changes", "claim_evidence",
    "observations", "quotes", "entities",
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
    aggregate = _AGGREGATE.get(dialect, _AGGREGATE["sqlite"])
    return VIEWS[name].format(
        aliases=_ALIASES.get(dialect, _ALIASES["sqlite"]),
        agg_articles=aggregate.format(expr="s.source_key", sep=", "),
        agg_competing=aggregate.format(expr="p.value || ' (' || p.articles || ')'", sep=" | "),
        agg_speakers=aggregate.format(expr="s.value || ' (' || s.attributed_to || ')'", sep=" | "),
        low=_LOW.format(tolerance=_TOLERANCE),
        high=_HIGH.format(tolerance=_TOLERANCE),
        outlier_gap=2 * ROUNDING,
        held_before=_HELD.format(when="<"),
        held_after=_HELD.format(when=">"),
        differ_p=_DIFFER.format(rows="p"),
        differ_s=_DIFFER.format(rows="s"),
    )


# The range a figure stands for: ROUNDING or ROUNDING_APPROX either side, open on the side a bound leaves open,
# from the low end to the upper end of a stated range ("5.25 to 5.5 pct"). NULL is an open end.
_TOLERANCE = f"CASE WHEN o.value_approx = '~' THEN {ROUNDING_APPROX} ELSE {ROUNDING} END"
_LOW = ("CASE WHEN o.value_approx IN ('<', '<=') THEN NULL "
        "ELSE o.value_num - {tolerance} * ABS(o.value_num) END")
_HIGH = ("CASE WHEN o.value_approx IN ('>', '>=') THEN NULL "
         "ELSE COALESCE(o.value_upper, o.value_num) + {tolerance} * ABS(COALESCE(o.value_upper, o.value_num)) END")
# Values with no number (text) differ by their text; figures when no number lies in all their ranges
_DIFFER = "(MIN({rows}.value_num) IS NULL OR MAX({rows}.low) > MIN({rows}.high))"
# Another source of the claim gave the same-day competitor's value before (<) or after (>) the outlier's day
_HELD = ("SELECT 1 FROM claim_observation held JOIN article_version hv ON hv.id = held.article_version_id "
         "WHERE held.claim_id = o.claim_id AND held.value_num = same.value_num AND held.stated_at {when} o.stated_at "
         "AND hv.superseded_at IS NULL AND hv.content_sha256 <> av.content_sha256")


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
