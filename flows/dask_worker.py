"""What a worker of the local Dask cluster (flows/parallel.py) loads as it starts: the stages, imported before
the first batch arrives, the cycle collector set for batch work, and a lower CPU priority (`dask_setup` is Dask's
preload hook)."""

from __future__ import annotations

import os
from typing import Any

import flows.clean  # noqa: F401  the stages' modules, which flows/pipeline.py imports only as a stage runs
import flows.extract  # noqa: F401
import flows.parse  # noqa: F401
from flows.pipeline import tune_gc_for_batches

# How much the workers yield the cores to the flow's process and Prefect's temporary server. A run ends only once
# its single writer, the flow's process, has stored every batch in order, and it starts only once Prefect's server
# is up: both are on the run's critical path, the workers are not (they run ahead, MOST_BATCHES_HELD batches at
# most). At equal priority the two workers and the writer each got about two thirds of a core: the writer fell
# behind, stored its backlog alone at the end with a core idle (~6 s of a whole-Reuters first ingest), and the
# server took ~20 s to boot beside the workers. At 10 the workers take what the others leave.
WORKER_NICENESS = 10


def dask_setup(worker: Any) -> None:
    tune_gc_for_batches()
    if hasattr(os, "nice"):  # Unix
        os.nice(WORKER_NICENESS)
