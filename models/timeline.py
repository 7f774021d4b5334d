"""The versioning rules, as pure functions: observations in, the timeline and the changes to make out.

1. Observations are the truth; a claim's timeline is derived from them.
2. Sorted by the date the source states (valid time). Sources that disagree on one date are settled the same
   way whatever order they arrived in: the value most sources state wins, then the value the claim already held
   (a tie between sources is no evidence of change), then the more confident, then the source whose key sorts
   last. A source is an article's content, not a file name: copies of one article under
   several names count once (each by its first name), so nobody outvotes a source by copying a file.
   Consecutive equal values merge into one version.
3. The derived timeline is compared with the live (unretracted) versions: a version that still matches is kept,
   one whose open end must now close is closed, everything after the first difference is retracted and
   inserted anew. No change means no writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple


class Observed(NamedTuple):
    observation_id: int
    value: str | None
    value_hash: str
    stated_at: date | None
    source_key: str = ""
    confidence: float = 0.0
    content_sha256: str = ""  # the article version's content: what makes two observations one source


class Segment(NamedTuple):
    value: str | None
    value_hash: str
    valid_from: date | None
    valid_to: date | None
    observation_id: int


class LiveVersion(NamedTuple):
    version_id: int
    value_hash: str
    valid_from: date | None
    valid_to: date | None
    observation_id: int


@dataclass
class SyncPlan:
    retract: list[int] = field(default_factory=list)
    close: list[tuple[int, date | None]] = field(default_factory=list)
    insert: list[Segment] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.retract or self.close or self.insert)


def derive_timeline(observations: list[Observed], held_before: str | None = None) -> list[Segment]:
    """The timeline the observations imply, after a version whose value hash is `held_before` (if any).
    An unknown date sorts first: it cannot close anything later."""
    if len(observations) == 1:  # most claims: one value, one version, open-ended
        (only,) = observations
        return [Segment(only.value, only.value_hash, only.stated_at, None, only.observation_id)]
    by_date: dict[date | None, list[Observed]] = {}
    for observed in observations:
        by_date.setdefault(observed.stated_at, []).append(observed)
    segments: list[Segment] = []
    for stated_at in sorted(by_date, key=lambda day: (day is not None, day or date.min)):
        held = segments[-1].value_hash if segments else held_before
        winner = _settle(by_date[stated_at], held)
        if segments and segments[-1].value_hash == winner.value_hash:
            continue
        segments.append(Segment(winner.value, winner.value_hash, stated_at, None, winner.observation_id))
    return [
        Segment(s.value, s.value_hash, s.valid_from, segments[i + 1].valid_from if i + 1 < len(segments) else None,
                s.observation_id)
        for i, s in enumerate(segments)
    ]


def _settle(same_day: list[Observed], held: str | None) -> Observed:
    """The observation that speaks for one date, independent of arrival order (see the module's rule 2)."""
    if len(same_day) == 1:
        return same_day[0]
    support: dict[str, dict[str, Observed]] = {}
    for observed in same_day:
        by_source = support.setdefault(observed.value_hash, {})
        source = observed.content_sha256 or observed.source_key
        first = by_source.get(source)
        if first is None or (observed.source_key, observed.observation_id) < (first.source_key, first.observation_id):
            by_source[source] = observed

    def strength(value_hash: str) -> tuple[int, bool, float, str]:
        backers = support[value_hash].values()
        return (len(backers), value_hash == held, max(o.confidence for o in backers),
                max(o.source_key for o in backers))

    best = max(support, key=strength)
    return min(support[best].values(), key=lambda o: (o.source_key, o.observation_id))


def extend_timeline(live: list[LiveVersion], new: list[Observed], latest_before: date | None) -> list[Segment] | None:
    """The desired timeline when all new evidence is dated after everything the claim had (`latest_before`):
    the live versions stay as they are and the new values follow the last one. None when that does not hold
    (a late or undated observation, or no open live version) and the timeline must be re-derived in full."""
    if not live or live[-1].valid_to is not None or not new:
        return None
    if any(o.stated_at is None or (latest_before is not None and o.stated_at <= latest_before) for o in new):
        return None
    last = live[-1]
    if last.valid_from is not None and any(o.stated_at <= last.valid_from for o in new):
        return None
    following = derive_timeline(new, held_before=last.value_hash)
    if following and following[0].value_hash == last.value_hash:
        following = following[1:]  # the same value again only confirms the open version
    kept = [Segment(None, v.value_hash, v.valid_from, v.valid_to, v.observation_id) for v in live[:-1]]
    last_to = following[0].valid_from if following else None
    return kept + [Segment(None, last.value_hash, last.valid_from, last_to, last.observation_id)] + following


def plan_sync(desired: list[Segment], live: list[LiveVersion]) -> SyncPlan:
    """What to write so the live versions equal the desired timeline.

    A live version that still matches a desired segment (same value, same interval) is kept; one that matches
    but for its open end is closed; every other live version is retracted, and every desired segment left
    without a match is inserted. A late article that adds an older segment therefore touches only the versions
    whose interval it changes, not the whole history.
    """
    if not live:  # a claim's first versions: nothing to keep, close or retract
        return SyncPlan(insert=sorted(desired, key=_start))
    plan = SyncPlan()
    wanted = {(s.value_hash, s.valid_from, s.valid_to): s for s in desired}
    # The same value from the same date is the same version, whichever observation now backs it: a corrected
    # file that re-states a value leaves its version alone.
    open_ended = {(s.value_hash, s.valid_from): s for s in desired}
    for version in live:
        exact = (version.value_hash, version.valid_from, version.valid_to)
        if exact in wanted:
            del wanted[exact]
            continue
        start = (version.value_hash, version.valid_from)
        segment = open_ended.get(start)
        if version.valid_to is None and segment is not None and (start + (segment.valid_to,)) in wanted:
            plan.close.append((version.version_id, segment.valid_to))
            del wanted[start + (segment.valid_to,)]
            continue
        plan.retract.append(version.version_id)
    plan.insert = sorted(wanted.values(), key=_start)
    return plan


def _start(segment: Segment) -> tuple[bool, date]:
    """Timeline order: an unknown start first."""
    return segment.valid_from is not None, segment.valid_from or date.min
