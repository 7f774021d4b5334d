"""Where the gold corpora are: an environment variable, else `../shared/corpora/<name>` beside the checkout."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]


def corpus_path(name: str) -> Path:
    """`NEWSFACTS_CORPUS_<NAME>` when set, else the shared development copy."""
    override = os.environ.get(f"NEWSFACTS_CORPUS_{name.upper()}")
    return Path(override) if override else PROJECT_DIR.parent / "shared" / "corpora" / name
