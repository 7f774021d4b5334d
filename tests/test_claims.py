"""How findings become claims: identity without the value, readable values, hedges, one role per person."""

from __future__ import annotations

import dataclasses
from datetime import date

from flows.clean import clean_article
from flows.extract import extract
from flows.extract.claims import _in_unit, format_quantity
from flows.parse import parse_article
from flows.records import Quantity
from models.keys import claim_key
from tests.conftest import SEED_FILE


def seed_claims(text: str) -> list:
    article = clean_article(text.encode("utf-8"), "seed.txt", ".txt")
    return extract(parse_article(article, today=date(2026, 1, 1))).claims


def test_a_changed_figure_keeps_its_claim_identity():
    text = SEED_FILE.read_text(encoding="utf-8")
    before = {c.value: claim_key(c.kind, c.subject, c.predicate, c.object) for c in seed_claims(text)}
    after = {c.value: claim_key(c.kind, c.subject, c.predicate, c.object)
             for c in seed_claims(text.replace("approximately 20%", "approximately 19%"))}
    assert before["~20 percent"] == after["~19 percent"]


def test_values_read_as_the_text_states_them():
    assert format_quantity(Quantity(0, 5, "25,000 to 30,000 jobs", 25000, "jobs", ">=", None, 30000)) == "25,000-30,000 jobs"
    assert format_quantity(Quantity(0, 5, "about 4.5%", 4.5, "percent", "~")) == "~4.5 percent"
    assert format_quantity(Quantity(0, 5, "1,000", 1000, None, "=")) == "1,000"


def test_hedges_and_roles():
    claims = seed_claims(SEED_FILE.read_text(encoding="utf-8"))
    hedged = {c.value: c.hedge for c in claims if c.kind == "quantity"}
    assert hedged["1,000 prisoners"] == "reportedly"
    assert hedged["~3 years"] is None  # "appears" later in the sentence hedges something else
    roles = [(c.subject, c.value) for c in claims if c.kind == "relation"]
    assert ("Donald Trump", "U.S. President") in roles
    assert len({subject for subject, _ in roles}) == len(roles), "one role per person and article"


def test_a_figure_in_another_unit_keeps_all_else():
    """_in_unit builds the figure field by field: every field of a Quantity, one added later too, must come through."""
    values = {field.name: f"value of {field.name}" for field in dataclasses.fields(Quantity)}
    figure = Quantity(**values)
    assert _in_unit(figure, "stg", "GBP", "share") == dataclasses.replace(
        figure, unit="stg", unit_normalised="GBP", per="share")
