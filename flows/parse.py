"""Parse stage: clean text → paragraphs, sentences and quote spans, plus the publication date.

All spans are offsets into `CleanArticle.text`. Sentences are found with rules rather than a model:
news text is regular, and the rules know the cases that matter downstream — abbreviations (U.S.,
Gen., Jan.), decimals, and quotes followed by their speaker ("…results.' Umerov emphasized.").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from datetime import date

from flows.pubdate import date_from_filename, infer_published
from flows.records import ArticleMeta, CleanArticle, ParsedArticle, Span

# Words that end with a period without ending the sentence. Case matters: "Sun." is Sunday,
# "the sun." ends a sentence.
_ABBREVIATIONS = frozenset({
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Lt", "Col", "Maj", "Capt", "Cpt", "Sgt", "Cmdr", "Adm",
    "Gov", "Sen", "Rep", "Pres", "Amb", "Sec", "Rev", "Hon", "St", "Mt", "Ft", "Dept", "Univ", "Assn",
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    "Mon", "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun",
    "e.g", "i.e", "vs", "v", "approx", "cf", "ca", "al", "est",
})
# Abbreviations that often end a sentence too ("shares of Acme Inc. The company..."): like dotted
# acronyms, they end one only when a typical sentence opener follows.
_AMBIGUOUS_ABBREVIATIONS = frozenset({"Inc", "Corp", "Co", "Ltd", "Plc", "Bros", "Jr", "Sr", "etc"})
# Abbreviations that stand before a number: "No. 5", "p. 12".
_NUMBER_ABBREVIATIONS = frozenset({"No", "Nos", "no", "nos", "p", "pp", "Vol", "vol", "Fig", "fig", "Ch", "ch", "Art", "art"})
# After a dotted acronym ("U.S.") a sentence only ends when one of these words follows.
_SENTENCE_STARTERS = frozenset({
    "the", "a", "an", "this", "that", "these", "those", "it", "he", "she", "they", "we", "i", "you",
    "but", "and", "or", "so", "yet", "in", "on", "at", "for", "as", "if", "when", "while", "there",
    "his", "her", "their", "its", "our", "after", "before", "meanwhile", "however", "still",
})
# Verbs that attribute a quote: "…results.' Umerov emphasized." keeps the speaker with the quote.
_SPEECH_VERBS = re.compile(
    r"\b(?:said|says|say|stated|states|added|adds|emphasi[sz]ed|stressed|noted|told|wrote|writes|"
    r"asked|explained|declared|insisted|argued|warned|claimed|continued|replied|responded|"
    r"remarked|announced|tweeted|posted|concluded|affirmed|acknowledged|admitted|according)\b",
    re.IGNORECASE,
)
_MAX_ATTRIBUTION_WORDS = 8

_CLOSERS = "\"'’”»)]"
_OPENERS = "\"'‘“«(["
# A possible sentence end: terminal punctuation, closing marks, then space. The repeats are bounded so that a long
# run of dots or marks with no space after it costs linear time, not a rescan from every mark.
_BOUNDARY = re.compile(rf"[.!?…]{{1,20}}[{re.escape(_CLOSERS)}]{{0,20}}(?=\s)")
# What the rules look at after a possible sentence end: the next few words, never the rest of the paragraph.
_LOOKAHEAD_CHARS = 200
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")

_LETTER = re.compile(r"\w")
# the marks each quote pass looks at: the passes visit these alone, not every character
_DOUBLE_MARKS = re.compile(r"[“”\"]")
_SINGLE_OPENERS = re.compile(r"['‘]")
_SINGLE_CLOSERS = re.compile(r"['’]")


def parse_article(article: CleanArticle, published: date | None = None, today: date | None = None) -> ParsedArticle:
    """Structure and publication date of a clean article."""
    dated = _with_publication_date(article, published, today or date.today())
    paragraphs = paragraph_spans(dated.text)
    quotes = quote_spans(dated.text, paragraphs)
    quote_ends = {span.end for span in quotes}
    sentences = [span for paragraph in paragraphs for span in sentence_spans(dated.text, paragraph, quote_ends)]
    return ParsedArticle(article=dated, paragraphs=paragraphs, sentences=sentences, quote_spans=quotes)


# --- publication date -----------------------------------------------------------------------------


def _with_publication_date(article: CleanArticle, published: date | None, today: date) -> CleanArticle:
    """The article with its date chosen by precedence: flag, the file's own metadata, the file
    name, inference from the text. An unknown date stays None."""
    meta = article.meta
    if published is not None:
        meta = replace(meta, published=published, published_source="flag", published_confidence=1.0)
    elif meta.published is None:
        meta = _dated_from_name_or_text(article, today)
    return replace(article, meta=meta)


def _dated_from_name_or_text(article: CleanArticle, today: date) -> ArticleMeta:
    meta = article.meta
    from_name = date_from_filename(article.source_key)
    if from_name is not None:
        return replace(meta, published=from_name, published_source="filename", published_confidence=0.9)
    guess = infer_published(article.text, today)
    if guess is None:
        return replace(meta, published=None, published_source=None, published_confidence=None)
    return replace(meta, published=guess.value, published_source="inferred", published_confidence=guess.confidence)


# --- paragraphs -----------------------------------------------------------------------------------


def paragraph_spans(text: str) -> list[Span]:
    """One span per non-empty line."""
    spans = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip():
            spans.append(_trimmed(text, start, end))
        start = end + 1
    return spans


def _trimmed(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


# --- quotes ---------------------------------------------------------------------------------------


def quote_spans(text: str, paragraphs: list[Span]) -> list[Span]:
    """The quoted content (marks excluded) of every quotation in the text, in order."""
    spans: list[Span] = []
    for paragraph in paragraphs:
        spans.extend(_double_quotes(text, paragraph))
        spans.extend(_single_quotes(text, paragraph))
    return sorted(spans, key=lambda span: (span.start, -span.end))


def _double_quotes(text: str, paragraph: Span) -> list[Span]:
    spans = []
    open_at: int | None = None
    for mark in _DOUBLE_MARKS.finditer(text, paragraph.start, paragraph.end):
        index, char = mark.start(), mark.group()
        if char == "“" or (char == '"' and open_at is None):
            open_at = index
        elif open_at is not None and char in "”\"":
            spans.append(Span(open_at + 1, index))
            open_at = None
    # A quote still open at the end of a paragraph runs to its end: news style continues a long
    # quotation in the next paragraph with a new opening mark.
    if open_at is not None and paragraph.end - open_at > 1:
        spans.append(Span(open_at + 1, paragraph.end))
    return [span for span in spans if span.end > span.start]


def _single_quotes(text: str, paragraph: Span) -> list[Span]:
    spans = []
    closers: _SingleClosers | None = None  # found once a mark opens a quote: most paragraphs have none that does
    resume = paragraph.start  # past the last quotation found: marks inside it open nothing
    for mark in _SINGLE_OPENERS.finditer(text, paragraph.start, paragraph.end):
        index = mark.start()
        if index >= resume and _opens_single_quote(text, index, paragraph):
            closers = closers or _SingleClosers(text, paragraph)
            close = closers.after(index + 1)
            # One letter between marks is an elision ("rock 'n' roll"), not a quotation.
            if close is not None and close - index > 2:
                spans.append(Span(index + 1, close))
                resume = close + 1
    return spans


def _opens_single_quote(text: str, index: int, paragraph: Span) -> bool:
    """A ' or ‘ at the start of a word, followed by a word: not an apostrophe ("Russia's", "’90s")."""
    if text[index] not in "'‘":
        return False
    before = text[index - 1] if index > paragraph.start else " "
    after = text[index + 1] if index + 1 < paragraph.end else " "
    if _LETTER.match(before) or not (_LETTER.match(after) or after in "\"“"):
        return False
    return not re.match(r"\d0s\b", text[index + 1 : index + 4])


