"""The date rules' opening-letter guards: a lookahead of one character ("(?=(?i:[isbutofda]))") that a rule's
pattern tests before case-blind words, so that the regular-expression engine passes over most positions on one test.
A guard must hold every character what follows it can open with, or a word added later with a new first letter
would never match. Each guard is checked on a text made from its rule's own pattern, every word of every
alternation in lower, Title and UPPER case, and on the test fixtures: the pattern finds the same matches without the
guard, and misses some when any one letter or digit is taken out of the guard (so the text does try each one).

The patterns are read and rebuilt with the parser and compiler behind `re` (re._parser, re._compiler), the only
way to take one lookahead out of a pattern whatever its text looks like.
"""

from __future__ import annotations

import re
import re._compiler as sre_compile
import re._constants as sre
import re._parser as sre_parse
import string
from collections.abc import Iterator
from functools import cache

import pytest

from flows.extract.timexes import _RULES
from tests.conftest import PROJECT_DIR

# the characters that stand for a class category a pattern uses: every digit, so that each opens some example
_CATEGORY_SAMPLES = {
    sre.CATEGORY_DIGIT: string.digits, sre.CATEGORY_SPACE: " ", sre.CATEGORY_WORD: "a", sre.CATEGORY_NOT_DIGIT: "a",
    sre.CATEGORY_NOT_SPACE: "a", sre.CATEGORY_NOT_WORD: " ",
}
# between two examples: no pattern reads past it ("\s*\d" after one example must not see the next one's digits)
_SEPARATOR = "\n;\n"


def _guards(pattern: sre_parse.SubPattern) -> Iterator[tuple[sre_parse.SubPattern, int]]:
    """(sequence, index) of every lookahead of exactly one character in the parsed pattern, in pattern order."""
    for index, (op, av) in enumerate(pattern.data):
        if op is sre.ASSERT and av[0] == 1 and av[1].getwidth() == (1, 1):
            yield pattern, index
        for inner in _parts(op, av):
            yield from _guards(inner)


def _parts(op: object, av: object) -> list[sre_parse.SubPattern]:
    """The sub-patterns a node of a parsed pattern holds."""
    if op is sre.SUBPATTERN:
        return [av[3]]
    if op is sre.BRANCH:
        return list(av[1])
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        return [av[2]]
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        return [av[1]]
    if op is sre.ATOMIC_GROUP:
        return [av]
    return []


def _examples(pattern: sre_parse.SubPattern) -> list[str]:
    """Strings the pattern may match: every alternative of every alternation, optional part and class member turns
    up in one of them. A sequence pairs its parts' examples in turn (the i-th of each, cycling the shorter lists),
    not every combination, which would be millions; where its first parts can all be empty, the rest is paired
    again on its own, so that each part that can open a match opens some example. Lookarounds and anchors take no
    text."""
    parts = [_node_examples(op, av) for op, av in pattern.data]
    found = _paired(parts)
    for first in range(1, len(parts)):
        if "" not in parts[first - 1]:
            break
        found += _paired(parts[first:])
    return found


def _paired(parts: list[list[str]]) -> list[str]:
    longest = max((len(examples) for examples in parts), default=1)
    return ["".join(examples[i % len(examples)] for examples in parts) for i in range(longest)]


def _node_examples(op: object, av: object) -> list[str]:
    if op is sre.LITERAL:
        return [chr(av)]
    if op is sre.NOT_LITERAL or op is sre.ANY:
        return ["a" if av != ord("a") else "b"]
    if op is sre.IN:
        if av[0][0] is sre.NEGATE:
            return [" "]  # the patterns negate word characters and punctuation
        return [character for member_op, member in av for character in _class_members(member_op, member)]
    if op is sre.SUBPATTERN:
        return _examples(av[3])
    if op is sre.BRANCH:
        return [example for branch in av[1] for example in _examples(branch)]
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _, inner = av
        repeated = [example * max(low, 1) for example in _examples(inner)]
        return ["", *repeated] if low == 0 else repeated
    if op is sre.ATOMIC_GROUP:
        return _examples(av)
    return [""]  # anchors, lookarounds


