"""Clean stage: raw file bytes → normalised body text plus metadata (`CleanArticle`).

Plain text and Markdown: the first non-empty line is the title unless YAML front matter gives one;
a trailing "Related Sources:" block is metadata. HTML: main text without boilerplate (see htmltext).
JSON: one article object. The body is one paragraph per line, without the title.
"""

from __future__ import annotations

import datetime
import json
import re
from typing import TYPE_CHECKING

import yaml

from flows.pubdate import parse_iso_date
from flows.records import ArticleError, ArticleMeta, CleanArticle
from flows.scan import content_sha256
from flows.textnorm import decode_bytes, normalise_text, same_words

if TYPE_CHECKING:
    from flows.htmltext import HtmlPage

_FORMATS = {".txt": "txt", ".md": "md", ".html": "html", ".htm": "html", ".json": "json"}

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
# Lines of `key: value` with no nesting, flow collections, anchors, aliases, tags or block scalars (or blank). A
# value in quotes may hold their marks, which mean nothing there ("USX <X> DEBT DOWNGRADED" is how wire titles read).
_FLAT_VALUE = r"""(?:[ \t][^\n\[\]{}&*!|>]*|[ \t]+"(?:[^"\\\n]|\\[^\n])*"[ \t]*|[ \t]+'(?:[^'\n]|'')*'[ \t]*)"""
_FLAT_LINE = rf"(?:[A-Za-z_][\w .-]*:{_FLAT_VALUE}?)?"
_FLAT_FRONT_MATTER = re.compile(rf"{_FLAT_LINE}(?:\n{_FLAT_LINE})*")
_C_SAFE_LOADER = getattr(yaml, "CSafeLoader", None)
_TRAILER = re.compile(r"^\s*(?:related\s+sources?|sources?)\s*:\s*$", re.IGNORECASE | re.MULTILINE)
# What every trailer heading holds. The heading's pattern is tried at every position of the text; this one, led by
# a plain character, is searched for in C, and most articles have no colon at a line end.
_COLON_AT_LINE_END = re.compile(r":\s*$", re.MULTILINE)
_URL = re.compile(r"https?://\S+")
# A line that ends a sentence or a block; a line that does not is continued by the next one
# in hard-wrapped text.
# A line that ends a sentence: terminal punctuation, maybe inside closing marks ('.', '."', '?)'), or a colon or
# semicolon. A closing mark alone does not ("54 pct of Cyclops'" wraps on to "4.3 mln shares").
_LINE_END = re.compile(r"""(?:[.!?…]["'’”)\]»]{0,3}|[:;])\s*$""")
_LINE_END_CHARS = 4  # the most _LINE_END spans before its trailing space: a mark and three closing marks


def clean_article(data: bytes, source_key: str, suffix: str, data_sha256: str | None = None) -> CleanArticle:
    """Decode, normalise and split one article file into body text and metadata. `data_sha256`: content_sha256(data)
    when the caller has it already (the read step computes it), so that it is not computed twice."""
    file_format = _FORMATS.get(suffix.lower())
    if file_format is None:
        raise ArticleError(f"Files of type {suffix or '(none)'} are not articles.", stage="clean")
    text = decode_bytes(data, declared_charset=file_format == "html")
    if file_format == "html":
        meta, paragraphs = _clean_html(text)
    elif file_format == "json":
        meta, paragraphs = _clean_json(text)
    else:
        meta, paragraphs = _clean_plain(text, markdown=file_format == "md")
    body = "\n".join(paragraph for paragraph in paragraphs if paragraph)
    if not body:
        raise ArticleError("The file has no article text.", stage="clean")
    return CleanArticle(
        source_key=source_key,
        text=body,
        meta=meta,
        content_sha256=data_sha256 or content_sha256(data),
        format=file_format,
    )


# --- plain text and Markdown ----------------------------------------------------------------------


def _clean_plain(text: str, markdown: bool) -> tuple[ArticleMeta, list[str]]:
    text = normalise_text(text)
    meta, text = _split_front_matter(text)
    text, trailer = _split_trailer(text)
    if trailer and not meta.url:
        urls = _URL.findall(trailer)
        meta.url = urls[0] if urls else None
    lines = text.strip("\n").split("\n")
    meta.title, lines = _split_title(lines, meta.title, markdown)
    return meta, _paragraphs_from_lines(lines, markdown)