class _SingleClosers:
    """The marks that may close a single quote in one paragraph: a ' or ’ that ends a word and is not an
    apostrophe inside a word (I’m, don't). A closer after punctuation is preferred over a plural possessive
    ("the nations' leaders"). Found in one pass, so each opening mark finds its closer by bisect rather than by
    reading the rest of the paragraph."""

    def __init__(self, text: str, paragraph: Span) -> None:
        self.after_punctuation: list[int] = []
        self.plain: list[int] = []
        for mark in _SINGLE_CLOSERS.finditer(text, paragraph.start, paragraph.end):
            index = mark.start()
            if index == 0:
                continue
            before = text[index - 1]
            after = text[index + 1] if index + 1 < paragraph.end else " "
            if _LETTER.match(after) or before.isspace():
                continue  # inside a word, or the start of another quote
            if before in ".,!?;:…—-)\"”":
                self.after_punctuation.append(index)
            elif not (before == "s" and re.match(r"\s+[a-z]", text[index + 1 : index + 4])):
                self.plain.append(index)

    def after(self, start: int) -> int | None:
        """The closer of a quote whose content starts at `start`."""
        for closers in (self.after_punctuation, self.plain):
            place = bisect.bisect_left(closers, start)
            if place < len(closers):
                return closers[place]
        return None


