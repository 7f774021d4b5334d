"""Main article text and metadata from an HTML page, without fetching anything.

Main text: trafilatura, with the settings that scored best on the TUNE half of html-dragnet, run on an
lxml tree parsed here (see _parse_lxml: no network, no DTD, no entity expansion). When trafilatura
keeps less than _MIN_TRAFILATURA_CHARS of text, the older block scorer below reads the page instead:
that fallback raised F1 on both halves of the split (tests/evaluation/html_main_text.py).

Metadata (title, date, authors, URL, site name) comes from meta tags, JSON-LD, <time> and the canonical
link, read with BeautifulSoup on the "lxml" parser (libxml2's HTML parser as well). Comments and
processing instructions are dropped before anything reads either tree.

The block scorer removes boilerplate in two passes:

1. drop elements that are never article text (scripts, styles, navigation, asides, footers) and
   elements whose class or id names them as boilerplate (share bars, comments, ads, related links);
2. score the remaining text blocks the way readability-style extractors do (long text with commas
   scores high, link-heavy text scores low), pick the container that collects the most score, and
   keep the blocks inside it that are not mostly links and not inside a form.
"""

from __future__ import annotations

import json
import re
import warnings
from dataclasses import dataclass, field, replace
from datetime import date

import trafilatura
from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, Tag, XMLParsedAsHTMLWarning
from bs4.element import PageElement, PreformattedString
from lxml.etree import ParserError
from lxml.html import HTMLParser, HtmlElement, document_fromstring

from flows.pubdate import parse_iso_date
from flows.textnorm import same_words

# BeautifulSoup warns when its input looks like a URL, a file name or XML, in case the caller meant
# to fetch or open it. Here the input is always the decoded page: those hints are noise in the logs.
warnings.filterwarnings("ignore", category=MarkupResemblesLocatorWarning, module=re.escape(__name__))
warnings.filterwarnings("ignore", category=XMLParsedAsHTMLWarning, module=re.escape(__name__))

# trafilatura's settings, chosen on the TUNE half of html-dragnet: clean-stage F1 there without the fallback
# 0.909, against 0.887 with trafilatura's defaults (comments off). Gains below are F1 on TUNE.
TRAFILATURA_OPTIONS: dict[str, object] = {
    "include_comments": False,  # reader comments are not the article (the gold text leaves them out too)
    "favor_recall": True,  # +0.019 over neither, +0.006 over favor_precision
    "include_tables": False,  # tables on news pages are mostly layout and listings; +0.003 on TUNE
    "fast": False,  # keep trafilatura's own readability/jusText backup: +0.007 on TUNE over fast
    # Left at their defaults: include_images (captions and alt text: precision -0.08, F1 -0.04 on TUNE) and
    # deduplicate (an LRU cache shared across calls: a page's text would depend on the pages before it).
}
# Below this many characters of trafilatura text the block scorer reads the page instead: the best of
# 0/100/250/500/1000/1500/2000 on TUNE (F1 +0.009 there, +0.012 on TEST).
_MIN_TRAFILATURA_CHARS = 500

# Elements whose content is never article text. (Not <form>: some site engines wrap the whole page in
# one; see _in_article.)
_DROP_TAGS = frozenset({
    "script", "style", "noscript", "iframe", "button", "select", "textarea", "input",
    "nav", "aside", "footer", "svg", "canvas", "object", "embed", "video", "audio", "map", "template",
    "link", "meta", "head",
})

# Elements the metadata is read from.
_METADATA_TAGS = frozenset({"meta", "script", "link", "time", "title", "h1"})

# Block-level elements: text inside one of these is one paragraph of output.
_BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "td", "th", "li", "dd", "dt", "blockquote", "pre",
    "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "ul", "ol", "dl", "center", "header",
    "figure", "figcaption", "address", "body",
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

# Class names that stylesheets hide (a second copy of the story kept for printing or e-mail).
_HIDDEN_CLASSES = frozenset({"hidden", "hide", "is-hidden", "d-none", "invisible"})

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
    soup = parse_soup(markup)
    page = _page_metadata(soup)
    paragraphs = trafilatura_paragraphs(markup)
    if sum(len(paragraph) for paragraph in paragraphs) < _MIN_TRAFILATURA_CHARS:
        paragraphs = block_paragraphs(soup)
    # The page headline usually opens the main text as well; the title lives in meta, not in the body.
    if page.title and paragraphs and same_words(paragraphs[0], page.title):
        paragraphs = paragraphs[1:]
    return replace(page, paragraphs=paragraphs)


