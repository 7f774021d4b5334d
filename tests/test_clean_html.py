"""HTML articles: the main text without page furniture, and metadata from meta tags and JSON-LD."""

from __future__ import annotations

import socket
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from flows.clean import clean_article
from flows.htmltext import trafilatura_paragraphs
from flows.records import ArticleError

FIXTURES = Path(__file__).parent / "fixtures" / "articles"

STORY = (
    "<p>The harbour bridge reopened on Thursday after eight months of repairs, the council said, "
    "ending detours for about 40,000 commuters.</p>"
    "<p>The repairs cost 12.5 million euros, more than planned, because corrosion in the cables was worse.</p>"
)


def _clean(markup: str):
    return clean_article(markup.encode("utf-8"), "page.html", ".html")


@pytest.fixture(scope="module")
def news_page():
    return clean_article((FIXTURES / "news_page.html").read_bytes(), "news_page.html", ".html")


def test_main_text_is_the_story_paragraphs(news_page):
    # No figure caption: trafilatura keeps captions only with include_images, which lost F1 on
    # html-dragnet's TUNE half (see flows.htmltext.TRAFILATURA_OPTIONS).
    assert news_page.text.split("\n") == [
        "The harbour bridge reopened to traffic on Thursday after eight months of repairs, the city council said, "
        "ending long detours for about 40,000 daily commuters.",
        "“We finished two weeks ahead of schedule,” said council engineer Marta Sousa. "
        "‘The new deck should last fifty years.’",
        "The repairs cost 12.5 million euros, 1.3 million more than planned, because corrosion in the steel "
        "cables was worse than inspections had shown.",
        "Cyclists will get a separate lane from May, the council added.",
    ]


@pytest.mark.parametrize(
    "furniture",
    ["Home", "Flux 3000", "Share on", "Tweet", "trackPageView", "Related stories", "ferry leaves",
     "Ferry timetable", "About time", "Comments", "Copyright", "color: red"],
)
def test_page_furniture_is_not_article_text(news_page, furniture):
    assert furniture not in news_page.text


def test_metadata_from_meta_tags_and_json_ld(news_page):
    meta = news_page.meta
    assert meta.title == "Harbour bridge reopens after repairs"
    assert meta.published == date(2024, 3, 14)
    assert meta.published_source == "html-meta"
    assert meta.authors == ["Ana Lima", "Tom Berg"]
    assert meta.url == "https://courier.example/news/harbour-bridge-reopens"
    assert meta.site_name == "The Coastal Courier"
    assert news_page.format == "html"


def test_metadata_without_json_ld_falls_back_to_meta_tags_and_title():
    article = _clean(
        "<html><head><title>Bridge reopens - The Courier</title>"
        '<meta name="author" content="Ana Lima and Tom Berg">'
        '<meta name="date" content="2024-03-14">'
        '<script type="application/ld+json">{broken json</script>'
        f"</head><body>{STORY}</body></html>"
    )
    assert article.meta.title == "Bridge reopens"
    assert article.meta.authors == ["Ana Lima", "Tom Berg"]
    assert article.meta.published == date(2024, 3, 14)


def test_line_breaks_inside_a_block_separate_paragraphs():
    article = _clean(
        "<html><body><div>First line of the story, with enough words to count.<br><br>"
        "Second line of the story, also long enough.</div></body></html>"
    )
    assert article.text == "First line of the story, with enough words to count.\nSecond line of the story, also long enough."


def test_line_breaks_in_the_markup_source_do_not_split_a_paragraph():
    article = _clean(
        "<html><body><article><p>The harbour bridge reopened on Thursday\nafter eight months of repairs,\n"
        "the council said.</p><pre>Closed: March 2023\nReopened: March 2024</pre></article></body></html>"
    )
    assert article.text.split("\n") == [
        "The harbour bridge reopened on Thursday after eight months of repairs, the council said.",
        "Closed: March 2023",
        "Reopened: March 2024",
    ]


def test_truncated_html_keeps_the_text_that_arrived():
    article = _clean(f"<html><head><title>Cut</title></head><body><article>{STORY}<p>The council will rev")
    assert article.text.startswith("The harbour bridge reopened on Thursday")
    assert article.text.endswith("The council will rev")


def test_markup_nested_deeper_than_the_recursion_limit_is_read():
    depth = 5000
    json_ld = '<script type="application/ld+json">' + "[" * depth + "]" * depth + "</script>"
    article = _clean(
        f"<html><head>{json_ld}</head><body>" + "<div><span>" * depth + STORY + "</span></div>" * depth + "</body></html>"
    )
    assert article.text.startswith("The harbour bridge reopened on Thursday")


@pytest.mark.parametrize(
    "markup",
    [
        "<html><head><title>Empty</title></head><body><script>var a = 1;</script></body></html>",
        "<html><body><nav><a href='/'>Home</a></nav></body></html>",
        "<html><head><title>Only a head",
    ],
    ids=["script-only", "navigation-only", "truncated-in-head"],
)
def test_html_without_article_text_is_a_clean_error(markup):
    with pytest.raises(ArticleError, match="no article text") as error:
        _clean(markup)
    assert error.value.stage == "clean"


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE html [<!ENTITY leak SYSTEM "{secret_url}">]>',
        '<!DOCTYPE html SYSTEM "{dtd_url}">',
    ],
    ids=["entity-in-internal-subset", "external-dtd"],
)
def test_no_entity_expansion_and_no_external_resources(tmp_path, doctype):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    dtd = tmp_path / "page.dtd"
    dtd.write_text('<!ENTITY leak "TOPSECRET">')
    markup = (
        '<?xml version="1.0"?>' + doctype.format(secret_url=secret.as_uri(), dtd_url=dtd.as_uri())
        + f"<html><body><article>{STORY}<p>Entity: &leak; end.</p></article></body></html>"
    )
    article = _clean(markup)
    assert "TOPSECRET" not in article.text
    assert "The harbour bridge reopened" in article.text


