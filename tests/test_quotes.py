"""Direct quotes and reported statements of the seed article against its gold list, and the quote-mark cases news
text throws at the extractor."""

from __future__ import annotations

import json

import pytest

from flows.extract.entities import find_entities
from flows.extract.quotes import find_quotes
from flows.records import Quote
from tests.evaluation.articles import SEED_GOLD, parsed_article, seed_body


def quotes_of(text: str) -> list[Quote]:
    parsed = parsed_article(text)
    return find_quotes(parsed, find_entities(parsed))


@pytest.fixture(scope="module")
def gold() -> dict:
    return json.loads(SEED_GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def predicted() -> list[Quote]:
    return quotes_of(seed_body())


def test_all_direct_quotes_with_speaker_cue_and_span(gold: dict, predicted: list[Quote]) -> None:
    direct = [(quote.start, quote.end, quote.speaker, quote.cue) for quote in predicted if quote.direct]
    expected = [(quote["start"], quote["end"], quote["speaker"], quote["cue"]) for quote in gold["quotes"]]
    assert direct == expected


def test_reported_statements_recall(gold: dict, predicted: list[Quote]) -> None:
    reported = [quote for quote in predicted if not quote.direct]
    found = [
        statement
        for statement in gold["statements"]
        if any(
            quote.start == statement["start"] and quote.speaker == statement["speaker"] and quote.cue == statement["cue"]
            for quote in reported
        )
    ]
    assert len(found) / len(gold["statements"]) >= 0.9
    assert len(found) / len(reported) >= 0.9


def test_apostrophes_inside_words_are_not_quote_marks() -> None:
    quotes = quotes_of("Trump said, 'I’m sure we don’t need Russia's consent for this.'")
    assert [(quote.text, quote.speaker_text, quote.cue) for quote in quotes if quote.direct] == [
        ("I’m sure we don’t need Russia's consent for this.", "Trump", "said")
    ]


def test_speaker_after_the_quote_in_either_order() -> None:
    text = "“We will not back down from this fight,” Senator Jane Miller said.\n“Nobody expected the vote to pass,” said Tom Reed."
    assert [(quote.speaker, quote.cue) for quote in quotes_of(text)] == [("Jane Miller", "said"), ("Tom Reed", "said")]


def test_pronoun_speaker_resolves_to_the_nearest_person() -> None:
    text = "Governor Ann Lee spoke on Monday.\n“The budget is balanced and the schools are funded,” she told reporters."
    quote = next(quote for quote in quotes_of(text) if quote.direct)
    assert (quote.speaker, quote.speaker_text, quote.cue) == ("Ann Lee", "she", "told")


def test_quote_running_over_paragraphs_keeps_its_speaker() -> None:
    text = "“We are ready to negotiate today,” Lavrov said.\n“The memorandum will be presented in Istanbul on Monday.”"
    assert [quote.speaker for quote in quotes_of(text) if quote.direct] == ["Lavrov", "Lavrov"]


def test_according_to_and_reported_clause() -> None:
    text = "According to Ukrainian officials, the strikes hit three power plants overnight.\nZelensky said that the army would hold the line."
    reported = [(quote.speaker_text, quote.cue, quote.text) for quote in quotes_of(text) if not quote.direct]
    assert reported == [
        ("Ukrainian officials", "According", "the strikes hit three power plants overnight."),
        ("Zelensky", "said", "the army would hold the line."),
    ]


def test_quoted_titles_and_single_words_are_not_speech() -> None:
    text = "She appeared on “Meet the Press” and called the plan “rigged” before leaving."
    assert [quote for quote in quotes_of(text) if quote.direct] == []


def test_pronoun_skips_a_person_the_article_marks_as_the_other_gender() -> None:
    text = "Mrs. Ann Jones met Mr. Bob Smith on Monday.\n“The agreement is fair to everyone involved,” she said."
    quote = next(quote for quote in quotes_of(text) if quote.direct)
    assert (quote.speaker, quote.speaker_text) == ("Ann Jones", "she")


def test_a_cue_that_hands_over_to_the_next_quote_does_not_claim_the_one_before() -> None:
    text = "“We are refugees,” Ms. Alawee said. “We are not terrorists.” Mr. Zahed said: “The attack was terrorism.”"
    speakers = [(quote.text, quote.speaker_text) for quote in quotes_of(text) if quote.direct]
    assert speakers == [
        ("We are refugees", "Ms. Alawee"),
        ("We are not terrorists.", "Ms. Alawee"),
        ("The attack was terrorism.", "Mr. Zahed"),
    ]


def test_a_document_or_group_speaks_as_a_noun_phrase() -> None:
    text = "“The nation’s demographic changes add to the urgency,” the report stated. “Whites will be a minority.”"
    quotes = [quote for quote in quotes_of(text) if quote.direct]
    assert [(quote.speaker, quote.speaker_text, quote.cue) for quote in quotes] == [
        (None, "the report", "stated"),
        (None, "the report", None),  # going on with the same source, no cue of its own
    ]


def test_a_quote_inside_a_sentence_without_a_speech_verb_belongs_to_its_subject() -> None:
    text = (
        "Mary Stone spoke on Monday. “Everything is fine,” Stone said.\n"
        "She wants the candidates “first and foremost to admit that it is a real thing.”"
    )
    quote = quotes_of(text)[-1]
    assert (quote.speaker, quote.speaker_text, quote.direct) == ("Mary Stone", "She", True)


def test_an_inverted_cue_after_a_partial_quote_names_the_speaker_after_it() -> None:
    text = "“We’re extremely happy” about the decision, said RoseAnn DeMoro, the union’s executive director."
    quote = next(quote for quote in quotes_of(text) if quote.direct)
    assert (quote.speaker, quote.cue) == ("RoseAnn DeMoro", "said")


def test_a_relative_pronoun_speaks_for_the_person_before_it() -> None:
    text = "The loss was steep for Bernie Sanders, who said he intended to get “recharged and take a day off.”"
    quote = next(quote for quote in quotes_of(text) if quote.direct)
    assert (quote.speaker, quote.speaker_text) == ("Bernie Sanders", "who")


def test_a_name_after_a_dash_signs_the_quote_before_it() -> None:
    text = (
        "“He makes blanket statements about people he knows nothing about.” ― Pamela Padilla\n"
        "\"[Americans are] worried about the future of their kids.\"\n\n- Bernie Sanders.\n\nThe senator is wrong."
    )
    assert [(quote.speaker_text, quote.cue) for quote in quotes_of(text) if quote.direct] == [
        ("Pamela Padilla", "―"),
        ("Bernie Sanders", "-"),
    ]


def test_a_few_words_quoted_inside_the_writers_sentence_are_a_term_not_a_quote() -> None:
    text = (
        "Mayor Ellen Park said she had “serious doubts about the bid” for the stadium.\n"
        "The council called the vote “a costly mistake” on Tuesday.\n"
        "“Too little, too late,” said Tom Ruiz, a council member.\n"
        "The plans are “far too expensive,” said Ann Cole, another member.\n"
        "Park said the city was “not going to pay for a stadium it cannot afford.”"
    )
    quotes = [(quote.text, quote.speaker) for quote in quotes_of(text) if quote.direct]
    assert quotes == [
        ("Too little, too late", "Tom Ruiz"),
        ("not going to pay for a stadium it cannot afford.", "Ellen Park"),
    ]
    # the sentence around a borrowed term is still reported
    assert any(quote.text.startswith("she had") and not quote.direct for quote in quotes_of(text))


def test_a_quoted_transcript_is_said_by_the_speaker_each_label_names() -> None:
    text = (
        "Senator Maria Lopez spoke to host Dan Kerr on Sunday.\n\n"
        "\"KERR: Will you vote for the bill on Friday morning?\n\n"
        "\"LOPEZ: I will vote for it, and so will most of my colleagues.\n\n"
        "\"The bill protects the families who need it the most.\n\n"
        "\"(CROSSTALK)\n\n"
        "\"KERR: Thank you for joining us today, Senator.\"\n\n"
        "Lopez later wrote: \"UPDATE: the bill passed the house tonight with a large majority.\""
    )
    turns = [(quote.text, quote.speaker, quote.speaker_text) for quote in quotes_of(text) if quote.direct]
    assert turns == [
        ("Will you vote for the bill on Friday morning?", "Dan Kerr", "KERR"),
        ("I will vote for it, and so will most of my colleagues.", "Maria Lopez", "LOPEZ"),
        ("The bill protects the families who need it the most.", "Maria Lopez", "LOPEZ"),
        ("Thank you for joining us today, Senator.", "Dan Kerr", "KERR"),
        ("UPDATE: the bill passed the house tonight with a large majority.", "Maria Lopez", "Lopez"),
    ]


def test_a_title_in_curly_marks_inside_a_straight_quote_does_not_close_it() -> None:
    text = '"It felt like an episode of “The Apprentice.” Nobody in the room laughed," Lopez said.'
    assert [(quote.text, quote.speaker_text) for quote in quotes_of(text) if quote.direct] == [
        ("It felt like an episode of “The Apprentice.” Nobody in the room laughed", "Lopez")
    ]


@pytest.mark.parametrize(
    ("text", "speaker", "speaker_text"),
    [
        ('"The plant will close in March," said John Smith, the company\'s chief executive.', "John Smith",
         "John Smith"),
        ('"The deal is off," Paul Harris, a spokesman for Acme Corp, said on Monday.', "Paul Harris", "Paul Harris"),
        ('Paul Harris, a spokesman for the Ministry of Finance, said: "The figures will be published on Friday."',
         "Paul Harris", "Paul Harris"),
        ('David Kim an analyst for Bay Capital, commented: "The market has priced in a rate cut already."',
         "David Kim", "David Kim"),
        ('According to Laura Chen, the bank\'s chief economist, "inflation will fall below two percent next year."',
         "Laura Chen", "Laura Chen"),
        ('Reuters quoted Ahmed Karimi as saying: "The border will stay closed until further notice."',
         "Ahmed Karimi", "Ahmed Karimi"),
        ('"The border will stay closed until further notice," the agency quoted Ahmed Karimi as saying.',
         "Ahmed Karimi", "Ahmed Karimi"),
        ('The plan was praised by Senator Ruth Adler as "the best chance in a decade to fix the roads."',
         "Ruth Adler", "Senator Ruth Adler"),
        ('Ruth Adler released a statement saying "the bill will protect every family in the state."',
         "Ruth Adler", "Ruth Adler"),
        ('Banks rallied, with Harbor Securities analyst Mia Tran saying "the worst of the losses is behind us."',
         "Mia Tran", "Harbor Securities analyst Mia Tran"),
        ('A view is offered by Oskar Lind, an economist at Uppsala University, who stated, "Prices will keep rising '
         'all year."', "Oskar Lind", "who"),
        ('Mayor Tom Reed spoke on Monday. Of the new rules he said, "They will cost us a great deal of money."',
         "Tom Reed", "he"),
        ('Sen. Ann Lowe met Tom Reed on Monday.\n"We will not vote for this bill as it stands," the senator said.',
         "Ann Lowe", "the senator"),
        ('"We will not vote for this bill as it stands," Rep. Ann Lowe (D-Ohio), a member of the panel, said.',
         "Ann Lowe", "Rep. Ann Lowe (D-Ohio)"),
        ('Ann Lowe made the following comment: "We will not vote for this bill as it stands."', "Ann Lowe",
         "Ann Lowe made the following"),
    ],
    ids=["said-name-apposition", "name-apposition-said", "apposition-colon", "apposition-without-comma",
         "according-to", "quoted-as-saying", "quoted-as-saying-after", "passive-agent", "statement-saying",
         "with-name-saying", "who-after-apposition", "pronoun-after-fronted-phrase", "the-title",
         "name-with-party-tag", "clause-before-a-noun-cue"],
)
def test_named_sources(text: str, speaker: str | None, speaker_text: str) -> None:
    quote = next(quote for quote in quotes_of(text) if quote.direct)
    assert (quote.speaker, quote.speaker_text) == (speaker, speaker_text)


def test_a_quoted_sentence_ends_the_writers_sentence_before_the_next_speaker() -> None:
    text = (
        'A statement by Boeing given by spokesman Jim Ode said "We are very disappointed ... We will decide on our '
        'options." Oregon senator Ann Lowe, who comes from the state where the company builds its jets, said in a '
        'statement "This is a blow to our workers."'
    )
    assert [quote.speaker for quote in quotes_of(text) if quote.direct] == ["Jim Ode", "Ann Lowe"]


@pytest.mark.parametrize(
    ("text", "speaker", "organisation"),
    [
        ('"The deal is off," Paul Harris, a spokesman for Acme Corp, said on Monday.', "Paul Harris", "Acme Corp"),
        ('Acme Corp spokesman Paul Harris said: "The deal is off for now."', "Paul Harris", "Acme Corp"),
        ('"We have no plans to sell," said Maria Gonzalez, chief executive of Northwind Energy.', "Maria Gonzalez",
         "Northwind Energy"),
        ('"The deal is off," Paul Harris said in Paris on Monday.', "Paul Harris", None),
        ('"We will appeal," said Tom Reed, who spoke for the families.', "Tom Reed", None),
        ('A Northwind Energy spokesman said: "We have no comment on the report at this time."', "Northwind Energy",
         "Northwind Energy"),
    ],
    ids=["apposition-after", "organisation-before", "chief-of", "no-apposition", "relative-clause",
         "unnamed-spokesman"],
)
def test_the_organisation_a_named_speaker_speaks_for(text: str, speaker: str, organisation: str | None) -> None:
    quote = next(quote for quote in quotes_of(text) if quote.direct)
    assert (quote.speaker, quote.speaker_org) == (speaker, organisation)


def test_a_quote_going_on_keeps_the_organisation_of_its_speaker() -> None:
    text = '"The deal is off," said Paul Harris, a spokesman for Acme Corp.\n"We will not talk to them again."'
    assert [quote.speaker_org for quote in quotes_of(text) if quote.direct] == ["Acme Corp", "Acme Corp"]


def test_a_quoted_title_with_its_authors_credit_is_not_speech() -> None:
    text = 'MUST READ—"City council votes to close the old stadium next spring," by Tribune\'s Ann Cole: "The vote was 7-2."'
    assert [quote.text for quote in quotes_of(text) if quote.direct] == ["The vote was 7-2."]
