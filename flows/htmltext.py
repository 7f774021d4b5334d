"""Main article text and metadata from an HTML page, without fetching anything.

The page is parsed with lxml's HTML parser (no network, no DTD entity expansion: HTML parsing never
loads external resources). Boilerplate is removed in two passes:

1. drop elements that are never article text (scripts, styles, navigation, asides) and elements whose
   class or id names them as boilerplate (share bars, comments, ads, related links);
2. score the remaining text blocks the way readability-style extractors do (long text with commas
   scores high, link-heavy text scores low), pick the container that collects the most score, and
   keep the blocks inside it that are not mostly links.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from datetime import date

from lxml import etree, html

from flows.pubdate import parse_iso_date
from flows.textnorm import same_words

# Elements whose content is never article text. (Not <form>: some site engines wrap the whole page in one.)
_DROP_TAGS = (
    "script", "style", "noscript", "iframe", "button", "select", "textarea", "input",
    "nav", "aside", "svg", "canvas", "object", "embed", "video", "audio", "map", "template", "link",
    "meta", "head",
)

# Block-level elements: text inside one of these is one paragraph of output.
_BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "td", "th", "li", "dd", "dt", "blockquote", "pre",
    "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "ul", "ol", "dl", "center", "header",
    "footer", "figure", "figcaption", "address", "body",
})
_PARAGRAPH_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dd", "dt", "pre", "blockquote", "figcaption"})

# class/id words that mark boilerplate, unless a content word ("article", "post", ...) is there too.
_BOILERPLATE_WORDS = frozenset({
    "widget", "nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "footer", "masthead",
    "tools", "toolbar", "pagination", "pager", "tags", "tagcloud", "rss", "print", "login", "banner",
    "skip", "popular", "trending", "cookie", "popup", "modal",
})
# class/id words that mark article content: they protect an element from the words above.
_CONTENT_WORDS = frozenset({
    "article", "story", "post", "entry", "content", "body", "text", "main", "blog", "articlebody",
    "storybody", "storytext", "posttext", "entrycontent", "postcontent", "postbody",
})
# Boilerplate that no content word redeems: "comment-text" is a comment, "share-content" a share bar.
_ALWAYS_BOILERPLATE_WORDS = frozenset({
    "comment", "comments", "commentlist", "disqus", "respond", "share", "sharing", "social", "sharebar",
    "addthis", "sidebar", "ad", "ads", "advert", "advertisement", "adsense", "sponsor", "sponsored",
    "promo", "related", "recommended", "newsletter", "subscribe", "signup", "outbrain", "taboola",
    "mostread", "mostpopular",
})
# Class names that describe the post rather than a page part (WordPress adds "tag-share",
# "category-social-media", "has-sidebar" to the article itself), and layout wrappers that hold more
# than their name says ("content-sidebar-wrap").
_DESCRIPTIVE_PREFIXES = ("tag-", "category-", "entry-category-", "author-", "has-", "post-format-", "format-")
_WRAPPER_WORDS = frozenset({"wrap", "wrapper", "container", "outer", "inner", "holder", "layout", "page"})

# Share of a block's characters inside links above which the block is navigation, not text.
_MAX_LINK_DENSITY_IN_ARTICLE = 0.8

_SPACE = re.compile(r"[ \t\r\f\v\u00a0]+")


@dataclass
class HtmlPage:
    """What an HTML page says: its main text as paragraphs and its metadata."""

    paragraphs: list[str]
    title: str | None = None
    published: date | None = None
    authors: list[str] = field(default_factory=list)
    url: str | None = None
    site_name: str | None = None


def parse_html_page(markup: str) -> HtmlPage:
    """Main text paragraphs and metadata of one HTML page."""
    root = _parse_tree(markup)
    if root is None:
        return HtmlPage(paragraphs=[])
    page = _page_metadata(root)
    paragraphs = _main_text_paragraphs(root)
    # The page headline usually opens the main text as well; the title lives in meta, not in the body.
    if page.title and paragraphs and same_words(paragraphs[0], page.title):
        paragraphs = paragraphs[1:]
    return replace(page, paragraphs=paragraphs)


def _parse_tree(markup: str) -> html.HtmlElement | None:
    # no_network and the default resolve_entities=False of the HTML parser mean nothing is fetched.
    parser = html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, recover=True)
    # An XML declaration with an encoding is refused by lxml for str input; drop it (we decoded already).
    markup = re.sub(r"^\s*<\?xml[^>]*\?>", "", markup)
    try:
        return html.document_fromstring(markup, parser=parser)
    except (etree.ParserError, ValueError):
        return None


# --- metadata -------------------------------------------------------------------------------------


def _page_metadata(root: html.HtmlElement) -> HtmlPage:
    """Title, date, authors, URL and site name from meta tags, JSON-LD and the document (no text yet)."""
    tags = _meta_tags(root)
    json_ld = _json_ld_article(root)
    title = (
        _clean_inline(json_ld.get("headline"))
        or tags.get("og:title")
        or tags.get("twitter:title")
        or _first_text(root, "//h1")
        or _document_title(root)
    )
    published = _first_date(
        json_ld.get("datePublished"),
        tags.get("article:published_time"),
        tags.get("og:published_time"),
        tags.get("date"),
        tags.get("pubdate"),
        tags.get("publishdate"),
        tags.get("dc.date"),
        tags.get("dc.date.issued"),
        _first_attribute(root, "//time[@datetime]", "datetime"),
    )
    authors = _json_ld_authors(json_ld.get("author")) or _split_authors(
        tags.get("author") or tags.get("article:author") or tags.get("dc.creator")
    )
    url = _first_attribute(root, "//link[@rel='canonical']", "href") or tags.get("og:url")
    site_name = tags.get("og:site_name") or _json_ld_publisher(json_ld.get("publisher"))
    return HtmlPage(paragraphs=[], title=title, published=published, authors=authors, url=url, site_name=site_name)


def _meta_tags(root: html.HtmlElement) -> dict[str, str]:
    """`<meta name|property=... content=...>` as a lower-cased dict; the first occurrence wins."""
    found: dict[str, str] = {}
    for element in root.iter("meta"):
        key = (element.get("property") or element.get("name") or element.get("itemprop") or "").strip().lower()
        value = _clean_inline(element.get("content"))
        if key and value and key not in found:
            found[key] = value
    return found


def _json_ld_article(root: html.HtmlElement) -> dict:
    """The first JSON-LD object that describes an article (NewsArticle, BlogPosting, ...)."""
    for script in root.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue  # broken JSON-LD is common; the meta tags still apply
        for item in _json_ld_items(data):
            kind = item.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if any(isinstance(k, str) and (k.endswith("Article") or k in {"BlogPosting", "Report"}) for k in kinds):
                return item
    return {}


def _json_ld_items(data: object) -> list[dict]:
    if isinstance(data, list):
        return [item for element in data for item in _json_ld_items(element)]
    if isinstance(data, dict):
        return [data, *_json_ld_items(data.get("@graph", []))]
    return []


def _json_ld_authors(value: object) -> list[str]:
    values = value if isinstance(value, list) else [value]
    names = [_clean_inline(v.get("name") if isinstance(v, dict) else v) for v in values]
    return [name for name in names if name]


def _json_ld_publisher(value: object) -> str | None:
    if isinstance(value, dict):
        return _clean_inline(value.get("name"))
    return None


def _split_authors(value: str | None) -> list[str]:
    if not value:
        return []
    parts = re.split(r"\s*(?:,|;|\band\b|&)\s*", value)
    return [part for part in parts if part]


def _first_date(*candidates: object) -> date | None:
    for candidate in candidates:
        parsed = parse_iso_date(candidate)
        if parsed:
            return parsed
    return None


def _document_title(root: html.HtmlElement) -> str | None:
    title = _first_text(root, "//title")
    if not title:
        return None
    # "Headline - Site Name" / "Headline | Site": keep the headline part.
    return re.split(r"\s+[|\-–—»]\s+", title)[0] or title


def _first_text(root: html.HtmlElement, xpath: str) -> str | None:
    for element in root.xpath(xpath):
        text = _clean_inline(element.text_content())
        if text:
            return text
    return None


def _first_attribute(root: html.HtmlElement, xpath: str, attribute: str) -> str | None:
    for element in root.xpath(xpath):
        value = _clean_inline(element.get(attribute))
        if value:
            return value
    return None


def _clean_inline(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = _SPACE.sub(" ", value.replace("\n", " ")).strip()
    return text or None


# --- main text ------------------------------------------------------------------------------------


@dataclass
class _Block:
    """One paragraph of visible text and the element that holds it."""

    element: html.HtmlElement
    text: str
    link_chars: int

    @property
    def link_density(self) -> float:
        return self.link_chars / max(len(self.text), 1)


def _main_text_paragraphs(root: html.HtmlElement) -> list[str]:
    body = root.find("body")
    if body is None:
        body = root
    _drop_boilerplate(body)
    blocks = _text_blocks(body)
    if not blocks:
        return []
    container = _best_container(blocks, body)
    kept = [block for block in blocks if _inside(block.element, container) and _is_content(block)]
    return [block.text for block in kept]


def _drop_boilerplate(body: html.HtmlElement) -> None:
    etree.strip_elements(body, *_DROP_TAGS, with_tail=False)
    for element in list(body.iter()):
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        if _is_hidden(element) or _named_as_boilerplate(element):
            element.drop_tree()


def _is_hidden(element: html.HtmlElement) -> bool:
    style = (element.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or element.get("hidden") is not None or element.get("aria-hidden") == "true"


def _named_as_boilerplate(element: html.HtmlElement) -> bool:
    if element.tag in {"body", "html", "article", "main"} or element.get("itemprop") == "articleBody":
        return False
    word_lists = _name_words(f"{element.get('class') or ''} {element.get('id') or ''}")
    if not word_lists:
        return False
    if any(_ALWAYS_BOILERPLATE_WORDS.intersection(words) for words in word_lists):
        return True
    has_content_word = any(_CONTENT_WORDS.intersection(words) for words in word_lists)
    return not has_content_word and any(_BOILERPLATE_WORDS.intersection(words) for words in word_lists)


def _name_words(names: str) -> list[set[str]]:
    """The words of each class/id token ("post-comments" → {"post", "comments"}), leaving out tokens
    that describe the post or name a layout wrapper."""
    word_lists = []
    for token in names.lower().split():
        if token.startswith(_DESCRIPTIVE_PREFIXES):
            continue
        words = {word for word in re.split(r"[-_:.]+", token) if word}
        if words and not words & _WRAPPER_WORDS:
            word_lists.append(words)
    return word_lists


def _text_blocks(body: html.HtmlElement) -> list[_Block]:
    """Visible text split at block-level elements and <br><br>, in document order."""
    blocks: list[_Block] = []
    pieces: list[str] = []
    link_chars = 0
    owner = body

    def flush() -> None:
        nonlocal pieces, link_chars
        for line in "".join(pieces).split("\n"):
            text = _SPACE.sub(" ", line).strip()
            if text:
                blocks.append(_Block(owner, text, min(link_chars, len(text))))
        pieces = []
        link_chars = 0

    def walk(element: html.HtmlElement, in_link: bool) -> None:
        nonlocal owner, link_chars
        tag = element.tag if isinstance(element.tag, str) else ""
        is_block = tag in _BLOCK_TAGS
        if is_block:
            flush()
            owner = element
        if tag == "br":
            pieces.append("\n")
        inside_link = in_link or tag == "a"
        if element.text and tag:
            pieces.append(element.text)
            if inside_link:
                link_chars += len(element.text.strip())
        for child in element:
            walk(child, inside_link)
            if is_block:
                owner = element
        if is_block:
            flush()
        if element.tail:
            pieces.append(element.tail)
            if in_link:
                link_chars += len(element.tail.strip())

    walk(body, False)
    flush()
    return blocks


def _best_container(blocks: list[_Block], body: html.HtmlElement) -> html.HtmlElement:
    """The element that collects the most paragraph score from its descendants."""
    scores: dict[html.HtmlElement, float] = {}
    for block in blocks:
        score = _block_score(block)
        if score <= 0:
            continue
        # A paragraph's score goes to the element that holds it and, halved each step, to two more
        # ancestors: the container of an article is the parent or grandparent of its paragraphs.
        # A lone paragraph never competes with containers on its own.
        element: html.HtmlElement | None = _holder(block.element)
        share = score
        for _ in range(3):
            if element is None:
                break
            scores[element] = scores.get(element, 0.0) + share
            element = element.getparent()
            share /= 2
    if not scores:
        return body
    best = max(scores, key=lambda element: scores[element] * _container_weight(element))
    return _widen(best, scores)


def _holder(element: html.HtmlElement) -> html.HtmlElement | None:
    """The container a block belongs to: the parent of a paragraph-like element, or the element
    itself when it holds loose text (a <div> with <br>-separated lines)."""
    if element.tag in _PARAGRAPH_TAGS:
        return element.getparent()
    return element


def _block_score(block: _Block) -> float:
    words = len(block.text.split())
    if words < 5 or block.link_density > 0.5:
        return 0.0
    commas = block.text.count(",") + block.text.count("，")
    return (1 + commas + min(len(block.text) / 100, 3)) * (1 - block.link_density)


def _container_weight(element: html.HtmlElement) -> float:
    if element.get("itemprop") == "articleBody" or element.tag in {"article", "main"}:
        return 1.25
    word_lists = _name_words(f"{element.get('class') or ''} {element.get('id') or ''}")
    if any(_CONTENT_WORDS.intersection(words) for words in word_lists):
        return 1.1
    return 1.0


def _widen(best: html.HtmlElement, scores: dict[html.HtmlElement, float]) -> html.HtmlElement:
    """Climb to the parent while it holds clearly more article text than the chosen element alone:
    pages often split one story over sibling containers (lead, body, continued)."""
    current = best
    while True:
        parent = current.getparent()
        if parent is None or parent.tag == "html":
            return current
        if scores.get(parent, 0.0) < scores.get(current, 0.0) * 1.35:
            return current
        current = parent


def _inside(element: html.HtmlElement, container: html.HtmlElement) -> bool:
    while element is not None:
        if element is container:
            return True
        element = element.getparent()
    return False


def _is_content(block: _Block) -> bool:
    """Inside the article container only link lists are dropped: a paragraph with a few links, or
    a list of annotated links the author chose, is still article text."""
    return block.link_density <= _MAX_LINK_DENSITY_IN_ARTICLE
