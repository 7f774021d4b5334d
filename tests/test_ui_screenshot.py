"""The Prefect UI shows a run by the name that says what it did: the flow-runs page, rendered in headless Chromium
against a real server, lists it, and its screenshot is a real page, not a blank one."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import uuid
import zlib
from pathlib import Path

import pytest

from tests.conftest import PROJECT_DIR, SEED_FILE
from tests.deploy_helpers import api_client, flow_run_named, real_server_url

WINDOW = (1600, 1000)
KEEP_ENV = "NEWSFACTS_TEST_SCREENSHOT_TO"  # a path to keep the screenshot at, e.g. docs/prefect-ui-flow-runs.png
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


def test_flow_runs_page_shows_the_run(tmp_path):
    url = real_server_url()
    seeds = tmp_path / f"seeds-ui-{uuid.uuid4().hex[:8]}"
    seeds.mkdir()
    shutil.copy(SEED_FILE, seeds / "talks.txt")
    environ = {key: value for key, value in os.environ.items() if not key.startswith(("PREFECT_", "NEWSFACTS_"))}
    environ.update(PREFECT_API_URL=url, PREFECT_HOME=str(tmp_path / "prefect-home"), PYTHONPATH=str(PROJECT_DIR))
    subprocess.run(
        [sys.executable, "-m", "flows.cli", "ingest", "--seeds", str(seeds), "--db", str(tmp_path / "store.db")],
        env=environ, cwd=PROJECT_DIR, check=True, capture_output=True, timeout=120,
    )
    run_name = flow_run_named(api_client(url), f"scan-{seeds.name}")["name"]
    runs_page = url.removesuffix("/api") + "/runs"

    page = chromium(runs_page, "--dump-dom", tmp_path / "profile-dom").stdout
    screenshot = tmp_path / "flow-runs.png"
    chromium(runs_page, f"--screenshot={screenshot}", tmp_path / "profile-png")
    if os.environ.get(KEEP_ENV):
        shutil.copy(screenshot, os.environ[KEEP_ENV])

    assert run_name in page, f"{run_name!r} is not on the flow-runs page"
    size, pixels = png_size_and_pixels(screenshot.read_bytes())
    assert size == WINDOW
    assert len(set(pixels)) > 64, "the screenshot is (nearly) one colour"  # a blank page has 4 byte values
    assert screenshot.stat().st_size > 30_000
