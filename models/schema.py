"""The tables of the claim store (SQLAlchemy Core), the same on SQLite and PostgreSQL.

Two times are kept apart:
- valid time (`valid_from`, `valid_to`, `stated_at`): when the world was as the claim says, from the source;
  day precision, stored as DATE so plain SQL compares it with '2025-06-02' on both dialects.
- system time (`recorded_at`, `retracted_at`, `superseded_at`): when the store believed it, UTC.
Intervals are half-open [from, to) with NULL for an open end. Rows are never deleted or edited in place,
except the two changes a version may see in its life: `valid_to` set once, and `retracted_at` set.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects import sqlite
from sqlalchemy.types import TypeDecorator

# Plain-SQL friendly on SQLite: '2025-05-28 10:00:00' compares with datetime('now') and with '2025-05-28'.
_SQLITE_UTC = sqlite.DATETIME(
    storage_format="%(year)04d-%(month)02d-%(day)02d %(hour)02d:%(minute)02d:%(second)02d",
    regexp=r"(\d+)-(\d+)-(\d+) (\d+):(\d+):(\d+)",
)


class UtcDateTime(TypeDecorator[datetime]):
    """timestamptz on PostgreSQL, 'YYYY-MM-DD HH:MM:SS' UTC text on SQLite."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect):  # type: ignore[no-untyped-def]
        if dialect.name == "sqlite":
            return dialect.type_descriptor(_SQLITE_UTC)
        return dialect.type_descriptor(DateTime(timezone=True))

    def process_bind_param(self, value, dialect):  # type: ignore[no-untyped-def]
        if value is not None and dialect.name == "sqlite" and value.tzinfo is not None:
            from datetime import timezone

            value = value.astimezone(timezone.utc).replace(tzinfo=None)
        return value


class _SqliteIsoDate(sqlite.DATE):
    """SQLite's DATE read with date.fromisoformat: SQLAlchemy's own reader parses each value with a regular
    expression, which was a tenth of the claim sync's time."""

    def result_processor(self, dialect, coltype):  # type: ignore[no-untyped-def]
        return lambda value: None if value is None else date.fromisoformat(value)


# Valid time: a day, DATE on both dialects.
Day = Date().with_variant(_SqliteIsoDate(), "sqlite")

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

