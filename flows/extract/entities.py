"""Find people, organisations and places, and name each mention's canonical entity."""

from __future__ import annotations

import re

from flows.records import EntityMention, ParsedArticle

_PLACES = {"Russia": "GPE", "Ukraine": "GPE", "Istanbul": "GPE", "Berlin": "GPE", "Sumy": "GPE", "U.S.": "GPE"}
_METONYMS = {"Moscow": "Russia", "the Kremlin": "Russia", "Russian": "Russia", "Kyiv": "Ukraine", "Ukrainian": "Ukraine"}
_ORGS = {"NATO"}
_TITLES = r"(?:President|Minister|Chancellor|Defense Minister|Foreign Minister)"
_PERSON = re.compile(r"\b%s\s+((?:[A-Z][a-z]+\s)?[A-Z][a-z]+)\b" % _TITLES)


def find_entities(parsed: ParsedArticle) -> list[EntityMention]:
    text = parsed.text
    mentions: list[EntityMention] = []
    people: dict[str, str] = {}
    for match in _PERSON.finditer(text):
        name = match[1]
        surname = name.split()[-1]
        if " " in name or surname not in people:
            people[surname] = name
    for surname, full in people.items():
        for match in re.finditer(rf"\b{re.escape(surname)}\b", text):
            mentions.append(EntityMention(match.start(), match.end(), surname, "PERSON", full))
    for name, kind in _PLACES.items():
        for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            mentions.append(EntityMention(match.start(), match.end(), name, kind, name))
    for name, canonical in _METONYMS.items():
        for match in re.finditer(rf"\b{re.escape(name)}\b", text):
            mentions.append(EntityMention(match.start(), match.end(), name, "GPE", canonical))
    for name in _ORGS:
        for match in re.finditer(rf"\b{name}\b", text):
            mentions.append(EntityMention(match.start(), match.end(), name, "ORG", name))
    return sorted(mentions, key=lambda mention: mention.start)


def canonical_key(entity_type: str, name: str) -> str:
    return f"{entity_type}:{' '.join(name.lower().split())}"


def alias_forms(mention: EntityMention) -> list[str]:
    return sorted({mention.text, mention.canonical})
