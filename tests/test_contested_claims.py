"""Change vs disagreement: sources that give different values for the same day make a claim contested; a value
its sentence states as a change (a raised offer) is a new version, not a dispute."""

from __future__ import annotations


import pytest

from tests.helpers import rows, run_ingest, write_article

pytestmark = pytest.mark.usefixtures("prefect_api")


def test_sources_that_disagree_on_one_day_make_the_claim_contested(tmp_path, store_url):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    write_article(seeds, "union.txt", "1987-03-09",
            "Brazil's seamen are seeking a pay rise of 275 pct, union leaders in Brazil said.")
    write_article(seeds, "company.txt", "1987-03-09",
            "Brazil's seamen want pay rises of up to 180 pct, the state oil company in Brazil said.")
    run_ingest(seeds, store_url)

    [contested] = rows(store_url, "SELECT claim_id, valid_at, value_count, competing_values FROM contested_claims")
    assert (str(contested["valid_at"]), contested["value_count"]) == ("1987-03-09", 2)
    assert "275 percent" in contested["competing_values"] and "180 percent" in contested["competing_values"]
    [current] = rows(store_url, "SELECT contested FROM current_claims WHERE claim_id = :id", id=contested["claim_id"])
    assert current["contested"] == 1


def test_a_raised_offer_is_a_change_not_a_disagreement(tmp_path, store_url):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    write_article(seeds, "first.txt", "1987-03-20",
            "Cyacq Corp said it is tendering for all Cyclops shares at 80 dlrs a share in its offer.")
    write_article(seeds, "later.txt", "1987-03-20",
            "Cyacq Corp said it raised its offer for Cyclops to 92.50 dlrs a share.")
    run_ingest(seeds, store_url)

    offers = rows(store_url, """
        SELECT claim_id, value, value_num, value_unit FROM observations
        WHERE kind = 'quantity' AND predicate = 'offer' ORDER BY value_num""")
    assert [(row["value_num"], row["value_unit"]) for row in offers] == [(80.0, "USD/share"), (92.5, "USD/share")]
    assert len({row["claim_id"] for row in offers}) == 1
    assert rows(store_url, "SELECT claim_id FROM contested_claims") == []
    [current] = rows(store_url, "SELECT value, contested FROM current_claims WHERE claim_id = :id",
                     id=offers[0]["claim_id"])
    assert current == {"value": "92.5 USD/share", "contested": 0}


def test_the_same_number_with_or_without_about_is_no_dispute(tmp_path, store_url):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    write_article(seeds, "one.txt", "1987-03-18", "General Partners said it holds about 9.8 pct of Gencorp Inc.")
    write_article(seeds, "two.txt", "1987-03-18", "General Partners said it holds 9.8 pct of Gencorp Inc.")
    run_ingest(seeds, store_url)

    stakes = rows(store_url, "SELECT DISTINCT claim_id FROM observations WHERE predicate = 'stake'")
    assert len(stakes) == 1
    assert rows(store_url, "SELECT claim_id FROM contested_claims") == []


def test_two_sources_telling_different_outcomes_of_one_change_disagree(tmp_path, store_url):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    write_article(seeds, "broadcaster.txt", "2024-05-02",
            "Harbour Pipelines Ltd has raised its takeover offer for Ridge Energy to 5.5 billion dlrs from 4.3 billion, "
            "a broadcaster reported.")
    write_article(seeds, "spokesman.txt", "2024-05-02",
            "A spokesman said Harbour Pipelines Ltd increased its offer for Ridge Energy to 4.5 billion dlrs.")
    run_ingest(seeds, store_url)

    [contested] = rows(store_url, "SELECT valid_at, competing_values FROM contested_claims")
    assert str(contested["valid_at"]) == "2024-05-02"
    assert "5.5 bln USD" in contested["competing_values"] and "4.5 bln USD" in contested["competing_values"]


def test_figures_that_differ_only_by_rounding_are_no_dispute(tmp_path, store_url):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    write_article(seeds, "official.txt", "2024-05-02", "The strike in Chile has idled 158 trucks, a union official said.")
    write_article(seeds, "leader.txt", "2024-05-02", "The strike in Chile has idled 160 trucks, a union leader said.")
    run_ingest(seeds, store_url)
    idled = rows(store_url, "SELECT DISTINCT claim_id FROM observations WHERE predicate = 'idled'")
    assert len(idled) == 1
    assert rows(store_url, "SELECT claim_id FROM contested_claims") == []

    write_article(seeds, "police.txt", "2024-05-02", "The strike in Chile has idled 120 trucks, the police said.")
    run_ingest(seeds, store_url)
    [contested] = rows(store_url, "SELECT competing_values FROM contested_claims")
    assert "120 trucks" in contested["competing_values"]


def test_one_article_setting_two_named_sources_against_each_other_is_a_dispute(tmp_path, store_url):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    write_article(seeds, "both.txt", "2024-05-09",
            "Energy minister Ana Ruiz said on Thursday that Chile would have to suspend copper exports for five "
            "months. President Tomas Vera said two days ago that Chile would suspend copper exports for three months.")
    run_ingest(seeds, store_url)

    [contested] = rows(store_url, "SELECT valid_at, competing_values, sources FROM contested_claims")
    assert "Ana Ruiz" in contested["competing_values"] and "Tomas Vera" in contested["competing_values"]
    assert contested["sources"] == 2


