"""The claim store: the only module that writes to the database. One transaction per batch of articles; the hot
inserts go straight to the driver (executemany on SQLite, COPY on PostgreSQL), the rest is SQLAlchemy Core.

Writers are serialised where it matters: on SQLite every write transaction is BEGIN IMMEDIATE; on PostgreSQL the
claim upsert (INSERT … ON CONFLICT DO UPDATE) row-locks each claim until commit, taken in sorted key order.
"""

from __future__ import annotations

import json
import random
import sqlite3
import time
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from functools import lru_cache
from itertools import chain
from typing import Any, Callable, Iterator, Sequence

from sqlalchemy import (Connection, Date, Engine, Text, any_, bindparam, case, create_engine, event, func, insert,
                        null, select, text, union_all, update)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from flows.records import Claim, Extraction, FileError
from models import schema as t
from models.keys import claim_key, normalise, value_hash
from models.liveness import local_run_is_alive, release_run_lock, remote_run_is_gone, take_run_lock, this_process
from models.timeline import LiveVersion, Observed, Segment, SyncPlan, derive_timeline, extend_timeline, plan_sync
from models.migrate import MigrationError, upgrade
from models.sqlite_file import StoreError, connect_read_only, require_store_file

RETRIES = 8
# deadlock, serialisation failure, unique violation (another writer's row, not yet visible), connection lost
TRANSIENT_SQLSTATES = frozenset({"40P01", "40001", "23505", "08006", "08003"})
# SQLite has no SQLSTATE: a busy file, or another writer's row seen as a duplicate
TRANSIENT_SQLITE_MESSAGES = ("database is locked", "database is busy", "unique constraint failed")

# The columns of the rows the write path builds as tuples (see _bulk_insert), in their order.
ARTICLE_VERSION_COLUMNS = ("article_id", "content_sha256", "extractor_version", "title", "published",
                           "published_source", "published_confidence", "source", "url", "authors", "format", "body",
                           "ingest_run_id", "recorded_at")
CLAIM_COLUMNS = ("claim_key", "kind", "subject", "predicate", "object", "subject_entity_id", "created_at")
# The claim first, then what the timelines read back (_observed), then the rest.
OBSERVATION_COLUMNS = ("claim_id", "article_version_id", "span_start", "span_end", "value", "value_hash", "stated_at",
                       "confidence", "value_num", "value_upper", "value_approx", "value_unit", "value_scale",
                       "change_cue", "evidence", "attributed_to", "hedge", "recorded_at")
CLAIM_VERSION_COLUMNS = ("claim_id", "value", "value_hash", "valid_from", "valid_to", "recorded_at", "observation_id")
# SQLite runs an INSERT of several rows (VALUES (…), (…), …) as one statement: its cursors, statement journal and
# end, and the driver's step, are paid once for them all instead of once per row. 100 rows a statement cut the
# instructions to store 4,000 Reuters stories by 11% against one row a statement (50 and 200 rows did 0.3% worse
# than 100); fewer when SQLite's limit on parameters (999 before 3.32) does not allow 100 rows.
SQLITE_ROWS_PER_INSERT = 100
# Pages of write-ahead log (4 KB each: 64 MB) after which a commit copies the log into the database file.
WAL_CHECKPOINT_PAGES = 16384


@dataclass
class RunCounts:
    """The claims a run's articles gave a live version: {'new': n, 'changed': m} per source key, and in all."""

    per_article: dict[str, dict[str, int]]
    totals: dict[str, int]


@dataclass
class SaveResult:
    """What saving a batch of articles changed."""

    unchanged: int = 0  # articles whose content was stored already
    stored: int = 0  # article versions written (new content, or content back from before)
    claims_new: int = 0
    claims_changed: int = 0
    observations: int = 0
    new_claim_ids: list[int] = field(default_factory=list)
    changed_claim_ids: list[int] = field(default_factory=list)
    stored_keys: list[str] = field(default_factory=list)
    unchanged_keys: list[str] = field(default_factory=list)


@dataclass
class SyncCounts:
    new_ids: list[int] = field(default_factory=list)  # claims that got their first version
    changed_ids: list[int] = field(default_factory=list)  # claims whose timeline changed
    retracted: int = 0
    closed: int = 0
    inserted: int = 0