def _class_members(op: object, member: object) -> str:
    if op is sre.LITERAL:
        return chr(member)
    if op is sre.RANGE:
        return "".join(chr(code) for code in range(member[0], member[1] + 1))
    return _CATEGORY_SAMPLES[member]


def _compiled(parsed: sre_parse.SubPattern, flags: int) -> re.Pattern[str]:
    return sre_compile.compile(parsed, flags)


@cache
def _fixture_text() -> str:
    fixtures = PROJECT_DIR / "tests" / "fixtures"
    files = [*fixtures.glob("*.txt"), *fixtures.glob("articles/*.txt"), *fixtures.glob("meantime_quotes/*.txt"),
             *(PROJECT_DIR / "seeds").glob("*.txt")]
    return _SEPARATOR.join(path.read_text(encoding="utf-8") for path in sorted(files))


def _example_text(parsed: sre_parse.SubPattern) -> str:
    examples = _examples(parsed)
    return _SEPARATOR.join(variant for example in examples
                           for variant in (example, example.lower(), example.title(), example.upper()))


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [match.span() for match in pattern.finditer(text)]


GUARDED = [(order, number) for order, rule in enumerate(_RULES)
           for number, _ in enumerate(_guards(sre_parse.parse(rule.pattern.pattern, rule.pattern.flags)))]


def _with_guard(order: int, number: int, change) -> tuple[re.Pattern[str], re.Pattern[str], sre_parse.SubPattern]:
    """The rule's pattern as compiled, and compiled again with its `number`-th guard's node list changed by
    `change(sequence, index)`; with the parsed pattern, for its examples."""
    pattern = _RULES[order].pattern
    parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    changed = sre_parse.parse(pattern.pattern, pattern.flags)  # a tree of its own to change
    sequence, index = list(_guards(changed))[number]
    change(sequence, index)
    return pattern, _compiled(changed, pattern.flags), parsed


def test_every_rule_opening_on_case_blind_words_has_a_guard() -> None:
    assert len({order for order, _ in GUARDED}) >= 15


@pytest.mark.parametrize(("order", "number"), GUARDED)
def test_a_guard_changes_no_match(order: int, number: int) -> None:
    """The pattern without the guard finds what it finds with it, on its own examples and the fixtures."""
    def remove(sequence: sre_parse.SubPattern, index: int) -> None:
        del sequence.data[index]

    pattern, unguarded, parsed = _with_guard(order, number, remove)
    for text in (_example_text(parsed), _fixture_text()):
        assert _spans(unguarded, text) == _spans(pattern, text), pattern.pattern


@pytest.mark.parametrize(("order", "number"), GUARDED)
def test_every_letter_of_a_guard_opens_some_example(order: int, number: int) -> None:
    """Each letter or digit the guard lets through, taken out of it (both cases), loses a match of the examples:
    the examples try every letter, so a word whose letter the guard lacked would be found missing above."""
    pattern = _RULES[order].pattern
    parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    sequence, index = list(_guards(parsed))[number]
    guard = _compiled(sre_parse.SubPattern(parsed.state, [sequence.data[index]]), pattern.flags)
    letters = sorted({character.lower() for character in string.ascii_letters + string.digits
                      if guard.match(character)})
    assert letters
    text = _example_text(parsed)
    found = _spans(pattern, text)
    for letter in letters:
        def exclude(sequence: sre_parse.SubPattern, index: int, letter: str = letter) -> None:
            others = sre_parse.SubPattern(sequence.state, [(sre.IN, [(sre.LITERAL, ord(letter)),
                                                                      (sre.LITERAL, ord(letter.upper()))])])
            sequence.data.insert(index + 1, (sre.ASSERT_NOT, (1, others)))

        _, narrowed, _ = _with_guard(order, number, exclude)
        assert _spans(narrowed, text) != found, f"nothing opens on {letter!r} at guard {number} of {pattern.pattern}"
