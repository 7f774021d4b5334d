"""A bidding group goes by several names: its own ("Northstar Partners"), a vehicle's ("Summit Acquisition Inc, an
affiliate of Ridge Capital and Bell Holdings"), its members' ("Ridge and Bell"), a misprint of its name. When the
stories name its members, the store keeps one claim for its offer under the holder it first met them as, across
batches and runs."""

from __future__ import annotations


import pytest

from tests.helpers import rows, run_ingest, write_article

pytestmark = pytest.mark.usefixtures("prefect_api")

OFFER_HISTORY = """
    SELECT claim_id, subject, value, valid_from FROM claim_history
    WHERE kind = 'quantity' AND predicate = 'offer' AND retracted_at IS NULL ORDER BY valid_from, version_id
"""


def test_a_group_named_by_its_members_keeps_one_offer_claim(tmp_path, store_url):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    # The list of members is met first in file order, the group's own name on an earlier day: the name is kept.
    write_article(seeds, "a_members.txt", "1990-05-03",
            "Ridge and Bell have been tendering for all Acme Corp shares at 30 dlrs per share.")
    write_article(seeds, "b_launch.txt", "1990-05-01",
            "Northstar Partners, comprised of Ridge Capital and Bell Holdings, said it began a 30 dlrs a share "
            "tender offer for Acme Corp.")
    run_ingest(seeds, store_url)
    write_article(seeds, "c_vehicle.txt", "1990-05-08",
            "Acme Corp urged holders to reject the 30 dlr a share tender offer made by Summit Acquisition Inc, "
            "an affiliate of Ridge Capital and Bell Holdings.")
    write_article(seeds, "d_raise.txt", "1990-05-10",
            "Nortstar Partners, an investor group led by Ridge Capital and Bell Holdings, said it raised its "
            "offer for Acme Corp to 34 dlrs a share.")
    run_ingest(seeds, store_url)

    history = rows(store_url, OFFER_HISTORY)
    assert len({row["claim_id"] for row in history}) == 1, history
    assert {row["subject"] for row in history} == {"Northstar Partners"}
    assert [(row["value"], str(row["valid_from"])) for row in history] == [
        ("30 USD/share", "1990-05-01"), ("34 USD/share", "1990-05-10")]
    assert rows(store_url, "SELECT members, holder FROM holder_group") == [
        {"members": "bell+ridge", "holder": "northstar partner"}]


def test_groups_with_other_members_stay_apart(tmp_path, store_url):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    write_article(seeds, "one.txt", "1990-05-01",
            "Northstar Partners, comprised of Ridge Capital and Bell Holdings, said it began a 30 dlrs a share "
            "tender offer for Acme Corp.")
    write_article(seeds, "two.txt", "1990-05-02",
            "Harbor Group, formed by Ridge Capital and Crane Holdings, said it began a 31 dlrs a share tender "
            "offer for Acme Corp.")
    write_article(seeds, "three.txt", "1990-05-02", "Harper and Row said it raised its offer for Acme Corp to 29 dlrs a share.")
    run_ingest(seeds, store_url)

    holders = {row["subject"]: row["value"] for row in rows(store_url, OFFER_HISTORY)}
    assert holders == {"Northstar Partners": "30 USD/share", "Harbor Group": "31 USD/share",
                       "Harper and Row": "29 USD/share"}
    # a company with "and" in its name is no group of two: it defines none
    assert {row["members"] for row in rows(store_url, "SELECT members FROM holder_group")} == {"bell+ridge", "crane+ridge"}
