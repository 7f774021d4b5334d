"""The ingest flow's two deployments, served by one process (`newsfacts serve`).

- `ingest/scan`: the whole seeds folder on the schedule from the settings ([schedule] cron, else interval_seconds),
  and at once when the watcher reports a burst of files. The source of truth: it finds whatever was missed.
- `ingest/on-new-file`: one run per `seeds.file.created` / `seeds.file.changed` event from `newsfacts watch`,
  ingesting only that file. The fast path (a few seconds from drop to stored).

Both may meet on the same file; nothing is stored twice: one store writer at a time (the fact-store-writer global
concurrency limit, and the store's own locks) and a content hash already stored is skipped.
"""

from __future__ import annotations

import os
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from flows.ingest import ensure_writer_limit, ingest_flow
from flows.settings import Settings
from flows.watch import FILE_CHANGED, FILE_CREATED, FILE_RESOURCE_PREFIX, FOLDER_CHANGED, FOLDER_RESOURCE_PREFIX

if TYPE_CHECKING:
    from prefect.deployments.runner import RunnerDeployment

SCAN_DEPLOYMENT = "scan"
FILE_DEPLOYMENT = "on-new-file"
TAGS = ["newsfacts"]
POLL_SECONDS = 2.0


def scan_schedule(settings: Settings) -> dict[str, Any]:
    """The scan's schedule as `to_deployment` keywords: the cron expression when set, else the interval."""
    if settings.schedule_cron:
        return {"cron": settings.schedule_cron}
    return {"interval": timedelta(seconds=settings.schedule_interval_seconds)}


def build_deployments(settings: Settings) -> list[RunnerDeployment]:
    from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
    from prefect.deployments.runner import EntrypointType
    from prefect.events import DeploymentEventTrigger

    # By module, not by file: the runs import the installed package whatever folder `serve` started in.
    common: dict[str, Any] = {"tags": TAGS, "entrypoint_type": EntrypointType.MODULE_PATH}
    # One scan at a time: a scan that falls due while another runs (or that piled up while `serve` was down) is
    # cancelled, since the running one finds the same files.
    one_at_a_time = ConcurrencyLimitConfig(limit=1, collision_strategy=ConcurrencyLimitStrategy.CANCEL_NEW)
    scan = ingest_flow.to_deployment(
        name=SCAN_DEPLOYMENT, **common, **scan_schedule(settings), concurrency_limit=one_at_a_time,
        description="Ingest every new or changed file in the seeds folder: the scheduled source of truth.",
        triggers=[
            DeploymentEventTrigger(
                name="many seed files changed", expect={FOLDER_CHANGED},
                match={"prefect.resource.id": f"{FOLDER_RESOURCE_PREFIX}*"},
            )
        ],
    )
    on_new_file = ingest_flow.to_deployment(
        name=FILE_DEPLOYMENT, **common,
        description="Ingest the one file a seeds.file.* event names: the fast path.",
        triggers=[
            DeploymentEventTrigger(
                name="a seed file was created or changed", expect={FILE_CREATED, FILE_CHANGED},
                match={"prefect.resource.id": f"{FILE_RESOURCE_PREFIX}*"},
                parameters={"path": "{{ event.payload.path }}"},
            )
        ],
    )
    return [scan, on_new_file]


def export_settings(settings: Settings) -> None:
    """Hand the settings to the flow runs through the environment they inherit from this process (not as
    deployment parameters: a store URL's password must not land in the Prefect database)."""
    os.environ["NEWSFACTS_SEEDS_DIR"] = str(settings.seeds_dir)
    os.environ["NEWSFACTS_STORE_URL"] = settings.store_url


def serve_deployments(settings: Settings, limit: int | None = None) -> None:
    """Register both deployments and run their flow runs until interrupted (Ctrl-C or SIGTERM).

    The schedule stays active after this process stops (pause_on_shutdown=False): runs that fall due meanwhile
    wait as Late and start when `serve` is back."""
    from prefect import serve

    export_settings(settings)
    ensure_writer_limit()
    # Ask the server for due runs every 2 s, not Prefect's default 10 s: the triggered run is the fast path.
    serve(*build_deployments(settings), pause_on_shutdown=False, limit=limit, query_seconds=POLL_SECONDS)
