"""The extract stage: a parsed article in, entities, quotes, quantities, dates and claims out."""

from __future__ import annotations

from flows.extract.claims import build_claims
from flows.extract.entities import find_entities
from flows.extract.quantities import find_quantities
from flows.extract.quotes import find_quotes
from flows.extract.timexes import find_timexes
from flows.records import Extraction, ParsedArticle

# Bump when extraction changes in a way that should re-extract stored articles.
EXTRACTOR_VERSION = "2"


def extract(parsed: ParsedArticle) -> Extraction:
    entities = find_entities(parsed)
    quotes = find_quotes(parsed, entities)
    quantities = find_quantities(parsed.text, parsed.sentences)
    timexes = find_timexes(parsed.text, parsed.published, parsed.sentences)
    claims = build_claims(parsed, entities, quotes, quantities, timexes)
    return Extraction(parsed, entities, quotes, quantities, timexes, claims)
