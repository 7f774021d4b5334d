"""Entities of the seed article against its gold list, and the keys the store resolves entities by."""

from __future__ import annotations

import json

import pytest

from flows.extract.entities import find_entities
from flows.extract.names import person_matches
from flows.records import EntityMention
from tests.evaluation.articles import SEED_GOLD, parsed_article, seed_body


@pytest.fixture(scope="module")
def gold() -> dict:
    return json.loads(SEED_GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def predicted() -> list[EntityMention]:
    return find_entities(parsed_article(seed_body()))


def test_every_gold_entity_is_found_under_its_canonical_name(gold: dict, predicted: list[EntityMention]) -> None:
    found = {(mention.type, mention.canonical) for mention in predicted}
    missing = [entity["canonical"] for entity in gold["entities"] if (entity["type"], entity["canonical"]) not in found]
    assert missing == []


def test_mentions_resolve_to_the_fullest_name(gold: dict, predicted: list[EntityMention]) -> None:
    by_span = {(mention.start, mention.end): mention for mention in predicted}
    gold_mentions = [(entity, mention) for entity in gold["entities"] for mention in entity["mentions"]]
    right = sum(
        1
        for entity, mention in gold_mentions
        if (found := by_span.get((mention["start"], mention["end"]))) and found.canonical == entity["canonical"]
    )
    recall = right / len(gold_mentions)
    precision = right / len(predicted)
    assert recall >= 0.95, f"mention recall {recall:.3f}"
    assert precision >= 0.90, f"mention precision {precision:.3f}"


def test_titles_become_roles(predicted: list[EntityMention]) -> None:
    roles = {mention.canonical: mention.role for mention in predicted if mention.role}
    assert roles["Rustem Umerov"] == "Ukrainian Defense Minister"
    assert roles["Friedrich Merz"] == "German Chancellor"
    assert roles["Sergei Lavrov"] == "Russian Foreign Minister"


def test_surname_back_reference_takes_the_full_name() -> None:
    text = "German Chancellor Friedrich Merz met reporters.\nMerz said talks would resume."
    mentions = find_entities(parsed_article(text))
    assert [(mention.text, mention.canonical) for mention in mentions if mention.type == "PERSON"] == [
        ("Friedrich Merz", "Friedrich Merz"),
        ("Merz", "Friedrich Merz"),
    ]


def test_city_that_is_also_a_first_name_stays_a_person() -> None:
    mentions = find_entities(parsed_article("The delegation is led by Vladimir Medinsky, who arrived in Istanbul."))
    assert [(mention.canonical, mention.type) for mention in mentions] == [
        ("Vladimir Medinsky", "PERSON"),
        ("Istanbul", "GPE"),
    ]


def test_surname_matches_full_name_but_not_a_relative() -> None:
    assert person_matches("Trump", "Donald Trump")
    assert person_matches("President Trump", "Donald Trump")
    assert not person_matches("Hillary Clinton", "Bill Clinton")
    assert not person_matches("Putin", "Donald Trump")


def test_capitalised_runs_with_everyday_words_are_not_people() -> None:
    text = (
        "Did Trump Win The Debate\n"
        "Voters did not know who won. The grand bargain on taxes is dead, and the Grand Bargain was the debate's "
        "theme. Kalief Browder spoke first. Browder said the jail broke him."
    )
    people = {mention.canonical for mention in find_entities(parsed_article(text)) if mention.type == "PERSON"}
    assert people == {"Kalief Browder"}


def test_headline_words_join_no_name_the_body_does_not_repeat() -> None:
    text = "Hillary Clinton Was Headed For A Loss In Iowa\nHillary Clinton was headed for a loss, polls showed."
    people = [mention.text for mention in find_entities(parsed_article(text)) if mention.type == "PERSON"]
    assert people == ["Hillary Clinton", "Hillary Clinton"]


def test_two_people_joined_after_one_title() -> None:
    mentions = find_entities(parsed_article("It was a deal between President Donald Trump and Bill Clinton in 1999."))
    assert [(mention.canonical, mention.role) for mention in mentions if mention.type == "PERSON"] == [
        ("Donald Trump", "President"),
        ("Bill Clinton", None),
    ]


def _types(text: str) -> dict[str, str]:
    return {mention.text: mention.type for mention in find_entities(parsed_article(text))}


def test_seas_gulfs_rivers_and_valleys_are_places_not_people() -> None:
    types = _types(
        "The company will drill in the North Sea and the Gulf of Mexico. Tankers crossed the Strait of Hormuz "
        "while floods hit the Brazos River and the Rio Grande Valley. Houston was spared."
    )
    assert {name: types.get(name) for name in
            ("North Sea", "Gulf of Mexico", "Strait of Hormuz", "Brazos River", "Rio Grande Valley")} == dict.fromkeys(
        ("North Sea", "Gulf of Mexico", "Strait of Hormuz", "Brazos River", "Rio Grande Valley"), "LOC")
    assert types["Houston"] == "GPE"


def test_company_words_make_an_organisation() -> None:
    types = _types(
        "Tullow Oil and Harbour Energy cut jobs. Northland Power paused work. Vestas Wind Systems and Siemens "
        "Gamesa supply the turbines. Procter & Gamble Co gained."
    )
    for name in ("Tullow Oil", "Harbour Energy", "Northland Power", "Vestas Wind Systems", "Siemens Gamesa",
                 "Procter & Gamble Co"):
        assert types.get(name) == "ORG", name


def test_an_unknown_name_acting_as_a_company_is_one_everywhere() -> None:
    text = (
        "Kelvora said on Tuesday it would build three wind farms. Kelvora shares rose 2 percent in Oslo.\n"
        "\"The market is ready,\" said Anders Opedal, Kelvora's chief executive. Brantwell Mutual, the "
        "Houston-based company, shut two refineries. Dravenport said its profit fell."
    )
    mentions = find_entities(parsed_article(text))
    assert [mention.type for mention in mentions if mention.text == "Kelvora"] == ["ORG", "ORG", "ORG"]
    types = {mention.text: mention.type for mention in mentions}
    assert (types["Brantwell Mutual"], types["Dravenport"], types["Anders Opedal"], types["Oslo"]) == (
        "ORG", "ORG", "PERSON", "GPE")


def test_a_known_company_that_speaks_is_no_person() -> None:
    types = _types("Shell said it would sell its stake. BP declined to comment.")
    assert (types["Shell"], types["BP"]) == ("ORG", "ORG")


def test_people_stay_people_beside_companies() -> None:
    text = ("Governor Greg Abbott declared an emergency. Maria Lopez, a resident, said the water rose fast. "
            "Engie's chief executive Catherine MacGregor spoke in Paris. MacGregor said the plan was sound.")
    mentions = find_entities(parsed_article(text))
    people = {mention.canonical for mention in mentions if mention.type == "PERSON"}
    assert people == {"Greg Abbott", "Maria Lopez", "Catherine MacGregor"}
    assert {mention.text: mention.type for mention in mentions}["Engie"] == "ORG"


def test_a_role_held_in_a_company_names_no_person() -> None:
    mentions = find_entities(parsed_article("The Chief Operating Officer of Kestrel Airways spoke on Monday."))
    assert [(mention.text, mention.type) for mention in mentions] == [("Kestrel Airways", "ORG")]


def test_names_joined_by_and_are_typed_each() -> None:
    types = _types("He said Santos Ltd and Woodside Energy merged, while Northrop Grumman and EADS did not. "
                   "He met Bill Clinton and Hillary Clinton there. The Securities and Exchange Commission sued.")
    assert [types.get(name) for name in ("Santos Ltd", "Woodside Energy", "Northrop Grumman", "EADS", "Bill Clinton",
                                         "Hillary Clinton", "Securities and Exchange Commission")] == [
        "ORG", "ORG", "ORG", "ORG", "PERSON", "PERSON", "ORG"]


def test_a_city_whose_first_word_is_also_a_city_stays_a_city() -> None:
    assert _types("The event was held in downtown San Jose on Monday.") == {"San Jose": "GPE"}


def test_words_before_a_name_can_make_it_a_company() -> None:
    types = _types("Danish energy company Orsted won the tender. Oslo-based Kelvora lost it. "
                   "Investors bought shares of Dravex, and oil major Brantwell rose.")
    assert [types.get(name) for name in ("Orsted", "Kelvora", "Dravex", "Brantwell")] == ["ORG"] * 4
    assert "Oslo-based Kelvora" not in types


def test_a_dateline_in_capitals_is_its_place_and_a_unit_symbol_no_organisation() -> None:
    mentions = find_entities(parsed_article("OSLO, June 2 - The group paused a 1,200 MW project and a 5 GW plan."))
    assert [(mention.text, mention.type, mention.canonical) for mention in mentions] == [("OSLO", "GPE", "Oslo")]


def test_a_title_makes_a_person_whatever_the_last_word_of_the_name() -> None:
    mentions = find_entities(parsed_article("Ambassador Samantha Power met Director Michael Bay on Monday."))
    assert [(mention.text, mention.type, mention.role) for mention in mentions] == [
        ("Samantha Power", "PERSON", "Ambassador"), ("Michael Bay", "PERSON", "Director")]


def test_an_age_after_a_lone_name_makes_a_person() -> None:
    assert _types("Later Okafor, 45, a teacher, went home.") == {"Okafor": "PERSON"}


def test_plurals_for_people_opening_a_sentence_are_no_names() -> None:
    text = "Officials said the dam held. Analysts expect more rain. Others disagreed. Witnesses said so."
    assert _types(text) == {}


def test_head_words_in_a_title_case_headline_decide_only_for_names_the_body_repeats() -> None:
    text = ("Kelvora Plans Three Wind Farms In North Sea Waters\n"
            "Kelvora said its wind farms in the North Sea would be built by 2030, and the waters there are deep.")
    mentions = find_entities(parsed_article(text))
    # "Kelvora Plans" is no company's name, "North Sea Waters" no sea's
    assert [(mention.text, mention.type) for mention in mentions if mention.start < text.index("\n")] == [
        ("North Sea", "LOC")]


def test_a_person_after_a_role_held_in_a_named_body() -> None:
    mentions = find_entities(parsed_article("Director of Air Force Communications Bill Bodie wrote back."))
    assert [(mention.text, mention.type, mention.role) for mention in mentions] == [
        ("Air Force Communications", "ORG", None),
        ("Bill Bodie", "PERSON", "Director of Air Force Communications")]


def test_a_lone_word_that_speaks_is_a_company_unless_a_given_name_or_pronoun_says_person():
    text = ("Orsted said output rose. Vestas said it would hire. Melanie said the plan works. "
            "Okafor said he would stay.")
    types = _types(text)
    assert types["Orsted"] == types["Vestas"] == "ORG"
    assert types["Melanie"] == types["Okafor"] == "PERSON"
