"""One settings object for the whole project: `config/newsfacts.toml` plus environment overrides.

It is read once, at the edge (the CLI or a flow's entry point), and passed down. Nothing deeper reads the
environment or the file.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Mapping
from urllib.parse import quote

CONFIG_ENV = "NEWSFACTS_CONFIG"
CONFIG_NAME = Path("config") / "newsfacts.toml"


class SettingsError(Exception):
    """The settings file or an override is wrong; the message says what to fix."""


@dataclass(frozen=True)
class ExtractionBudget:
    """What one article may cost the extract stage; past it the article fails with one clear error."""

    max_article_chars: int = 2_000_000  # longer text fails before extraction starts
    max_sentence_words: int = 250  # longer "sentences" (lists, text without stops) are read in pieces
    max_seconds: float = 60.0  # wall time, checked between the extractors


@dataclass(frozen=True)
class Settings:
    project_dir: Path
    seeds_dir: Path
    max_file_bytes: int
    # Read files with more than one hard link: one of their names may be outside the seeds folder.
    allow_hard_links: bool
    store_url: str
    data_dir: Path
    batch_size: int
    schedule_interval_seconds: int
    schedule_cron: str | None
    sql_timeout_seconds: float
    # An existing Dask scheduler (tcp://host:8786) for the CPU-bound stages; None starts a local cluster.
    dask_address: str | None = None
    # Dask workers of the local cluster: 0 is one per core; 1 runs the stages in the flow's own process.
    dask_workers: int = 0
    extraction_budget: ExtractionBudget = ExtractionBudget()

    def with_overrides(self, seeds_dir: str | Path | None = None, store_url: str | None = None) -> "Settings":
        """The same settings with the command line's `--seeds` / `--db` applied."""
        changed = self
        if seeds_dir is not None:
            changed = replace(changed, seeds_dir=Path(seeds_dir).expanduser().resolve())
        if store_url:
            changed = replace(changed, store_url=normalise_store_url(store_url))
        return changed

    @property
    def sqlite_database(self) -> str | None:
        """The file of a SQLite store ("" for an in-memory one); None for PostgreSQL."""
        from models.sqlite_file import plain_sqlite_path

        if (path := plain_sqlite_path(self.store_url)) is not None:
            return path  # without importing SQLAlchemy: `newsfacts sql` starts faster
        from sqlalchemy.engine import make_url

        url = make_url(self.store_url)
        return (url.database or "") if url.get_backend_name() == "sqlite" else None

    @property
    def store_location(self) -> str:
        """Where the store lives, for people: the file path for SQLite, the URL without password otherwise."""
        database = self.sqlite_database
        if database is not None:
            return database
        from sqlalchemy.engine import make_url

        return make_url(self.store_url).render_as_string(hide_password=True)


# The stores newsfacts supports, by URL scheme.
STORE_SCHEMES = ("sqlite", "postgresql", "postgresql+psycopg")


def normalise_store_url(url: str) -> str:
    """Accept a bare file path as a SQLite store, and plain `postgresql://` as psycopg 3; refuse what can never
    be a store (another database, a folder) with what to give instead."""
    if "://" not in url:
        path = Path(url).expanduser().resolve()
        if path.is_dir():
            raise SettingsError(f"--db {url} is a folder: give a file for the SQLite store, e.g. "
                                f"--db {path / 'newsfacts.db'}")
        # Percent-quoted: a `?` or `#` in a folder name is part of the path, not the URL's query or fragment.
        return f"sqlite:///{quote(str(path))}"
    scheme, rest = url.split("://", 1)
    if scheme in ("postgresql", "postgres"):
        return "postgresql+psycopg://" + rest
    if scheme not in STORE_SCHEMES:
        raise SettingsError(f"the store must be SQLite or PostgreSQL, not {scheme}://…: give a file path "
                            "(--db data/newsfacts.db) or a postgresql://user@host/database URL")
    return url


