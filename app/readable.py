"""Amounts as people say them: "45.150" in a table "x € 1.000" -> "€ 45,2 miljoen".

Pure functions, no I/O, for the answer composer and the page:

    unit = unit_of("Bedragen x € 1.000")          # Unit(scale=1000, euro=True)
    amount = parse_amount("45.150", unit)         # Amount(value=Decimal('45150000'), ...)
    say_amount(amount)                            # '€ 45,2 miljoen'
    say_amount(parse_amount("4,2%"))              # '4,2%'  (percentages stay as written)
    say_amount(parse_amount("2026"))              # '2026'  (years, periods, plain counts too)
    say_table_value("Algemene reserve", "Begroting 2026", "45.150", "bedragen x € 1.000")
        # 'De algemene reserve is in de begroting 2026 € 45,2 miljoen.'
    say_table_values("OZB woningen", [("2025", "849"), ("2026", "868")], "x € 1.000")
        # 'OZB woningen is in 2025 € 849.000 en in 2026 € 868.000.'

Dutch notation is assumed: "." groups thousands, "," is the decimal mark. It never changes
a quote or a citation (those stay verbatim); it only phrases a value found in them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


class AmountError(ValueError):
    """A text is not a number in Dutch notation; the message names it."""


@dataclass(frozen=True, slots=True)
class Unit:
    """What a table's numbers count: scale (1, 1.000, 1.000.000) of euros or of plain units."""

    scale: Decimal = Decimal(1)
    euro: bool = False
    percent: bool = False


@dataclass(frozen=True, slots=True)
class Amount:
    """A value in its real size: 45.150 x € 1.000 is Amount(Decimal('45150000'), euro=True)."""

    value: Decimal
    euro: bool = False
    percent: bool = False
    source: str = ""  # the text as written ("45.150", "2025-2028")
    verbatim: bool = False  # a year, period or code: say it as written

    @property
    def negative(self) -> bool:
        return self.value < 0


EURO = Unit(euro=True)
NONE = Unit()
PERCENT = Unit(percent=True)

_SCALE_WORDS = {
    "mld": Decimal(10) ** 9, "miljard": Decimal(10) ** 9,
    "mln": Decimal(10) ** 6, "mio": Decimal(10) ** 6, "miljoen": Decimal(10) ** 6,
}
# "x € 1.000", "x €1 mln", "x 1.000 euro", "bedragen in duizenden euro's", "in %"
_UNIT_X = re.compile(
    r"[x×*]\s*(?P<eur1>€|eur\b|euro)?\s*(?P<num>\d{1,3}(?:\.\d{3})*|\d+)\s*"
    r"(?P<word>mln|mio|miljoen|mld|miljard)?\.?\s*(?P<eur2>€|eur\b|euro)?", re.I)
_UNIT_THOUSANDS = re.compile(r"\b(in\s+)?duizenden\s+(euro|€)", re.I)
_UNIT_MILLIONS = re.compile(r"\b(in\s+)?miljoenen\s+(euro|€)", re.I)
_PERCENT_HEADER = re.compile(r"(^|\s|\()(in\s+)?(%|procent)(\s|\)|$)", re.I)
_EURO_WORD = re.compile(r"€|\beuro", re.I)

_NUMBER = re.compile(
    r"^(?P<sign>[-−–+]|min\s+)?\s*(?P<eur>€\s*)?(?P<sign2>[-−–])?\s*"
    r"(?P<int>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<frac>\d+))?\s*(?P<pct>%|procent)?$", re.I)
_PAREN_NEG = re.compile(r"^\((?P<body>.+)\)$")
_YEAR = re.compile(r"^(19|20)\d{2}$")
_PERIOD = re.compile(r"^(19|20)\d{2}\s*[-–/]\s*((19|20)?\d{2})$")


def unit_of(header_text: str | None) -> Unit:
    """The unit a table header or caption states; no unit -> plain numbers (Unit()).

    "(bedragen x € 1.000)" -> scale 1.000 euro; "x € 1 mln" -> 1.000.000 euro; "x 1.000"
    -> 1.000 (no currency); "Bedragen in duizenden euro's"; "in %" -> percent.
    """
    text = (header_text or "").strip()
    if not text:
        return NONE
    m = _UNIT_X.search(text)
    if m:
        scale = Decimal(m.group("num").replace(".", ""))
        if m.group("word"):
            scale *= _SCALE_WORDS[m.group("word").lower()]
        euro = bool(m.group("eur1") or m.group("eur2")) or bool(_EURO_WORD.search(text))
        return Unit(scale=scale, euro=euro)
    if _UNIT_THOUSANDS.search(text):
        return Unit(scale=Decimal(1000), euro=True)
    if _UNIT_MILLIONS.search(text):
        return Unit(scale=Decimal(10) ** 6, euro=True)
    if _PERCENT_HEADER.search(text):
        return PERCENT
    if _EURO_WORD.search(text):
        return EURO
    return NONE


