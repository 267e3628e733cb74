"""app/readable.py: amounts as people say them, units read from headers, cells as sentences."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.readable import (
    Amount,
    AmountError,
    Unit,
    parse_amount,
    say_amount,
    say_table_value,
    say_table_values,
    unit_of,
)


@pytest.mark.parametrize(("header", "unit"), [
    ("(bedragen x € 1.000)", Unit(Decimal(1000), euro=True)),
    ("Bedragen x €1.000", Unit(Decimal(1000), euro=True)),
    ("x € 1 mln", Unit(Decimal(10) ** 6, euro=True)),
    ("bedragen x € 1 miljoen", Unit(Decimal(10) ** 6, euro=True)),
    ("x 1.000 euro", Unit(Decimal(1000), euro=True)),
    ("aantallen x 1.000", Unit(Decimal(1000))),
    ("Bedragen in duizenden euro's", Unit(Decimal(1000), euro=True)),
    ("[Bedragen x € 1, afgerond op hele €]", Unit(Decimal(1), euro=True)),
    ("Stijging in %", Unit(percent=True)),
    ("Begroting 2026", Unit()),
    ("", Unit()),
    (None, Unit()),
])
def test_unit_of_reads_the_header(header, unit):
    assert unit_of(header) == unit


@pytest.mark.parametrize(("text", "unit", "said"), [
    ("45.150", "(bedragen x € 1.000)", "€ 45,2 miljoen"),
    ("60.693", "x € 1.000", "€ 60,7 miljoen"),
    ("1.000", "x € 1.000", "€ 1 miljoen"),
    ("245.300", "x € 1.000", "€ 245 miljoen"),
    ("1.234.567", "x € 1.000", "€ 1,2 miljard"),
    ("500", "x € 1.000", "€ 500.000"),
    ("725", "x € 1.000", "€ 725.000"),
    ("3,5", "x € 1 mln", "€ 3,5 miljoen"),
    ("0,8", "x € 1 mln", "€ 800.000"),
    ("12", "x € 1 mln", "€ 12 miljoen"),
    ("-13.789", "x € 1.000", "min € 13,8 miljoen"),
    ("−66", "x € 1.000", "min € 66.000"),
    ("(66)", "x € 1.000", "min € 66.000"),
    ("-0,5", "x € 1 mln", "min € 500.000"),
    ("4,2%", None, "4,2%"),
    ("4,2 %", None, "4,2%"),
    ("4,2", "in %", "4,2%"),
    ("-1,5%", None, "min 1,5%"),
    ("€ 12,50", None, "€ 12,50"),
    ("€ 293.000", None, "€ 293.000"),
    ("2026", None, "2026"),
    ("2025-2028", None, "2025-2028"),
    ("2025–2028", "x € 1.000", "2025–2028"),
    ("724", None, "724"),
    ("45.150", "x 1.000", "45,2 miljoen"),
])
def test_say_amount(text, unit, said):
    assert say_amount(parse_amount(text, unit)) == said


@pytest.mark.parametrize("text", ["", "abc", "12 34", "1.2.3,4,5", "€", "OZB"])
def test_not_a_number_is_an_error_naming_the_text(text):
    with pytest.raises(AmountError, match="not a number"):
        parse_amount(text, "x € 1.000")


def test_parse_amount_gives_the_real_size():
    a = parse_amount("45.150", "bedragen x € 1.000")
    assert a == Amount(Decimal(45_150_000), euro=True, source="45.150")
    assert parse_amount("-1.022", "x € 1.000").negative
    assert parse_amount("1.234,56").value == Decimal("1234.56")


def _dutch(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@given(st.integers(min_value=1, max_value=10**9), st.sampled_from(["x € 1.000", "x € 1"]))
def test_millions_are_within_rounding_and_sign_is_kept(n, unit):
    """Property: the spoken amount is the real amount to within its rounding, for + and -."""
    for text, sign in ((_dutch(n), 1), ("-" + _dutch(n), -1)):
        said = say_amount(parse_amount(text, unit))
        real = Decimal(n) * unit_of(unit).scale
        assert said.startswith("min € " if sign < 0 else "€ ")
        body = said.removeprefix("min ").removeprefix("€ ")
        if body.endswith((" miljoen", " miljard")):
            number, word = body.rsplit(" ", 1)
            size = Decimal(10) ** (6 if word == "miljoen" else 9)
            value = Decimal(number.replace(".", "").replace(",", "."))
            assert abs(value * size - real) <= size / 20 + size / 2 * (value >= 100)
            assert real >= Decimal(10) ** 6
        else:
            assert Decimal(body.replace(".", "")) == real


def test_table_value_as_a_sentence():
    assert say_table_value("Algemene reserve", "Begroting 2026", "45.150",
                           "bedragen x € 1.000") == \
        "De algemene reserve is in de begroting 2026 € 45,2 miljoen."
    assert say_table_value("OZB woningen", "2026", "868", "x € 1.000") == \
        "OZB woningen is in 2026 € 868.000."
    assert say_table_value("Stijging tarief", "", "4,2%", None) == "De stijging tarief is 4,2%."
    assert say_table_value("Status", "2026", "gereed", None) == "De status is in 2026 gereed."


def test_a_row_of_cells_as_one_sentence():
    assert say_table_values("Algemene reserve", [("Begroting 2025", "60.693"),
                                                 ("Begroting 2026", "45.150")],
                            "(bedragen x € 1.000)") == (
        "De algemene reserve is in de begroting 2025 € 60,7 miljoen en in de begroting 2026 "
        "€ 45,2 miljoen.")
    assert say_table_values("OZB woningen", [("2024", "724"), ("2025", "849"), ("2026", "868")],
                            "x € 1.000") == (
        "OZB woningen is in 2024 € 724.000, in 2025 € 849.000 en in 2026 € 868.000.")