def parse_soup(markup: str) -> BeautifulSoup:
    # class and id stay plain strings: the boilerplate rules read them as text.
    soup = BeautifulSoup(markup, "lxml", multi_valued_attributes=None)
    # Comments, processing instructions, doctypes and CDATA are not visible text. (libxml2 also turns
    # an XML declaration and <?php ...?> into comments.) Collected first: extracting changes the walk.
    for node in [node for node in soup.descendants if isinstance(node, PreformattedString)]:
        node.extract()
    return soup


# --- metadata -------------------------------------------------------------------------------------


def _page_metadata(soup: BeautifulSoup) -> HtmlPage:
    """Title, date, authors, URL and site name from meta tags, JSON-LD and the document (no text yet)."""
    elements = _elements_by_name(soup, _METADATA_TAGS)
    tags = _meta_tags(elements["meta"])
    json_ld = _json_ld_article(elements["script"])
    title = (
        _clean_inline(json_ld.get("headline"))
        or tags.get("og:title")
        or tags.get("twitter:title")
        or _first_text(elements["h1"])
        or _document_title(elements["title"])
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
        _first_attribute(elements["time"], "datetime"),
    )
    authors = _json_ld_authors(json_ld.get("author")) or _split_authors(
        tags.get("author") or tags.get("article:author") or tags.get("dc.creator")
    )
    canonical_links = [link for link in elements["link"] if "canonical" in (link.get("rel") or "").lower().split()]
    url = _first_attribute(canonical_links, "href") or tags.get("og:url")
    site_name = tags.get("og:site_name") or _json_ld_publisher(json_ld.get("publisher"))
    return HtmlPage(paragraphs=[], title=title, published=published, authors=authors, url=url, site_name=site_name)


def _elements_by_name(soup: BeautifulSoup, names: frozenset[str]) -> dict[str, list[Tag]]:
    """The elements with these tag names, by name, in document order: one walk over the tree
    instead of one find_all per name (the tree walk is what costs here)."""
    found: dict[str, list[Tag]] = {name: [] for name in names}
    for node in soup.descendants:
        if isinstance(node, Tag) and node.name in found:
            found[node.name].append(node)
    return found


def _meta_tags(meta_elements: list[Tag]) -> dict[str, str]:
    """`<meta name|property=... content=...>` as a lower-cased dict; the first occurrence wins."""
    found: dict[str, str] = {}
    for element in meta_elements:
        key = (element.get("property") or element.get("name") or element.get("itemprop") or "").strip().lower()
        value = _clean_inline(element.get("content"))
        if key and value and key not in found:
            found[key] = value
    return found


def _json_ld_article(scripts: list[Tag]) -> dict:
    """The first JSON-LD object that describes an article (NewsArticle, BlogPosting, ...)."""
    for script in scripts:
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.get_text())
        except (ValueError, RecursionError):
            continue  # broken (or absurdly nested) JSON-LD is common; the meta tags still apply
        for item in _json_ld_items(data):
            kind = item.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if any(isinstance(k, str) and (k.endswith("Article") or k in {"BlogPosting", "Report"}) for k in kinds):
                return item
    return {}


def _json_ld_items(data: object) -> list[dict]:
    """The objects of a JSON-LD value in document order: itself, list items and @graph members."""
    items: list[dict] = []
    stack = [data]  # not recursion: a hostile page can nest lists deeper than the recursion limit
    while stack:
        value = stack.pop()
        if isinstance(value, list):
            stack.extend(reversed(value))
        elif isinstance(value, dict):
            items.append(value)
            stack.append(value.get("@graph", []))
    return items


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


def _document_title(title_elements: list[Tag]) -> str | None:
    title = _first_text(title_elements)
    if not title:
        return None
    # "Headline - Site Name" / "Headline | Site": keep the headline part.
    return re.split(r"\s+[|\-–—»]\s+", title)[0] or title


def _first_text(elements: list[Tag]) -> str | None:
    for element in elements:
        text = _clean_inline(element.get_text())
        if text:
            return text
    return None


def _first_attribute(elements: list[Tag], attribute: str) -> str | None:
    for element in elements:
        value = _clean_inline(element.get(attribute))
        if value:
            return value
    return None