def test_comments_and_processing_instructions_are_not_text():
    article = _clean(
        '<?xml version="1.0" encoding="iso-8859-1"?><html><body><article>'
        "<!-- editor: hold until the council confirms -->"
        "<p>The harbour bridge re<!-- soft break -->opened on Thursday after eight months of repairs, the council said."
        '<?php echo "draft"; ?></p></article></body></html>'
    )
    assert article.text == "The harbour bridge reopened on Thursday after eight months of repairs, the council said."


def test_forms_inside_the_article_are_dropped_but_a_form_around_the_page_is_not():
    mail_form = (
        "<form action='/mail'><p>Send this story to a friend: enter their address, your name and a short message.</p>"
        "<input name='to'></form>"
    )
    article = _clean(f"<html><body><form id='aspnetForm'><article>{STORY}{mail_form}</article></form></body></html>")
    assert article.text.split("\n") == [
        "The harbour bridge reopened on Thursday after eight months of repairs, the council said, "
        "ending detours for about 40,000 commuters.",
        "The repairs cost 12.5 million euros, more than planned, because corrosion in the cables was worse.",
    ]


def test_an_article_footer_is_not_text():
    footer = "<footer><p>Filed under harbour, bridges, council, traffic and the city's summer works.</p></footer>"
    article = _clean(f"<html><body><article>{STORY}{footer}</article></body></html>")
    assert "Filed under" not in article.text
    assert article.text.startswith("The harbour bridge reopened")


@pytest.mark.parametrize(
    "hidden",
    ['style="display: none"', "hidden", 'aria-hidden="true"', 'class="print-copy hidden"', 'class="d-none"'],
)
def test_hidden_elements_are_not_text(hidden):
    copy = f"<div {hidden}><p>The harbour bridge reopened, a second copy of the story kept for printing only.</p></div>"
    article = _clean(f"<html><body><article>{STORY}{copy}</article></body></html>")
    assert "second copy" not in article.text
    assert article.text.startswith("The harbour bridge reopened on Thursday")


def test_date_and_url_from_time_element_and_canonical_link():
    article = _clean(
        "<html><head><title>Bridge reopens</title>"
        '<link rel="alternate stylesheet" href="/print.css"><link rel="Canonical" href="https://courier.example/bridge">'
        '<meta property="og:url" content="https://courier.example/bridge?from=og"></head>'
        f'<body><article><time datetime="2024-03-14T08:30:00+00:00">Thursday</time>{STORY}</article></body></html>'
    )
    assert article.meta.published == date(2024, 3, 14)
    assert article.meta.url == "https://courier.example/bridge"
    assert article.meta.title == "Bridge reopens"


def test_markup_that_looks_like_a_url_or_xml_logs_no_parser_warnings():
    # In a fresh interpreter that shows every warning: pytest's own warning capture would hide them.
    script = (
        "from flows.htmltext import parse_html_page\n"
        "parse_html_page('https://courier.example/harbour-bridge')\n"
        "parse_html_page('<?xml version=\"1.0\"?><story><p>The bridge reopened.</p></story>')\n"
    )
    result = subprocess.run(
        [sys.executable, "-W", "always", "-c", script],
        cwd=Path(__file__).resolve().parents[1], capture_output=True, text=True, check=True,
    )
    assert result.stderr == ""


# A story long enough that trafilatura's text is used, not the block-scorer fallback.
LONG_STORY = STORY * 4


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE html [<!ENTITY leak SYSTEM "{secret_url}">]>',
        '<!DOCTYPE html [<!ENTITY leak "TOPSECRET">]>',
        '<!DOCTYPE html SYSTEM "{dtd_url}">',
    ],
    ids=["external-entity", "internal-entity", "external-dtd"],
)
def test_the_trafilatura_path_expands_no_entity_and_loads_no_file(tmp_path, doctype):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    dtd = tmp_path / "page.dtd"
    dtd.write_text('<!ENTITY leak "TOPSECRET">')
    markup = (
        doctype.format(secret_url=secret.as_uri(), dtd_url=dtd.as_uri())
        + f"<html><body><article>{LONG_STORY}<p>Entity: &leak; end of the story.</p></article></body></html>"
    )
    paragraphs = trafilatura_paragraphs(markup)
    assert paragraphs and paragraphs[0].startswith("The harbour bridge reopened")
    assert not any("TOPSECRET" in paragraph for paragraph in paragraphs)
    assert "TOPSECRET" not in _clean(markup).text


def test_the_html_path_opens_no_connection(monkeypatch):
    # Any socket connection fails the test, so a DTD, stylesheet or image URL that was fetched would show.
    attempts: list[object] = []

    def refuse(self, address):
        attempts.append(address)
        raise OSError("no network in tests")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    markup = (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://127.0.0.1:9/xhtml1-strict.dtd">'
        '<html><head><link rel="stylesheet" href="http://127.0.0.1:9/site.css">'
        '<link rel="canonical" href="http://127.0.0.1:9/story"></head>'
        f'<body><article><img src="http://127.0.0.1:9/bridge.jpg">{LONG_STORY}</article></body></html>'
    )
    article = _clean(markup)
    assert article.text.startswith("The harbour bridge reopened")
    assert attempts == []
