"""`newsfacts`: a thin command line over the library. Each command parses arguments, loads the settings once,
calls one library function, and prints its result."""

from __future__ import annotations

import argparse
import csv
import json
import logging
import os
import signal
import sys
import textwrap
from contextlib import contextmanager
from datetime import date
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Sequence, TextIO

from flows.settings import Settings, SettingsError, load_settings

if TYPE_CHECKING:
    from flows.ingest import IngestSummary
    from flows.rescan import UnchangedScan
    from flows.watch import SeedEvent
    from models.history import Rows
    from models.store import Store

EXAMPLE_QUERY = "SELECT subject, predicate, value, valid_from FROM current_claims LIMIT 5"


def quiet_prefect(verbose: bool) -> None:
    """Prefect offline and quiet: no telemetry, no INFO chatter on the console (the UI still gets every log)."""
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    if not verbose:
        os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "WARNING")


DESCRIPTION = """Turn a folder of news articles into a versioned store of claims (who said what, which figures,
what changed), and ask it questions. Start with `newsfacts ingest`, then `newsfacts changes` or `newsfacts sql`."""

# An example per command, shown under its --help: the task, then the command line.
EXAMPLES = {
    "ingest": """examples:
  newsfacts ingest                                   store what is new in seeds/ (config/newsfacts.toml)
  newsfacts ingest --seeds ~/news --db news.db       another folder, another SQLite store
  newsfacts ingest --retry-failed                    read files that failed before again, unchanged or not""",
    "extract": """examples:
  newsfacts extract seeds/000_f4a7255485200af2.txt   what the extractor finds in one article, nothing stored
  newsfacts extract seeds/ --published 2025-06-01 | jq .claims""",
    "serve": """examples:
  prefect server start &                             the Prefect server and its UI (http://127.0.0.1:4200)
  export PREFECT_API_URL=http://127.0.0.1:4200/api
  newsfacts serve                                    scan every 10 minutes, ingest each file `watch` reports""",
    "watch": """examples:
  newsfacts watch                                    with `newsfacts serve` running: a new file is ingested
                                                     within seconds instead of at the next scheduled scan""",
    "sql": """examples:
  newsfacts sql "SELECT subject, predicate, value FROM current_claims LIMIT 5"
  newsfacts sql "SELECT * FROM quotes" --format csv > quotes.csv""",
    "history": """examples:
  newsfacts history "troops"                         every version of the claims about troops
  newsfacts history 42 --plot troops.png             claim 42's value over time""",
    "changes": """examples:
  newsfacts changes --since 2025-06-01               what changed from the first of June on""",
    "rebuild": """examples:
  newsfacts rebuild                                  compare the stored timelines with the evidence
  newsfacts rebuild --apply                          and correct them""",
    "browse": """examples:
  newsfacts browse                                   the store in Datasette at http://127.0.0.1:8001/
  newsfacts browse --port 8011                       on another port (make browse PORT=8011)""",
    "upgrade": """examples:
  newsfacts upgrade --db postgresql://newsfacts@db/newsfacts""",
}


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--seeds", metavar="DIR",
                        help="the folder of articles to read (default: seeds/, set in config/newsfacts.toml)")
    common.add_argument("--db", metavar="URL|FILE",
                        help="where the claims are stored: a SQLite file, or a postgresql:// URL "
                             "(default: data/newsfacts.db, set in config/newsfacts.toml)")
    common.add_argument("--verbose", action="store_true",
                        help="show Prefect's logs, and the traceback when something goes wrong")

    parser = argparse.ArgumentParser(prog="newsfacts", description=DESCRIPTION,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, parents=[common], help=help, description=textwrap.fill(help, 100),
                                   epilog=EXAMPLES[name],
                                   formatter_class=argparse.RawDescriptionHelpFormatter)

    ingest = command("ingest", "store the claims of new and changed articles in the seeds folder "
                               "(a Prefect flow run; its summary shows in the Prefect UI)")
    ingest.add_argument("--published", type=date.fromisoformat, metavar="YYYY-MM-DD",
                        help="the day every article of this run was published, when the articles do not say")
    ingest.add_argument("--retry-failed", action="store_true",
                        help="read again files that failed before, even if they have not changed")

    extract = command("extract", "show what the extractor finds in article files, one JSON object per article "
                                 "per line; nothing is stored")
    extract.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="article files, or folders of them")
    extract.add_argument("--published", type=date.fromisoformat, metavar="YYYY-MM-DD",
                         help="the day the articles were published, when they do not say")
    extract.add_argument("--jsonl", action="store_true",
                         help="JSON lines: the only output format, accepted for scripts that ask for it")

    serve = command("serve", "keep the store up to date: a scan on a schedule, and a run for each file "
                             "`newsfacts watch` reports (needs a Prefect server)")
    serve.add_argument("--limit", type=int, default=4, metavar="N",
                       help="how many ingest runs may run at once (default: 4)")

    watch = command("watch", "report each new or changed article file to Prefect as it arrives, so "
                             "`newsfacts serve` ingests it within seconds (needs a Prefect server)")
    watch.add_argument("--burst", type=int, default=20, metavar="N",
                       help="more files than this at once start one scan instead of a run each (default: 20)")

    sql = command("sql", "ask the store a question in SQL (read-only; one statement)")
    sql.add_argument("query", metavar="SQL", help="one SELECT statement, quoted")
    sql.add_argument("--format", choices=("table", "csv", "json"), default="table",
                     help="how to print the rows (default: table)")
    sql.add_argument("--timeout", type=positive_seconds, metavar="SECONDS",
                     help="stop the query after this long, output included (default: from settings, 5)")

    history = command("history", "how a claim changed: its versions over time, contested ones marked")
    history.add_argument("claim", metavar="TEXT|CLAIM_ID",
                         help="a claim id, or words of its subject, measure or object (e.g. 'base rate')")
    history.add_argument("--plot", type=Path, metavar="FILE.png",
                         help="draw a quantity claim's value over time (needs the plot extra)")

    changes = command("changes", "every change of a claim's value, newest articles last")
    changes.add_argument("--since", type=date.fromisoformat, metavar="YYYY-MM-DD",
                         help="only changes valid from this day on")

    rebuild = command("rebuild", "check every claim's timeline against its evidence, and correct it")
    rebuild.add_argument("--apply", action="store_true", help="write the corrections (retract + insert)")

    browse = command("browse", "explore the store in the browser (Datasette), with the README's questions "
                               "ready to run")
    browse.add_argument("--host", default="127.0.0.1", help="the address to serve on (default: 127.0.0.1)")
    browse.add_argument("--port", type=int, default=8001, help="the port to serve on (default: 8001)")

    upgrade = command("upgrade", "bring the store's schema up to date (opening a store does it too)")
    upgrade.add_argument("--stamp", metavar="REVISION", help="record REVISION without running migrations")
    return parser


