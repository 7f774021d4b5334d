"""What a worker of the local Dask cluster (flows/parallel.py) loads as it starts: the stages, imported before
the first batch arrives, and the cycle collector set for batch work (`dask_setup` is Dask's preload hook)."""

from __future__ import annotations

from typing import Any

from flows.pipeline import tune_gc_for_batches


def dask_setup(worker: Any) -> None:
    tune_gc_for_batches()
