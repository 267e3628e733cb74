"""One tagger of numbers, units, years, periods and dates, for questions and candidates,
and the answer type a question asks for.

`quantities('€ 18 miljoen en 4,2% in 2026')` -> amount 18e6 (eur), percent 4.2, year 2026.
A table unit ('x € 1.000', 'bedragen x € 1 mln') scales the bare numbers of its rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUM = re.compile(
    # a percentage glued to the word before it ('circa10%': a space lost in the PDF's text)
    r"(?:(?<![\w.,])|(?<=[^\W\d_])(?=\d{1,3}(?:,\d+)?\s?%))"
    r"(?P<neg>-\s?)?(?P<eur>€\s?)?(?P<num>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)"
    r"(?![\d])(?:\s*(?P<unit>%|procent|miljoen|mln\.?|miljard|mld\.?|duizend))?",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<![\d.,€])((?:19|20)\d\d)(?![\d.,]\d|\s*%)")
_PERIOD = re.compile(r"\b((?:19|20)\d\d)\s*(?:[-–/]|t/m|tot en met|tot)\s*((?:19|20)\d\d)\b")
MONTHS = ("januari februari maart april mei juni juli augustus september oktober november "
          "december").split()
_DATE = re.compile(r"\b\d{1,2}\s+(?:" + "|".join(MONTHS) + r")\b|\b\d{1,2}-\d{1,2}-(?:19|20)\d\d\b",
                   re.IGNORECASE)
_MONTH_AFTER = re.compile(r"\s+(?:" + "|".join(MONTHS) + r")\b", re.IGNORECASE)
_TABLE_UNIT = re.compile(r"(?:x|×)\s*€\s*(1\.000\.000|1\.000|1\s*mln|1\s*miljoen|1\s*mld|1)\b",
                         re.IGNORECASE)
_SCALES = {"miljoen": 1e6, "mln": 1e6, "miljard": 1e9, "mld": 1e9, "duizend": 1e3}


@dataclass(frozen=True, slots=True)
class Quantity:
    raw: str  # as written
    value: float  # in base units (euros for amounts)
    kind: str  # "percent", "amount" (money), "number" (count or other)
    decimals: int  # digits written after the comma, for tolerance when comparing
    scale: float = 1.0  # the written multiplier: 1e6 for 'miljoen', 1e3 for a 'x € 1.000' row
    number: float = 0.0  # the number as written, before any scale


def table_scale(header: str) -> float:
    """'(x € 1.000)' -> 1000.0; 1.0 when no unit is given."""
    m = _TABLE_UNIT.search(header or "")
    if not m:
        return 1.0
    u = m.group(1).replace(" ", "").lower()
    return {"1.000": 1e3, "1.000.000": 1e6, "1mln": 1e6, "1miljoen": 1e6, "1mld": 1e9}.get(u, 1.0)


def _to_float(num: str) -> float:
    return float(num.replace(".", "").replace(",", "."))


def quantities(text: str, scale: float = 1.0) -> list[Quantity]:
    """Numbers that are not years, with kind and value; `scale` is the table unit of a row."""
    out: list[Quantity] = []
    for m in _NUM.finditer(text):
        num = m.group("num")
        unit = (m.group("unit") or "").lower().rstrip(".")
        if not unit and not m.group("eur") and _YEAR.fullmatch(num):
            continue
        if _MONTH_AFTER.match(text, m.end()):
            continue  # the day of a date ('per 1 januari 2026')
        value = _to_float(num) * (-1 if m.group("neg") else 1)
        decimals = len(num.split(",", 1)[1]) if "," in num else 0
        if unit in ("%", "procent"):
            out.append(Quantity(m.group(0).strip(), value, "percent", decimals, 1.0, value))
            continue
        money = bool(m.group("eur")) or scale > 1.0
        mult = _SCALES.get(unit, 1.0) * (scale if not unit and not m.group("eur") else 1.0)
        if unit in _SCALES and not money:
            money = "€" in text[max(0, m.start() - 3): m.start() + 1] or "euro" in text[m.end(): m.end() + 8]
        out.append(Quantity(m.group(0).strip(), value * mult, "amount" if money else "number",
                            decimals, mult, value))
    return out


def years(text: str) -> list[int]:
    return [int(y) for y in _YEAR.findall(text)]


def periods(text: str) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in _PERIOD.findall(text) if int(a) < int(b)]


def has_date(text: str) -> bool:
    return bool(_DATE.search(text))


_ASKS_DAY = re.compile(r"\b(?:welke|per welke|op welke)\s+(?:datum|dag|dagen)\b", re.I)


def asks_day(question: str) -> bool:
    """'Op welke datum ...': a day is asked, so a year alone ('2027-2031') does not answer."""
    return bool(_ASKS_DAY.search(question))


def serves_when(question: str, text: str, have: set[str]) -> bool:
    """Does a unit (its text, its `unit_types`) answer a 'wanneer' question: a day-month date
    when a day is asked, else any date or period."""
    return has_date(text) if asks_day(question) else bool(have & {"date", "period"})


def same_value(claimed: Quantity, found: Quantity) -> bool:
    """Equal as written, or equal within the precision the claim was written with
    ('13,8 miljoen' ~ 13.813 x € 1.000; '4,2%' ~ '4,20%')."""
    if claimed.kind == "percent" and found.kind != "percent":
        return False
    if claimed.kind != "percent" and found.kind == "percent":
        return False
    if claimed.number == found.number and claimed.decimals <= found.decimals + 1:
        return True  # the same figure as printed ('6.947' of a 'x € 1.000' row)
    a, b = claimed.value, found.value
    if a == b:
        return True
    if claimed.scale <= 1.0 or claimed.kind == "percent":
        return False  # a plain number or percentage must match exactly
    # '13,8 miljoen' stands for anything that rounds to it
    return abs(a - b) <= 0.5 * claimed.scale / (10 ** claimed.decimals)


# --- what a question asks for --------------------------------------------------------------

# 'Welke vijf doelen': a count before the noun a list question names (not the noun itself)
_NUMBER_WORDS = ("twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|veertien|"
                 "vijftien|twintig")
_WELKE_COUNT = r"welke\s+(?:(?:" + _NUMBER_WORDS + r")\s+|\d+\s+)?"  # 'welke', 'welke vijf'
_PLURAL = r"(?:en|s|['’]s)"  # 'doelen', 'pilots', 'scenario's
ANSWER_TYPES = ("amount", "percent", "count", "date", "period", "list", "definition", "reason",
                "place", "person", "other")
_ASK = (
    ("percent", re.compile(r"\b(percentage|procent|hoeveel procent|welk percentage|rente|"
                           r"met hoeveel (?:procent|%))\b|%", re.I)),
    ("amount", re.compile(r"\b(hoeveel geld|welk bedrag|wat kost|hoe duur|hoeveel kost|hoe hoog|"
                          r"hoeveel euro|welk budget|hoeveel (?:betaalt|betalen|krijgt|krijgen|"
                          r"geeft|geven|uit|investeert|investeren|bespaart|lenen|kost))\b", re.I)),
    ("count", re.compile(r"\b(hoeveel|hoe veel|welk aantal|aantal)\b", re.I)),
    ("date", re.compile(r"\b(wanneer|welke datum|per wanneer|vanaf wanneer|op welke dag|"
                        r"in welk jaar|welk jaar|tot wanneer|hoe lang)\b", re.I)),
    ("list", re.compile(r"\b(" + _WELKE_COUNT + r"\s*\w+" + _PLURAL + r"\b|"
                        r"wat zijn de|noem|opsomming|welke zijn)\b", re.I)),
    ("definition", re.compile(r"\b(wat is een|wat betekent|wat bedoel\w*|wat houdt (?P<topic>.{1,60}) in|"
                              r"wat wordt (?P<topic2>.{1,40}) verstaan|wat is het|wat is de|leg uit)\b",
                              re.I)),
    ("reason", re.compile(r"\b(waarom|hoe komt|wat is de reden|waardoor)\b", re.I)),
    ("place", re.compile(r"\b(waar)\b", re.I)),
    ("person", re.compile(r"\b(wie)\b", re.I)),
)


def answer_type(question: str) -> str:
    """The first answer type whose cue the question holds; 'other' otherwise."""
    for name, pattern in _ASK:
        if pattern.search(question):
            return name
    return "other"


# A person as documents name one: initials before a surname ('M.J. Kukenheim', 'A. van
# der Berg'), or a form of address ('mw. Hillebregt', 'de heer Jansen', 'mevrouw De Vries').
_SURNAME = r"(?:(?:van|de|der|den|ter|ten|het|in ’t|in 't)\s+)*[A-Z][\w’'-]+"
_PERSON = re.compile(
    r"(?<![\w.])(?:[A-Z]\.\s?){1,4}" + _SURNAME
    + r"|\b(?:mw|mevr|dhr|drs|dr|ir|mr|prof)\.\s*(?:[A-Z]\.\s?)*" + _SURNAME
    + r"|\b(?:mevrouw|de heer|meneer)\s+(?:[A-Z]\.\s?)*" + _SURNAME)


def names_person(text: str) -> bool:
    return _PERSON.search(text) is not None


def person_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _PERSON.finditer(text)]


def unit_types(text: str, scale: float = 1.0) -> set[str]:
    """Which answer types a candidate can serve by its form."""
    out: set[str] = set()
    if names_person(text):
        out.add("person")
    for q in quantities(text, scale):
        out.add({"percent": "percent", "amount": "amount"}.get(q.kind, "count"))
    if years(text) or has_date(text):
        out.add("date")
    if periods(text):
        out.add("period")
    return out


def strip_cue(question: str, kind: str) -> str:
    """The question without the cue phrase of its answer type; what a cue wraps stays ('Wat
    houdt de regeling in' keeps 'de regeling')."""
    def keep(m: re.Match) -> str:
        return " " + " ".join(v for k, v in m.groupdict().items() if k.startswith("topic") and v) + " "

    for name, pattern in _ASK:
        if name == kind:
            return pattern.sub(keep, question)
    return question


_LISTED = re.compile(r"\b" + _WELKE_COUNT + r"([^\W\d_]{3,}" + _PLURAL + r")\b", re.I)


def listed_noun(question: str) -> str:
    """'Welke kerntaken heeft ...' -> 'kerntaken': what the items of the answer are (a list
    is led in by it: 'De kerntaken zijn:'); '' when none is named."""
    m = _LISTED.search(question)
    return m.group(1) if m else ""


_COUNTED = re.compile(r"\bhoeveel\s+(?:extra\s+|nieuwe\s+)?([^\W\d_]{3,})", re.I)


def counted_noun(question: str) -> str:
    """'Hoeveel woningen wil ...' -> 'woningen'; '' when the question counts nothing named."""
    m = _COUNTED.search(question)
    return m.group(1) if m else ""


_NUMBER_THEN = re.compile(r"(?<![\w.,])\d[\d.,]*(?:\s+(?:miljoen|mln|duizend|extra|nieuwe))?"
                          r"\s+([^\W\d_]{3,})(?:\s+([^\W\d_]{3,}))?")


def counted_after_number(text: str) -> list[str]:
    """The words right after numbers ('3.000 woningen', '500 extra woningen')."""
    out = []
    for m in _NUMBER_THEN.finditer(text):
        out.extend(w for w in m.groups() if w)
    return out