def find_config_file(start: Path | None = None) -> Path | None:
    """The settings file: $NEWSFACTS_CONFIG, else `config/newsfacts.toml` in the current folder or a parent."""
    explicit = os.environ.get(CONFIG_ENV)
    if explicit:
        path = Path(explicit).expanduser()
        if not path.is_file():
            raise SettingsError(f"{CONFIG_ENV} points to {path}, which is not a file.")
        return path.resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def load_settings(config_file: Path | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Read the settings file (or built-in defaults when there is none) and apply NEWSFACTS_* overrides."""
    environ = os.environ if environ is None else environ
    path = config_file or find_config_file()
    raw: dict[str, Any] = {}
    if path is not None:
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise SettingsError(f"Cannot read settings file {path}: {error}") from error
    project_dir = path.parent.parent if path is not None else Path.cwd().resolve()

    def value(section: str, key: str, default: Any) -> Any:
        override = environ.get(f"NEWSFACTS_{section}_{key}".upper())
        if override is not None:
            return override
        return raw.get(section, {}).get(key, default)

    def as_int(section: str, key: str, default: int) -> int:
        text = value(section, key, default)
        try:
            return int(text)
        except (TypeError, ValueError):
            raise SettingsError(f"Setting [{section}] {key} must be a whole number, not {text!r}.") from None

    def as_bool(section: str, key: str, default: bool) -> bool:
        setting = value(section, key, default)
        if isinstance(setting, bool):
            return setting
        if str(setting).strip().lower() in ("true", "1", "yes", "false", "0", "no"):
            return str(setting).strip().lower() in ("true", "1", "yes")
        raise SettingsError(f"Setting [{section}] {key} must be true or false, not {setting!r}.")

    def as_seconds(section: str, key: str, default: float) -> float:
        text = value(section, key, default)
        try:
            seconds = float(text)
        except (TypeError, ValueError):
            seconds = 0.0
        if not 0 < seconds < float("inf"):
            raise SettingsError(f"Setting [{section}] {key} must be a number of seconds above 0, not {text!r}.")
        return seconds

    def as_positive(section: str, key: str, default: float, kind: type = int) -> Any:
        text = value(section, key, default)
        try:
            number = kind(text)
        except (TypeError, ValueError):
            number = 0
        if number <= 0:
            raise SettingsError(f"Setting [{section}] {key} must be a positive number, not {text!r}.")
        return number

    def as_path(section: str, key: str, default: str) -> Path:
        return (project_dir / Path(str(value(section, key, default))).expanduser()).resolve()

    data_dir = as_path("store", "data_dir", "data")
    store_url = str(value("store", "url", "") or "")
    store_url = normalise_store_url(store_url) if store_url else f"sqlite:///{quote(str(data_dir / 'newsfacts.db'))}"
    return Settings(
        project_dir=project_dir,
        seeds_dir=as_path("seeds", "dir", "seeds"),
        max_file_bytes=as_int("seeds", "max_file_mb", 20) * 1024 * 1024,
        allow_hard_links=as_bool("scan", "allow_hard_links", False),
        store_url=store_url,
        data_dir=data_dir,
        batch_size=max(1, as_int("ingest", "batch_size", 500)),
        schedule_interval_seconds=as_int("schedule", "interval_seconds", 300),
        schedule_cron=str(value("schedule", "cron", "") or "") or None,
        sql_timeout_seconds=as_seconds("sql", "timeout_seconds", 5),
        dask_address=str(value("dask", "address", "") or "") or None,
        dask_workers=max(0, as_int("dask", "workers", 0)),
        extraction_budget=ExtractionBudget(
            max_article_chars=as_positive("extract", "max_article_chars", ExtractionBudget.max_article_chars),
            max_sentence_words=as_positive("extract", "max_sentence_words", ExtractionBudget.max_sentence_words),
            max_seconds=as_positive("extract", "max_seconds", ExtractionBudget.max_seconds, float),
        ),
    )
