"""The watcher turns new and changed article files under the seeds folder into Prefect events, one per file, and a
burst of files into one folder event (one scan), so a flow run is never started per file of a big drop."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from flows import watch
from flows.watch import FILE_CHANGED, FILE_CREATED, FOLDER_CHANGED, SeedEvent, seed_events, watch_seeds


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    seeds = tmp_path / "seeds"
    (seeds / "wire").mkdir(parents=True)
    for name in ("a.txt", "b.html", "wire/c.md", "notes.docx"):
        (seeds / name).write_text("Title\nBody.\n", encoding="utf-8")
    return seeds


def test_one_event_per_new_or_changed_article_file(folder):
    events = seed_events(
        [("added", folder / "a.txt"), ("modified", folder / "b.html"), ("added", folder / "wire" / "c.md"),
         ("modified", folder / "wire" / "c.md"), ("added", folder / "notes.docx"), ("deleted", folder / "gone.txt")],
        folder,
    )
    assert [(e.event, e.payload["path"]) for e in events] == [
        (FILE_CREATED, "a.txt"), (FILE_CHANGED, "b.html"), (FILE_CREATED, "wire/c.md"),
    ]
    assert all(e.resource["prefect.resource.id"] == f"seeds.file.{e.payload['path']}" for e in events)


def test_a_burst_of_files_becomes_one_folder_event(folder):
    for index in range(5):
        (folder / f"burst-{index}.txt").write_text("Title\nBody.\n", encoding="utf-8")
    changes = [("added", folder / f"burst-{index}.txt") for index in range(5)]

    [event] = seed_events(changes, folder, burst=4)

    assert event.event == FOLDER_CHANGED
    assert event.payload == {"seeds_dir": str(folder.resolve()), "files": "5"}
    assert len(seed_events(changes, folder, burst=5)) == 5


def test_links_out_of_the_folder_are_not_reported(folder, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("Title\nBody.\n", encoding="utf-8")
    (folder / "link.txt").symlink_to(outside)
    assert seed_events([("added", folder / "link.txt")], folder) == []


def test_watching_reports_a_file_dropped_into_the_folder(folder, monkeypatch):
    sent: list[SeedEvent] = []
    monkeypatch.setattr(watch, "emit", lambda event: True)
    stop = threading.Event()
    heard = threading.Event()

    def on_event(event: SeedEvent) -> None:
        sent.append(event)
        heard.set()

    watcher = threading.Thread(target=watch_seeds, args=(folder,), kwargs={"stop": stop, "on_event": on_event})
    watcher.start()
    try:
        for _attempt in range(10):  # the watch starts a moment after the thread does
            (folder / "dropped.txt").write_text("Dropped\nA new article.\n", encoding="utf-8")
            if heard.wait(timeout=3):
                break
    finally:
        stop.set()
        watcher.join(timeout=10)
    assert not watcher.is_alive()
    assert sent and sent[0].payload["path"] == "dropped.txt"
    assert sent[0].event in (FILE_CREATED, FILE_CHANGED)
