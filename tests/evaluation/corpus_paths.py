"""Where the gold corpora are: an environment variable, else `../shared/corpora/<name>` beside the checkout."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]


def corpus_path(name: str) -> Path:
    """`NEWSFACTS_CORPUS_<NAME>` when set, else the shared development copy."""
    override = os.environ.get(f"NEWSFACTS_CORPUS_{name.upper()}")
    return Path(override) if override else PROJECT_DIR.parent / "shared" / "corpora" / name


def half_of(name: str) -> str:
    """The half ("tune" or "test") a development document belongs to, fixed by its name alone: rules are tuned on
    one half and the other one shows whether they carry over."""
    return "tune" if int(hashlib.sha1(name.encode("utf-8")).hexdigest(), 16) % 2 == 0 else "test"
