"""The questions the README answers in SQL, as data: `newsfacts browse` offers them as canned queries, and the
docs test checks that the README shows exactly these. Each runs on SQLite and PostgreSQL as written."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Example:
    """A README question: its SQL as the README shows it, runnable as written. `parameters` names the literals a
    person would change (name → the literal in `sql`); Datasette's canned query takes them as `:name`."""

    name: str
    title: str
    sql: str
    description: str = ""
    parameters: tuple[tuple[str, str], ...] = field(default=())

    @property
    def canned_sql(self) -> str:
        """The SQL with each parameter's literal replaced by `:name`, derived from the README's text so the two
        cannot drift apart."""
        sql = self.sql
        for name, literal in self.parameters:
            assert literal in sql, f"{self.name}: {literal} is not in its SQL"
            sql = sql.replace(literal, f":{name}")
        return sql


EXAMPLES: list[Example] = [
    Example(
        "believed_now_about_ukraine",
        "What does the store believe now about Ukraine?",
        """\
SELECT kind, subject, predicate, value, valid_from
FROM current_claims
WHERE subject LIKE '%Ukrain%' OR value LIKE '%Ukrain%'
ORDER BY kind, subject;
""",
    ),
    Example(
        "figure_changes",
        "How did a figure change, and according to which article?",
        """\
SELECT subject, old_value, new_value, changed_at, article
FROM claim_changes
WHERE kind = 'quantity'
ORDER BY subject, changed_at;
""",
    ),
    Example(
        "figures_by_value",
        "Which figures are larger than a value, in their unit?",
        """\
SELECT subject, predicate, value, value_num, value_unit, valid_from
FROM current_claims
WHERE kind = 'quantity' AND value_unit = 'percent' AND value_num > 10
ORDER BY value_num DESC;
""",
    ),
    Example(
        "what_a_person_said",
        "What did a person say?",
        """\
SELECT cue, quote, said_on, evidence
FROM quotes
WHERE speaker = 'Sergei Lavrov';
""",
        "Every quote of one speaker, by their full name as the entities view lists it.",
        (("speaker", "'Sergei Lavrov'"),),
    ),
    Example(
        "true_on_a_day",
        "What was true on a given day (valid-time as-of)?",
        """\
SELECT subject, value, valid_from, valid_to, article
FROM claim_history
WHERE kind = 'quantity' AND retracted_at IS NULL
  AND valid_from <= '2025-06-01' AND (valid_to IS NULL OR valid_to > '2025-06-01');
""",
        "The figures that held on a day (YYYY-MM-DD), as the articles date them.",
        (("day", "'2025-06-01'"),),
    ),
    Example(
        "believed_at_a_moment",
        "What did the store believe at a given moment (system-time as-of)?",
        """\
SELECT subject, value, valid_from, valid_to, status, recorded_at
FROM claim_history
WHERE kind = 'quantity'
  AND recorded_at <= CURRENT_TIMESTAMP
  AND (retracted_at IS NULL OR retracted_at > CURRENT_TIMESTAMP);
""",
    ),
    Example(
        "changed_since",
        "What changed since a date?",
        """\
SELECT kind, subject, old_value, new_value, changed_at, recorded_at
FROM claim_changes
WHERE changed_at >= '2025-06-01';
""",
        "Every change of a claim's value from a day (YYYY-MM-DD) on.",
        (("day", "'2025-06-01'"),),
    ),
    Example(
        "single_source_claims",
        "Which claims rest on a single source?",
        """\
SELECT kind, subject, value, article
FROM current_claims
WHERE claim_id IN (SELECT claim_id FROM observations GROUP BY claim_id HAVING COUNT(DISTINCT article) = 1)
ORDER BY kind, subject;
""",
    ),
    Example(
        "sources_that_disagree",
        "Which claims do sources dispute?",
        """\
SELECT claim_id, subject, predicate, valid_at, competing_values
FROM contested_claims
ORDER BY valid_at;
""",
    ),
    Example(
        "why_believed",
        "Why does the store believe it?",
        """\
SELECT subject, value, article, span_start, span_end, evidence
FROM claim_evidence
WHERE kind = 'quantity' AND retracted_at IS NULL AND valid_to IS NULL;
""",
    ),
    Example(
        "failed_files",
        "Which files failed, and why?",
        """\
SELECT r.started_at, e.source_key, e.stage, e.message
FROM ingest_error e JOIN ingest_run r ON r.id = e.ingest_run_id
ORDER BY r.started_at DESC;
""",
    ),
    Example(
        "entities_and_names",
        "The people, organisations and places, with every name they go by",
        """\
SELECT type, name, mentions, aliases FROM entities ORDER BY mentions DESC;
""",
    ),
]
