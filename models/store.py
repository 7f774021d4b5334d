"""The claim store: the only module that writes SQL. Bulk work is SQLAlchemy Core, one transaction per article.

Writers are serialised where it matters: on SQLite every write transaction is BEGIN IMMEDIATE; on PostgreSQL the
claim upsert (INSERT … ON CONFLICT DO UPDATE) row-locks each claim until commit, taken in sorted key order.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Iterator, Sequence

from sqlalchemy import Connection, Engine, bindparam, case, create_engine, event, func, insert, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from flows.records import Extraction, FileError
from models import schema as t
from models.keys import claim_key, normalise, value_hash
from models.timeline import LiveVersion, Observed, derive_timeline, plan_sync
from models.views import create_views

class StoreError(Exception):
    """The store cannot be opened or used; the message says what to do."""


@dataclass
class SaveResult:
    """What saving one article changed."""

    unchanged: bool = False
    claims_new: int = 0
    claims_changed: int = 0
    observations: int = 0


@dataclass
class SyncCounts:
    claims_new: int = 0
    claims_changed: int = 0
    claims_closed: int = 0
    retracted: int = 0
    inserted: int = 0


def utc_now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def create_store_engine(url: str, read_only: bool = False) -> Engine:
    """An engine set up for this store: WAL and immediate transactions on SQLite, read-only when asked."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if read_only:
            if not Path(database).is_file():
                raise StoreError(f"There is no store at {database} yet. Run `newsfacts ingest` first.")
            engine = create_engine(
                f"sqlite:///file:{database}?mode=ro&uri=true", connect_args={"timeout": 30}
            )
        else:
            Path(database).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(url, connect_args={"timeout": 30})
        _configure_sqlite(engine, read_only)
        return engine
    connect_args: dict[str, Any] = {}
    if read_only:
        connect_args["options"] = "-c default_transaction_read_only=on"
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args)


def _configure_sqlite(engine: Engine, read_only: bool) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout = 30000")
        cursor.execute("PRAGMA foreign_keys = ON")
        if read_only:
            cursor.execute("PRAGMA query_only = ON")
        else:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Connection) -> None:
        # Take the write lock up front so two writers never deadlock upgrading a read lock.
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def ensure_schema(engine: Engine) -> None:
    """Create the tables and views when missing (idempotent)."""
    with engine.begin() as connection:
        t.metadata.create_all(connection)
        create_views(connection)


