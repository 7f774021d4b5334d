"""Reported speech without quote marks: every cue of a sentence, with the source each one names."""

from __future__ import annotations

from flows.extract.entities import find_entities
from flows.extract.quotes import find_quotes
from tests.evaluation.articles import parsed_article


def statements_of(text: str) -> list[tuple[str | None, str | None, str]]:
    parsed = parsed_article(text)
    return [
        (quote.speaker_text, quote.cue, quote.text)
        for quote in find_quotes(parsed, find_entities(parsed))
        if not quote.direct
    ]


def test_two_cues_in_one_sentence_give_two_statements() -> None:
    text = "Defense Secretary Ash Carter said he stopped the practice, but Carter did not say when he stopped it."
    assert statements_of(text) == [
        ("Defense Secretary Ash Carter", "said", "he stopped the practice"),
        ("Carter", "say", "when he stopped it."),
    ]


def test_subject_past_a_relative_clause_and_a_first_verb() -> None:
    text = (
        "U.S. President Donald Trump, who has been advocating for a peace deal, expressed frustration and signaled "
        "he would assess the talks within two weeks."
    )
    assert statements_of(text) == [("Donald Trump", "signaled", "he would assess the talks within two weeks.")]


def test_a_cue_carried_on_by_continues_to() -> None:
    text = "Moscow continues to reject calls for an unconditional ceasefire."
    assert statements_of(text) == [("Moscow", "reject", "calls for an unconditional ceasefire.")]


def test_belief_without_that_and_a_question_after_asked() -> None:
    text = "Sanders thinks the Brexit is a great thing.\nA reporter asked Sanders whether he would stay in the race."
    assert statements_of(text) == [
        ("Sanders", "thinks", "the Brexit is a great thing."),
        ("A reporter", "asked", "whether he would stay in the race."),
    ]


def test_a_statement_noun_with_its_owner() -> None:
    parsed = parsed_article("Senator Ann Lee spoke on Monday.\nShe repeated her claim that the election was rigged.")
    statements = [quote for quote in find_quotes(parsed, find_entities(parsed)) if quote.cue == "claim"]
    assert [(quote.speaker, quote.speaker_text, quote.text) for quote in statements] == [
        ("Ann Lee", "her", "the election was rigged.")
    ]


def test_a_headline_names_who_said_it() -> None:
    text = (
        "Lindsey Graham: Trump’s rhetoric is destroying the party\nPoll: Trump ties Clinton in Ohio\n"
        "Update: the senator spoke on Monday."
    )
    assert statements_of(text) == [
        ("Lindsey Graham", ":", "Trump’s rhetoric is destroying the party"),
        ("Poll", ":", "Trump ties Clinton in Ohio"),
    ]