def utc_now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def create_store_engine(url: str, read_only: bool = False) -> Engine:
    """An engine set up for this store: WAL and immediate transactions on SQLite, read-only when asked."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if read_only:
            require_store_file(database)  # now, not at the first connection
            engine = create_engine("sqlite://", poolclass=NullPool, creator=lambda: connect_read_only(database))
        else:
            Path(database).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(url, connect_args={"timeout": 30})
        _configure_sqlite(engine, read_only)
        return engine
    connect_args: dict[str, Any] = {}
    if read_only:
        connect_args["options"] = "-c default_transaction_read_only=on"
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args)


# The sqlite3 module looks for an adapter for every bound value that is not an int, float or str. For None that
# search fails by way of an AttributeError raised and cleared, some 2,000 instructions each time, and storing 4,000
# Reuters stories binds 321,000 NULLs (5% of the writer's instructions); with an adapter registered for None it
# ends at its first lookup. The adapter is an empty dict's `get`, which hands None back unchanged (the driver binds
# it as NULL, as it would anyway): a C function, where a Python one cost a frame per NULL (0.5% of the writer's
# instructions). The registry is the module's, for every connection in the process: harmless, since None stays None.
sqlite3.register_adapter(type(None), {}.get)


def _configure_sqlite(engine: Engine, read_only: bool) -> None:
    @event.listens_for(engine, "begin")
    def on_begin(connection: Connection) -> None:
        # Take the write lock up front so two writers never deadlock upgrading a read lock.
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    if read_only:
        return  # connect_read_only set up each connection

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout = 30000")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        # 16 MB of page cache (the default is 2 MB). Not more: the cache fills up to its size as the file grows,
        # so it sets how far the writer's memory grows with the store (at 64 MB, 54 MB more over 5,000 articles),
        # and the operating system caches the file's pages anyway (64, 16 and 2 MB stored 5,000 articles in the
        # same time).
        cursor.execute("PRAGMA cache_size = -16384")
        # Copy the write-ahead log into the file once it holds 64 MB, not SQLite's 4 MB: a batch of 500 articles
        # writes more than 4 MB, so each commit also copied the log, and the pages every batch touches (the indexes'
        # upper pages, the tables' last pages) were copied once per batch. Whole Reuters, 39 batches: the commits
        # took 1.6 s of CPU, 1.15 s with this. The log's file is removed when the store's last connection closes;
        # until then it keeps its largest size.
        cursor.execute(f"PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_PAGES}")
        cursor.close()


class Store:
    """Open with `Store.open(url)`; every method runs its own transaction."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # PostgreSQL: the session of each run this process has going, which holds the run's lock (see liveness).
        self._run_owners: dict[int, Connection] = {}

    @classmethod
    def open(cls, url: str) -> "Store":
        engine = create_store_engine(url)
        try:
            upgrade(engine)
        except MigrationError as error:
            raise StoreError(str(error)) from error
        except DBAPIError as error:
            location = engine.url.render_as_string(hide_password=True)
            reason = str(error.orig).strip().splitlines()[0] if str(error.orig).strip() else type(error.orig).__name__
            raise StoreError(f"cannot open the store at {location}: {reason} (is the database server running, "
                             "and is --db right?)") from error
        if engine.dialect.name == "sqlite":
            _require_sqlite_json(engine)
        return cls(engine)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        for run_id in list(self._run_owners):
            self._release_run(run_id)
        self.engine.dispose()

    # -- runs and errors ---------------------------------------------------------------------------------------

    def start_run(self, flow_run_id: str | None, seeds_dir: str) -> int:
        """Record a new run as `running`, after marking the runs whose process is gone as `interrupted`."""
        self.mark_interrupted_runs()
        row = {"flow_run_id": flow_run_id, "seeds_dir": seeds_dir, "started_at": utc_now(), "status": "running",
               **this_process().as_row()}
        insert_run = insert(t.ingest_run).returning(t.ingest_run.c.id)
        if self.dialect != "postgresql":
            with self.engine.begin() as connection:
                return connection.execute(insert_run, row).scalar_one()
        # The run's lock is taken before its row commits, so no other session ever sees it running and unlocked.
        owner = self.engine.connect()
        try:
            with owner.begin():
                run_id = owner.execute(insert_run, row).scalar_one()
                take_run_lock(owner, run_id)
        except BaseException:
            owner.close()
            raise
        self._run_owners[run_id] = owner
        return run_id

    def record_progress(self, run_id: int, counts: dict[str, int]) -> None:
        """The run's counts so far: a run that is killed keeps what it had done by its last batch."""
        with self.engine.begin() as connection:
            connection.execute(update(t.ingest_run).where(t.ingest_run.c.id == run_id), counts)

    def finish_run(self, run_id: int, status: str, counts: dict[str, int]) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                update(t.ingest_run).where(t.ingest_run.c.id == run_id),
                {"finished_at": utc_now(), "status": status, **counts},
            )
        self._release_run(run_id)

    def _release_run(self, run_id: int) -> None:
        owner = self._run_owners.pop(run_id, None)
        if owner is not None:
            try:
                release_run_lock(owner, run_id)
            except DBAPIError:
                pass  # the session is lost, and its lock went with it: nothing left to release
            finally:
                owner.close()

    def mark_interrupted_runs(self) -> list[int]:
        """Mark the runs left `running` by a process that is gone as `interrupted`; their ids."""
        run = t.ingest_run
        with self.engine.begin() as connection:
            running = connection.execute(
                select(run.c.id, run.c.host, run.c.pid, run.c.process_start).where(run.c.status == "running")
            ).all()
            if self.dialect == "postgresql":
                gone = [row.id for row in running if remote_run_is_gone(connection, row.id)]
            else:
                gone = [row.id for row in running if not local_run_is_alive(row.host, row.pid, row.process_start)]
            if gone:
                connection.execute(
                    update(run).where(_one_of(connection, run.c.id, gone), run.c.status == "running"),
                    {"status": "interrupted", "finished_at": utc_now()},
                )
        return gone

    def record_errors(self, run_id: int | None, errors: Sequence[FileError]) -> None:
        """Keep each failure once: the same file failing at the same stage with the same content (a scan meeting
        an unchanged bad file again) adds no row; the first row says which run met it first."""
        if not errors:
            return
        now = utc_now()
        with self.engine.begin() as connection:
            known = {(row.source_key, row.stage, row.content_sha256) for row in connection.execute(
                select(t.ingest_error.c.source_key, t.ingest_error.c.stage, t.ingest_error.c.content_sha256)
                .where(_one_of(connection, t.ingest_error.c.source_key, sorted({e.source_key for e in errors})))
            )}
            rows = {(e.source_key, e.stage, e.content_sha256): e for e in errors}
            fresh = [
                {"ingest_run_id": run_id, "source_key": e.source_key, "stage": e.stage, "message": e.message,
                 "content_sha256": e.content_sha256, "recorded_at": now}
                for failure, e in rows.items() if failure not in known
            ]
            if fresh:
                # A concurrent run may have recorded the same failure since: its row is as good as ours.
                connection.execute(
                    _upsert_ignore(connection, t.ingest_error, ["source_key", "stage", "content_sha256"]), fresh
                )

    def known_failures(self) -> set[tuple[str, str, str | None]]:
        """(source_key, stage, content hash) of every failure recorded: a scan does not process that content
        again until the file changes (or `ingest --retry-failed`), nor count it as a new failure."""
        error = t.ingest_error
        with self.engine.connect() as connection:
            return {tuple(row) for row in connection.execute(select(error.c.source_key, error.c.stage,
                                                                    error.c.content_sha256))}

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

    # -- writing articles --------------------------------------------------------------------------------------

    def save_articles(self, run_id: int | None, extractions: Sequence[Extraction], extractor_version: str) -> SaveResult:
        """Store a batch of article versions with their entities and claims, and re-derive the affected timelines.

        Atomic: a crash leaves either the whole batch or none of it. Content already stored is skipped.
        A transaction that lost a race with another writer (deadlock, serialisation failure, a duplicate key
        it could not see yet) is retried from the start, when it sees the other writer's work.
        """
        latest = {extraction.parsed.article.source_key: extraction for extraction in extractions}
        batch = [latest[key] for key in sorted(latest)]
        if not batch:
            return SaveResult()
        for attempt in range(1, RETRIES + 1):
            try:
                return self._save_batch_once(run_id, batch, extractor_version)
            except DBAPIError as error:
                if attempt == RETRIES or not is_transient(error):
                    raise
                time.sleep(0.05 * attempt * (1 + random.random()))
        raise AssertionError("unreachable")

    def _save_batch_once(self, run_id: int | None, batch: list[Extraction], extractor_version: str) -> SaveResult:
        now = utc_now()
        result = SaveResult()
        with self.engine.begin() as connection:
            article_ids = self._article_ids(connection, [e.parsed.article.source_key for e in batch], now)
            versions = self._versions_of(connection, list(article_ids.values()))
            supersede: list[int] = []
            revive: list[int] = []
            fresh: list[Extraction] = []
            for extraction in batch:
                article = extraction.parsed.article
                mine = versions.get(article_ids[article.source_key], [])
                same = next((v for v in mine if (v.content_sha256, v.extractor_version)
                             == (article.content_sha256, extractor_version)), None)
                if same is not None and same.superseded_at is None:
                    result.unchanged += 1
                    result.unchanged_keys.append(article.source_key)
                    continue
                result.stored_keys.append(article.source_key)
                supersede += [v.id for v in mine if v.superseded_at is None]
                if same is not None:
                    revive.append(same.id)  # the file went back to content stored before: live again
                else:
                    fresh.append(extraction)
            touched = self._claims_observed_in(connection, supersede + revive)
            version_ids: list[int] = []
            new_evidence: dict[int, list[Observed]] = {}
            created: set[int] = set()
            if supersede:
                connection.execute(
                    update(t.article_version).where(_one_of(connection, t.article_version.c.id, supersede)),
                    {"superseded_at": now},
                )
            if revive:
                connection.execute(
                    update(t.article_version).where(_one_of(connection, t.article_version.c.id, revive)),
                    {"superseded_at": None},
                )
            if fresh:
                version_ids = self._insert_article_versions(connection, run_id, article_ids, fresh,
                                                            extractor_version, now)
                entity_ids = self._save_entities(connection, list(zip(version_ids, fresh)))
                new_evidence, created = self._save_claims(connection, list(zip(version_ids, fresh)), entity_ids, now)
                result.observations = sum(map(len, new_evidence.values()))
                touched.update(new_evidence)
            if supersede or revive:
                # evidence went away or came back: re-derive in full
                version_ids, new_evidence, created = [], {}, set()
            counts = self._sync_claims(connection, sorted(touched), now, reason="superseded by a later source",
                                       new_versions=version_ids, new_evidence=new_evidence, created=created)
        result.stored = len(batch) - result.unchanged
        result.new_claim_ids, result.changed_claim_ids = counts.new_ids, counts.changed_ids
        result.claims_new, result.claims_changed = len(counts.new_ids), len(counts.changed_ids)
        return result

    def _article_ids(self, connection: Connection, source_keys: list[str], now: datetime) -> dict[str, int]:
        _bulk_insert(connection, t.article, ("source_key", "first_seen_at"), [(key, now) for key in source_keys],
                     ignore_existing=True)
        rows = _plain_rows(connection, select(t.article.c.source_key, t.article.c.id)
                           .where(_one_of(connection, t.article.c.source_key, source_keys)))
        return dict(rows)

    def _versions_of(self, connection: Connection, article_ids: list[int]) -> dict[int, list[Any]]:
        versions: dict[int, list[Any]] = defaultdict(list)
        for row in connection.execute(
            select(t.article_version.c.id, t.article_version.c.article_id, t.article_version.c.content_sha256,
                   t.article_version.c.extractor_version, t.article_version.c.superseded_at)
            .where(_one_of(connection, t.article_version.c.article_id, article_ids))
        ):
            versions[row.article_id].append(row)
        return versions

    def _claims_observed_in(self, connection: Connection, version_ids: list[int]) -> set[int]:
        if not version_ids:
            return set()
        return set(connection.execute(
            select(t.claim_observation.c.claim_id)
            .where(_one_of(connection, t.claim_observation.c.article_version_id, version_ids)).distinct()
        ).scalars())

    def _insert_article_versions(
        self, connection: Connection, run_id: int | None, article_ids: dict[str, int], fresh: list[Extraction],
        extractor_version: str, now: datetime,
    ) -> list[int]:
        """The ids of the new versions, in the order of `fresh`. Inserted in bulk and read back as the live version of
        each article (the one live version, since the versions they replace are superseded already): SQLAlchemy's
        INSERT … RETURNING in parameter order sent SQLite one statement per row."""
        rows = []
        for extraction in fresh:
            article, meta = extraction.parsed.article, extraction.parsed.article.meta
            rows.append((
                article_ids[article.source_key], article.content_sha256, extractor_version, meta.title,
                meta.published, meta.published_source, meta.published_confidence, meta.source, meta.url,
                json.dumps(list(meta.authors)),  # the text SQLAlchemy's JSON type writes, on either dialect
                article.format, article.text, run_id, now,
            ))
        _bulk_insert(connection, t.article_version, ARTICLE_VERSION_COLUMNS, rows)
        version = t.article_version
        live = dict(_plain_rows(connection, select(version.c.article_id, version.c.id)
                                .where(_one_of(connection, version.c.article_id, [row[0] for row in rows]),
                                       version.c.superseded_at.is_(None))))
        return [live[row[0]] for row in rows]

    def _save_entities(
        self, connection: Connection, articles: list[tuple[int, Extraction]]
    ) -> dict[tuple[str, str], int]:
        """Resolve each entity of the batch to a stored one and record its mentions and aliases."""
        aliases_by_entity: dict[tuple[str, str], set[str]] = defaultdict(set)
        for _version_id, extraction in articles:
            for mention in extraction.entities:
                aliases_by_entity[(mention.type, mention.canonical)] |= {mention.canonical, mention.text}
        if not aliases_by_entity:
            return {}
        resolved = self._resolve_entities(connection, sorted(aliases_by_entity))
        aliases: dict[tuple[int, str], tuple[int, str, str]] = {}
        for key, names in aliases_by_entity.items():
            for alias in sorted(names):
                alias_norm = normalise(alias)
                aliases[(resolved[key], alias_norm)] = (resolved[key], alias_norm, alias)
        # sorted by (entity_id, alias_norm), which is unique among them
        _bulk_insert(connection, t.entity_alias, ("entity_id", "alias_norm", "alias"), sorted(aliases.values()),
                     ignore_existing=True)
        mentions = {
            (version_id, m.start, m.end): (resolved[(m.type, m.canonical)], version_id, m.start, m.end, m.text, m.role)
            for version_id, extraction in articles for m in extraction.entities
        }
        _bulk_insert(connection, t.entity_mention,
                     ("entity_id", "article_version_id", "span_start", "span_end", "text", "role"),
                     list(mentions.values()))
        return resolved

    def _resolve_entities(self, connection: Connection, wanted: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
        """(type, name) → entity id: by normalised name, else by an alias that names exactly one entity of that
        type ("Trump" → "Donald Trump"), else a new entity. A few set-wise queries, whatever the count."""
        norms = {key: normalise(key[1]) for key in wanted}

        def by_name(keys: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
            rows = _plain_rows(connection, select(t.entity.c.id, t.entity.c.type, t.entity.c.norm_name)
                               # the type too, so the search follows the (type, norm_name) index, not a scan
                               .where(_one_of(connection, t.entity.c.type, sorted({key[0] for key in keys})),
                                      _one_of(connection, t.entity.c.norm_name, sorted({norms[key] for key in keys}))))
            return {(entity_type, norm_name): entity_id for entity_id, entity_type, norm_name in rows}

        found = by_name(wanted)
        resolved = {key: found[(key[0], norm)] for key, norm in norms.items() if (key[0], norm) in found}
        missing = [key for key in wanted if key not in resolved]
        if missing:
            owners: dict[tuple[str, str], set[int]] = defaultdict(set)
            for row in connection.execute(
                select(t.entity_alias.c.entity_id, t.entity.c.type, t.entity_alias.c.alias_norm)
                .join(t.entity, t.entity.c.id == t.entity_alias.c.entity_id)
                .where(_one_of(connection, t.entity_alias.c.alias_norm, sorted({norms[key] for key in missing})))
            ):
                owners[(row.type, row.alias_norm)].add(row.entity_id)
            for key in missing:
                candidates = owners.get((key[0], norms[key]), set())
                if len(candidates) == 1:
                    resolved[key] = next(iter(candidates))
        new = [key for key in wanted if key not in resolved]
        if new:
            _bulk_insert(connection, t.entity, ("type", "norm_name", "name"),
                         [(key[0], norms[key], key[1]) for key in new], ignore_existing=True)
            found = by_name(new)
            resolved.update({key: found[(key[0], norms[key])] for key in new})
        return resolved

    def _save_claims(
        self, connection: Connection, articles: list[tuple[int, Extraction]],
        entity_ids: dict[tuple[str, str], int], now: datetime,
    ) -> tuple[dict[int, list[Observed]], set[int]]:
        """Upsert the claim slots (sorted by key, which orders the row locks) and append the observations;
        returns them by claim, as the timelines read them, and the ids of the claims this transaction created (as
        far as the dialect tells, see _upsert_claims)."""
        subject_entities = {name: entity_id for (_type, name), entity_id in entity_ids.items()}
        group_holders = self._group_holders(connection, [extraction for _version_id, extraction in articles])
        slots: dict[str, tuple[Any, ...]] = {}  # claim key → claim row
        # (claim key, version id, span) → the claim observed there and its evidence; its row is built once the
        # claim's id is known
        observations: dict[tuple[str, int, int, int], tuple[Claim, str]] = {}
        for version_id, extraction in articles:
            text_ = extraction.parsed.text
            sentence_starts = [sentence.start for sentence in extraction.parsed.sentences]
            sentence_ends = [sentence.end for sentence in extraction.parsed.sentences]
            for claim in extraction.claims:
                subject_entity = subject_entities.get(claim.subject)
                if claim.key is not None:
                    # The extractor knows the identity (a quantity's holder, measure, period and unit); a group
                    # known by its members takes the holder those members were first met as
                    identity = claim.key
                    if claim.holder and claim.holder_members and claim.key.startswith(claim.holder):
                        identity = group_holders.get(claim.holder_members, claim.holder) + claim.key[len(claim.holder):]
                    key = claim_key(claim.kind, identity, "", None)
                    if identity == claim.key and _defines_group(claim):
                        slots.pop(key, None)  # the group's own name names the claim, not a list of its members
                else:
                    # Resolved subjects are keyed by entity id, so "Trump" and "Donald Trump" share their claims.
                    subject_identity = f"entity:{subject_entity}" if subject_entity else claim.subject
                    key = claim_key(claim.kind, subject_identity, claim.predicate, claim.object)
                # named as the batch's first article names it, unless said otherwise
                slots.setdefault(key, (key, claim.kind, claim.subject, claim.predicate, claim.object, subject_entity,
                                       now))
                observations[(key, version_id, claim.start, claim.end)] = (
                    claim, _evidence(text_, sentence_starts, sentence_ends, claim.start, claim.end))
        if not slots:
            return {}, set()
        ids, created = self._upsert_claims(connection, [slots[key] for key in sorted(slots)])
        # once per distinct value and day of the batch: a fifth of the values and nearly all days repeat
        hashes = {value: value_hash(value) for value in {claim.value for claim, _ in observations.values()}}
        days = {day: date.fromisoformat(day) if day else None
                for day in {claim.valid_at for claim, _ in observations.values()}}
        rows = [
            (ids[key], version_id, start, end, claim.value, hashes[claim.value], days[claim.valid_at],
             claim.confidence, claim.value_num, claim.value_upper, claim.value_approx, claim.value_unit,
             claim.value_scale, claim.change, evidence, claim.attributed_to, claim.hedge, now)
            for (key, version_id, start, end), (claim, evidence) in observations.items()
        ]
        observation_ids = self._insert_observations(connection, rows)
        return self._observed(articles, rows, observation_ids), created

    def _insert_observations(self, connection: Connection, rows: list[tuple[Any, ...]]) -> Sequence[int]:
        """Insert the observation rows; the ids the database gave them, in row order."""
        if connection.dialect.name == "sqlite":
            return _insert_counted(connection, t.claim_observation, OBSERVATION_COLUMNS, rows)
        # COPY tells no ids, and concurrent writers share the id sequence: read back by their unique key alone,
        # not with their values, which are at hand
        _bulk_insert(connection, t.claim_observation, OBSERVATION_COLUMNS, rows)
        observation = t.claim_observation
        stored = _plain_rows(connection, select(observation.c.id, observation.c.claim_id,
                                                observation.c.article_version_id, observation.c.span_start,
                                                observation.c.span_end)
                             .where(_one_of(connection, observation.c.article_version_id,
                                            sorted({row[1] for row in rows}))))
        ids = {(claim_id, version_id, start, end): observation_id
               for observation_id, claim_id, version_id, start, end in stored}
        return [ids[row[:4]] for row in rows]

    @staticmethod
    def _observed(
        articles: list[tuple[int, Extraction]], rows: list[tuple[Any, ...]], observation_ids: Sequence[int]
    ) -> dict[int, list[Observed]]:
        """The observation rows, by claim, with their ids and sources, as the timelines read them."""
        sources = {version_id: (extraction.parsed.article.source_key, extraction.parsed.article.content_sha256)
                   for version_id, extraction in articles}
        observed: dict[int, list[Observed]] = defaultdict(list)
        for observation_id, (claim_id, version_id, _start, _end, value, value_hash_, stated_at, confidence,
                             *_rest) in zip(observation_ids, rows):
            source_key, content_sha256 = sources[version_id]
            observed[claim_id].append(Observed(observation_id, value, value_hash_, stated_at, source_key, confidence,
                                               content_sha256))
        return observed

    def _group_holders(self, connection: Connection, extractions: list[Extraction]) -> dict[str, str]:
        """Members → holder key for the groups these articles name by their members: the holder stored for those
        members, else the one the batch's earliest article defines with them ("Cyacq, comprising Audio/Video and
        Citicorp"), which is then stored for later articles. Names merely joined by "and" ("Audio/Video and
        Citicorp", but also "Harper and Row") look a group up and never define one."""
        defined: dict[str, tuple[tuple[date, str], str]] = {}
        wanted: set[str] = set()
        for extraction in extractions:
            rank = (extraction.parsed.published or date.max, extraction.parsed.article.source_key)
            for claim in extraction.claims:
                if claim.holder and claim.holder_members:
                    wanted.add(claim.holder_members)
                    if _defines_group(claim) and (
                            claim.holder_members not in defined or rank < defined[claim.holder_members][0]):
                        defined[claim.holder_members] = (rank, claim.holder)
        if defined:
            connection.execute(
                _upsert_ignore(connection, t.holder_group, ["members"]),
                [{"members": members, "holder": defined[members][1]} for members in sorted(defined)],
            )
        if not wanted:
            return {}
        rows = connection.execute(select(t.holder_group.c.members, t.holder_group.c.holder)
                                  .where(_one_of(connection, t.holder_group.c.members, sorted(wanted))))
        return {members: holder for members, holder in rows}

    def _upsert_claims(self, connection: Connection, rows: list[tuple[Any, ...]]) -> tuple[dict[str, int], set[int]]:
        """Claim key → id of these claim rows (in CLAIM_COLUMNS order), inserting the ones not stored yet; and the
        ids of the claims inserted, on SQLite (PostgreSQL's upsert does not tell them apart: none)."""
        if connection.dialect.name == "postgresql":
            statement = postgresql.insert(t.claim)
            # DO UPDATE (not DO NOTHING) so the row is locked for this transaction: writers serialise per claim.
            statement = statement.on_conflict_do_update(
                index_elements=["claim_key"], set_={"kind": statement.excluded.kind}
            ).returning(t.claim.c.claim_key, t.claim.c.id)
            ids = {}
            for chunk in _chunks(rows, 500):
                parameters = [dict(zip(CLAIM_COLUMNS, row)) for row in chunk]
                ids.update({row.claim_key: row.id for row in connection.execute(statement, parameters)})
            return ids, set()
        # The transaction holds SQLite's write lock: the claims not stored now are this transaction's to insert.
        ids = dict(_plain_rows(connection, select(t.claim.c.claim_key, t.claim.c.id)
                               .where(_one_of(connection, t.claim.c.claim_key, [row[0] for row in rows]))))
        new = [row for row in rows if row[0] not in ids]
        created = _insert_counted(connection, t.claim, CLAIM_COLUMNS, new)
        ids.update(zip([row[0] for row in new], created))
        return ids, set(created)

    # -- timelines ---------------------------------------------------------------------------------------------

    def _sync_claims(
        self, connection: Connection, claim_ids: Sequence[int], now: datetime, reason: str,
        new_versions: Sequence[int] = (), new_evidence: dict[int, list[Observed]] | None = None,
        created: set[int] | frozenset[int] = frozenset(),
    ) -> SyncCounts:
        """Re-derive the timeline of these claims from their observations and write only the differences.

        `new_versions` are the article versions this transaction added, and `new_evidence` the observations they
        hold, by claim: a claim whose only new evidence comes from them, all dated after everything it had, is
        extended from its live versions (the usual case for a news stream) instead of being re-derived from its
        whole history. A claim in `created` (this transaction inserted it) has no evidence but its new evidence
        and no versions: their timeline is its first versions, with nothing to look up.
        """
        counts = SyncCounts()
        new_evidence = new_evidence or {}
        # A created claim's versions are its derived timeline as it is (in timeline order already): no plan, and no
        # plan object, for nine in ten of a first ingest's claims (4.6% of the writer's instructions, 4,000 stories).
        first_versions = {claim_id: derive_timeline(new_evidence[claim_id]) for claim_id in created}
        plans: dict[int, tuple[SyncPlan, bool]] = {}
        for chunk in _chunks([claim_id for claim_id in claim_ids if claim_id not in created], 500):
            fresh = {claim_id: new_evidence[claim_id] for claim_id in chunk if claim_id in new_evidence}
            plans.update(self._plan_claims(connection, chunk, fresh, new_versions))
        counts.changed_ids = sorted(claim_id for claim_id, (_plan, had_versions) in plans.items() if had_versions)
        counts.new_ids = sorted([*first_versions,
                                 *(claim_id for claim_id, (_plan, had_versions) in plans.items() if not had_versions)])
        self._apply_plans(connection, plans, now, reason, counts, first_versions)
        return counts

    def _plan_claims(
        self, connection: Connection, claim_ids: Sequence[int],
        fresh: dict[int, list[Observed]] | None = None, new_versions: Sequence[int] = (),
    ) -> dict[int, tuple[SyncPlan, bool]]:
        """For each claim whose live versions differ from what its observations imply: the plan, and whether it
        had live versions before. `fresh` is the evidence this transaction added (from `new_versions`).
        A few set-wise queries for the whole chunk, whatever its size."""
        fresh = fresh or {}
        live: dict[int, list[LiveVersion]] = defaultdict(list)
        for version_id, claim_id, value_hash_, valid_from, valid_to, observation_id in connection.execute(
            select(t.claim_version.c.id, t.claim_version.c.claim_id, t.claim_version.c.value_hash,
                   t.claim_version.c.valid_from, t.claim_version.c.valid_to, t.claim_version.c.observation_id)
            .where(_one_of(connection, t.claim_version.c.claim_id, claim_ids),
                   t.claim_version.c.retracted_at.is_(None))
        ).all():
            live[claim_id].append(LiveVersion(version_id, value_hash_, valid_from, valid_to, observation_id))
        for versions in live.values():
            versions.sort(key=lambda v: (v.valid_from is not None, v.valid_from or date.min))
        latest_before = self._latest_stated(connection, [c for c in claim_ids if live[c]], new_versions) if fresh else {}
        desired: dict[int, list[Segment]] = {}
        for claim_id in claim_ids:
            if claim_id not in fresh:
                continue
            if not live[claim_id]:
                # No live version means no live evidence before this transaction: the new evidence is all of it.
                desired[claim_id] = derive_timeline(fresh[claim_id])
                continue
            extended = extend_timeline(live[claim_id], fresh[claim_id], latest_before.get(claim_id))
            if extended is not None:
                desired[claim_id] = extended
        rederive = [claim_id for claim_id in claim_ids if claim_id not in desired]
        observed = self._observations(connection, rederive) if rederive else {}
        plans: dict[int, tuple[SyncPlan, bool]] = {}
        for claim_id in claim_ids:
            wanted = desired[claim_id] if claim_id in desired else derive_timeline(observed.get(claim_id, []))
            plan = plan_sync(wanted, live[claim_id])
            if not plan.is_empty:
                plans[claim_id] = (plan, bool(live[claim_id]))
        return plans

    def _observations(self, connection: Connection, claim_ids: Sequence[int]) -> dict[int, list[Observed]]:
        """The live evidence of these claims: their observations in article versions not superseded."""
        return self._collect_observations(connection,
                                          _one_of(connection, t.claim_observation.c.claim_id, claim_ids),
                                          t.article_version.c.superseded_at.is_(None))

    def _collect_observations(self, connection: Connection, *conditions: Any) -> dict[int, list[Observed]]:
        query = (
            select(t.claim_observation.c.id, t.claim_observation.c.claim_id, t.claim_observation.c.value,
                   t.claim_observation.c.value_hash, t.claim_observation.c.stated_at,
                   t.claim_observation.c.confidence, t.article.c.source_key, t.article_version.c.content_sha256)
            .join(t.article_version, t.article_version.c.id == t.claim_observation.c.article_version_id)
            .join(t.article, t.article.c.id == t.article_version.c.article_id)
            .where(*conditions)
        )
        observed: dict[int, list[Observed]] = defaultdict(list)
        for observation_id, claim_id, value, value_hash_, stated_at, confidence, source_key, sha in connection.execute(
            query
        ).all():
            observed[claim_id].append(
                Observed(observation_id, value, value_hash_, stated_at, source_key, confidence, sha))
        return observed

    def _latest_stated(
        self, connection: Connection, claim_ids: Sequence[int], excluding_versions: Sequence[int]
    ) -> dict[int, date | None]:
        """The latest date each claim's earlier live evidence states (the aggregate stays in the database)."""
        if not claim_ids:
            return {}
        rows = connection.execute(
            select(t.claim_observation.c.claim_id, func.max(t.claim_observation.c.stated_at))
            .join(t.article_version, t.article_version.c.id == t.claim_observation.c.article_version_id)
            .where(_one_of(connection, t.claim_observation.c.claim_id, claim_ids),
                   t.article_version.c.superseded_at.is_(None),
                   ~_one_of(connection, t.claim_observation.c.article_version_id, excluding_versions))
            .group_by(t.claim_observation.c.claim_id)
        ).all()
        return {claim_id: latest for claim_id, latest in rows}

    def _apply_plans(
        self, connection: Connection, plans: dict[int, tuple[SyncPlan, bool]], now: datetime, reason: str,
        counts: SyncCounts, first_versions: dict[int, list[Segment]] | None = None,
    ) -> None:
        """Write the plans, and the `first_versions` of claims that have none yet: one write of each kind for the
        batch, the new versions in claim order (plans for different claims touch different rows)."""
        retract = [version_id for plan, _ in plans.values() for version_id in plan.retract]
        close = [
            {"version_id": version_id, "valid_to": valid_to}
            for plan, _ in plans.values() for version_id, valid_to in plan.close
        ]
        segments = {claim_id: plan.insert for claim_id, (plan, _) in plans.items()}
        segments.update(first_versions or {})
        inserts = [
            (claim_id, s.value, s.value_hash, s.valid_from, s.valid_to, now, s.observation_id)
            for claim_id in sorted(segments) for s in segments[claim_id]
        ]
        # Retract, then close, then insert: the one-current-version index holds at every step.
        if retract:
            connection.execute(
                update(t.claim_version).where(_one_of(connection, t.claim_version.c.id, retract)),
                {"retracted_at": now, "retraction_reason": reason},
            )
        if close:
            connection.execute(
                update(t.claim_version).where(t.claim_version.c.id == bindparam("version_id")), close
            )
        if inserts:
            _bulk_insert(connection, t.claim_version, CLAIM_VERSION_COLUMNS, inserts)
        counts.retracted += len(retract)
        counts.closed += len(close)
        counts.inserted += len(inserts)

    # -- maintenance -------------------------------------------------------------------------------------------

    def rebuild(self, apply: bool = False) -> tuple[SyncCounts, list[dict[str, Any]]]:
        """Re-derive every claim's timeline from the observations and list where the stored one differs.

        With apply=True the differences are written (retract + insert, reason "rebuild"); otherwise nothing is.
        """
        counts = SyncCounts()
        differences: list[dict[str, Any]] = []
        with self.engine.begin() as connection:
            claim_ids = connection.execute(select(t.claim.c.id).order_by(t.claim.c.id)).scalars().all()
            for chunk in _chunks(list(claim_ids), 500):
                plans = self._plan_claims(connection, chunk)
                names = {
                    row.id: row for row in connection.execute(
                        select(t.claim.c.id, t.claim.c.kind, t.claim.c.subject, t.claim.c.predicate)
                        .where(_one_of(connection, t.claim.c.id, list(plans)))
                    )
                }
                for claim_id, (plan, _) in plans.items():
                    claim_row = names[claim_id]
                    differences.append({
                        "claim_id": claim_id, "kind": claim_row.kind, "subject": claim_row.subject,
                        "predicate": claim_row.predicate, "retract": len(plan.retract), "close": len(plan.close),
                        "insert": len(plan.insert),
                    })
                if apply:
                    self._apply_plans(connection, plans, utc_now(), "rebuild", counts)
        return counts, differences

    # -- reporting ---------------------------------------------------------------------------------------------

    def run_claim_changes(self, run_id: int, limit: int = 200) -> list[dict[str, Any]]:
        """The live claim versions this run's articles gave rise to, oldest first, each with the value it
        replaced (`previous_value`; `status` 'new' when no earlier run had a version of that claim)."""
        with self.engine.connect() as connection:
            return [row._asdict() for row in connection.execute(_run_changes(run_id, first=limit))]

    def run_counts(self, run_id: int) -> RunCounts:
        """The claims this run's articles gave a live version, new or changed: per article version the run stored,
        and in all, each claim counted once. Read from what the store holds at the end of the run, so a version
        one batch made and a later batch undid counts for nothing."""
        stored = (select(t.article_version.c.id, t.article.c.source_key)
                  .join(t.article, t.article.c.id == t.article_version.c.article_id)
                  .where(t.article_version.c.ingest_run_id == run_id))
        with self.engine.connect() as connection:
            source_keys = dict(connection.execute(stored).all())
            per_article = {key: {"new": 0, "changed": 0} for key in source_keys.values()}
            totals = {"new": 0, "changed": 0}
            for article_version_id, status, claims in connection.execute(_run_status_counts(run_id)):
                counts = totals if article_version_id is None else per_article[source_keys[article_version_id]]
                counts[status] += claims
        return RunCounts(per_article, totals)


def _run_changes(run_id: int, first: int | None = None) -> Any:
    """The live claim versions whose evidence came from run `run_id`'s articles, oldest first, with the value each
    replaced; with `first`, only the first that many, picked before any value they replaced is looked up."""
    version = t.claim_version
    previous_value = _earlier_values(run_id).order_by(t.claim_version.alias("earlier").c.id.desc()).limit(1)
    changes = _in_run(
        select(
            _status(previous_value), previous_value.scalar_subquery().label("previous_value"),
            t.claim.c.kind, t.claim.c.subject, t.claim.c.predicate, t.claim.c.object, version.c.value,
            version.c.valid_from, t.article.c.source_key.label("article"), version.c.claim_id,
        ).select_from(version).join(t.claim, t.claim.c.id == version.c.claim_id),
        run_id,
    ).join(t.article, t.article.c.id == t.article_version.c.article_id).order_by(version.c.id)
    if first is None:
        return changes
    return changes.where(version.c.id.in_(_in_run(select(version.c.id), run_id).order_by(version.c.id).limit(first)))


def _run_status_counts(run_id: int) -> Any:
    """(article version id, status, claims) for each of run `run_id`'s article versions, and (None, status, claims)
    for the whole run, a claim counted once in each: the live versions' statuses are worked out once, in a common
    table that both groupings read (a DISTINCT over the rows, or one query per grouping, cost twice as much)."""
    version = t.claim_version
    statuses = _in_run(
        select(t.article_version.c.id.label("article_version_id"), _status(_earlier_values(run_id)),
               version.c.claim_id).select_from(version),
        run_id,
    ).cte("run_statuses")
    claims = func.count(statuses.c.claim_id.distinct())
    per_version = select(statuses.c.article_version_id, statuses.c.status, claims).group_by(
        statuses.c.article_version_id, statuses.c.status)
    in_all = select(null(), statuses.c.status, claims).group_by(statuses.c.status)
    return union_all(per_version, in_all)


def _earlier_values(run_id: int) -> Any:
    """The values of the earlier versions (by id) of the claim of the claim_version row at hand that came from
    articles of other runs (or of none): correlated with the enclosing query's claim_version."""
    version = t.claim_version
    earlier = t.claim_version.alias("earlier")
    earlier_observation = t.claim_observation.alias("earlier_observation")
    earlier_source = t.article_version.alias("earlier_source")
    return (
        select(earlier.c.value)
        .join(earlier_observation, earlier_observation.c.id == earlier.c.observation_id)
        .join(earlier_source, earlier_source.c.id == earlier_observation.c.article_version_id)
        .where(earlier.c.claim_id == version.c.claim_id, earlier.c.id < version.c.id)
        .where((earlier_source.c.ingest_run_id != run_id) | earlier_source.c.ingest_run_id.is_(None))
    )


def _status(earlier_values: Any) -> Any:
    """'changed' when an earlier run had a version of the claim, else 'new'."""
    return case((earlier_values.exists(), "changed"), else_="new").label("status")


def _in_run(query: Any, run_id: int) -> Any:
    """`query` over claim_version, joined to each version's observation and article version, and kept to the live
    versions whose evidence came from run `run_id`'s articles (the indexes on article_version.ingest_run_id and
    claim_version.observation_id lead there from the run, whatever the size of the store)."""
    version, observation, source = t.claim_version, t.claim_observation, t.article_version
    return (query.join(observation, observation.c.id == version.c.observation_id)
            .join(source, source.c.id == observation.c.article_version_id)
            .where(source.c.ingest_run_id == run_id, version.c.retracted_at.is_(None)))


def is_transient(error: BaseException) -> bool:
    """Errors that a retry of the same transaction can get past: lost races, busy databases, dropped connections.
    A bug (a constraint the code broke, a missing table) is not one of them."""
    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    code = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)
    if code in TRANSIENT_SQLSTATES:
        return True
    message = str(error.orig).lower()
    return any(sign in message for sign in TRANSIENT_SQLITE_MESSAGES)


def _bulk_insert(
    connection: Connection, table: Any, columns: tuple[str, ...], rows: list[tuple[Any, ...]],
    ignore_existing: bool = False,
) -> None:
    """A multi-row INSERT for the hot tables of rows given as tuples in the order of `columns` (with
    `ignore_existing`, rows whose unique key exists are skipped): tuples, not dicts, since building a dict per row
    and reading it back in column order cost more than the driver's insert of it. On SQLite the statement goes
    straight to the driver's executemany: SQLAlchemy's per-row parameter processing was a fifth of the sync's time
    there. Values are written in the same text forms the schema's types use (dates ISO, timestamps
    'YYYY-MM-DD HH:MM:SS' UTC)."""
    if not rows:
        return
    if connection.dialect.name == "postgresql" and not ignore_existing:
        _copy_rows(connection, table, columns, rows)
        return
    if connection.dialect.name != "sqlite":
        statement = postgresql.insert(table).on_conflict_do_nothing() if ignore_existing else insert(table)
        connection.execute(statement, [dict(zip(columns, row)) for row in rows])
        return
    convert = [_sqlite_converter(table.c[column].type) for column in columns]
    values: list[tuple[Any, ...]] = rows
    if any(convert):
        # Column by column: a conversion mapped over one column costs a fraction of a test per value.
        converted = [list(map(f, column)) if f else column for f, column in zip(convert, zip(*rows))]
        values = list(zip(*converted))
    # Several rows per statement, and the rest one by one (a statement of their own count would be compiled anew
    # for each batch, as its count varies).
    parameter_limit = connection.connection.driver_connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    per_statement = max(1, min(SQLITE_ROWS_PER_INSERT, parameter_limit // len(columns)))
    full = len(values) - len(values) % per_statement
    if full:
        connection.exec_driver_sql(
            _sqlite_insert(table.name, columns, per_statement, ignore_existing),
            [tuple(chain.from_iterable(values[start:start + per_statement]))
             for start in range(0, full, per_statement)],
        )
    if full < len(values):
        connection.exec_driver_sql(_sqlite_insert(table.name, columns, 1, ignore_existing), values[full:])


@lru_cache(maxsize=64)
def _sqlite_insert(table_name: str, columns: tuple[str, ...], row_count: int, ignore_existing: bool) -> str:
    """INSERT INTO table_name (columns) VALUES of row_count rows of parameters, in SQLite's syntax (cached: the
    columns are a tuple)."""
    row = f"({', '.join('?' * len(columns))})"
    statement = f"INSERT INTO {table_name} ({', '.join(columns)}) VALUES {', '.join([row] * row_count)}"
    if ignore_existing:
        statement += " ON CONFLICT DO NOTHING"  # a duplicate key only; other constraint failures still raise
    return statement


def _insert_counted(
    connection: Connection, table: Any, columns: tuple[str, ...], rows: list[tuple[Any, ...]]
) -> range:
    """SQLite: insert the rows (see _bulk_insert) and return the ids they were given, in row order, without reading
    them back. SQLite gives a new row the table's largest id plus one, and the transaction holds the write lock, so
    the ids follow the largest before the insert; the last id given confirms it (a table whose largest id is
    2**63 - 1 gets ids picked at random)."""
    if not rows:
        return range(0)
    largest = connection.exec_driver_sql(f"SELECT max(id) FROM {table.name}").scalar() or 0
    _bulk_insert(connection, table, columns, rows)
    last = connection.exec_driver_sql("SELECT last_insert_rowid()").scalar()
    if last != largest + len(rows):
        raise StoreError(f"the new rows of {table.name} got ids that do not follow {largest}: up to {last}")
    return range(largest + 1, last + 1)


def _plain_rows(connection: Connection, query: Any) -> list[tuple[Any, ...]]:
    """The rows of a query whose columns need no conversion (ids, keys). On SQLite straight from the driver's
    cursor: SQLAlchemy's result rows cost twice the query itself for the long id lists the write path reads."""
    if connection.dialect.name != "sqlite":
        return [tuple(row) for row in connection.execute(query)]
    compiled = query.compile(dialect=connection.dialect)
    # executed through SQLAlchemy, so its errors stay DBAPIErrors (a busy database is retried), fetched raw
    result = connection.exec_driver_sql(str(compiled), tuple(compiled.params[name] for name in compiled.positiontup))
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


def _copy_rows(connection: Connection, table: Any, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """PostgreSQL's COPY for the hot tables: one stream instead of one statement per row (psycopg 3)."""
    cursor = connection.connection.cursor()
    try:
        with cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    finally:
        cursor.close()


def _sqlite_converter(column_type: Any) -> Callable[[Any], Any] | None:
    """How a value of this column type is written to SQLite; None when the driver takes it as it is."""
    if isinstance(column_type, t.UtcDateTime):
        @lru_cache(maxsize=8)  # a batch writes one `now` into every row
        def timestamp(value: datetime | None) -> str | None:
            if value is None:
                return None
            return value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
        return timestamp
    if isinstance(column_type, Date):
        @lru_cache(maxsize=1024)  # a few hundred days recur through a batch's rows
        def day(value: date | None) -> str | None:
            return None if value is None else value.isoformat()
        return day
    return None


def _require_sqlite_json(engine: Engine) -> None:
    """The writer hands SQLite its id and key lists as JSON (_one_of): built into SQLite since 3.38, and in most
    older builds as the JSON1 extension. Checked on open, so that a build without it says so before any run."""
    connection = engine.raw_connection()
    try:
        connection.cursor().execute("SELECT value FROM json_each('[1]')")
    except Exception as error:  # the driver's OperationalError: no such table: json_each
        version = connection.driver_connection.execute("SELECT sqlite_version()").fetchone()[0]
        raise StoreError(
            f"this Python's SQLite ({version}) has no JSON functions, which the store needs: use a Python built "
            "with SQLite 3.38 or newer, or a PostgreSQL store (--db postgresql+psycopg://…)"
        ) from error
    finally:
        connection.close()


def _one_of(connection: Connection, column: Any, values: Sequence[Any]) -> Any:
    """`column IN (values)` with the values as one parameter, whatever their count: on PostgreSQL `= ANY(array)`,
    which the driver otherwise parses anew for every long list; on SQLite `IN (SELECT value FROM json_each(?))`,
    where an expanded IN list cost SQLAlchemy a coercion and a rendered placeholder per value (a tenth of the
    write path's time), and SQLite's limit on parameters capped the list."""
    if connection.dialect.name == "postgresql":
        return column == any_(bindparam(None, list(values), type_=postgresql.ARRAY(column.type)))
    listed = func.json_each(bindparam(None, json.dumps(list(values)), type_=Text)).table_valued("value")
    return column.in_(select(listed.c.value))


def _upsert_ignore(connection: Connection, table: Any, keys: list[str]) -> Any:
    """INSERT … ON CONFLICT (keys) DO NOTHING for either dialect."""
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    return dialect.insert(table).on_conflict_do_nothing(index_elements=keys)


def _evidence(text_: str, sentence_starts: list[int], sentence_ends: list[int], start: int, end: int) -> str:
    """The sentence(s) a claim's span lies in: what a reader checks the claim against."""
    first = bisect_right(sentence_starts, start) - 1
    last = bisect_left(sentence_ends, end)
    begin = sentence_starts[first] if first >= 0 else start
    finish = sentence_ends[last] if last < len(sentence_ends) else end
    return text_[min(begin, start) : max(finish, end)]


def _defines_group(claim: Claim) -> bool:
    """A holder the story names as a group of these members, not names joined by "and"."""
    return bool(claim.holder and claim.holder_members) and " and " not in claim.holder


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for index in range(0, len(items), size):
        yield items[index : index + size]