def _split_title(lines: list[str], title: str | None, markdown: bool) -> tuple[str | None, list[str]]:
    """The headline and the remaining lines: the first non-empty line is the headline, unless front
    matter named one; then that line is dropped only when it repeats the front-matter title."""
    for index, line in enumerate(lines):
        if not line:
            continue
        headline = _strip_markdown(line) if markdown else line
        if title is None or same_words(headline, title):
            return title or headline, lines[index + 1 :]
        break
    return title, lines


def _split_front_matter(text: str) -> tuple[ArticleMeta, str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return ArticleMeta(), text
    try:
        fields = _load_yaml(match.group(1))
    except yaml.YAMLError:
        raise ArticleError("The front matter between the --- lines is not valid YAML.", stage="clean") from None
    except RecursionError:
        raise ArticleError("The front matter is nested too deeply to be metadata.", stage="clean") from None
    if fields is None:
        fields = {}
    if not isinstance(fields, dict):
        raise ArticleError("The front matter must be a list of key: value lines.", stage="clean")
    return _meta_from_fields(fields, "front-matter"), text[match.end():]


def _load_yaml(text: str) -> object:
    """What yaml.safe_load gives. Front matter as wire copy writes it (a few `key: string` or `key: date` lines) is
    read directly; other front matter of plain `key: value` lines goes to libyaml (when PyYAML was built with it):
    the same parse, ten times faster. Anything else, or anything libyaml refuses, gets PyYAML's own parser and its
    verdict."""
    fields = _simple_fields(text)
    if fields is not None:
        return fields
    if _C_SAFE_LOADER is not None and _FLAT_FRONT_MATTER.fullmatch(text):
        try:
            return yaml.load(text, Loader=_C_SAFE_LOADER)
        except yaml.YAMLError:
            pass
    return yaml.safe_load(text)


# The characters YAML reads as content beyond ASCII: printable, no line break ("\x85", "\u2028", "\u2029" are line
# breaks in YAML 1.1), no byte order mark. A tab is left out too (PyYAML and libyaml read it differently).
_YAML_TEXT_BEYOND_ASCII = r"\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff"
# One front-matter line whose value YAML can only read as a string or a date: a key of word characters; a value in
# double quotes with no escape but \" and \\; a date; or a plain value that opens with a letter (one that holds
# ": " or " #", ends with ":" or is a YAML 1.1 word is checked for afterwards). Possessive, so that a line that
# does not fit fails in linear time.
_SIMPLE_FIELD = re.compile(
    r"(?P<key>[A-Za-z_][A-Za-z0-9_]{0,63}): ++"
    rf'(?:"(?P<quoted>(?:[\x20\x21\x23-\x5b\x5d-\x7e{_YAML_TEXT_BEYOND_ASCII}]|\\["\\])*+)" *+'
    r"|(?P<date>(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})) *+"
    rf"|(?P<plain>[A-Za-z][\x20-\x7e{_YAML_TEXT_BEYOND_ASCII}]*+))"
)
# plain words that YAML 1.1 reads as a bool or a null (in some of their spellings), as keys or values
_YAML_WORDS = frozenset({"yes", "no", "true", "false", "on", "off", "null"})
_QUOTED_ESCAPE = re.compile(r'\\(["\\])')


def _simple_fields(text: str) -> dict[str, object] | None:
    """What yaml.safe_load gives for front matter of `key: value` lines whose values can only be strings or dates;
    None for anything else, or anything doubtful, which is left to a YAML parser."""
    fields: dict[str, object] = {}
    for line in text.split("\n"):
        if not line:
            continue
        field = _SIMPLE_FIELD.fullmatch(line)
        if field is None or field.group("key").lower() in _YAML_WORDS:
            return None
        value = _simple_value(field)
        if value is None:
            return None
        fields[field.group("key")] = value
    return fields or None


def _simple_value(field: re.Match[str]) -> str | datetime.date | None:
    """The value of one `_SIMPLE_FIELD` line as PyYAML constructs it; None when it may be anything else."""
    quoted = field.group("quoted")
    if quoted is not None:
        return _QUOTED_ESCAPE.sub(r"\1", quoted) if "\\" in quoted else quoted
    if field.group("date"):
        try:
            return datetime.date(int(field.group("year")), int(field.group("month")), int(field.group("day")))
        except ValueError:
            return None  # PyYAML's own error
    plain = field.group("plain").rstrip(" ")
    # ": " would open a mapping, " #" a comment; "yes", "Null" and their kin are no strings
    if ": " in plain or plain.endswith(":") or " #" in plain or plain.lower() in _YAML_WORDS:
        return None
    return plain


def _meta_from_fields(fields: dict, date_source: str) -> ArticleMeta:
    """ArticleMeta from front-matter or JSON keys; a date that does not parse is an error, not a guess."""
    published_value = _first_value(fields, "published", "date", "datePublished", "published_at")
    published = parse_iso_date(published_value)
    if published_value not in (None, "") and published is None:
        raise ArticleError(f"The published date {published_value!r} is not a YYYY-MM-DD date.", stage="clean")
    return ArticleMeta(
        title=_as_text(_first_value(fields, "title", "headline")),
        published=published,
        published_source=date_source if published else None,
        published_confidence=1.0 if published else None,
        source=_as_text(_first_value(fields, "source", "site", "publisher")),
        url=_as_text(_first_value(fields, "url", "link", "canonical_url")),
        authors=_as_authors(_first_value(fields, "authors", "author", "byline")),
        site_name=_as_text(_first_value(fields, "site_name", "siteName")),
    )


def _first_value(fields: dict, *keys: str) -> object:
    for key in keys:
        if fields.get(key) not in (None, ""):
            return fields[key]
    return None


def _as_text(value: object) -> str | None:
    if isinstance(value, dict):
        value = value.get("name")
    if value is None or isinstance(value, (list, dict)):
        return None
    text = normalise_text(str(value)).replace("\n", " ").strip()
    return text or None


def _as_authors(value: object) -> list[str]:
    """Author names from a list, or from one string such as "Ana Lima, Tom Berg and Rui Costa"."""
    if isinstance(value, str):
        values: list[object] = re.split(r"\s*[,;]\s*|\s+and\s+", value)
    elif isinstance(value, list):
        values = value
    else:
        values = [value]
    names = [_as_text(item) for item in values]
    return [name for name in names if name]


def _split_trailer(text: str) -> tuple[str, str]:
    """Body and the trailing "Related Sources:" block (empty when there is none)."""
    if not _COLON_AT_LINE_END.search(text):
        return text, ""
    matches = list(_TRAILER.finditer(text))
    if not matches:
        return text, ""
    start = matches[-1].start()
    trailer = text[start:]
    # Only a trailer when what follows the heading is a short list of sources, not more article.
    following = [line for line in trailer.split("\n")[1:] if line.strip()]
    if len(following) > 20 or any(len(line) > 300 for line in following):
        return text, ""
    return text[:start], trailer


def _paragraphs_from_lines(lines: list[str], markdown: bool = False) -> list[str]:
    """One paragraph per line, except in wrapped text: Markdown joins the lines of a block, and in
    hard-wrapped plain text (blank lines between paragraphs) a line that does not end a sentence
    continues on the next line."""
    join_wrapped = markdown or ("" in lines or _mostly_wrapped(lines)) and _has_wrapped_lines(lines)
    paragraphs: list[list[str]] = []  # the lines of each paragraph, joined once at the end
    paragraph_open = False
    for line in lines:
        if not line:
            paragraph_open = False
            continue
        starts_block = _starts_block(line)
        if paragraph_open and not starts_block:
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
        paragraph_open = join_wrapped and not starts_block and (markdown or not _line_ends_sentence(line))
    joined = [" ".join(paragraph_lines) for paragraph_lines in paragraphs]
    return [_strip_markdown(paragraph) for paragraph in joined] if markdown else joined


def _line_ends_sentence(line: str) -> bool:
    """_LINE_END, looked for in the last characters it can span: a search of the whole line would try it at every
    position."""
    return bool(_LINE_END.search(line.rstrip()[-_LINE_END_CHARS:]))


def _has_wrapped_lines(lines: list[str]) -> bool:
    # A medium-length line that does not end a sentence, directly followed by more text.
    pairs = zip(lines, lines[1:])
    return any(40 <= len(first) <= 100 and second and not _line_ends_sentence(first) for first, second in pairs)


def _mostly_wrapped(lines: list[str]) -> bool:
    """Wire copy: no blank lines, but most lines cut at a fixed width (paragraphs were marked by an indent, which
    normalisation strips), so a line that ends no sentence continues on the next one."""
    text_lines = [line for line in lines if line]
    wrapped = sum(1 for line in text_lines[:-1] if 40 <= len(line) <= 100)
    return len(text_lines) >= 4 and wrapped * 2 >= len(text_lines)


_BLOCK_START = re.compile(r"^(?:#{1,6}\s|[-*+]\s|\d+[.)]\s|>)")


def _starts_block(line: str) -> bool:
    """A heading, list item or block quote: never part of the paragraph before it."""
    return bool(_BLOCK_START.match(line))


def _strip_markdown(line: str) -> str:
    """Inline Markdown markup off one line: headings, list bullets, emphasis, links and images."""
    line = re.sub(r"^#{1,6}\s+", "", line)
    line = re.sub(r"^>\s?", "", line)
    line = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", line)
    line = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", line)
    line = re.sub(r"(\*\*|__)(.+?)\1", r"\2", line)
    line = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", line)
    line = re.sub(r"`([^`]+)`", r"\1", line)
    return line.strip()


# --- HTML -----------------------------------------------------------------------------------------


def _html_page(markup: str) -> HtmlPage:
    """The page's text and metadata (flows/htmltext.py), imported with the first HTML article: trafilatura,
    BeautifulSoup and lxml take about 0.6 s of CPU to import, in every Dask worker and in the flow's process, and a
    folder of plain-text articles needs none of them."""
    from flows.htmltext import parse_html_page

    return parse_html_page(markup)


def _clean_html(text: str) -> tuple[ArticleMeta, list[str]]:
    page = _html_page(text)
    paragraphs = _normalised_paragraphs(page.paragraphs)
    if not any(paragraphs):
        raise ArticleError("The HTML page has no article text.", stage="clean")
    meta = ArticleMeta(
        title=_as_text(page.title),
        published=page.published,
        published_source="html-meta" if page.published else None,
        published_confidence=1.0 if page.published else None,
        url=page.url,
        authors=[name for name in (_as_text(author) for author in page.authors) if name],
        site_name=_as_text(page.site_name),
        source=_as_text(page.site_name),
    )
    return meta, paragraphs


def _normalised_paragraphs(html_paragraphs: list[str]) -> list[str]:
    # Entities were already decoded by the HTML parser: a literal "&amp;" left in the text is meant.
    return [normalise_text(paragraph, unescape_entities=False) for paragraph in html_paragraphs]


# --- JSON -----------------------------------------------------------------------------------------


def _clean_json(text: str) -> tuple[ArticleMeta, list[str]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ArticleError(f"The JSON is malformed (line {error.lineno}: {error.msg.lower()}).", stage="clean") from None
    except RecursionError:
        raise ArticleError("The JSON is nested too deeply to be an article.", stage="clean") from None
    except ValueError:  # an integer past Python's digit limit (4,300 digits)
        raise ArticleError("The JSON holds a number with too many digits to read.", stage="clean") from None
    if isinstance(data, list) and len(data) == 1:
        data = data[0]
    if not isinstance(data, dict):
        raise ArticleError("The JSON file must hold one article object with a text or body field.", stage="clean")
    body = _first_value(data, "text", "body", "content", "articleBody")
    if isinstance(body, list) and all(isinstance(item, str) for item in body):
        body = "\n".join(body)  # a list of paragraphs
    if not isinstance(body, str):
        raise ArticleError("The JSON article has no text or body field with a string in it.", stage="clean")
    # The article's own date fields count as front matter: metadata written with the text.
    meta = _meta_from_fields(data, "front-matter")
    if re.search(r"<(?:p|br|div)\b", body, re.IGNORECASE):
        paragraphs = _normalised_paragraphs(_html_page(body).paragraphs)
    else:
        paragraphs = _paragraphs_from_lines(normalise_text(body).split("\n"))
    return meta, paragraphs