# --- sentences ------------------------------------------------------------------------------------


def sentence_spans(text: str, paragraph: Span, quote_ends: set[int]) -> list[Span]:
    """Sentences of one paragraph, as spans into `text`; `quote_ends` are where quoted content ends."""
    spans = []
    start = paragraph.start
    for match in _BOUNDARY.finditer(text, paragraph.start, paragraph.end):
        end = match.end()
        if _ends_sentence(text, match, paragraph, quote_ends):
            spans.append(_trimmed(text, start, end))
            start = end
    if start < paragraph.end and text[start:paragraph.end].strip():
        spans.append(_trimmed(text, start, paragraph.end))
    return [span for span in spans if span.end > span.start]


def _ends_sentence(text: str, match: re.Match[str], paragraph: Span, quote_ends: set[int]) -> bool:
    following = text[match.end() : min(paragraph.end, match.end() + _LOOKAHEAD_CHARS)].lstrip()
    if not following:
        return False  # the paragraph end closes the sentence anyway
    if not _starts_like_a_sentence(following):
        return False
    mark = match.group(0)
    if mark.startswith(".") and not mark.startswith("..") and _is_abbreviation(text, match.start(), following):
        return False
    if _closes_quote(match, quote_ends) and _is_attribution(following):
        return False
    return True


def _starts_like_a_sentence(following: str) -> bool:
    first = following.lstrip(_OPENERS + "‘'")[:1]
    return bool(first) and (first.isupper() or first.isdigit())


def _is_abbreviation(text: str, period_at: int, following: str) -> bool:
    """A period that ends an abbreviation, an initial (J. Smith) or an acronym (U.S.), unless an
    ambiguous one is followed by a word that typically opens a sentence."""
    word = _WORD_BEFORE.search(text, max(0, period_at - 20), period_at + 1)
    if not word:
        return False
    token = word.group(1)
    if token in _ABBREVIATIONS or (len(token) == 1 and token.isupper()):
        return True
    if token in _NUMBER_ABBREVIATIONS:
        return following[:1].isdigit()
    if token in _AMBIGUOUS_ABBREVIATIONS or re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", token):
        next_word = re.match(r"\W*(\w+)", following)
        return not (next_word and next_word.group(1).lower() in _SENTENCE_STARTERS)
    return False


def _closes_quote(match: re.Match[str], quote_ends: set[int]) -> bool:
    return match.group(0)[-1] in _CLOSERS and match.end() - 1 in quote_ends


def _is_attribution(following: str) -> bool:
    """A short clause naming the speaker: "Umerov emphasized." / "said Gen. Smith.\""""
    clause = re.split(r"(?<=[.!?])\s", following, maxsplit=1)[0]
    return len(clause.split()) <= _MAX_ATTRIBUTION_WORDS and bool(_SPEECH_VERBS.search(clause))