def _clean_inline(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = _SPACE.sub(" ", value.replace("\n", " ")).strip()
    return text or None


# --- main text: trafilatura ----------------------------------------------------------------------


def trafilatura_paragraphs(markup: str) -> list[str]:
    """The article's paragraphs as trafilatura finds them, one per line of its text output."""
    tree = _parse_lxml(markup)
    if tree is None:
        return []
    text = trafilatura.extract(tree, **TRAFILATURA_OPTIONS) or ""
    return [line for line in (_SPACE.sub(" ", line).strip() for line in text.split("\n")) if line]


def _parse_lxml(markup: str) -> HtmlElement | None:
    """An lxml tree of the page, parsed without reaching anything outside the string.

    libxml2's HTML parser reads no DTD, so entities declared in a DOCTYPE are never expanded and no
    external DTD or entity is loaded; no_network forbids network access on top, and huge_tree=False
    keeps libxml2's limits on depth and text size. The text goes in as UTF-8 bytes because lxml
    refuses a str that carries an XML encoding declaration.
    """
    parser = HTMLParser(
        encoding="utf-8", no_network=True, remove_comments=True, remove_pis=True,
        collect_ids=False, default_doctype=False, huge_tree=False,
    )
    try:
        return document_fromstring(markup.encode("utf-8", "replace"), parser=parser)
    except (ParserError, ValueError):
        return None  # nothing to parse, e.g. an empty document


# --- main text: block scorer (fallback) ------------------------------------------------------


@dataclass
class _Block:
    """One paragraph of visible text and the element that holds it."""

    element: Tag
    text: str
    link_chars: int

    @property
    def link_density(self) -> float:
        return self.link_chars / max(len(self.text), 1)


def block_paragraphs(soup: BeautifulSoup) -> list[str]:
    """The main text as the block scorer finds it (the fallback; it removes boilerplate from soup)."""
    body = soup.body or soup
    _drop_boilerplate(body)
    blocks = _text_blocks(body)
    if not blocks:
        return []
    container = _best_container(blocks, body)
    kept = [block for block in blocks if _in_article(block.element, container) and _is_content(block)]
    return [block.text for block in kept]


def _drop_boilerplate(body: Tag) -> None:
    """Remove every element that is never article text or is named as boilerplate."""
    # An explicit stack rather than recursion: markup can nest deeper than Python's recursion limit.
    stack = [body]
    while stack:
        for child in list(stack.pop().contents):
            if not isinstance(child, Tag):
                continue
            if child.name in _DROP_TAGS or _is_hidden(child) or _named_as_boilerplate(child):
                child.decompose()
            else:
                stack.append(child)


def _is_hidden(element: Tag) -> bool:
    style = (element.get("style") or "").replace(" ", "").lower()
    if "display:none" in style or element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    return not _HIDDEN_CLASSES.isdisjoint((element.get("class") or "").lower().split())


def _named_as_boilerplate(element: Tag) -> bool:
    if element.name in {"body", "html", "article", "main"} or element.get("itemprop") == "articleBody":
        return False
    word_lists = _name_words(element)
    if not word_lists:
        return False
    if any(_ALWAYS_BOILERPLATE_WORDS.intersection(words) for words in word_lists):
        return True
    has_content_word = any(_CONTENT_WORDS.intersection(words) for words in word_lists)
    return not has_content_word and any(_BOILERPLATE_WORDS.intersection(words) for words in word_lists)


def _name_words(element: Tag) -> list[set[str]]:
    """The words of each class/id token ("post-comments" → {"post", "comments"}), leaving out tokens
    that describe the post or name a layout wrapper."""
    names = f"{element.get('class') or ''} {element.get('id') or ''}"
    word_lists = []
    for token in names.lower().split():
        if token.startswith(_DESCRIPTIVE_PREFIXES):
            continue
        words = {word for word in re.split(r"[-_:.]+", token) if word}
        if words and not words & _WRAPPER_WORDS:
            word_lists.append(words)
    return word_lists


def _text_blocks(body: Tag) -> list[_Block]:
    """Visible text split at block-level elements and <br>, in document order; each block belongs to
    the innermost block-level element around it."""
    blocks: list[_Block] = []
    pieces: list[str] = []
    link_chars = 0
    open_blocks = [body]

    def flush() -> None:
        nonlocal pieces, link_chars
        for line in "".join(pieces).split("\n"):
            text = _SPACE.sub(" ", line).strip()
            if text:
                blocks.append(_Block(open_blocks[-1], text, min(link_chars, len(text))))
        pieces = []
        link_chars = 0

    # Depth first with an explicit stack (markup can nest deeper than Python's recursion limit).
    # An entry is a node to visit, with whether it is inside a link and inside <pre>, or a
    # block-level element whose end has been reached.
    stack: list[tuple[PageElement, bool, bool] | Tag] = [(child, False, False) for child in reversed(body.contents)]
    while stack:
        entry = stack.pop()
        if isinstance(entry, Tag):
            flush()
            open_blocks.pop()
            continue
        node, in_link, in_pre = entry
        if not isinstance(node, Tag):
            # A line break in the source is a space (hard-wrapped markup), except in <pre>.
            pieces.append(node if in_pre else node.replace("\n", " "))
            if in_link:
                link_chars += len(node.strip())
            continue
        if node.name in _BLOCK_TAGS:
            flush()
            open_blocks.append(node)
            stack.append(node)
        elif node.name == "br":
            flush()  # a line of its own, with its own share of link text
        inside_link = in_link or node.name == "a"
        inside_pre = in_pre or node.name == "pre"
        stack.extend((child, inside_link, inside_pre) for child in reversed(node.contents))
    flush()
    return blocks


def _best_container(blocks: list[_Block], body: Tag) -> Tag:
    """The element that collects the most paragraph score from its descendants."""
    # Keyed by id(): a Tag hashes by its serialised markup, which is slow and equal for twin elements.
    scores: dict[int, float] = {}
    elements: dict[int, Tag] = {}
    for block in _scoring_paragraphs(blocks):
        score = _block_score(block)
        if score <= 0:
            continue
        # A paragraph's score goes to the element that holds it and, halved each step, to two more
        # ancestors: the container of an article is the parent or grandparent of its paragraphs.
        # A lone paragraph never competes with containers on its own.
        element: Tag | None = _holder(block.element)
        share = score
        for _ in range(3):
            if element is None:
                break
            scores[id(element)] = scores.get(id(element), 0.0) + share
            elements[id(element)] = element
            element = element.parent
            share /= 2
    if not scores:
        return body
    best = max(scores, key=lambda key: scores[key] * _container_weight(elements[key]))
    return _widen(elements[best], scores)


def _scoring_paragraphs(blocks: list[_Block]) -> list[_Block]:
    """Consecutive lines of one element (split by <br>) joined into one paragraph for scoring, so
    that a text broken into many short lines does not outscore the same text in one <p>."""
    paragraphs: list[_Block] = []
    for block in blocks:
        if paragraphs and paragraphs[-1].element is block.element:
            last = paragraphs[-1]
            paragraphs[-1] = _Block(last.element, f"{last.text} {block.text}", last.link_chars + block.link_chars)
        else:
            paragraphs.append(block)
    return paragraphs


def _holder(element: Tag) -> Tag | None:
    """The container a block belongs to: the parent of a paragraph-like element, or the element
    itself when it holds loose text (a <div> with <br>-separated lines)."""
    if element.name in _PARAGRAPH_TAGS:
        return element.parent
    return element


def _block_score(block: _Block) -> float:
    words = len(block.text.split())
    if words < 5 or block.link_density > 0.5:
        return 0.0
    commas = block.text.count(",") + block.text.count("，")
    return (1 + commas + min(len(block.text) / 100, 3)) * (1 - block.link_density)


def _container_weight(element: Tag) -> float:
    if element.get("itemprop") == "articleBody" or element.name in {"article", "main"}:
        return 1.25
    if any(_CONTENT_WORDS.intersection(words) for words in _name_words(element)):
        return 1.1
    return 1.0


def _widen(best: Tag, scores: dict[int, float]) -> Tag:
    """Climb to the parent while it holds clearly more article text than the chosen element alone:
    pages often split one story over sibling containers (lead, body, continued)."""
    current = best
    while True:
        parent = current.parent
        if parent is None or parent.name == "html" or isinstance(parent, BeautifulSoup):
            return current
        if scores.get(id(parent), 0.0) < scores.get(id(current), 0.0) * 1.35:
            return current
        current = parent


def _in_article(element: Tag | None, container: Tag) -> bool:
    """Inside the article container and not inside a form within it (comment, e-mail and search
    forms). A form around the container is a page wrapper that some site engines put around
    everything, so forms are judged here rather than dropped with the other boilerplate tags."""
    while element is not None:
        if element is container:
            return True
        if element.name == "form":
            return False
        element = element.parent
    return False


def _is_content(block: _Block) -> bool:
    """Inside the article container only link lists are dropped: a paragraph with a few links, or
    a list of annotated links the author chose, is still article text."""
    return block.link_density <= _MAX_LINK_DENSITY_IN_ARTICLE
