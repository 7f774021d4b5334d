"""`newsfacts history … --plot FILE.png`: a quantity claim's value over valid time, one mark per source, points
that sources dispute circled. Needs the `plot` extra (matplotlib); everything else runs without it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Sequence

MARKERS = "osD^v<>pPhX*"


class PlotUnavailable(Exception):
    """matplotlib is not installed; the message says how to get it."""


def plot_quantity(points: Sequence[tuple[Any, ...]], versions: Sequence[tuple[Any, float | None]], title: str,
                  path: Path) -> None:
    """Draw the observations — (stated_at, value_num, value, article, attributed_to, contested) rows — and the
    claim's timeline — (valid_from, value_num) per live version — to a PNG at `path`."""
    try:
        import matplotlib

        matplotlib.use("Agg")  # files only: no display needed
        import matplotlib.dates as mdates
        import matplotlib.pyplot as plt
    except ImportError as error:
        raise PlotUnavailable("plotting needs matplotlib: pip install 'newsfacts[plot]'") from error
    figure, axes = plt.subplots(figsize=(9, 4.5))
    steps = [(_day(start), value) for start, value in versions if start is not None and value is not None]
    if steps:
        axes.step([day for day, _ in steps], [value for _, value in steps], where="post", color="grey",
                  alpha=0.6, label="the store's timeline", zorder=2)
    sources = sorted({row[3] for row in points})
    for index, source in enumerate(sources):
        mine = [row for row in points if row[3] == source]
        axes.scatter([_day(row[0]) for row in mine], [row[1] for row in mine], marker=MARKERS[index % len(MARKERS)],
                     label=_short(source), zorder=3)
    disputed = [row for row in points if row[5]]
    if disputed:
        axes.scatter([_day(row[0]) for row in disputed], [row[1] for row in disputed], s=260, facecolors="none",
                     edgecolors="red", linewidths=1.5, label="contested", zorder=4)
    axes.set_title(title)
    axes.set_xlabel("valid time (the day the source states it for)")
    axes.set_ylabel("value")
    axes.grid(True, alpha=0.3)
    axes.legend(fontsize="small", loc="best")
    axes.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
    axes.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=8))
    figure.autofmt_xdate()
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _short(source: str, width: int = 40) -> str:
    return source if len(source) <= width else "…" + source[-(width - 1):]
