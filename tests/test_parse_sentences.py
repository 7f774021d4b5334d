"""Paragraph and sentence spans: abbreviations, decimals, ellipses, and quotes with their speaker."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.clean import clean_article
from flows.parse import parse_article
from flows.records import ArticleMeta, CleanArticle

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_f4a7255485200af2.txt"


def _sentences(text: str) -> list[str]:
    article = CleanArticle("a.txt", text, ArticleMeta(), "0" * 64, "txt")
    parsed = parse_article(article)
    return [text[span.start : span.end] for span in parsed.sentences]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "U.S. President Donald Trump spoke. Gen. Mark Milley and Mr. Smith agreed.",
            ["U.S. President Donald Trump spoke.", "Gen. Mark Milley and Mr. Smith agreed."],
        ),
        (
            "Sanctions were imposed by the U.S. The talks failed.",
            ["Sanctions were imposed by the U.S.", "The talks failed."],
        ),
        (
            "Prices rose 20.5 percent on Jan. 5 to $3.25 a gallon. Analysts expected 1.2.",
            ["Prices rose 20.5 percent on Jan. 5 to $3.25 a gallon.", "Analysts expected 1.2."],
        ),
        (
            "He paused... Then he left. Was it over? Yes!",
            ["He paused...", "Then he left.", "Was it over?", "Yes!"],
        ),
        (
            "The report by J. K. Rowling's agent came out. It sold well.",
            ["The report by J. K. Rowling's agent came out.", "It sold well."],
        ),
        (
            "Shares of Acme Inc. rose. Smith Corp. fell.",
            ["Shares of Acme Inc. rose.", "Smith Corp. fell."],
        ),
        (
            "the sentence continues after e.g. this. And ends here.",
            ["the sentence continues after e.g. this.", "And ends here."],
        ),
        (
            "Shares of Acme Inc. The company said No. 5 was sold. They looked at the sun. Sun. Feb. 2 came.",
            ["Shares of Acme Inc.", "The company said No. 5 was sold.", "They looked at the sun.", "Sun. Feb. 2 came."],
        ),
        (
            "He said no. Nobody asked again.",
            ["He said no.", "Nobody asked again."],
        ),
    ],
    ids=["titles", "acronym-at-end", "decimals-and-months", "ellipsis-and-marks", "initials", "companies",
         "e.g.", "case-and-company-at-end", "no-is-not-always-number"],
)
def test_sentence_boundaries(text, expected):
    assert _sentences(text) == expected


def test_a_quote_followed_by_its_speaker_stays_with_the_speaker():
    text = "'We have four days. Diplomacy must be substantive.' Umerov emphasized. Talks begin on Monday."
    sentences = _sentences(text)
    assert sentences[-2].endswith("substantive.' Umerov emphasized.")
    assert sentences[-1] == "Talks begin on Monday."


def test_a_quote_followed_by_a_new_sentence_is_cut_after_the_quote():
    text = "Lavrov stated, 'We are prepared.' Medinsky, a former culture minister, leads the delegation."
    assert _sentences(text) == ["Lavrov stated, 'We are prepared.'", "Medinsky, a former culture minister, leads the delegation."]


def test_sentences_never_cross_paragraphs():
    assert _sentences("First paragraph without a stop\nSecond one.") == ["First paragraph without a stop", "Second one."]


def test_seed_structure():
    parsed = parse_article(clean_article(SEED.read_bytes(), SEED.name, ".txt"))
    text = parsed.text
    assert len(parsed.paragraphs) == 11
    assert [text[p.start : p.end] for p in parsed.paragraphs] == text.split("\n")
    sentences = [text[s.start : s.end] for s in parsed.sentences]
    assert len(sentences) == 22
    assert sentences[4].startswith("U.S. President Donald Trump, who has been advocating")
    assert any(sentence.endswith("tangible results.' Umerov emphasized.") for sentence in sentences)
    # Every sentence lies inside one paragraph and sentences are in order without overlap.
    for sentence in parsed.sentences:
        assert any(p.start <= sentence.start and sentence.end <= p.end for p in parsed.paragraphs)
    assert all(a.end <= b.start for a, b in zip(parsed.sentences, parsed.sentences[1:]))
