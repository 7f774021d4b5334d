"""Claims over time on the Reuters-21578 development threads (research-use corpus, read in place; skipped when
absent): restated facts land on one claim, unrelated numbers stay off it, disagreements are contested. Also on the
project's own gold threads (`tests/fixtures/reuters_threads_extra`): sets A and C, whose errors rules were written
from, and set B, only ever scored.

The scorer is the shared `eval_threads.py`, run as a user would run it: the thread articles plus 200 unrelated
stories through `newsfacts ingest`, then the documented `observations` view. Floors sit a little below what was
measured (see the README's quality table).
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent
SCORER = PROJECT_DIR.parent / "shared" / "tools" / "eval_threads.py"
NEWSFACTS = Path(sys.executable).with_name("newsfacts")
SUMMARY = re.compile(
    r"threads one-claim (\d+)/14 found (\d+)/94 pairF1 ([\d.]+) merged (\d+)/32 largest-claim (\d+)"
    r"(?: contested (\d+)/4 false (\d+))?")
UNIT_WORDS = {"dlrs", "dlr", "mln", "bln", "billion", "million", "amount", "pct", "percent", "cts", "stg",
              "shares", "share", "bpd", "barrels", "tonnes", "yen", "he", "she", "it", "they"}

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def scored(tmp_path_factory) -> tuple[re.Match[str], Path]:
    if not SCORER.is_file():
        pytest.skip(f"the threads scorer is not at {SCORER}")
    work = tmp_path_factory.mktemp("threads")
    done = subprocess.run([sys.executable, str(SCORER), "--cmd", str(NEWSFACTS), "--workdir", str(work)],
                          capture_output=True, text=True, timeout=900)
    summary = SUMMARY.search(done.stdout)
    assert summary, done.stdout[-2000:] + done.stderr[-2000:]
    return summary, work / "threads.db"


def test_restated_facts_share_a_claim(scored):
    summary, _ = scored
    one_claim, found, pair_f1 = int(summary[1]), int(summary[2]), float(summary[3])
    assert one_claim >= 13 and found >= 93 and pair_f1 >= 0.94, summary[0]


def test_unrelated_numbers_stay_off_the_facts(scored):
    summary, _ = scored
    merged, largest = int(summary[4]), int(summary[5])
    assert merged <= 2 and largest <= 25, summary[0]


def test_disagreements_are_contested_and_changes_are_not(scored):
    summary, _ = scored
    assert summary[6] is not None, "the store has no contested_claims view"
    # measured: 4/4 disagreements contested, no world change contested (a misprinted offer price is an outlier; a
    # story rerun two days late, "an estimated 160 ships", can hold beside a fresh "more than 170")
    assert int(summary[6]) >= 4 and int(summary[7]) == 0, summary[0]


def test_no_claim_is_keyed_by_a_unit_a_number_or_a_pronoun(scored):
    _, store = scored
    with sqlite3.connect(f"file:{store}?mode=ro", uri=True) as connection:
        subjects = {row[0].lower() for row in connection.execute("SELECT DISTINCT subject FROM claim")}
    assert not subjects & UNIT_WORDS
    assert not {subject for subject in subjects if re.fullmatch(r"[\d.,\s]+", subject)}


EXTRA_GOLD = Path(__file__).parent / "fixtures" / "reuters_threads_extra"
EXTRA_SUMMARY = re.compile(r"threads one-claim (\d+)/\d+ found (\d+)/\d+ pairF1 ([\d.]+) merged (\d+)/\d+")


@pytest.mark.parametrize(("gold", "one_claim", "pair_f1", "merged"), [
    ("threads_a.json", 9, 0.75, 3),   # measured 9/12, 0.783, 2/33 (was 0/12, 0.242, 1/33 before rules read from it)
    ("threads_b.json", 0, 0.42, 19),  # measured 0/11, 0.449, 18/54 (was 0/11, 0.297, 15/54): held out
    ("threads_c.json", 1, 0.31, 7),   # measured 1/14, 0.332, 6/48 (was 0/14, 0.104, 3/48 before rules read from it)
])
def test_independent_gold_threads(gold, one_claim, pair_f1, merged, tmp_path):
    if not SCORER.is_file():
        pytest.skip(f"the threads scorer is not at {SCORER}")
    done = subprocess.run([sys.executable, str(SCORER), "--cmd", str(NEWSFACTS), "--gold", str(EXTRA_GOLD / gold),
                           "--workdir", str(tmp_path)], capture_output=True, text=True, timeout=900)
    summary = EXTRA_SUMMARY.search(done.stdout)
    assert summary, done.stdout[-2000:] + done.stderr[-2000:]
    assert int(summary[1]) >= one_claim and float(summary[3]) >= pair_f1 and int(summary[4]) <= merged, summary[0]
