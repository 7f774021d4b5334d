"""Benchmark: CPU per article of the store's write path (`Store.save_articles`) on real extractions, and a dump
of what it stored, to check that a speed change leaves the stored rows as they were.

    python -m tests.benchmarks.store_write extract OUT.pkl --corpus DIR [--limit 4000] [--batch 200]
    python -m tests.benchmarks.store_write time IN.pkl [--repeat 3] [--profile OUT.prof] [--db URL]
    python -m tests.benchmarks.store_write dump IN.pkl OUT.txt [--db URL]

`extract` runs the pipeline once over the first --limit article files of the corpus (by name) and pickles the
extractions batch by batch, so the store is timed alone on a fixed input. `time` stores them into a fresh SQLite
file (or the empty database --db names) and prints CPU (process time) and wall seconds per repeat. `dump` stores
them and writes the row counts and the stored claims, observations and versions in a stable order, without the
autoincrement ids and timestamps: two versions of the store that write the same rows write the same file.
"""

from __future__ import annotations

import argparse
import cProfile
import pickle
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

from flows.records import Extraction
from models.store import Store

EXTRACTOR_VERSION = "bench"

# Rows by what identifies them: claims by key, observations and versions by their claim's key, the article and
# the span or interval; an id only appears as what it points at.
DUMP_QUERIES = {
    "claim": """
        SELECT c.claim_key, c.kind, c.subject, c.predicate, c.object, e.type, e.norm_name
        FROM claim c LEFT JOIN entity e ON e.id = c.subject_entity_id ORDER BY c.claim_key""",
    "claim_observation": """
        SELECT c.claim_key, a.source_key, o.span_start, o.span_end, o.value, o.value_hash, o.value_num,
               o.value_upper, o.value_approx, o.value_unit, o.value_scale, o.change_cue, o.stated_at, o.evidence,
               o.attributed_to, o.hedge, o.confidence
        FROM claim_observation o JOIN claim c ON c.id = o.claim_id
        JOIN article_version v ON v.id = o.article_version_id JOIN article a ON a.id = v.article_id
        ORDER BY c.claim_key, a.source_key, o.span_start, o.span_end""",
    "claim_version": """
        SELECT c.claim_key, cv.value, cv.value_hash, cv.valid_from, cv.valid_to, cv.retracted_at IS NULL,
               cv.retraction_reason, a.source_key, o.span_start, o.span_end
        FROM claim_version cv JOIN claim c ON c.id = cv.claim_id
        JOIN claim_observation o ON o.id = cv.observation_id
        JOIN article_version v ON v.id = o.article_version_id JOIN article a ON a.id = v.article_id
        ORDER BY c.claim_key, cv.valid_from, cv.valid_to, cv.retracted_at IS NULL, cv.value_hash, a.source_key,
                 o.span_start""",
    "claim_history": """
        SELECT h.* FROM claim_history h""",
    "entity": "SELECT type, norm_name, name FROM entity ORDER BY type, norm_name",
    "entity_alias": """
        SELECT e.type, e.norm_name, x.alias_norm, x.alias FROM entity_alias x JOIN entity e ON e.id = x.entity_id
        ORDER BY e.type, e.norm_name, x.alias_norm""",
    "entity_mention": """
        SELECT a.source_key, m.span_start, m.span_end, e.type, e.norm_name, m.text, m.role
        FROM entity_mention m JOIN entity e ON e.id = m.entity_id
        JOIN article_version v ON v.id = m.article_version_id JOIN article a ON a.id = v.article_id
        ORDER BY a.source_key, m.span_start, m.span_end""",
    "article_version": """
        SELECT a.source_key, v.content_sha256, v.extractor_version, v.title, v.published, v.published_source,
               v.published_confidence, v.source, v.url, v.authors, v.format, v.body, v.superseded_at IS NULL
        FROM article_version v JOIN article a ON a.id = v.article_id ORDER BY a.source_key, v.content_sha256""",
    "holder_group": "SELECT members, holder FROM holder_group ORDER BY members",
}


