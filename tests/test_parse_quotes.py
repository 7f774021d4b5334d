"""Quote spans: the quoted content without its marks, for double, curly and single quotes."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.clean import clean_article
from flows.parse import parse_article
from flows.records import ArticleMeta, CleanArticle

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_f4a7255485200af2.txt"


def _quotes(text: str) -> list[str]:
    parsed = parse_article(CleanArticle("a.txt", text, ArticleMeta(), "0" * 64, "txt"))
    return [text[span.start : span.end] for span in parsed.quote_spans]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "we will win" and left.', ["we will win"]),
        ("He said “we will win” and “soon.”", ["we will win", "soon."]),
        ("He said 'we will win' and left.", ["we will win"]),
        ("He said ‘we will win’ and left.", ["we will win"]),
        ("Russia's plan and Moscow's memorandum don't help, I'm told.", []),
        ("She said, ‘I’m sure Russia’s offer won’t last.’", ["I’m sure Russia’s offer won’t last."]),
        ("'The nations' leaders met,' he said.", ["The nations' leaders met,"]),
        ("Music of the ’90s and rock 'n' roll.", []),
        ('"Outer \'inner\' quote," she said.', ["Outer 'inner' quote,", "inner"]),
    ],
    ids=["straight-double", "curly-double", "straight-single", "curly-single", "apostrophes-only",
         "apostrophes-inside-quote", "plural-possessive", "decades", "nested"],
)
def test_quote_content(text, expected):
    assert _quotes(text) == expected


def test_a_quote_left_open_runs_to_the_end_of_its_paragraph():
    text = '"We will rebuild the bridge, and we will do it fast.\n"It will take a year," he said.'
    assert _quotes(text) == ["We will rebuild the bridge, and we will do it fast.", "It will take a year,"]


def test_seed_quotes_cover_the_whole_quoted_speech():
    parsed = parse_article(clean_article(SEED.read_bytes(), SEED.name, ".txt"))
    quotes = [parsed.text[span.start : span.end] for span in parsed.quote_spans]
    assert quotes == [
        "Moscow has at least four more days to provide us with their document for review. "
        "Diplomacy must be substantive, and the next gathering should yield tangible results.",
        "Our delegation led by Vladimir Medinsky is prepared to present a memorandum to the Ukrainian side "
        "and to provide the necessary explanations during a second round of direct talks in Istanbul.",
        "If I think I’m close to getting a deal, I don’t want to screw it up by taking such actions.",
        "They will constantly look for reasons not to end the war.",
    ]
