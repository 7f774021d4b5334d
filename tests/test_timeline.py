"""The versioning rules on plain data: how observations become a timeline, and what a sync writes."""

from __future__ import annotations

from datetime import date

from models.keys import value_hash
from models.timeline import LiveVersion, Observed, Segment, derive_timeline, plan_sync

D1, D2, D3 = date(2025, 5, 1), date(2025, 5, 28), date(2025, 6, 4)


def seen(observation_id: int, value: str, stated_at: date | None, source: str = "a.txt", confidence: float = 0.7):
    return Observed(observation_id, value, value_hash(value), stated_at, source, confidence)


def timeline(observations):
    return [(s.value, s.valid_from, s.valid_to) for s in derive_timeline(observations)]


def test_values_in_date_order_make_half_open_intervals():
    assert timeline([seen(2, "19%", D3), seen(1, "20%", D2)]) == [("20%", D2, D3), ("19%", D3, None)]


def test_repeated_value_merges_and_keeps_the_earliest_date():
    assert timeline([seen(1, "20%", D2), seen(2, "20%", D3, "b.txt")]) == [("20%", D2, None)]


def test_unknown_date_sorts_first_and_is_closed_by_a_dated_value():
    assert timeline([seen(1, "20%", D2), seen(2, "25%", None)]) == [("25%", None, D2), ("20%", D2, None)]


def test_same_day_disagreement_is_settled_independent_of_arrival_order():
    observations = [seen(1, "20%", D2, "b.txt"), seen(2, "19%", D2, "a.txt"), seen(3, "19%", D2, "c.txt")]
    assert timeline(observations) == [("19%", D2, None)]  # two sources against one
    assert timeline(list(reversed(observations))) == [("19%", D2, None)]
    tie = [seen(1, "20%", D2, "b.txt"), seen(2, "19%", D2, "a.txt")]
    assert timeline(tie) == timeline(list(reversed(tie))) == [("20%", D2, None)]  # the later source key


def live(version_id: int, value: str, valid_from: date | None, valid_to: date | None) -> LiveVersion:
    return LiveVersion(version_id, value_hash(value), valid_from, valid_to, version_id)


def segment(value: str, valid_from: date | None, valid_to: date | None) -> Segment:
    return Segment(value, value_hash(value), valid_from, valid_to, 0)


def test_nothing_changed_means_nothing_to_write():
    assert plan_sync([segment("20%", D2, None)], [live(1, "20%", D2, None)]).is_empty


def test_a_newer_value_closes_the_open_version_and_inserts():
    plan = plan_sync([segment("20%", D2, D3), segment("19%", D3, None)], [live(1, "20%", D2, None)])
    assert plan.close == [(1, D3)] and plan.retract == []
    assert [(s.value, s.valid_from) for s in plan.insert] == [("19%", D3)]


def test_a_late_value_in_between_retracts_only_the_interval_it_splits():
    plan = plan_sync(
        [segment("20%", D2, date(2025, 6, 1)), segment("18%", date(2025, 6, 1), D3), segment("19%", D3, None)],
        [live(1, "20%", D2, D3), live(2, "19%", D3, None)],
    )
    assert plan.retract == [1] and plan.close == []
    assert [(s.value, s.valid_to) for s in plan.insert] == [("20%", date(2025, 6, 1)), ("18%", D3)]


def test_a_claim_with_no_evidence_left_is_retracted():
    plan = plan_sync([], [live(1, "20%", D1, D2), live(2, "19%", D2, None)])
    assert plan.retract == [1, 2] and not plan.insert


def test_in_order_evidence_extends_the_live_timeline():
    from models.timeline import extend_timeline

    current = [live(1, "20%", D1, D2), live(2, "19%", D2, None)]
    extended = extend_timeline(current, [seen(9, "18%", D3)], latest_before=D2)
    assert [(s.value_hash == value_hash("18%"), s.valid_from, s.valid_to) for s in extended][-2:] == [
        (False, D2, D3), (True, D3, None)]
    assert extend_timeline(current, [seen(9, "19%", D3)], latest_before=D2) == [
        segment("20%", D1, D2)._replace(value=None, observation_id=1), segment("19%", D2, None)._replace(value=None, observation_id=2)]


def test_evidence_not_after_everything_known_needs_a_full_rederivation():
    from models.timeline import extend_timeline

    current = [live(1, "20%", D2, None)]
    # an earlier source already re-stated 20% on June 10: a new 19% on June 4 falls inside, not after
    assert extend_timeline(current, [seen(9, "19%", D3)], latest_before=date(2025, 6, 10)) is None
    assert extend_timeline(current, [seen(9, "19%", None)], latest_before=D2) is None
    assert extend_timeline(current, [seen(9, "19%", D1)], latest_before=None) is None


def test_a_value_respelled_the_american_way_is_no_change():
    assert value_hash("Labour  Minister") == value_hash("labor minister") != value_hash("Labor Ministry")
    # whole words only: a variant inside a longer word ("labourer", "decentres") is left as it is; a digit or a
    # hyphen ends a word
    assert value_hash("Tonnes at the centre-left, 2centres") == value_hash("tons at the center-left, 2centers")
    assert value_hash("labourer") != value_hash("laborer") and value_hash("decentres") != value_hash("decenters")
    assert timeline([seen(1, "Labour Minister", D1), seen(2, "Labor Minister", D2, "b.txt")]) == [
        ("Labour Minister", D1, None)]
