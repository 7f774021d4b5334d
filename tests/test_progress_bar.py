"""`newsfacts ingest` at a terminal: the flow's per-batch counts move a progress bar with rate and time left."""

from __future__ import annotations

import io
import logging

from rich.console import Console
from rich.progress import Progress

from flows.cli import ProgressBarHandler


def test_the_flow_s_counts_move_the_bar():
    console = Console(file=io.StringIO(), force_terminal=True, width=100)
    with Progress(console=console) as bar:
        handler = ProgressBarHandler(bar)
        logger = logging.getLogger("newsfacts.progress.test")
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.info("a line without counts leaves the bar alone")
        logger.info("200/1000 files", extra={"done": 200, "total": 1000})
        logger.info("400/1000 files", extra={"done": 400, "total": 1000})
        logger.removeHandler(handler)
    assert [(task.completed, task.total) for task in bar.tasks] == [(400, 1000)]
    assert "files/s" in bar.tasks[0].fields["rate"] or bar.tasks[0].elapsed == 0
