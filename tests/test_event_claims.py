"""Events are keyed by what happens and where, not by the noun a sentence used: "discussions" and "talks" in
Istanbul are one event, a meeting that already took place is its own occurrence, a date restated on an earlier
day is stated for that day."""

from __future__ import annotations

from datetime import date

from flows.clean import clean_article
from flows.extract import extract
from flows.parse import parse_article


def events(body: str, published: date, name: str = "a.txt") -> list[tuple[str, str, str | None, str | None]]:
    article = clean_article(f"Title\n{body}\n".encode("utf-8"), name, ".txt")
    claims = extract(parse_article(article, published=published)).claims
    return [(c.subject, c.value, c.valid_at, c.key) for c in claims if c.kind == "event"]


def test_synonyms_and_a_place_named_once_make_one_event():
    found = events("Russia wants new discussions with Ukraine in Istanbul on June 2. "
                   "The talks set for June 2 will be the second round.", date(2025, 5, 28))
    assert {(subject, value) for subject, value, _, _ in found} == {("talks in Istanbul", "2025-06-02")}
    assert len({key for *_, key in found}) == 1


def test_a_past_occurrence_is_keyed_by_its_date():
    [(subject, value, _, key)] = events("The last meeting in Istanbul took place on May 16.", date(2025, 5, 28))
    assert (subject, value) == ("meeting in Istanbul", "2025-05-16")
    [(_, _, _, upcoming)] = events("The next meeting in Istanbul is on June 20.", date(2025, 5, 28))
    assert key != upcoming, "a meeting that happened is not the next one"


def test_participants_name_an_event_without_a_place():
    [(subject, _, _, key)] = events("Talks between Russia and Ukraine will be held on June 9.", date(2025, 6, 2))
    assert subject == "talks between Russia and Ukraine"
    [(_, _, _, other)] = events("Talks with China will be held on June 9.", date(2025, 6, 2))
    assert key != other


def test_a_date_said_on_an_earlier_day_is_stated_for_that_day():
    [(_, value, valid_at, _)] = events("On Wednesday Lavrov said the talks in Istanbul would be on June 2.",
                                       date(2025, 5, 30))
    assert (value, valid_at) == ("2025-06-02", "2025-05-28")


def test_an_event_with_neither_place_nor_parties_stays_with_its_story():
    [(subject, _, _, key)] = events("The board will hold a meeting on June 9.", date(2025, 6, 2), "board.txt")
    [(_, _, _, other)] = events("Analysts expect little from the meeting on June 9.", date(2025, 6, 2), "sugar.txt")
    assert subject == "meeting" and key != other, "two stories' unplaced meetings are not one event"
    moved = events("The meeting is set for June 9. The meeting was later moved to June 10.", date(2025, 6, 2))
    assert len({key for *_, key in moved}) == 1, "within one story it is the same meeting"
