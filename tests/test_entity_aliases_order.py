"""`entities.aliases` lists an entity's aliases in one fixed order on both dialects: by code point, whatever order
they were stored in and whatever the database's locale."""

from __future__ import annotations

from sqlalchemy import insert

from models import schema as t
from models.store import Store
from tests.helpers import scalar

# Sorted by code point; a locale's order differs ("a" before "B" in en_US, "B" first by code point).
ALIASES = ["B", "Zelensky", "_x", "a", "b", "Ä"]


def test_aliases_are_listed_in_code_point_order(store_url):
    store = Store.open(store_url)
    try:
        with store.engine.begin() as connection:
            entity_id = connection.execute(
                insert(t.entity).returning(t.entity.c.id), {"type": "PERSON", "norm_name": "z", "name": "Z"}
            ).scalar_one()
            for number, alias in enumerate(reversed(ALIASES)):  # stored in the opposite order
                connection.execute(insert(t.entity_alias),
                                   {"entity_id": entity_id, "alias_norm": f"{number}", "alias": alias})
    finally:
        store.close()
    assert scalar(store_url, "SELECT aliases FROM entities") == ", ".join(sorted(ALIASES))