# Facts about the store itself, e.g. which definition of the views it holds.
store_meta = Table(
    "store_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

ingest_run = Table(
    "ingest_run",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("flow_run_id", String(64)),
    Column("seeds_dir", Text),
    Column("started_at", UtcDateTime, nullable=False),
    Column("finished_at", UtcDateTime),
    Column("status", String(16), nullable=False),  # running, completed, failed, interrupted (its process died)
    Column("files_seen", Integer, nullable=False, server_default="0"),
    Column("files_new", Integer, nullable=False, server_default="0"),
    Column("files_unchanged", Integer, nullable=False, server_default="0"),
    Column("files_failed", Integer, nullable=False, server_default="0"),
    Column("claims_new", Integer, nullable=False, server_default="0"),
    Column("claims_changed", Integer, nullable=False, server_default="0"),
    # The process running it (see models/liveness.py): how the next run tells a killed run from a live one.
    Column("host", String(255)),
    Column("pid", Integer),
    Column("process_start", String(64)),
)

ingest_error = Table(
    "ingest_error",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("ingest_run_id", ForeignKey("ingest_run.id"), index=True),
    Column("source_key", Text, nullable=False),
    Column("stage", String(16), nullable=False),
    Column("message", Text, nullable=False),
    Column("content_sha256", String(64)),
    Column("recorded_at", UtcDateTime, nullable=False),
    # One row per failure: a scan that meets the same bad content again records nothing new.
    Index("ux_ingest_error_once", "source_key", "stage", "content_sha256", unique=True),
)

article = Table(
    "article",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source_key", Text, nullable=False, unique=True),
    Column("first_seen_at", UtcDateTime, nullable=False),
)

article_version = Table(
    "article_version",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", ForeignKey("article.id"), nullable=False),
    Column("content_sha256", String(64), nullable=False),
    Column("extractor_version", String(16), nullable=False),
    Column("title", Text),
    Column("published", Day),
    Column("published_source", String(16)),
    Column("published_confidence", Float),
    Column("source", Text),
    Column("url", Text),
    Column("authors", JSON),
    Column("format", String(8), nullable=False),
    Column("body", Text, nullable=False),
    # indexed, as is claim_version.observation_id: what one run stored is read without reading the whole store
    Column("ingest_run_id", ForeignKey("ingest_run.id"), index=True),
    Column("recorded_at", UtcDateTime, nullable=False),
    Column("superseded_at", UtcDateTime),
    UniqueConstraint("article_id", "content_sha256", "extractor_version"),
)
Index(
    "uq_article_version_live",
    article_version.c.article_id,
    unique=True,
    sqlite_where=text("superseded_at IS NULL"),
    postgresql_where=text("superseded_at IS NULL"),
)

entity = Table(
    "entity",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("type", String(8), nullable=False),
    Column("norm_name", Text, nullable=False),
    Column("name", Text, nullable=False),
    UniqueConstraint("type", "norm_name"),
)

entity_alias = Table(
    "entity_alias",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("entity_id", ForeignKey("entity.id"), nullable=False),
    Column("alias_norm", Text, nullable=False),
    Column("alias", Text, nullable=False),
    UniqueConstraint("entity_id", "alias_norm"),
    Index("ix_entity_alias_alias_norm", "alias_norm"),
)

entity_mention = Table(
    "entity_mention",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("entity_id", ForeignKey("entity.id"), nullable=False, index=True),
    Column("article_version_id", ForeignKey("article_version.id"), nullable=False, index=True),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("role", Text),
    UniqueConstraint("article_version_id", "span_start", "span_end"),
)

# A group known by its members: "afg+brown+wagner" → the holder key its first article gave it ("general partners"),
# so "General Acquisition Inc, an affiliate of Wagner and Brown and AFG" later joins General Partners' claims.
holder_group = Table(
    "holder_group",
    metadata,
    Column("members", Text, primary_key=True),
    Column("holder", Text, nullable=False),
)

claim = Table(
    "claim",
    metadata,
    Column("id", Integer, primary_key=True),
    # sha256 of the normalised identity (kind, subject, predicate, object); the value is not part of it
    Column("claim_key", String(64), nullable=False, unique=True),
    Column("kind", String(16), nullable=False),
    Column("subject", Text, nullable=False),
    Column("predicate", Text, nullable=False),
    Column("object", Text),
    Column("subject_entity_id", ForeignKey("entity.id")),
    Column("created_at", UtcDateTime, nullable=False),
)

claim_observation = Table(
    "claim_observation",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("claim_id", ForeignKey("claim.id"), nullable=False),
    Column("article_version_id", ForeignKey("article_version.id"), nullable=False, index=True),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    Column("value", Text),
    Column("value_hash", String(64), nullable=False),
    # the value typed (quantities): WHERE value_num > 100 works in plain SQL; see models/migrations 0003
    Column("value_num", Float),
    Column("value_upper", Float),
    Column("value_approx", String(4)),
    Column("value_unit", String(32)),
    Column("value_scale", Float),
    # the verb that makes this value a change ("raised", "cut"); "from" for the value a change started from
    Column("change_cue", String(32)),
    Column("stated_at", Day),
    Column("evidence", Text, nullable=False),
    Column("attributed_to", Text),
    Column("hedge", String(32)),
    Column("confidence", Float, nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
    UniqueConstraint("claim_id", "article_version_id", "span_start", "span_end"),
)

claim_version = Table(
    "claim_version",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("claim_id", ForeignKey("claim.id"), nullable=False),
    Column("value", Text),
    Column("value_hash", String(64), nullable=False),
    Column("valid_from", Day),
    Column("valid_to", Day),
    Column("recorded_at", UtcDateTime, nullable=False),
    Column("retracted_at", UtcDateTime),
    Column("retraction_reason", Text),
    Column("observation_id", ForeignKey("claim_observation.id"), nullable=False, index=True),
    Index("ix_claim_version_claim_id_valid_from", "claim_id", "valid_from"),
)
# The database itself forbids a second current version of one claim, whatever the writers do.
Index(
    "uq_claim_version_current",
    claim_version.c.claim_id,
    unique=True,
    sqlite_where=text("valid_to IS NULL AND retracted_at IS NULL"),
    postgresql_where=text("valid_to IS NULL AND retracted_at IS NULL"),
)
