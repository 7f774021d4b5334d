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
from contextlib import contextmanager
from datetime import date
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Sequence, TextIO

from flows.settings import Settings, SettingsError, load_settings

if TYPE_CHECKING:
    from flows.ingest import IngestSummary
    from flows.rescan import UnchangedScan
    from models.store import Store

EXAMPLE_QUERY = "SELECT subject, predicate, value, valid_from FROM current_claims LIMIT 5"


def quiet_prefect(verbose: bool) -> None:
    """Prefect offline and quiet: no telemetry, no INFO chatter on the console (the UI still gets every log)."""
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    if not verbose:
        os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "WARNING")


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--seeds", metavar="DIR", help="the seeds folder (default: from config/newsfacts.toml)")
    common.add_argument("--db", metavar="URL", help="store URL or SQLite file path (default: from settings)")

    parser = argparse.ArgumentParser(prog="newsfacts", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    ingest = commands.add_parser("ingest", parents=[common], help="ingest new or changed articles (a Prefect flow run)")
    ingest.add_argument("--published", type=date.fromisoformat, metavar="YYYY-MM-DD",
                        help="publication date for every article in this run")
    ingest.add_argument("--verbose", action="store_true", help="show Prefect's logs on the console")

    extract = commands.add_parser("extract", parents=[common], help="print what the extractor finds, as JSON lines")
    extract.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    extract.add_argument("--published", type=date.fromisoformat, metavar="YYYY-MM-DD")
    extract.add_argument("--jsonl", action="store_true", help="one JSON object per article per line (the default)")

    serve = commands.add_parser("serve", parents=[common],
                                help="serve the scheduled scan and on-new-file deployments (needs a Prefect server)")
    serve.add_argument("--limit", type=int, default=4, metavar="N", help="flow runs at a time (default: 4)")
    serve.add_argument("--verbose", action="store_true", help="show Prefect's logs on the console")

    watch = commands.add_parser("watch", parents=[common],
                                help="send a Prefect event for each new or changed file in the seeds folder")
    watch.add_argument("--burst", type=int, default=20, metavar="N",
                       help="more files than this at once start one scan instead of a run each (default: 20)")

    sql = commands.add_parser("sql", parents=[common], help="run one read-only SQL query on the store")
    sql.add_argument("query")
    sql.add_argument("--format", choices=("table", "csv", "json"), default="table")
    sql.add_argument("--timeout", type=positive_seconds, metavar="SECONDS",
                     help="stop the query after this long, output included (default: from settings, 5)")

    history = commands.add_parser("history", parents=[common],
                                  help="how a claim changed: its versions over valid time, contested ones marked")
    history.add_argument("claim", metavar="TEXT|CLAIM_ID",
                         help="a claim id, or words of its subject, measure or object (e.g. 'base rate')")
    history.add_argument("--plot", type=Path, metavar="FILE.png",
                         help="draw a quantity claim's value over time (needs the plot extra)")

    changes = commands.add_parser("changes", parents=[common], help="every change of a claim's value")
    changes.add_argument("--since", type=date.fromisoformat, metavar="YYYY-MM-DD",
                         help="only changes valid from this day on")

    rebuild = commands.add_parser("rebuild", parents=[common],
                                  help="re-derive every claim's timeline from the evidence and report differences")
    rebuild.add_argument("--apply", action="store_true", help="write the differences (retract + insert)")

    browse = commands.add_parser("browse", parents=[common],
                                 help="open the store in Datasette, with the README's questions as canned queries")
    browse.add_argument("--host", default="127.0.0.1")
    browse.add_argument("--port", type=int, default=8001)

    upgrade = commands.add_parser("upgrade", parents=[common], help="bring the store's schema up to date")
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


class FriendlyError(Exception):
    """An error whose message tells the user what to do next."""


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from models.store import StoreError

    if not settings.seeds_dir.is_dir():
        raise FriendlyError(f"the seeds folder {settings.seeds_dir} does not exist: create it, or pass --seeds DIR")
    print(f"Ingesting {settings.seeds_dir} …", file=sys.stderr)
    try:
        summary = ingest_unless_unchanged(settings, args.published, args.verbose)
    except StoreError as error:
        raise FriendlyError(str(error)) from error
    print(
        f"files: {summary.files_seen} seen, {summary.files_new} new, {summary.files_unchanged} unchanged, "
        f"{summary.files_failed} failed, {summary.files_skipped} skipped"
    )
    print(f"claims: {summary.claims_new} new, {summary.claims_changed} changed")
    for error in summary.errors:
        print(f"  failed {error['file']} ({error['stage']}): {error['error']}")
    print(f"store: {summary.store}")
    print(f'try:   {program_name()} sql "{EXAMPLE_QUERY}"')
    if summary.files_new:
        print_findings(settings)
    return 1 if summary.files_failed else 0


def ingest_unless_unchanged(
    settings: Settings, published: date | None, verbose: bool
) -> "IngestSummary | UnchangedScan":
    """The ingest flow's summary; when sizes and times show nothing new in the folder (flows/rescan.py), the
    counts of a scan that found so, without importing Prefect or starting a flow run (a second, not ten)."""
    from flows.rescan import known_unchanged

    if (unchanged := known_unchanged(settings)) is not None:
        print("Nothing new or changed since the last scan: no flow run started.", file=sys.stderr)
        return unchanged
    quiet_prefect(verbose)
    from flows.ingest import ingest
    from flows.local_api import start_local_api

    start_local_api()  # before the flow, so a kill -9 of this command takes Prefect's temporary server with it
    with progress_bar_on_terminal():
        return ingest(settings, published)


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
    from flows.pipeline import article_file, extract_files

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
    """The Prefect API URL; `serve` and `watch` need a running server, not the throw-away one `ingest` starts."""
    from prefect.settings import get_current_settings

    url = get_current_settings().api.url
    if not url:
        raise FriendlyError(
            f"`newsfacts {command}` needs a Prefect server: start one with `prefect server start`, then "
            "`export PREFECT_API_URL=http://127.0.0.1:4200/api` (see the README, 'Deploy and monitor')"
        )
    return url


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    quiet_prefect(args.verbose)
    url = require_prefect_server("serve")
    from flows.deploy import serve_deployments

    if not settings.seeds_dir.is_dir():
        raise FriendlyError(f"the seeds folder {settings.seeds_dir} does not exist: create it, or pass --seeds DIR")
    print(f"Serving the ingest deployments of {settings.seeds_dir} to {url} (Ctrl-C stops; schedules stay on)",
          file=sys.stderr)
    serve_deployments(settings, limit=args.limit)
    return 0


def cmd_watch(args: argparse.Namespace, settings: Settings) -> int:
    quiet_prefect(verbose=False)
    require_prefect_server("watch")
    from flows.watch import watch_seeds

    if not settings.seeds_dir.is_dir():
        raise FriendlyError(f"the seeds folder {settings.seeds_dir} does not exist: create it, or pass --seeds DIR")
    print(f"Watching {settings.seeds_dir} (Ctrl-C stops)", file=sys.stderr)
    watch_seeds(
        settings.seeds_dir, burst=args.burst,
        on_event=lambda event: print(f"{event.event} {event.payload.get('path', event.payload.get('seeds_dir'))}",
                                     flush=True),
    )
    return 0


def cmd_sql(args: argparse.Namespace, settings: Settings) -> int:
    from models.query import QueryError, QueryStopped, stream_read_only

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
    from models.history import claim_history, quantity_points
    from models.query import QueryError

    try:
        found = claim_history(settings.store_url, args.claim)
    except QueryError as error:
        raise FriendlyError(str(error)) from error
    if not found.rows:
        raise FriendlyError(f"no claim matches {args.claim!r}: try `newsfacts changes` to see what has changed")
    shown = ["claim_id", "subject", "predicate", "value", "valid_from", "valid_to", "status", "contested", "article"]
    print(format_table(shown, [[row[found.columns.index(c)] for c in shown] for row in found.rows]))
    if args.plot:
        from flows.plot import PlotUnavailable, plot_quantity

        claim_ids = {row[0] for row in found.rows if row[1] == "quantity"}
        if len(claim_ids) != 1:
            raise FriendlyError("--plot draws one quantity claim: give its claim_id (the first column above)")
        claim_id = claim_ids.pop()
        first = found.rows[[row[0] for row in found.rows].index(claim_id)]
        try:
            versions = [(row[found.columns.index("valid_from")], row[found.columns.index("value_num")])
                        for row in found.rows if row[0] == claim_id]
            plot_quantity(quantity_points(settings.store_url, claim_id).rows, versions,
                          f"{first[2]} | {first[3]} (claim {claim_id})", args.plot)
        except PlotUnavailable as error:
            raise FriendlyError(str(error)) from error
        print(f"plot: {args.plot}")
    return 0


def cmd_changes(args: argparse.Namespace, settings: Settings) -> int:
    from models.history import claim_changes
    from models.query import QueryError

    try:
        found = claim_changes(settings.store_url, args.since)
    except QueryError as error:
        raise FriendlyError(str(error)) from error
    print(format_table(found.columns, found.rows))
    return 0


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

    engine = create_store_engine(settings.store_url)
    try:
        if args.stamp:
            stamp(engine, args.stamp)
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

    from models.examples import EXAMPLES

    if not settings.store_url.startswith("sqlite:///"):
        raise FriendlyError("browse opens a SQLite store; for PostgreSQL use any SQL client (psql, DBeaver, …)")
    database = Path(settings.store_location)
    if not database.is_file():
        raise FriendlyError(f"there is no store at {database} yet: run `newsfacts ingest` first")
    if importlib.util.find_spec("datasette") is None:
        raise FriendlyError("Datasette is not installed: run `make browse` (or pip install 'newsfacts[browse]')")
    metadata = {
        "title": "newsfacts",
        "databases": {
            database.stem: {"queries": {e.name: {"title": e.title, "sql": e.sql} for e in EXAMPLES}},
        },
    }
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
