"""Quantities: value, unit, approx marker and concept, on the seed article and on single phrases."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from flows.extract.quantities import find_quantities
from flows.records import Quantity, Span

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_f4a7255485200af2.txt"


def seed_body() -> str:
    text = SEED.read_text(encoding="utf-8")
    body = text.split("\n", 1)[1]
    return body[: body.index("Related Sources:")].rstrip()


def only(text: str) -> Quantity:
    quantities = find_quantities(text)
    assert len(quantities) == 1, quantities
    return quantities[0]


def reading(quantity: Quantity) -> tuple[float, str | None, str, str | None]:
    return quantity.value, quantity.unit, quantity.approx, quantity.concept


@pytest.mark.skipif(not SEED.exists(), reason="seed article not in this checkout")
def test_seed_article_quantities() -> None:
    found = {(q.value, q.unit, q.approx) for q in find_quantities(seed_body())}
    expected = {
        (20, "percent", "~"),
        (50000, "troops", ">"),
        (1000, "prisoners", "="),
        (10000, "casualties", ">="),
        (4, "days", ">="),
        (2, "weeks", "<="),
        (3, "years", "~"),
    }
    assert expected <= found


@pytest.mark.skipif(not SEED.exists(), reason="seed article not in this checkout")
def test_seed_article_concepts_and_spans() -> None:
    by_text = {q.text: q for q in find_quantities(seed_body())}
    assert by_text["approximately 20%"].concept == "Ukrainian territory"
    assert by_text["1,000-for-1,000"].concept == "prisoner exchange"
    assert by_text["three-year"].concept == "conflict"
    assert seed_body()[by_text["over 50,000"].start:by_text["over 50,000"].end] == "over 50,000"


@pytest.mark.skipif(not SEED.exists(), reason="seed article not in this checkout")
def test_seed_years_and_dates_are_not_quantities() -> None:
    values = {q.value for q in find_quantities(seed_body())}
    assert not values & {2022, 2014, 28, 16}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russia has amassed 50,000 troops.", (50000, "troops", "=", None)),
        ("The deal is worth $4.6 billion.", (4.6e9, "USD", "=", None)),
        ("Prices rose 20 percent.", (20, "percent", "=", None)),
        ("Prices rose 20%.", (20, "percent", "=", None)),
        ("It cost £3m.", (3e6, "GBP", "=", None)),
        ("The fund holds €250 million.", (2.5e8, "EUR", "=", None)),
        ("The index fell 37.75 points.", (37.75, "points", "=", None)),
    ],
)
def test_values_and_units(text: str, expected: tuple[float, str | None, str, str | None]) -> None:
    assert reading(only(text)) == expected


@pytest.mark.parametrize(
    ("text", "approx"),
    [
        ("approximately 300 people", "~"),
        ("about 300 people", "~"),
        ("around 300 people", "~"),
        ("nearly 300 people", "~"),
        ("some 300 people", "~"),
        ("over 300 people", ">"),
        ("more than 300 people", ">"),
        ("under 300 people", "<"),
        ("fewer than 300 people", "<"),
        ("less than 300 people", "<"),
        ("at least 300 people", ">="),
        ("at most 300 people", "<="),
        ("up to 300 people", "<="),
        ("no more than 300 people", "<="),
        ("300 people", "="),
    ],
)
def test_approx_markers(text: str, approx: str) -> None:
    quantity = only(text)
    assert (quantity.value, quantity.unit, quantity.approx) == (300, "people", approx)
    assert quantity.text == text.removesuffix(" people")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tens of thousands of casualties", (10000, "casualties", ">=", None)),
        ("hundreds of thousands of refugees", (100000, "refugees", ">=", None)),
        ("thousands of pages", (1000, "pages", ">=", None)),
        ("a three-year conflict", (3, "years", "~", "conflict")),
        ("at least four more days", (4, "days", ">=", None)),
        ("within two weeks", (2, "weeks", "<=", None)),
        ("approximately 20% of Ukrainian territory", (20, "percent", "~", "Ukrainian territory")),
        ("a 1,200-for-1,200 prisoner exchange", (1200, "prisoners", "=", "prisoner exchange")),
        ("twenty-five soldiers", (25, "soldiers", "=", None)),
    ],
)
def test_phrases(text: str, expected: tuple[float, str | None, str, str | None]) -> None:
    assert reading(only(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The war began in 2014.",
        "Talks are set for June 2 at 10 a.m.",
        "It was the 5th round of talks.",
        "Boeing unveiled the 787 Dreamliner; the Boeing 787 flew.",
        "one of its largest drone barrages",
        "a three-way summit",
    ],
)
def test_not_quantities(text: str) -> None:
    assert find_quantities(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ford will cut 25,000 to 30,000 jobs.", ("25,000 to 30,000", 25000, 30000, "jobs")),
        ("Airbus offered between $12 million and $20 million.",
         ("between $12 million and $20 million", 1.2e7, 2e7, "USD")),
        ("It costs 300 to 350 million euros.", ("300 to 350 million euros", 3e8, 3.5e8, "EUR")),
        ("Stocks fell between three and seven percent.", ("between three and seven percent", 3, 7, "percent")),
        ("improvements of 15-20% are planned", ("15-20%", 15, 20, "percent")),
        ("seats for 200-250 passengers", ("200-250", 200, 250, "passengers")),
        ("Estimates range from 3,000 to 5,000 deaths.", ("3,000 to 5,000", 3000, 5000, "deaths")),
    ],
)
def test_ranges_are_one_quantity_from_the_lower_end(text: str, expected: tuple[str, float, float, str]) -> None:
    quantity = only(text)
    assert (quantity.text, quantity.value, quantity.upper, quantity.unit) == expected
    assert quantity.approx == ">="


@pytest.mark.parametrize(
    "text",
    [
        "Shares rose from 5,000 to 8,000 workers.",  # a change, not a range
        "The iPod costs $199 and $299.",  # two prices
        "The index rose 3.16% to 2138.14.",  # a change and a level
    ],
)
def test_pairs_that_are_not_ranges(text: str) -> None:
    assert all(quantity.upper is None for quantity in find_quantities(text))
    assert len(find_quantities(text)) == 2


@pytest.mark.parametrize("text", ["The Senate voted 52-35 for it.", "the Boeing 737-800 fleet", "call 555-1234"])
def test_numbers_glued_by_a_hyphen_without_a_range_are_not_quantities(text: str) -> None:
    assert find_quantities(text) == []


def test_concept_stops_before_a_verb() -> None:
    quantity = only("Apple said 2 million copies of Tiger sold in the first weekend.")
    assert (quantity.unit, quantity.concept) == ("copies", "Tiger")


def test_negative_numbers_keep_their_sign() -> None:
    assert reading(only("The index closed at -366.94 points.")) == (-366.94, "points", "=", None)


def test_the_two_points_back_and_measures_nothing() -> None:
    assert find_quantities("The dispute between the two companies ended.") == []
    assert reading(only("Two companies bid.")) == (2, "companies", "=", None)


def test_a_number_before_a_measure_is_no_model_name() -> None:
    text = "The Dow's 344.65-point fall came after it fell 344.65 at the close."
    assert [q.value for q in find_quantities(text)] == [344.65, 344.65]


@pytest.mark.parametrize(
    "text",
    [
        "Ryanair is the number one airline in Europe.",  # a rank
        "It runs Mac OS X, version 10.4, on Intel chips.",  # a version
        'The "Big Three" automakers asked for aid.',  # a name
        "Ford will rename the Ford Five Hundred to the Taurus.",
        "It has ordered more 777s. The 777-200LR flies far. Boeing's larger 777 planes sell well.",  # a model
    ],
)
def test_labels_names_and_models_are_not_quantities(text: str) -> None:
    assert find_quantities(text) == []


def test_all_before_a_count_is_part_of_it() -> None:
    assert reading(only("all 228 people on board died")) == (228, "people", "=", None)
    assert only("all 228 people on board died").text == "all 228"


def test_a_capitalised_number_opening_a_sentence_or_a_headline_counts() -> None:
    assert [quantity.value for quantity in find_quantities("Boeing Sells Three Planes To Qatar")] == [3]
    assert [quantity.value for quantity in find_quantities("Three people died. Two were hurt.")] == [3, 2]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a sign or code before the number names the currency
        ("The ministry set aside Rs 250 crore for the scheme.", ("Rs 250 crore", 2.5e9, "INR")),
        ("Tickets cost ₹1,500 each.", ("₹1,500", 1500, "INR")),
        ("The watch sold for CHF 42,000 at auction.", ("CHF 42,000", 42_000, "CHF")),
        ("The firm was fined SEK 30 million.", ("SEK 30 million", 3e7, "SEK")),
        ("Its bonds raised R$ 2 billion.", ("R$ 2 billion", 2e9, "BRL")),
        # a currency name after it, with a country word when several countries share the name
        ("The club paid 12 million Swiss francs for him.", ("12 million Swiss francs", 1.2e7, "CHF")),
        ("Seoul pledged 500 billion won in aid.", ("500 billion won", 5e11, "KRW")),
        ("The contract is worth 40 billion naira.", ("40 billion naira", 4e10, "NGN")),
        ("a fine of 1.3 million ringgit", ("1.3 million ringgit", 1.3e6, "MYR")),
        ("Sales reached 7 billion kronor.", ("7 billion kronor", 7e9, "SEK")),
        ("The state will spend 3 lakh rupees per village.", ("3 lakh rupees", 3e5, "INR")),
        # scale letters glued to the number
        ("The start-up is now valued at $4B.", ("$4B", 4e9, "USD")),
        ("He signed a deal worth $1.2 mil.", ("$1.2 mil", 1.2e6, "USD")),
    ],
)
def test_currencies_of_international_news(text: str, expected: tuple[str, float, str]) -> None:
    quantity = only(text)
    assert (quantity.text, quantity.value, quantity.unit_normalised) == (
        expected[0], pytest.approx(expected[1]), expected[2])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Profits rose 4.2pc in the year.", ("4.2pc", 4.2, "percent", "=")),
        ("The night fell to minus 12 degrees.", ("minus 12", -12, "degrees", "=")),
        ("A 34-year-old woman was charged.", ("34-year-old", 34, "years", "=")),
        ("the six-month-old baby", ("six-month-old", 6, "months", "=")),
        ("The group has 20,000-plus members.", ("20,000-plus", 20_000, "members", ">")),
        ("Each bag holds 250g of flour.", ("250g", 250, "grams", "=")),
        ("The phone ships with 256GB of storage.", ("256GB", 256, "gigabytes", "=")),
        ("It bought a score of jets.", ("a score of", 20, "jets", "~")),
        ("Dozens of armed men stormed the building.", ("Dozens of", 12, "men", ">=")),
        ("The carrier ordered 30 new aircraft.", ("30", 30, "aircraft", "=")),
        ("It sold 5 mln shares.", ("5 mln", 5e6, "shares", "=")),
    ],
)
def test_more_ways_news_writes_a_quantity(text: str, expected: tuple[str, float, str, str]) -> None:
    quantity = only(text)
    assert (quantity.text, quantity.value, quantity.unit_normalised, quantity.approx) == (
        expected[0], pytest.approx(expected[1]), expected[2], expected[3])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Two-thirds of voters backed the plan.", ("Two-thirds", 2 / 3, "voters")),
        ("A quarter of the staff left.", ("A quarter", 0.25, "staff")),
        ("one-fifth of its budget", ("one-fifth", 0.2, "budget")),
        ("Nearly half the workforce is on leave.", ("Nearly half", 0.5, "workforce")),
    ],
)
def test_fractions_of_something_are_shares(text: str, expected: tuple[str, float, str]) -> None:
    quantity = only(text)
    assert (quantity.text, quantity.value, quantity.unit, quantity.concept) == (
        expected[0], pytest.approx(expected[1]), None, expected[2])


@pytest.mark.parametrize(
    "text",
    [
        "He won a third term in office.",  # an ordinal
        "She was the third of five children to leave.",
        "Profits fell in the first quarter.",  # a period of the year
    ],
)
def test_ordinals_and_periods_are_no_fractions(text: str) -> None:
    assert all(quantity.value >= 1 for quantity in find_quantities(text))


def test_letters_before_a_number_are_no_currency_unless_listed() -> None:
    assert [quantity.unit_normalised for quantity in find_quantities("The Mrs 500 award and USD 500 prize")] == ["USD"]


def test_a_ratio_range_written_with_percent_signs_is_one_range() -> None:
    quantity = only("The bank set its rate at 5.25%-5.5% on Wednesday.")
    assert (quantity.text, quantity.value, quantity.upper, quantity.unit_normalised) == (
        "5.25%-5.5%", 5.25, 5.5, "percent")


def test_a_verb_after_a_number_is_no_unit() -> None:
    assert only("A million more watched.").unit is None


def test_a_number_after_new_names_a_model() -> None:
    assert [quantity.value for quantity in find_quantities("The airline bought five new 737 aircraft.")] == [5]


def test_a_verb_in_the_past_after_a_number_is_no_unit() -> None:
    assert only("A total of 120 died in the attack.").unit is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The centre is 2.16m tall.", (2.16, "metres")),
        ("She won the 200m sprint.", (200, "metres")),
        ("The club sold 1.5m shirts.", (1.5e6, "shirts")),
        ("The firm lost £2.5m last year.", (2.5e6, "GBP")),
    ],
)
def test_m_glued_to_a_number_is_metres_before_a_size_or_a_race(text: str, expected: tuple[float, str]) -> None:
    quantity = only(text)
    assert (quantity.value, quantity.unit_normalised) == (pytest.approx(expected[0]), expected[1])


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("Some 4.5 million Britons travelled abroad.", "Britons"),  # a capitalised plural
        ("The carrier bought 20 Airbus jets.", "jets"),  # past a name to the lowercase plural
        ("Storms hit 3 Texas counties.", "counties"),
    ],
)
def test_the_counted_noun_reads_past_names(text: str, unit: str) -> None:
    assert only(text).unit == unit


def test_a_year_earlier_is_no_rate() -> None:
    assert only("Growth was 1.8pc a year earlier.").per is None
    assert only("Rents rise 5% a year.").per == "year"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The airline flies a 180-seat jet.", (180, "seats", "jet")),
        ("A 12-member jury was chosen.", (12, "members", "jury")),
        ("The 28-nation bloc agreed.", (28, "nations", "bloc")),
        ("They built a 40-story tower.", (40, "stories", "tower")),
    ],
)
def test_a_noun_glued_to_a_number_is_what_it_counts(text: str, expected: tuple[float, str, str]) -> None:
    quantity = only(text)
    assert (quantity.value, quantity.unit, quantity.concept) == expected


@pytest.mark.parametrize("text", ["a two-time champion", "a ten-fold rise", "a 30-something voter",
                                  "a 5,000-strong force"])
def test_glued_words_that_count_nothing(text: str) -> None:
    assert find_quantities(text) == []


def test_two_quarters_of_a_year_are_no_fraction() -> None:
    quantity = only("The economy shrank for two quarters of the year.")
    assert (quantity.value, quantity.unit) == (2, "quarters")


@pytest.mark.parametrize(("text", "unit"), [("It bought 20 of Boeing's larger planes.", "planes"),
                                            ("Three of the victims were children.", "victims"),
                                            ("Twelve of them died.", None)])
def test_a_part_of_a_group_counts_the_group_noun(text: str, unit: str | None) -> None:
    assert only(text).unit == unit


def test_one_of_a_group_is_no_quantity() -> None:
    assert find_quantities("It is one of the largest airlines.") == []


def test_a_company_after_a_count_is_no_unit() -> None:
    assert only("It shipped 5 million HP printers.").unit_normalised == "printers"


@pytest.mark.parametrize(("text", "unit"), [("It bought 2,445,000 Acme Corp common shares.", None),  # a company name
                                            ("They joined two flu virus proteins.", "proteins"),  # "virus" is singular
                                            ("It was a three-pronged attack.", "no quantity"),
                                            ("Each right buys one one-thousandth of a share.", "no quantity")])
def test_what_is_no_counted_noun(text: str, unit: str | None) -> None:
    quantities = find_quantities(text)
    assert (quantities[0].unit if quantities else "no quantity") == unit


def test_a_fraction_split_by_a_line_break():
    text = "About 30,000 building workers were laid off in 1986, one\nthird of the total force."
    found = {q.text: q.value for q in find_quantities(text, [Span(0, len(text))])}
    assert found["one\nthird"] == pytest.approx(1 / 3)


@pytest.mark.parametrize(
    "text",
    [
        "Boeing said the Boeing 787 flew; the 787 Dreamliner and its 777 were shown, 300 jobs went.",
        "It ordered more 777s and the 777-200LR, five new 737 aircraft and 1990s planes; iPhone 3.5 sold 4 units.",
        "The 500 workers and S&P 500 fell 12 points to 300, the 787 The 900 X.",
        "to 787\n\n787 Boeing\t 787s 2,000 5 mln 787",
    ],
)
def test_a_model_number_is_told_from_where_the_number_is_written_as_from_the_whole_article(text: str) -> None:
    # the places a number is written rule most numbers out before the article's model numbers are found
    from flows.extract.quantities import _find_model_numbers, _model_numbers

    every_number = set(re.findall(r"\d[\d.,]*(?: mln)?", text)) | {"787 Boeing", "5 mln", "3.5", "35"}
    model_numbers = _model_numbers(text)
    assert {n for n in every_number if n in model_numbers} == every_number & _find_model_numbers(text)