def positive_seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds < float("inf"):
        raise argparse.ArgumentTypeError(f"a number of seconds above 0, not {text!r}")
    return seconds


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings().with_overrides(seeds_dir=args.seeds, store_url=args.db)
        return COMMANDS[args.command](args, settings)
    except (SettingsError, FriendlyError) as error:
        print(f"newsfacts: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `newsfacts sql … | head` closed the pipe: not an error
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:  # Ctrl-C, or SIGTERM during `sql`: a running query was cancelled on the server
        print("newsfacts: interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # a bug, or a failure nobody foresaw: one line, the traceback on request
        if args.verbose:
            raise
        print(f"newsfacts: {type(error).__name__}: {first_line(error)} (run again with --verbose for the details)",
              file=sys.stderr)
        return 1


def first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else ""


class FriendlyError(Exception):
    """An error whose message tells the user what to do next."""


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    require_seeds_folder(settings)
    open_store(settings).close()  # a wrong --db is one line now, not a failed flow run's traceback later
    from models.store import StoreError

    print(f"Ingesting {settings.seeds_dir} …", file=sys.stderr)
    try:
        summary = ingest_unless_unchanged(settings, args.published, args.verbose, args.retry_failed)
    except StoreError as error:
        raise FriendlyError(str(error)) from error
    print(
        f"files: {summary.files_seen} seen, {summary.files_new} new, {summary.files_unchanged} unchanged, "
        f"{summary.files_failed} failed, {summary.files_skipped} skipped"
    )
    if summary.files_failed_before:
        print(f"       {summary.files_failed_before} failed before and have not changed: not read again "
              "(--retry-failed reads them)")
    print(f"claims: {summary.claims_new} new, {summary.claims_changed} changed")
    for error in summary.errors:
        print(f"  failed {error['file']} ({error['stage']}): {error['error']}")
    print(f"store: {summary.store}")
    print(f'try:   {program_name()} sql "{EXAMPLE_QUERY}"')
    if summary.files_new:
        print_findings(settings)
    return 1 if summary.files_failed else 0


def require_seeds_folder(settings: Settings) -> None:
    folder = settings.seeds_dir
    if folder.is_file():
        raise FriendlyError(f"--seeds takes the folder the articles are in, and {folder} is a file: pass its "
                            f"folder (--seeds {folder.parent}), or use `newsfacts extract {folder}` for one file")
    if not folder.is_dir():
        raise FriendlyError(f"the seeds folder {folder} does not exist: create it, or pass --seeds DIR")


def require_store(settings: Settings, args: argparse.Namespace) -> None:
    """A SQLite store that is not there yet: say how to make this one (with the user's own --db)."""
    database = settings.sqlite_database
    if database is not None and not Path(database).is_file():
        db = f" --db {args.db}" if args.db else ""
        raise FriendlyError(f"there is no store at {settings.store_location} yet: run `newsfacts ingest{db}` first")


def ingest_unless_unchanged(
    settings: Settings, published: date | None, verbose: bool, retry_failed: bool = False
) -> "IngestSummary | UnchangedScan":
    """The ingest flow's summary; when sizes and times show nothing new in the folder (flows/rescan.py), the
    counts of a scan that found so, without importing Prefect or starting a flow run (a second, not ten)."""
    from flows.rescan import UnchangedScan, known_unchanged

    scan = None if retry_failed else known_unchanged(settings)
    if isinstance(scan, UnchangedScan):
        print("Nothing new or changed since the last scan: no flow run started.", file=sys.stderr)
        return scan
    from flows.local_api import flow_run_settings, start_local_api

    quiet_prefect(verbose)
    # Prefect's temporary server first, bound to this process (a kill -9 of the command takes it along): it takes
    # the longest to start, and boots while the Dask workers start and the flow's code is imported (the stages'
    # own imports, which compile the extractors' rules, included: a second of a core before).
    local_api = start_local_api()
    from flows import parallel
    from flows.pipeline import tune_gc_for_batches

    # Before the first early batch comes back: the Dask client unpickles each batch's extractions (hundreds of
    # thousands of objects), and at the collector's defaults that cost about twice as much.
    tune_gc_for_batches()
    if scan is not None and scan.files_to_read > settings.batch_size:  # batches enough for Dask (flows/parallel.py)
        parallel.start_early(settings, published, scan.to_read)
    try:
        from flows.ingest import ingest

        if local_api is not None:
            local_api.connect()
        tune_gc_for_batches()  # again: Prefect and the flow's modules, imported since, are set aside too
        with progress_bar_on_terminal(), flow_run_settings():
            return ingest(settings, published, retry_failed=retry_failed)
    finally:
        parallel.close_early()


@contextmanager
def progress_bar_on_terminal() -> Iterator[None]:
    """A progress bar with rate and time left on stderr while a person watches (not in pipes and logs), fed by the
    flow's per-batch counts (the `newsfacts.progress` log)."""
    if not sys.stderr.isatty():
        yield
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("  files"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
               TimeRemainingColumn())
    with Progress(*columns, transient=True, console=None) as bar:
        handler = ProgressBarHandler(bar)
        progress = logging.getLogger("newsfacts.progress")
        progress.addHandler(handler)
        progress.setLevel(logging.INFO)
        try:
            yield
        finally:
            progress.removeHandler(handler)


class ProgressBarHandler(logging.Handler):
    """Moves a rich progress bar to each record's `done` of `total` files."""

    def __init__(self, bar: Any) -> None:
        super().__init__()
        self.bar = bar
        self.task: Any = None

    def emit(self, record: logging.LogRecord) -> None:
        done, total = getattr(record, "done", None), getattr(record, "total", None)
        if done is None or total is None:
            return
        if self.task is None:
            self.task = self.bar.add_task("ingest", total=total, rate="")
        elapsed = self.bar.tasks[0].elapsed or 0.0
        rate = f"{done / elapsed:,.0f} files/s" if elapsed > 0 else ""
        self.bar.update(self.task, completed=done, total=total, rate=rate)


def program_name() -> str:
    """How the user can call this program again: `.venv/bin/newsfacts` when run from there, else `newsfacts`."""
    invoked = sys.argv[0]
    if Path(invoked).name == "newsfacts" and "/" in invoked:
        return os.path.relpath(invoked)
    return "newsfacts"


def print_findings(settings: Settings) -> None:
    """A first look at what the run found: its articles, claims by kind, quotes and figures."""
    from models.query import latest_findings

    headings = {"articles": "Articles", "kinds": "Claims by kind", "quotes": "Quotes", "figures": "Figures"}
    for name, (columns, rows) in latest_findings(settings.store_url).items():
        if rows:
            print(f"\n{headings[name]}")
            print(format_table(columns, rows))


def cmd_extract(args: argparse.Namespace, settings: Settings) -> int:
    from flows.contract import error_record, extraction_record
    from flows.names import escape_path
    from flows.pipeline import article_file, extract_files, tune_gc_for_batches

    missing = [str(path) for path in args.paths if not path.exists()]
    if missing:
        raise FriendlyError(f"no such file or folder: {', '.join(missing)}")
    tune_gc_for_batches()
    failed = False
    paths = expand_paths(args.paths)
    show_progress = sys.stderr.isatty() and len(paths) > 1
    for number, path in enumerate(paths, 1):
        if show_progress:
            print(f"\r{number}/{len(paths)} files", end="", file=sys.stderr, flush=True)
        extractions, errors = extract_files(
            [article_file(path)], settings.max_file_bytes, args.published, budget=settings.extraction_budget
        )
        shown = escape_path(path)  # a name's stray bytes would make the line invalid UTF-8
        for extraction in extractions:
            print(json.dumps(extraction_record(shown, extraction), ensure_ascii=False))
        for error in errors:
            failed = True
            print(json.dumps(error_record(shown, error), ensure_ascii=False))
        sys.stdout.flush()
    if show_progress:
        print(file=sys.stderr)
    return 1 if failed else 0


def expand_paths(paths: Sequence[Path]) -> list[Path]:
    """Files as given; directories walked recursively in sorted order (supported article types only)."""
    from flows.scan import SUPPORTED_SUFFIXES

    expanded: list[Path] = []
    for path in paths:
        if path.is_dir():
            expanded += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
        else:
            expanded.append(path)
    return expanded


def require_prefect_server(command: str) -> str:
    """The Prefect API URL of a server that answers; `serve` and `watch` need one, not the throw-away server
    `ingest` starts."""
    import httpx
    from prefect.settings import get_current_settings

    url = get_current_settings().api.url
    if not url:
        raise FriendlyError(
            f"`newsfacts {command}` needs a Prefect server: start one with `prefect server start`, then "
            "`export PREFECT_API_URL=http://127.0.0.1:4200/api` (see the README, 'Deploy and monitor')"
        )
    try:
        httpx.get(url.rstrip("/") + "/health", timeout=5).raise_for_status()
    except httpx.HTTPError as error:
        raise FriendlyError(
            f"no Prefect server answers at {url} ({type(error).__name__}): start one with `prefect server start`, "
            "or point PREFECT_API_URL at yours"
        ) from error
    return url


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    quiet_prefect(args.verbose)
    url = require_prefect_server("serve")
    from flows.deploy import serve_deployments

    require_seeds_folder(settings)
    print(f"Serving the ingest deployments of {settings.seeds_dir} to {url} (Ctrl-C stops; schedules stay on)",
          file=sys.stderr)
    try:
        serve_deployments(settings, limit=args.limit)
    except KeyboardInterrupt:  # how a person stops serving: not an error
        print("Stopped serving; runs already started finish on their own.", file=sys.stderr)
    return 0


def cmd_watch(args: argparse.Namespace, settings: Settings) -> int:
    quiet_prefect(args.verbose)
    url = require_prefect_server("watch")
    from flows.watch import RETRY_SECONDS, SeedEvent, watch_seeds

    require_seeds_folder(settings)
    print(f"Watching {settings.seeds_dir} (Ctrl-C stops)", file=sys.stderr)
    unsent: set[tuple[str, str]] = set()  # (event, resource id) of the events not sent yet

    def sent(event: SeedEvent) -> None:
        key = (event.event, event.resource["prefect.resource.id"])
        late = " (sent late)" if key in unsent else ""
        unsent.discard(key)
        print(f"sent {event.event} {event_subject(event)}{late}", flush=True)

    def not_sent(event: SeedEvent, reason: str) -> None:
        key = (event.event, event.resource["prefect.resource.id"])
        if key not in unsent:  # once per event, not once per retry
            unsent.add(key)
            print(f"newsfacts: could not send {event.event} {event_subject(event)} to {url} ({reason}); trying "
                  f"again every {RETRY_SECONDS:.0f} s, and the scheduled scan picks the file up anyway",
                  file=sys.stderr, flush=True)

    watch_seeds(settings.seeds_dir, burst=args.burst, on_event=sent, on_failure=not_sent)
    return 0


def event_subject(event: "SeedEvent") -> str:
    return event.payload.get("path", event.payload.get("seeds_dir", ""))


def cmd_sql(args: argparse.Namespace, settings: Settings) -> int:
    from models.query import QueryError, QueryStopped, stream_read_only

    require_store(settings, args)
    timeout = args.timeout or settings.sql_timeout_seconds
    try:
        with sigterm_as_interrupt(), stream_read_only(settings.store_url, args.query, timeout) as (columns, rows):
            WRITERS[args.format](columns, rows, sys.stdout)
    except QueryStopped as error:
        print(f"newsfacts: {error}", file=sys.stderr)
        return 1
    except QueryError as error:
        raise FriendlyError(str(error)) from error
    return 0


def cmd_history(args: argparse.Namespace, settings: Settings) -> int:
    from models.history import claim_history

    found = read_store(settings, args, lambda url: claim_history(url, args.claim))
    if not found.rows:
        raise FriendlyError(f"no claim matches {args.claim!r}: try `newsfacts changes` to see what has changed")
    shown = ["claim_id", "subject", "predicate", "value", "valid_from", "valid_to", "status", "contested", "article"]
    print(format_table(shown, [[row[found.columns.index(c)] for c in shown] for row in found.rows]))
    if args.plot:
        plot_history(settings, found, args.plot)
        print(f"plot: {args.plot}")
    return 0


def plot_history(settings: Settings, found: "Rows", path: Path) -> None:
    """Draw the one quantity claim among `found` (its versions and every observation) to `path`."""
    from flows.plot import PlotUnavailable, plot_quantity
    from models.history import quantity_points

    claim_ids = {row[0] for row in found.rows if row[1] == "quantity"}
    if len(claim_ids) != 1:
        raise FriendlyError("--plot draws one quantity claim: give its claim_id (the first column above)")
    claim_id = claim_ids.pop()
    mine = [row for row in found.rows if row[0] == claim_id]
    versions = [(row[found.columns.index("valid_from")], row[found.columns.index("value_num")]) for row in mine]
    try:
        plot_quantity(quantity_points(settings.store_url, claim_id).rows, versions,
                      f"{mine[0][2]} | {mine[0][3]} (claim {claim_id})", path)
    except PlotUnavailable as error:
        raise FriendlyError(str(error)) from error


def cmd_changes(args: argparse.Namespace, settings: Settings) -> int:
    from models.history import claim_changes

    found = read_store(settings, args, lambda url: claim_changes(url, args.since))
    print(format_table(found.columns, found.rows))
    return 0


def read_store(settings: Settings, args: argparse.Namespace, query: Callable[[str], "Rows"]) -> "Rows":
    """A read of an existing store, its failure one line for the user."""
    from models.query import QueryError

    require_store(settings, args)
    try:
        return query(settings.store_url)
    except QueryError as error:
        raise FriendlyError(str(error)) from error


@contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM raises KeyboardInterrupt, as Ctrl-C does, so the driver cancels a running query on the server
    instead of the process vanishing with the query still running there."""
    def interrupt(_signal: int, _frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def write_table(columns: Sequence[str], rows: Iterable[Sequence[Any]], out: TextIO) -> None:
    for line in table_lines(columns, rows):
        out.write(line + "\n")


def write_csv(columns: Sequence[str], rows: Iterable[Sequence[Any]], out: TextIO) -> None:
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows(rows)


def write_json(columns: Sequence[str], rows: Iterable[Sequence[Any]], out: TextIO) -> None:
    """A JSON array of objects, one a line, written as the rows come."""
    separator = "["
    for row in rows:
        out.write(separator + "\n" + json.dumps(dict(zip(columns, row)), ensure_ascii=False, default=str))
        separator = ","
    out.write("[]\n" if separator == "[" else "\n]\n")


WRITERS = {"table": write_table, "csv": write_csv, "json": write_json}


def cmd_rebuild(args: argparse.Namespace, settings: Settings) -> int:
    store = open_store(settings)
    try:
        counts, differences = store.rebuild(apply=args.apply)
    finally:
        store.close()
    if not differences:
        print("The stored timelines match the evidence: nothing to rebuild.")
        return 0
    columns = ["claim_id", "kind", "subject", "predicate", "retract", "close", "insert"]
    print(format_table(columns, [[row[c] for c in columns] for row in differences]))
    if args.apply:
        print(f"rebuilt: {counts.retracted} versions retracted, {counts.closed} closed, {counts.inserted} inserted")
        return 0
    print("Nothing was written. Run `newsfacts rebuild --apply` to write these changes.")
    return 1


def cmd_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    from models.migrate import stamp, upgrade
    from models.reader import set_up_reader
    from models.store import create_store_engine

    from alembic.util import CommandError

    engine = create_store_engine(settings.store_url)
    try:
        if args.stamp:
            try:
                stamp(engine, args.stamp)
            except CommandError as error:
                raise FriendlyError(f"{error}: give a revision from models/migrations/versions/ (e.g. 0001)") from error
        before, after = upgrade(engine)
        set_up_reader(engine)
    finally:
        engine.dispose()
    print(f"schema: {before or 'empty'} → {after} ({settings.store_location})")
    return 0


def cmd_browse(args: argparse.Namespace, settings: Settings) -> int:
    import importlib.util
    import subprocess
    import tempfile

    from models.catalog import browse_metadata

    if not settings.store_url.startswith("sqlite:///"):
        raise FriendlyError("browse opens a SQLite store; for PostgreSQL use any SQL client (psql, DBeaver, …)")
    database = Path(settings.store_location)
    require_store(settings, args)
    if importlib.util.find_spec("datasette") is None:
        raise FriendlyError("Datasette is not installed: run `make browse` (or pip install 'newsfacts[browse]')")
    metadata = browse_metadata(database.stem)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(metadata, handle)
    print(f"Serving {database} read-only at http://{args.host}:{args.port}/ (Ctrl+C to stop)", file=sys.stderr)
    try:
        # -i: immutable, so Datasette opens the file read-only.
        return subprocess.call([sys.executable, "-m", "datasette", "serve", "-i", str(database),
                                "--metadata", handle.name, "--host", args.host, "--port", str(args.port)])
    except KeyboardInterrupt:
        return 0
    finally:
        os.unlink(handle.name)


def open_store(settings: Settings) -> "Store":
    from models.store import Store, StoreError

    try:
        return Store.open(settings.store_url)
    except StoreError as error:
        raise FriendlyError(str(error)) from error


def format_table(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    return "\n".join(table_lines(columns, rows))


def table_lines(
    columns: Sequence[str], rows: Iterable[Sequence[Any]], max_width: int = 60, sample: int = 1000
) -> Iterator[str]:
    """An aligned text table, line by line; long cells are cut with an ellipsis so rows stay on one line. Column
    widths come from the first `sample` rows, so any number of rows streams in bounded memory (a wider cell
    further down shifts its line, no more)."""

    def cell(value: Any) -> str:
        text = "" if value is None else str(value).replace("\n", " ")
        return text if len(text) <= max_width else text[: max_width - 1] + "…"

    rows = iter(rows)
    first = [[cell(value) for value in row] for row in islice(rows, sample)]
    widths = [max([len(name)] + [len(row[i]) for row in first]) for i, name in enumerate(columns)]
    yield "  ".join(name.ljust(width) for name, width in zip(columns, widths)).rstrip()
    yield "  ".join("-" * width for width in widths)
    count = 0
    for row in chain(first, ([cell(value) for value in row] for row in rows)):
        count += 1
        yield "  ".join(value.ljust(width) for value, width in zip(row, widths)).rstrip()
    yield f"({count} row{'s' if count != 1 else ''})"


COMMANDS = {
    "ingest": cmd_ingest, "extract": cmd_extract, "serve": cmd_serve, "watch": cmd_watch, "sql": cmd_sql,
    "rebuild": cmd_rebuild, "upgrade": cmd_upgrade, "browse": cmd_browse, "history": cmd_history,
    "changes": cmd_changes,
}

if __name__ == "__main__":
    sys.exit(main())
