"""The extract stage: a parsed article in, entities, quotes, quantities, dates and claims out."""

from __future__ import annotations

import re
import time
from dataclasses import replace
from typing import Callable, TypeVar

from flows.extract.claims import build_claims
from flows.extract.entities import find_entities
from flows.extract.quantities import find_quantities
from flows.extract.quotes import find_quotes
from flows.extract.timexes import find_timexes
from flows.extract_version import EXTRACTOR_VERSION  # where it is bumped; imported from here too
from flows.records import ArticleError, Extraction, ParsedArticle, Span
from flows.settings import ExtractionBudget

Found = TypeVar("Found")
_WORD = re.compile(r"\S+")
_WORD_START = re.compile(r"\S")


def extract(parsed: ParsedArticle, budget: ExtractionBudget = ExtractionBudget()) -> Extraction:
    """Everything the extractors find in one article, within `budget`: an article over it raises one ArticleError
    (stage "extract") that names the limit and the setting that sets it."""
    _check_length(parsed, budget)
    parsed = replace(parsed, sentences=cut_sentences(parsed.text, parsed.sentences, budget.max_sentence_words))
    deadline = _Deadline(budget.max_seconds)
    entities = deadline.run(lambda: find_entities(parsed))
    quotes = deadline.run(lambda: find_quotes(parsed, entities))
    timexes = deadline.run(lambda: find_timexes(parsed.text, parsed.published, parsed.sentences))
    quantities = deadline.run(lambda: find_quantities(parsed.text, parsed.sentences, timexes))
    claims = deadline.run(lambda: build_claims(parsed, entities, quotes, quantities, timexes))
    return Extraction(parsed, entities, quotes, quantities, timexes, claims)


def _check_length(parsed: ParsedArticle, budget: ExtractionBudget) -> None:
    if len(parsed.text) > budget.max_article_chars:
        raise ArticleError(
            f"The article has {len(parsed.text):,} characters of text, more than the {budget.max_article_chars:,} "
            "one article may have ([extract] max_article_chars).",
            stage="extract",
        )


def cut_sentences(text: str, sentences: list[Span], max_words: int) -> list[Span]:
    """Sentences of at most `max_words` words: a longer one is cut after every `max_words`-th word, so that no
    extractor reads a whole megabyte as one sentence."""
    pieces: list[Span] = []
    for sentence in sentences:
        if sentence.end - sentence.start < 2 * max_words:  # too short to hold that many words: no need to count
            pieces.append(sentence)
            continue
        start = sentence.start
        for number, word in enumerate(_WORD.finditer(text, sentence.start, sentence.end), 1):
            if number % max_words == 0 and word.end() < sentence.end:
                pieces.append(Span(start, word.end()))
                start = _WORD_START.search(text, word.end(), sentence.end).start()
        pieces.append(Span(start, sentence.end))
    return pieces


class _Deadline:
    """The wall-time budget, checked after each extractor: Python cannot stop one safely midway, so an article
    that runs over fails once the extractor at work returns (each runs in linear time, and the length is capped)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.started = time.monotonic()

    def run(self, step: Callable[[], Found]) -> Found:
        found = step()
        spent = time.monotonic() - self.started
        if spent > self.seconds:
            raise ArticleError(
                f"Extraction took {spent:.0f} s, more than the {self.seconds:g} s one article may take "
                "([extract] max_seconds).",
                stage="extract",
            )
        return found
