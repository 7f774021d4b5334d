"""Units and scale as separate, normalised fields of a quantity: what makes "92.50 dlrs a share" comparable with
"$92.50 per share", and "8.1 billion dlrs" a number that SQL can compare."""

from __future__ import annotations

import pytest

from flows.extract.claims import format_quantity
from flows.extract.quantities import find_quantities

CASES = [
    # text, value, upper, unit_normalised, per, scale
    ("It raised its offer to 92.50 dlrs a share.", 92.5, None, "USD", "share", None),
    ("the 100 dlr-per-share offer", 100.0, None, "USD", "share", None),
    ("USAir offered 71 dlrs cash per share for half", 71.0, None, "USD", "share", None),
    ("a trade surplus of 8.1 billion dlrs", 8.1e9, None, "USD", None, 1e9),
    ("output of 2.3 mln bpd", 2.3e6, None, "barrels/day", None, 1e6),
    ("a capacity of 75-100,000 bpd", 75_000.0, 100_000.0, "barrels/day", None, None),
    ("a 4.3 billion Can dlr offer", 4.3e9, None, "CAD", None, 1e9),
    ("a 4.3 billion dlr Canadian offer", 4.3e9, None, "CAD", None, 1e9),
    ("It would take about 100 mln U.S. Dlrs to repair", 1e8, None, "USD", None, 1e6),
    ("profits of 120 mln stg", 1.2e8, None, "GBP", None, 1e6),
    ("base rates were cut to 10-1/2 pct", 10.5, None, "percent", None, None),
    ("sales of 1-1/2 billion dlrs", 1.5e9, None, "USD", None, 1e9),
    ("a 275 pct pay rise", 275.0, None, "percent", None, None),
    ("$4.6 billion", 4.6e9, None, "USD", None, 1e9),
    ("160 vessels were idle", 160.0, None, "ships", None, None),
    ("The wind farm will produce 3 gigawatts of power.", 3.0, None, "gigawatts", None, None),
    ("a 1,200 MW gas plant", 1200.0, None, "megawatts", None, None),
    ("demand of 4.5 TWh a year", 4.5, None, "terawatt-hours", "year", None),
    ("a 120 kWh battery", 120.0, None, "kilowatt-hours", None, None),
    ("10,000 tonnes of steel", 10_000.0, None, "tonnes", None, None),
    ("32 hectares of forest burned", 32.0, None, "hectares", None, None),
    ("a 5 km road", 5.0, None, "kilometres", None, None),
    ("winds of 40 km/h", 40.0, None, "kilometres/hour", None, None),
    ("output of 3.4 million barrels per day", 3.4e6, None, "barrels", "day", 1e6),
    ("It earned 26 cents per share.", 26.0, None, "cents", "share", None),
    ("a $2-billion deal", 2e9, None, "USD", None, 1e9),
    ("public debt of £1.2tn", 1.2e12, None, "GBP", None, 1e12),
    ("output of about 2.5 million b/d", 2.5e6, None, "barrels/day", None, 1e6),
    ("rates were cut by 75 basis points", 75.0, None, "basis points", None, None),
    ("a 40,000 square feet warehouse", 40_000.0, None, "square feet", None, None),
    ("warming of 1.5 degrees Celsius", 1.5, None, "degrees Celsius", None, None),
    ("petrol at 50 cents a gallon", 50.0, None, "cents", "gallon", None),
    ("a 20 yuan ticket", 20.0, None, "CNY", None, None),
    ("fines of 2 million Swiss francs", 2e6, None, "CHF", None, 1e6),
    ("rents of 1,500 rand a month", 1500.0, None, "ZAR", "month", None),
    ("a 2 GHz chip", 2.0, None, "gigahertz", None, None),
    ("a 20 mg dose", 20.0, None, "milligrams", None, None),
    ("a budget of Rs 1,200 crore", 1.2e10, None, "INR", None, 1e7),
    ("a plan of Rs 1.5 lakh crore", 1.5e12, None, "INR", None, 1e12),
    ("an engine with 380 lb-ft of torque", 380.0, None, "pound-feet", None, None),
    ("a 5,000mAh battery", 5000.0, None, "milliampere-hours", None, None),
    ("a 5 mln share issue", 5e6, None, None, None, 1e6),
]


@pytest.mark.parametrize("text,value,upper,unit,per,scale", CASES, ids=[case[0] for case in CASES])
def test_units_and_scale_are_normalised(text, value, upper, unit, per, scale):
    [quantity] = find_quantities(text)
    assert (quantity.value, quantity.upper, quantity.unit_normalised, quantity.per, quantity.scale) == (
        pytest.approx(value), pytest.approx(upper) if upper else None, unit, per, scale)


def test_the_value_shown_keeps_the_scale_word_and_the_normalised_unit():
    shown = {format_quantity(q) for text, *_ in CASES for q in find_quantities(text)}
    assert {"92.5 USD/share", "8.1 bln USD", "2.3 mln barrels/day", "4.3 bln CAD", "10.5 percent"} <= shown


@pytest.mark.parametrize("text,written", [("The wind farm will produce 3 gigawatts of power.", "3 gigawatts"),
                                          ("15 square kilometres of land", "15 square kilometres"),
                                          ("It earned 26 cents per share.", "26 cents")])
def test_the_span_holds_the_unit_it_read(text: str, written: str) -> None:
    assert [quantity.text for quantity in find_quantities(text)] == [written]


@pytest.mark.parametrize("text", ["It offered 92.50 DLRS A SHARE.", "It offered 92.50 Dlrs a Share.",
                                  "It offered 92.50 dlrs a \u017fhare."])  # a long s, as old print has it
def test_the_words_after_a_number_are_read_in_any_letter_case(text: str) -> None:
    # each group of words opens with a class of its letter's case variants
    [quantity] = find_quantities(text)
    assert (quantity.value, quantity.unit_normalised, quantity.per) == (92.5, "USD", "share")