def extract(corpus: Path, limit: int, batch: int, out: Path) -> None:
    from flows.pipeline import article_file, extract_files

    files = sorted(path for path in corpus.iterdir() if path.is_file())[:limit]
    batches: list[list[Extraction]] = []
    for start in range(0, len(files), batch):
        extracted, _ = extract_files([article_file(p, p.name) for p in files[start : start + batch]], 10**7)
        batches.append(extracted)
    out.write_bytes(pickle.dumps(batches, protocol=pickle.HIGHEST_PROTOCOL))


def open_store(url: str) -> tuple[Store, int]:
    store = Store.open(url)
    return store, store.start_run(None, "bench")


def save_all(store: Store, run_id: int, batches: list[list[Extraction]]) -> None:
    for batch in batches:
        store.save_articles(run_id, batch, EXTRACTOR_VERSION)


def timed(url: str, batches: list[list[Extraction]], profile: Path | None) -> tuple[float, float, float]:
    """CPU seconds to open the store, CPU and wall seconds to save the batches. The profile counts CPU time, not
    wall time: other work on the machine does not show in it."""
    cpu = time.process_time()
    store, run_id = open_store(url)
    opening = time.process_time() - cpu
    profiler = cProfile.Profile(time.process_time) if profile else None
    cpu, wall = time.process_time(), time.perf_counter()
    if profiler:
        profiler.enable()
    save_all(store, run_id, batches)
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    store.close()
    return opening, cpu, wall


def dump(url: str, batches: list[list[Extraction]], out: Path) -> None:
    store, run_id = open_store(url)
    save_all(store, run_id, batches)
    with out.open("w", encoding="utf-8") as file:
        counts = store.row_counts()
        file.write(f"row_counts {sorted(counts.items())}\n")
        with store.engine.connect() as connection:
            for name, query in DUMP_QUERIES.items():
                result = connection.execute(text(query))
                rows = [tuple(row) for row in result]
                if name == "claim_history":
                    # the view's ids and times differ between two stores, its other columns must not
                    kept = [i for i, column in enumerate(result.keys()) if not column.endswith(("_id", "_at"))]
                    rows = sorted(tuple(str(row[i]) for i in kept) for row in rows)
                file.write(f"== {name} {len(rows)}\n")
                file.writelines(f"{row!r}\n" for row in rows)
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("extract")
    make.add_argument("out", type=Path)
    make.add_argument("--corpus", type=Path, required=True, help="a folder of article files, e.g. Reuters-21578")
    make.add_argument("--limit", type=int, default=4000)
    make.add_argument("--batch", type=int, default=200)
    timing = commands.add_parser("time")
    timing.add_argument("input", type=Path)
    timing.add_argument("--repeat", type=int, default=3)
    timing.add_argument("--profile", type=Path, default=None)
    timing.add_argument("--db", default=None, help="an empty database's URL (default: a fresh SQLite file)")
    dumping = commands.add_parser("dump")
    dumping.add_argument("input", type=Path)
    dumping.add_argument("out", type=Path)
    dumping.add_argument("--db", default=None)
    args = parser.parse_args()
    if args.command == "extract":
        extract(args.corpus, args.limit, args.batch, args.out)
        return
    batches = pickle.loads(args.input.read_bytes())
    with tempfile.TemporaryDirectory() as folder:
        if args.command == "dump":
            dump(args.db or f"sqlite:///{folder}/dump.db", batches, args.out)
            return
        articles, saves = sum(map(len, batches)), []
        for repeat in range(args.repeat):
            url = args.db or f"sqlite:///{folder}/time-{repeat}.db"
            opening, cpu, wall = timed(url, batches, args.profile if repeat == 0 else None)
            saves.append(cpu)
            print(f"repeat {repeat + 1}: open CPU {opening:.2f} s; save {articles} articles CPU {cpu:.2f} s"
                  f" ({cpu / articles * 1000:.2f} ms an article), wall {wall:.2f} s", flush=True)
        # other work on the machine only ever adds time: the least is the best estimate
        print(f"save CPU: least {min(saves):.2f} s, median {statistics.median(saves):.2f} s")


if __name__ == "__main__":
    main()
