"""The Prefect UI shows a run by the name that says what it did, and its claims artifact shows what changed: both
pages, rendered in headless Chromium against a real server, hold them, and their screenshots are real pages."""

from __future__ import annotations

import html
import os
import re
import shutil
import struct
import subprocess
import sys
import uuid
import zlib
from pathlib import Path

import pytest

from tests.conftest import PROJECT_DIR, SEED_FILE
from tests.deploy_helpers import api_client, artifacts, flow_run_named, real_server_url

WINDOW = (1600, 1000)
KEEP_ENV = "NEWSFACTS_TEST_SCREENSHOT_TO"  # a path to keep the screenshot at, e.g. docs/prefect-ui-flow-runs.png
# and the claims artifact's, e.g. docs/prefect-ui-claims-artifact.png
KEEP_ARTIFACT_ENV = "NEWSFACTS_TEST_ARTIFACT_SCREENSHOT_TO"
# Virtual time lets the single-page app fetch and render without waiting that long in real time.
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    f"--window-size={WINDOW[0]},{WINDOW[1]}", "--virtual-time-budget=60000",
]


def chromium(url: str, output: str, profile: Path) -> subprocess.CompletedProcess[str]:
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        pytest.skip("needs chromium (.ci/run installs Debian's package)")
    return subprocess.run(
        [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", output, url],
        capture_output=True, text=True, timeout=120, check=True,
    )


def png_size_and_pixels(data: bytes) -> tuple[tuple[int, int], bytes]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    chunks, position = [], 8
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        if kind == b"IDAT":
            chunks.append(data[position + 8 : position + 8 + length])
        position += 12 + length
    return (width, height), zlib.decompress(b"".join(chunks))


def ingest_in_a_subprocess(seeds: Path, store: Path, url: str, home: Path) -> int:
    environ = {key: value for key, value in os.environ.items() if not key.startswith(("PREFECT_", "NEWSFACTS_"))}
    environ.update(PREFECT_API_URL=url, PREFECT_HOME=str(home), PYTHONPATH=str(PROJECT_DIR))
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", "ingest", "--seeds", str(seeds), "--db", str(store)],
        env=environ, cwd=PROJECT_DIR, capture_output=True, timeout=120,
    ).returncode


def screenshot_of(url: str, tmp_path: Path, name: str, keep_env: str) -> tuple[str, Path]:
    """The page's DOM once rendered, and its screenshot (kept where `keep_env` says, when set)."""
    page = chromium(url, "--dump-dom", tmp_path / f"profile-{name}-dom").stdout
    screenshot = tmp_path / f"{name}.png"
    chromium(url, f"--screenshot={screenshot}", tmp_path / f"profile-{name}-png")
    if os.environ.get(keep_env):
        shutil.copy(screenshot, os.environ[keep_env])
    size, pixels = png_size_and_pixels(screenshot.read_bytes())
    assert size == WINDOW
    assert len(set(pixels)) > 64, "the screenshot is (nearly) one colour"  # a blank page has 4 byte values
    assert screenshot.stat().st_size > 30_000
    return page, screenshot


def test_flow_runs_page_shows_the_run_and_its_claims_artifact_what_changed(tmp_path):
    url = real_server_url()
    seeds = tmp_path / f"seeds-ui-{uuid.uuid4().hex[:8]}"
    seeds.mkdir()
    article = seeds / "talks.txt"
    shutil.copy(SEED_FILE, article)
    assert ingest_in_a_subprocess(seeds, tmp_path / "store.db", url, tmp_path / "prefect-home") == 0
    article.write_text(article.read_text(encoding="utf-8").replace("over 50,000 troops", "over 60,000 troops"),
                       "utf-8")
    (seeds / "empty.txt").write_bytes(b"")
    assert ingest_in_a_subprocess(seeds, tmp_path / "store.db", url, tmp_path / "prefect-home") == 1
    api = api_client(url)
    run = flow_run_named(api, f"scan-{seeds.name}")
    ui = url.removesuffix("/api")

    page, _ = screenshot_of(f"{ui}/runs", tmp_path, "flow-runs", KEEP_ENV)
    assert run["name"] in page, f"{run['name']!r} is not on the flow-runs page"
    assert "Completed with failures" in page  # told apart from the green Completed at a glance

    claims = artifacts(api, run["id"])["ingest-claims"]
    page, _ = screenshot_of(f"{ui}/artifacts/artifact/{claims['id']}", tmp_path, "claims", KEEP_ARTIFACT_ENV)
    text = visible_text(page)
    # "over 50,000 troops" is the value ">50,000 troops": shown as written, not turned into a quote
    assert ">50,000 troops → >60,000 troops" in text and "<blockquote" not in page
    assert "subject change valid_from source status kind" in text  # what changed leads


def visible_text(page: str) -> str:
    """The page's text as a person reads it: tags and scripts gone, entities decoded, spaces collapsed."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
