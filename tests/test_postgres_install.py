"""The default install (`make run`: requirements.lock) can open a PostgreSQL store: the psycopg driver is a
dependency of the package, not an extra to discover after a ModuleNotFoundError."""

from __future__ import annotations

import re
import tomllib

from tests.conftest import PROJECT_DIR


def test_the_driver_is_a_default_dependency_and_locked_with_hashes():
    project = tomllib.loads((PROJECT_DIR / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert any(re.match(r"psycopg\[binary\]", requirement) for requirement in project["dependencies"])
    lock = (PROJECT_DIR / "requirements.lock").read_text(encoding="utf-8")
    for package in ("psycopg", "psycopg-binary"):
        # pinned with its extras where a package asks for them ("psycopg[binary]==3.3.9", see the Makefile's lock)
        assert re.search(rf"^{package}(\[[\w,-]+\])?==[\d.]+ .*\\\n\s+--hash=sha256:", lock, re.MULTILINE), package
