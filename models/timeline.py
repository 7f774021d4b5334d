"""The versioning rules, as pure functions: observations in, the timeline and the changes to make out.

1. Observations are the truth; a claim's timeline is derived from them.
2. Sorted by the date the source states (valid time); for one date the latest recorded observation wins;
   consecutive equal values merge into one version.
3. The derived timeline is compared with the live (unretracted) versions: a version that still matches is kept,
   one whose open end must now close is closed, everything after the first difference is retracted and
   inserted anew. No change means no writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Observed:
    observation_id: int
    value: str | None
    value_hash: str
    stated_at: date | None


@dataclass(frozen=True)
class Segment:
    value: str | None
    value_hash: str
    valid_from: date | None
    valid_to: date | None
    observation_id: int


@dataclass(frozen=True)
class LiveVersion:
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


def derive_timeline(observations: list[Observed]) -> list[Segment]:
    """The timeline the observations imply. An unknown date sorts first: it cannot close anything later."""
    ordered = sorted(observations, key=lambda o: (o.stated_at is not None, o.stated_at or date.min, o.observation_id))
    latest_per_date: dict[date | None, Observed] = {}
    for observed in ordered:
        latest_per_date[observed.stated_at] = observed
    segments: list[Segment] = []
    for observed in latest_per_date.values():
        if segments and segments[-1].value_hash == observed.value_hash:
            continue
        segments.append(Segment(observed.value, observed.value_hash, observed.stated_at, None, observed.observation_id))
    return [
        Segment(s.value, s.value_hash, s.valid_from, segments[i + 1].valid_from if i + 1 < len(segments) else None,
                s.observation_id)
        for i, s in enumerate(segments)
    ]


def plan_sync(desired: list[Segment], live: list[LiveVersion]) -> SyncPlan:
    """What to write so the live versions equal the desired timeline; `live` sorted by valid_from."""
    plan = SyncPlan()
    kept = 0
    for wanted, existing in zip(desired, live):
        # The source observation may change (a corrected file re-states the same value): same value from the
        # same date is the same version, so an unchanged claim keeps its one version through a correction.
        same_start = (wanted.value_hash, wanted.valid_from) == (existing.value_hash, existing.valid_from)
        if same_start and wanted.valid_to == existing.valid_to:
            kept += 1
        elif same_start and existing.valid_to is None:
            plan.close.append((existing.version_id, wanted.valid_to))
            kept += 1
        else:
            break
    plan.retract = [version.version_id for version in live[kept:]]
    plan.insert = desired[kept:]
    return plan
