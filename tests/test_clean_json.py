"""JSON articles: one object with a title, a text or body and metadata keys."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from flows.clean import clean_article
from flows.records import ArticleError

FIXTURES = Path(__file__).parent / "fixtures" / "articles"


def test_json_article_fields():
    article = clean_article((FIXTURES / "article.json").read_bytes(), "article.json", ".json")
    assert article.meta.title == "Ferry timetable changes for the summer"
    assert article.meta.published == date(2024, 5, 1)
    assert article.meta.published_source == "front-matter"
    assert article.meta.source == "The Coastal Courier"
    assert article.meta.authors == ["Tom Berg"]
    assert article.text == (
        "Ferries will run every 20 minutes from June, the operator said on Wednesday.\n"
        "The last crossing leaves at 11:30 p.m., an hour later than in winter."
    )
    assert article.format == "json"


def test_json_body_with_html_markup_becomes_paragraphs():
    data = json.dumps({"headline": "Ferries", "body": "<p>First &amp; foremost, ferries run.</p><p>Second <b>line</b>.</p>"})
    article = clean_article(data.encode(), "a.json", ".json")
    assert article.meta.title == "Ferries"
    assert article.text == "First & foremost, ferries run.\nSecond line."


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ('{"title": "x", "text": "unterminated', "malformed"),
        ('["one", "two"]', "one article object"),
        ('{"title": "No body"}', "no text or body"),
        ('{"title": "x", "text": {"nested": true}}', "no text or body"),
        ('{"title": "x", "text": "Body.", "published": "soon"}', "not a YYYY-MM-DD date"),
    ],
    ids=["truncated", "list", "no-body", "body-not-text", "bad-date"],
)
def test_bad_json_is_a_clean_error(data, message):
    with pytest.raises(ArticleError, match=message) as error:
        clean_article(data.encode(), "a.json", ".json")
    assert error.value.stage == "clean"


def test_json_body_as_a_list_of_paragraphs():
    data = json.dumps({"title": "Ferries", "body": ["First paragraph.", "Second paragraph."], "author": "Tom Berg and Ana Lima"})
    article = clean_article(data.encode(), "a.json", ".json")
    assert article.text == "First paragraph.\nSecond paragraph."
    assert article.meta.authors == ["Tom Berg", "Ana Lima"]
