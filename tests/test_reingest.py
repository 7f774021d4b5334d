"""Running the ingest again over an unchanged folder writes nothing."""

from __future__ import annotations

import pytest

from tests.helpers import run_ingest, table_counts

pytestmark = pytest.mark.usefixtures("prefect_api")


def test_second_ingest_of_same_folder_writes_nothing(seeds_dir, store_url):
    first = run_ingest(seeds_dir, store_url)
    assert first.files_new == 1 and first.claims_new > 0
    before = table_counts(store_url)

    second = run_ingest(seeds_dir, store_url)

    assert (second.files_new, second.files_unchanged, second.claims_new, second.claims_changed) == (0, 1, 0, 0)
    after = table_counts(store_url)
    after.pop("ingest_run"), before.pop("ingest_run")  # each run is recorded, by design
    assert after == before