class Store:
    """Open with `Store.open(url)`; every method runs its own transaction."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, url: str) -> "Store":
        engine = create_store_engine(url)
        try:
            ensure_schema(engine)
        except DBAPIError as error:
            raise StoreError(f"Cannot open the store at {engine.url!r}: {error.orig}") from error
        return cls(engine)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    # -- runs and errors ---------------------------------------------------------------------------------------

    def start_run(self, flow_run_id: str | None, seeds_dir: str) -> int:
        with self.engine.begin() as connection:
            return connection.execute(
                insert(t.ingest_run).returning(t.ingest_run.c.id),
                {"flow_run_id": flow_run_id, "seeds_dir": seeds_dir, "started_at": utc_now(), "status": "running"},
            ).scalar_one()

    def finish_run(self, run_id: int, status: str, counts: dict[str, int]) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                update(t.ingest_run).where(t.ingest_run.c.id == run_id),
                {"finished_at": utc_now(), "status": status, **counts},
            )

    def record_errors(self, run_id: int | None, errors: Sequence[FileError]) -> None:
        if not errors:
            return
        now = utc_now()
        with self.engine.begin() as connection:
            connection.execute(
                insert(t.ingest_error),
                [
                    {"ingest_run_id": run_id, "source_key": e.source_key, "stage": e.stage, "message": e.message,
                     "content_sha256": e.content_sha256, "recorded_at": now}
                    for e in errors
                ],
            )

    # -- reading -----------------------------------------------------------------------------------------------

    def live_contents(self, extractor_version: str) -> dict[str, str]:
        """source_key → content hash of each article's current version made by this extractor version."""
        query = (
            select(t.article.c.source_key, t.article_version.c.content_sha256)
            .join(t.article_version, t.article_version.c.article_id == t.article.c.id)
            .where(t.article_version.c.superseded_at.is_(None))
            .where(t.article_version.c.extractor_version == extractor_version)
        )
        with self.engine.connect() as connection:
            return {row.source_key: row.content_sha256 for row in connection.execute(query)}

    def row_counts(self) -> dict[str, int]:
        with self.engine.connect() as connection:
            return {
                table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
                for table in t.metadata.sorted_tables
            }

    # -- writing one article -----------------------------------------------------------------------------------

    def save_article(self, run_id: int | None, extraction: Extraction, extractor_version: str) -> SaveResult:
        """Store one article version with its entities and claims, and re-derive the affected timelines.

        Atomic: a crash leaves either all of it or none of it. Saving content already stored is a no-op.
        """
        article = extraction.parsed.article
        now = utc_now()
        with self.engine.begin() as connection:
            article_id = self._article_id(connection, article.source_key, now)
            existing = connection.execute(
                select(t.article_version.c.id, t.article_version.c.superseded_at).where(
                    t.article_version.c.article_id == article_id,
                    t.article_version.c.content_sha256 == article.content_sha256,
                    t.article_version.c.extractor_version == extractor_version,
                )
            ).first()
            if existing is not None and existing.superseded_at is None:
                return SaveResult(unchanged=True)
            previous = connection.execute(
                select(t.article_version.c.id).where(
                    t.article_version.c.article_id == article_id, t.article_version.c.superseded_at.is_(None)
                )
            ).scalars().all()
            touched_claims: set[int] = set()
            if previous:
                connection.execute(
                    update(t.article_version).where(t.article_version.c.id.in_(previous)), {"superseded_at": now}
                )
                touched_claims |= set(
                    connection.execute(
                        select(t.claim_observation.c.claim_id).where(
                            t.claim_observation.c.article_version_id.in_(previous)
                        )
                    ).scalars()
                )
            if existing is not None:
                # The file went back to content we stored before: that version is the live one again.
                version_id = existing.id
                connection.execute(
                    update(t.article_version).where(t.article_version.c.id == version_id), {"superseded_at": None}
                )
                touched_claims |= set(
                    connection.execute(
                        select(t.claim_observation.c.claim_id).where(
                            t.claim_observation.c.article_version_id == version_id
                        )
                    ).scalars()
                )
                observations = 0
            else:
                version_id = self._insert_article_version(connection, run_id, article_id, extraction,
                                                          extractor_version, now)
                entity_ids = self._save_entities(connection, version_id, extraction)
                claim_ids, observations = self._save_claims(connection, version_id, extraction, entity_ids, now)
                touched_claims |= claim_ids
            counts = self._sync_claims(connection, sorted(touched_claims), now, reason="superseded by a later source")
        return SaveResult(False, counts.claims_new, counts.claims_changed, observations)

    def _article_id(self, connection: Connection, source_key: str, now: datetime) -> int:
        inserter = _upsert_ignore(connection, t.article, ["source_key"])
        connection.execute(inserter, {"source_key": source_key, "first_seen_at": now})
        return connection.execute(
            select(t.article.c.id).where(t.article.c.source_key == source_key)
        ).scalar_one()

    def _insert_article_version(
        self, connection: Connection, run_id: int | None, article_id: int, extraction: Extraction,
        extractor_version: str, now: datetime,
    ) -> int:
        article = extraction.parsed.article
        meta = article.meta
        return connection.execute(
            insert(t.article_version).returning(t.article_version.c.id),
            {
                "article_id": article_id, "content_sha256": article.content_sha256,
                "extractor_version": extractor_version, "title": meta.title, "published": meta.published,
                "published_source": meta.published_source, "published_confidence": meta.published_confidence,
                "source": meta.source, "url": meta.url, "authors": list(meta.authors), "format": article.format,
                "body": article.text, "ingest_run_id": run_id, "recorded_at": now,
            },
        ).scalar_one()

    def _save_entities(self, connection: Connection, version_id: int, extraction: Extraction) -> dict[tuple[str, str], int]:
        """Resolve each entity of the article to a stored one (by name, then by alias) and record its mentions."""
        aliases_by_entity: dict[tuple[str, str], set[str]] = defaultdict(set)
        for mention in extraction.entities:
            key = (mention.type, mention.canonical)
            aliases_by_entity[key] |= {mention.canonical, mention.text}
        resolved: dict[tuple[str, str], int] = {}
        for (entity_type, name), aliases in sorted(aliases_by_entity.items()):
            resolved[(entity_type, name)] = self._resolve_entity(connection, entity_type, name, aliases)
        mentions = {
            (m.start, m.end): {
                "entity_id": resolved[(m.type, m.canonical)], "article_version_id": version_id,
                "span_start": m.start, "span_end": m.end, "text": m.text, "role": m.role,
            }
            for m in extraction.entities
        }
        if mentions:
            connection.execute(insert(t.entity_mention), list(mentions.values()))
        return resolved

    def _resolve_entity(self, connection: Connection, entity_type: str, name: str, aliases: set[str]) -> int:
        norm = normalise(name)
        found = connection.execute(
            select(t.entity.c.id).where(t.entity.c.type == entity_type, t.entity.c.norm_name == norm)
        ).scalar()
        if found is None:
            # A known alias of exactly one entity of this type ("Trump" → "Donald Trump").
            candidates = connection.execute(
                select(t.entity_alias.c.entity_id).distinct()
                .join(t.entity, t.entity.c.id == t.entity_alias.c.entity_id)
                .where(t.entity.c.type == entity_type, t.entity_alias.c.alias_norm == norm)
            ).scalars().all()
            found = candidates[0] if len(candidates) == 1 else None
        if found is None:
            connection.execute(
                _upsert_ignore(connection, t.entity, ["type", "norm_name"]),
                {"type": entity_type, "norm_name": norm, "name": name},
            )
            found = connection.execute(
                select(t.entity.c.id).where(t.entity.c.type == entity_type, t.entity.c.norm_name == norm)
            ).scalar_one()
        rows = [{"entity_id": found, "alias_norm": normalise(alias), "alias": alias} for alias in sorted(aliases)]
        connection.execute(_upsert_ignore(connection, t.entity_alias, ["entity_id", "alias_norm"]), rows)
        return found

    def _save_claims(
        self, connection: Connection, version_id: int, extraction: Extraction,
        entity_ids: dict[tuple[str, str], int], now: datetime,
    ) -> tuple[set[int], int]:
        """Upsert the claim slots (sorted by key, which orders the row locks) and append the observations."""
        subject_entities = {name: entity_id for (_type, name), entity_id in entity_ids.items()}
        text_ = extraction.parsed.text
        slots: dict[str, dict[str, Any]] = {}
        observations: dict[tuple[str, int, int], dict[str, Any]] = {}
        for claim in extraction.claims:
            subject_entity = subject_entities.get(claim.subject)
            # Resolved subjects are keyed by entity id, so "Trump" and "Donald Trump" share their claims.
            subject_identity = f"entity:{subject_entity}" if subject_entity else claim.subject
            key = claim_key(claim.kind, subject_identity, claim.predicate, claim.object)
            slots[key] = {
                "claim_key": key, "kind": claim.kind, "subject": claim.subject, "predicate": claim.predicate,
                "object": claim.object, "subject_entity_id": subject_entity, "created_at": now,
            }
            observations[(key, claim.start, claim.end)] = {
                "article_version_id": version_id, "span_start": claim.start, "span_end": claim.end,
                "value": claim.value, "value_hash": value_hash(claim.value),
                "stated_at": date.fromisoformat(claim.valid_at) if claim.valid_at else None,
                "evidence": _evidence(text_, extraction, claim.start, claim.end),
                "attributed_to": claim.attributed_to, "hedge": claim.hedge, "confidence": claim.confidence,
                "recorded_at": now,
            }
        if not slots:
            return set(), 0
        ids = self._upsert_claims(connection, [slots[key] for key in sorted(slots)])
        rows = [{**row, "claim_id": ids[key]} for (key, _s, _e), row in observations.items()]
        connection.execute(insert(t.claim_observation), rows)
        return set(ids.values()), len(rows)

    def _upsert_claims(self, connection: Connection, rows: list[dict[str, Any]]) -> dict[str, int]:
        if connection.dialect.name == "postgresql":
            statement = postgresql.insert(t.claim)
            # DO UPDATE (not DO NOTHING) so the row is locked for this transaction: writers serialise per claim.
            statement = statement.on_conflict_do_update(
                index_elements=["claim_key"], set_={"kind": statement.excluded.kind}
            ).returning(t.claim.c.claim_key, t.claim.c.id)
            ids = {}
            for chunk in _chunks(rows, 500):
                ids.update({row.claim_key: row.id for row in connection.execute(statement, chunk)})
            return ids
        connection.execute(_upsert_ignore(connection, t.claim, ["claim_key"]), rows)
        ids = {}
        for chunk in _chunks([row["claim_key"] for row in rows], 500):
            result = connection.execute(select(t.claim.c.claim_key, t.claim.c.id).where(t.claim.c.claim_key.in_(chunk)))
            ids.update({row.claim_key: row.id for row in result})
        return ids

    # -- timelines ---------------------------------------------------------------------------------------------

    def _sync_claims(self, connection: Connection, claim_ids: Sequence[int], now: datetime, reason: str) -> SyncCounts:
        """Re-derive the timeline of these claims from their observations and write only the differences."""
        counts = SyncCounts()
        for chunk in _chunks(list(claim_ids), 500):
            observed: dict[int, list[Observed]] = defaultdict(list)
            for row in connection.execute(
                select(t.claim_observation.c.id, t.claim_observation.c.claim_id, t.claim_observation.c.value,
                       t.claim_observation.c.value_hash, t.claim_observation.c.stated_at)
                .join(t.article_version, t.article_version.c.id == t.claim_observation.c.article_version_id)
                .where(t.claim_observation.c.claim_id.in_(chunk), t.article_version.c.superseded_at.is_(None))
            ):
                observed[row.claim_id].append(Observed(row.id, row.value, row.value_hash, row.stated_at))
            live: dict[int, list[LiveVersion]] = defaultdict(list)
            for row in connection.execute(
                select(t.claim_version.c.id, t.claim_version.c.claim_id, t.claim_version.c.value_hash,
                       t.claim_version.c.valid_from, t.claim_version.c.valid_to, t.claim_version.c.observation_id)
                .where(t.claim_version.c.claim_id.in_(chunk), t.claim_version.c.retracted_at.is_(None))
            ):
                live[row.claim_id].append(
                    LiveVersion(row.id, row.value_hash, row.valid_from, row.valid_to, row.observation_id)
                )
            retract: list[int] = []
            close: list[dict[str, Any]] = []
            inserts: list[dict[str, Any]] = []
            for claim_id in chunk:
                versions = sorted(live[claim_id], key=lambda v: (v.valid_from is not None, v.valid_from or date.min))
                plan = plan_sync(derive_timeline(observed[claim_id]), versions)
                if plan.is_empty:
                    continue
                if versions:
                    counts.claims_changed += 1
                else:
                    counts.claims_new += 1
                retract += plan.retract
                close += [{"version_id": vid, "valid_to": valid_to} for vid, valid_to in plan.close]
                inserts += [
                    {"claim_id": claim_id, "value": s.value, "value_hash": s.value_hash, "valid_from": s.valid_from,
                     "valid_to": s.valid_to, "recorded_at": now, "observation_id": s.observation_id}
                    for s in plan.insert
                ]
            # Retract, then close, then insert: the one-current-version index holds at every step.
            if retract:
                connection.execute(
                    update(t.claim_version).where(t.claim_version.c.id.in_(retract)),
                    {"retracted_at": now, "retraction_reason": reason},
                )
            if close:
                connection.execute(
                    update(t.claim_version).where(t.claim_version.c.id == bindparam("version_id")),
                    [{"version_id": row["version_id"], "valid_to": row["valid_to"]} for row in close],
                )
            if inserts:
                connection.execute(insert(t.claim_version), inserts)
            counts.retracted += len(retract)
            counts.claims_closed += len(close)
            counts.inserted += len(inserts)
        return counts

    # -- what a run changed ------------------------------------------------------------------------------------

    def run_claim_changes(self, run_id: int, limit: int = 200) -> list[dict[str, Any]]:
        """The live claim versions this run's articles gave rise to, oldest first, each with the value it
        replaced (`previous_value`; `status` 'new' when no earlier run had a version of that claim)."""
        version, observation, source = t.claim_version, t.claim_observation, t.article_version
        earlier = t.claim_version.alias("earlier")
        earlier_observation = t.claim_observation.alias("earlier_observation")
        earlier_source = t.article_version.alias("earlier_source")
        previous_value = (
            select(earlier.c.value)
            .join(earlier_observation, earlier_observation.c.id == earlier.c.observation_id)
            .join(earlier_source, earlier_source.c.id == earlier_observation.c.article_version_id)
            .where(earlier.c.claim_id == version.c.claim_id, earlier.c.id < version.c.id)
            .where((earlier_source.c.ingest_run_id != run_id) | earlier_source.c.ingest_run_id.is_(None))
            .order_by(earlier.c.id.desc())
            .limit(1)
        )
        query = (
            select(
                case((previous_value.exists(), "changed"), else_="new").label("status"),
                previous_value.scalar_subquery().label("previous_value"),
                t.claim.c.kind, t.claim.c.subject, t.claim.c.predicate, t.claim.c.object, version.c.value,
                version.c.valid_from, t.article.c.source_key.label("article"),
            )
            .join(t.claim, t.claim.c.id == version.c.claim_id)
            .join(observation, observation.c.id == version.c.observation_id)
            .join(source, source.c.id == observation.c.article_version_id)
            .join(t.article, t.article.c.id == source.c.article_id)
            .where(source.c.ingest_run_id == run_id, version.c.retracted_at.is_(None))
            .order_by(version.c.id)
            .limit(limit)
        )
        with self.engine.connect() as connection:
            return [row._asdict() for row in connection.execute(query)]


def _upsert_ignore(connection: Connection, table: Any, keys: list[str]) -> Any:
    """INSERT … ON CONFLICT (keys) DO NOTHING for either dialect."""
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    return dialect.insert(table).on_conflict_do_nothing(index_elements=keys)


def _evidence(text_: str, extraction: Extraction, start: int, end: int) -> str:
    """The sentence(s) around a claim's span: what a reader checks the claim against."""
    sentences = extraction.parsed.sentences
    first = next((s.start for s in sentences if s.start <= start < s.end), start)
    last = next((s.end for s in reversed(sentences) if s.start < end <= s.end), end)
    return text_[first:max(last, end)]


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for index in range(0, len(items), size):
        yield items[index : index + size]