def test_a_value_one_source_alone_gave_between_agreeing_reports_is_an_outlier_not_a_dispute(tmp_path, store_url):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    write_article(seeds, "a.txt", "1987-03-18", "Dixons Group PLC said its offer for Cyclops is 90.25 dlrs a share.")
    write_article(seeds, "b.txt", "1987-03-20", "Dixons Group PLC is offering 90.25 dlrs a share for Cyclops.")
    write_article(seeds, "c.txt", "1987-03-20", "Dixons Group PLC has an offer of 92.25 dlrs a share for Cyclops.")
    write_article(seeds, "d.txt", "1987-03-23", "Dixons Group PLC said its offer of 90.25 dlrs a share stands.")
    run_ingest(seeds, store_url)

    assert rows(store_url, "SELECT claim_id FROM contested_claims") == []
    [outlier] = rows(store_url, "SELECT value, article FROM outlier_observations")
    assert outlier == {"value": "92.25 USD/share", "article": "c.txt"}
    history = rows(store_url, "SELECT value FROM claim_history WHERE predicate = 'offer' AND retracted_at IS NULL")
    assert [row["value"] for row in history] == ["90.25 USD/share"]  # the misprint is no version

    # a second source for the odd value makes it a real disagreement
    write_article(seeds, "e.txt", "1987-03-20", "Dixons Group PLC raised nothing: its offer is 92.25 dlrs a share.")
    run_ingest(seeds, store_url)
    assert rows(store_url, "SELECT claim_id FROM outlier_observations") == []
    [contested] = rows(store_url, "SELECT valid_at FROM contested_claims")
    assert str(contested["valid_at"]) == "1987-03-20"


def test_an_estimate_and_a_bound_that_can_both_hold_are_no_dispute(tmp_path, store_url):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    write_article(seeds, "rerun.txt", "1987-03-09", "The strike in Brazil has made an estimated 160 ships idle.")
    write_article(seeds, "fresh.txt", "1987-03-09", "The strike in Brazil has idled more than 170 ships.")
    run_ingest(seeds, store_url)
    assert len(rows(store_url, "SELECT DISTINCT claim_id FROM observations WHERE predicate = 'idled'")) == 1
    assert rows(store_url, "SELECT claim_id FROM contested_claims") == []

    write_article(seeds, "low.txt", "1987-03-09", "The strike in Brazil has idled fewer than 100 ships.")
    run_ingest(seeds, store_url)
    [contested] = rows(store_url, "SELECT competing_values FROM contested_claims")
    assert "<100 ships" in contested["competing_values"] and ">170 ships" in contested["competing_values"]


def test_sources_that_date_one_cut_a_day_apart_do_not_dispute_the_rate(tmp_path, store_url):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    write_article(seeds, "first.txt", "1987-03-25",
                  "The Bank of France intervention rate was cut from eight pct on March 10.")
    write_article(seeds, "later.txt", "1987-04-08",
                  "The Bank of France intervention rate has stood at 7-3/4 pct since it was cut from eight pct "
                  "on March 9.")
    run_ingest(seeds, store_url)
    rates = rows(store_url, """
        SELECT value, stated_at, change_cue FROM observations
        WHERE predicate = 'intervention rate' ORDER BY stated_at, value""")
    assert [(r["value"], str(r["stated_at"]), r["change_cue"]) for r in rates] == [
        ("8 percent", "1987-03-08", "from"), ("7.75 percent", "1987-03-09", None), ("8 percent", "1987-03-09", "from")]
    assert rows(store_url, "SELECT claim_id FROM contested_claims") == []


def test_a_lone_figure_within_rounding_of_the_others_is_no_outlier(tmp_path, store_url):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    write_article(seeds, "a.txt", "2024-05-01", "The strike in Chile has idled 160 trucks, a union official said.")
    write_article(seeds, "b.txt", "2024-05-02", "The strike in Chile has idled 158 trucks, a union leader said.")
    write_article(seeds, "c.txt", "2024-05-02", "The strike in Chile has idled 160 trucks, the police said.")
    write_article(seeds, "d.txt", "2024-05-03", "The strike in Chile has idled 160 trucks, a mayor said.")
    run_ingest(seeds, store_url)
    assert rows(store_url, "SELECT claim_id FROM outlier_observations") == []
    assert rows(store_url, "SELECT claim_id FROM contested_claims") == []


def test_a_title_worded_two_ways_is_no_dispute(tmp_path, store_url):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    write_article(seeds, "a.txt", "2024-05-02", "U.S. Treasury Secretary James Baker said the dollar was stable.")
    write_article(seeds, "b.txt", "2024-05-02", "Treasury Secretary James Baker said the dollar was stable.")
    run_ingest(seeds, store_url)
    roles = rows(store_url, "SELECT DISTINCT value FROM observations WHERE predicate = 'role'")
    assert len(roles) == 2  # both wordings stay evidence
    assert rows(store_url, "SELECT claim_id FROM contested_claims") == []
