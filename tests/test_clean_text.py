"""Plain-text and Markdown articles: title, front matter, body paragraphs and the sources trailer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from flows.clean import clean_article
from flows.records import ArticleError

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "articles"
SEED = ROOT / "seeds" / "000_f4a7255485200af2.txt"


def _clean(text: str, suffix: str = ".txt"):
    return clean_article(text.encode("utf-8"), f"article{suffix}", suffix)


def test_seed_title_body_and_trailer():
    data = SEED.read_bytes()
    article = clean_article(data, SEED.name, ".txt")
    assert article.meta.title == "Russia and Ukraine Prepare for New Peace Talks Amid Growing Tensions"
    paragraphs = article.text.split("\n")
    assert len(paragraphs) == 11
    assert paragraphs[0].startswith("Russia announced on Wednesday, May 28,")
    assert paragraphs[-1].endswith("within Ukrainian territory.")
    assert "Related Sources" not in article.text
    assert article.format == "txt"
    assert article.source_key == SEED.name
    assert len(article.content_sha256) == 64


def test_seed_quote_marks_are_kept_as_written():
    article = clean_article(SEED.read_bytes(), SEED.name, ".txt")
    assert "'Moscow has at least four more days" in article.text
    assert "If I think I’m close to getting a deal, I don’t want" in article.text
    assert "Russia's proposal" in article.text


def test_related_sources_trailer_becomes_the_url():
    article = _clean("Headline\nBody text.\nRelated Sources:\n- https://news.example/a\n- https://news.example/b\n")
    assert article.text == "Body text."
    assert article.meta.url == "https://news.example/a"


def test_blank_lines_and_surrounding_space_are_not_paragraphs():
    article = _clean("\n\n  Headline  \n\n First paragraph. \n\n\n Second paragraph. \n\n")
    assert article.meta.title == "Headline"
    assert article.text == "First paragraph.\nSecond paragraph."


def test_hard_wrapped_plain_text_joins_lines_of_a_paragraph():
    text = (
        "Headline\n\n"
        "The council approved the budget on Friday after a debate\n"
        "that lasted four hours and ended in a narrow vote.\n\n"
        "The mayor said the vote was fair.\n"
    )
    article = _clean(text)
    assert article.text == (
        "The council approved the budget on Friday after a debate that lasted four hours and ended in a "
        "narrow vote.\nThe mayor said the vote was fair."
    )


def test_a_wrapped_line_ending_in_a_closing_mark_without_a_full_stop_continues():
    text = (
        "Headline\n\n"
        "The buyer said on Wednesday it had bought 54 pct of the shares of Ridge Mills'\n"
        "4.3 mln shares outstanding, raising its stake to 56 pct.\n"
        "A spokesman said the deal was \"done.\"\n"
        "Shares rose.\n"
    )
    paragraphs = _clean(text).text.split("\n")
    assert paragraphs[0].endswith("Ridge Mills' 4.3 mln shares outstanding, raising its stake to 56 pct.")
    assert paragraphs[1:] == ['A spokesman said the deal was "done."', "Shares rose."]


def test_front_matter_gives_metadata_and_markdown_becomes_plain_text():
    data = (FIXTURES / "front_matter.md").read_bytes()
    article = clean_article(data, "front_matter.md", ".md")
    meta = article.meta
    assert meta.title == "Council approves harbour budget"
    assert meta.published == date(2024, 2, 2)
    assert meta.published_source == "front-matter"
    assert meta.published_confidence == 1.0
    assert meta.source == "The Coastal Courier"
    assert meta.url == "https://courier.example/news/harbour-budget"
    assert meta.authors == ["Ana Lima", "Tom Berg"]
    assert article.text == (
        "The city council approved a 12.5 million euro budget for the harbour bridge on Friday, "
        "after a debate that lasted four hours.\n"
        "\"The bridge is the city's lifeline,\" Mayor Rui Costa said."
    )
    assert article.format == "md"


def test_front_matter_without_title_takes_the_first_line():
    article = _clean("---\npublished: 2024-02-02\nauthors: Ana Lima, Tom Berg\n---\nHeadline\nBody.\n")
    assert article.meta.title == "Headline"
    assert article.meta.authors == ["Ana Lima", "Tom Berg"]
    assert article.text == "Body."


def test_front_matter_title_keeps_a_different_first_line_as_body():
    article = _clean("---\ntitle: The real headline\n---\nBRUSSELS (Reuters) - Ministers met on Monday.\n")
    assert article.meta.title == "The real headline"
    assert article.text == "BRUSSELS (Reuters) - Ministers met on Monday."


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("---\ntitle: [unclosed\n---\nHeadline\nBody.\n", "not valid YAML"),
        ("---\n- just\n- a list\n---\nHeadline\nBody.\n", "key: value"),
        ("---\npublished: last Tuesday\n---\nHeadline\nBody.\n", "not a YYYY-MM-DD date"),
    ],
    ids=["broken-yaml", "not-a-mapping", "bad-date"],
)
def test_bad_front_matter_is_a_clean_error(text, message):
    with pytest.raises(ArticleError, match=message) as error:
        _clean(text)
    assert error.value.stage == "clean"


def test_unsupported_suffix_is_refused():
    with pytest.raises(ArticleError, match="not articles"):
        clean_article(b"Headline\nBody.\n", "a.pdf", ".pdf")