def parse_amount(text: str, unit: Unit | str | None = None) -> Amount:
    """A Dutch number as written ("45.150", "-1.022", "(66)", "4,2%", "€ 12,50", "2026")
    in its real size under the unit (a Unit or a header text for unit_of).

    Years ("2026") and periods ("2025-2028") are kept verbatim and are not scaled.
    Raises AmountError for text that is not one number.
    """
    if not isinstance(unit, Unit):
        unit = unit_of(unit)
    raw = (text or "").strip()
    if _YEAR.match(raw) and not unit.euro and unit.scale == 1 and not unit.percent:
        return Amount(Decimal(raw), source=raw, verbatim=True)
    if _PERIOD.match(raw):
        return Amount(Decimal(raw[:4]), source=raw, verbatim=True)
    body, negative = raw, False
    paren = _PAREN_NEG.match(body)
    if paren:  # accountants' (1.234) is -1.234
        body, negative = paren.group("body").strip(), True
    m = _NUMBER.match(body)
    if not m:
        raise AmountError(f"not a number in Dutch notation: {text!r}")
    if m.group("sign") and m.group("sign").strip() != "+" or m.group("sign2"):
        negative = not negative
    digits = m.group("int").replace(".", "") + ("." + m.group("frac") if m.group("frac") else "")
    try:
        value = Decimal(digits)
    except InvalidOperation as exc:
        raise AmountError(f"not a number in Dutch notation: {text!r}") from exc
    percent = bool(m.group("pct")) or unit.percent
    euro = bool(m.group("eur")) or (unit.euro and not percent)
    if not percent:
        value *= unit.scale
    return Amount(-value if negative else value, euro=euro, percent=percent, source=raw)


def say_amount(amount: Amount) -> str:
    """The amount as a resident says it.

    Euros: from a million on "€ 45,2 miljoen" / "€ 1,2 miljard" (one decimal below 100,
    none from 100 on, ",0" dropped), below that whole euros with thousands dots
    ("€ 725.000"), cents only when the source had them ("€ 12,50"). Negative: "min € 1,0
    miljoen" -> "min € 1 miljoen". Percentages as written with "%"; years, periods and plain
    numbers without a unit as in the source.
    """
    if amount.verbatim:
        return amount.source
    v = amount.value
    sign = "min " if v < 0 else ""
    v = abs(v)
    if amount.percent:
        return f"{sign}{_decimal_nl(v, _decimals(amount.source))}%"
    if not amount.euro:
        if amount.source and not _scaled(amount):
            return amount.source
        return sign + _big_or_grouped(v, "")
    if v >= Decimal(10) ** 6:
        return sign + "€ " + _big_or_grouped(v, "")
    cents = _decimals(amount.source) > 0 and v < 1000 and v != v.to_integral_value()
    if cents:
        return f"{sign}€ {_decimal_nl(v, 2)}"
    return f"{sign}€ {_group(v.quantize(Decimal(1), ROUND_HALF_UP))}"


def say_table_value(row_label: str, column: str, value: str, unit: Unit | str | None) -> str:
    """One table cell as a sentence: 'De algemene reserve is in de begroting 2026 € 45,2
    miljoen.' The column gives the period ("Begroting 2026" -> "in de begroting 2026",
    "2026" -> "in 2026"); a value that is no number is stated as written."""
    return say_table_values(row_label, [(column, value)], unit)


def say_table_values(row_label: str, cells: list[tuple[str, str]],
                     unit: Unit | str | None) -> str:
    """Several cells of one row as one sentence, in the order given: 'De algemene reserve is
    in de begroting 2025 € 60,7 miljoen en in de begroting 2026 € 45,2 miljoen.'"""
    label = row_label.strip()
    subject = label[:1].upper() + label[1:] if _is_name(label) else f"De {label[:1].lower()}{label[1:]}"
    parts = []
    for column, value in cells:
        try:
            said = say_amount(parse_amount(value, unit))
        except AmountError:
            said = value.strip()
        col = column.strip()
        if not col:
            parts.append(said)
        elif re.match(r"^(19|20)\d{2}\b", col):
            parts.append(f"in {col} {said}")
        else:
            parts.append(f"in de {col[:1].lower()}{col[1:]} {said}")
    body = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " en " + parts[-1]
    return f"{subject} is {body}."


# --- helpers ---------------------------------------------------------------------------


def _is_name(label: str) -> bool:
    """Codes and abbreviations ('OZB woningen', 'TV0-61') keep their form and get no article."""
    first = label.split()[0] if label.split() else ""
    return first.isupper() or any(ch.isdigit() for ch in first)


def _scaled(amount: Amount) -> bool:
    try:
        return parse_amount(amount.source).value != amount.value
    except AmountError:
        return True


def _decimals(source: str) -> int:
    m = re.search(r",(\d+)", source or "")
    return len(m.group(1)) if m else 0


def _big_or_grouped(v: Decimal, prefix: str) -> str:
    for size, word in ((Decimal(10) ** 9, "miljard"), (Decimal(10) ** 6, "miljoen")):
        if v >= size:
            n = v / size
            places = 0 if n >= 100 else 1
            return f"{prefix}{_decimal_nl(n, places, drop_zero=True)} {word}"
    return prefix + _group(v.quantize(Decimal(1), ROUND_HALF_UP)) if v == v.to_integral_value() \
        else prefix + _decimal_nl(v, 2)


def _decimal_nl(v: Decimal, places: int, *, drop_zero: bool = False) -> str:
    q = v.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP) if places else \
        v.quantize(Decimal(1), ROUND_HALF_UP)
    whole, _, frac = f"{q:f}".partition(".")
    if drop_zero and frac and set(frac) == {"0"}:
        frac = ""
    grouped = _group(Decimal(whole))
    return f"{grouped},{frac}" if frac else grouped


def _group(v: Decimal) -> str:
    return f"{int(v):,}".replace(",", ".")
