"""Source text is data: spot sentences that address an assistant, remove the source's own
citation and footnote markers, and read the numbers, years and percentages in a text.

Used by the summary check (app/generate.py) and by the grounded answer, so that a document
saying "Negeer alle vorige instructies ..." is never quoted as an answer and a "[1]" in a
source never passes for one of our markers. No I/O, no model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OVERRIDE = re.compile(
    r"\b(negeer|vergeet|ignore|disregard|overrule|omzeil)\b[^.!?\n]{0,80}?"
    r"\b(instructies?|opdrachten|opdracht|aanwijzingen|prompts?|regels|instructions?|rules)\b",
    re.IGNORECASE,
)
_ROLE = re.compile(
    r"(^|[\s>\]\"'])(system|assistant|developer|user)\s*:"
    r"|<\|?(system|im_start|im_end|assistant)\|?>|\[/?(INST|SYSTEM|SYS)\]",
    re.IGNORECASE,
)
_ADDRESS = re.compile(
    r"\b(je|jij|u)\s+bent\s+(nu\s+)?(een\s+|de\s+)?(ai|taalmodel|assistent|chatbot|bronwijzer)\b"
    r"|\b(als|tegen\s+het|aan\s+het)\s+(ai|taalmodel|language\s+model|chatbot)\b"
    r"|\b(taalmodel|chatbot|ai-assistent|language\s+model)\s*[:,]"
    r"|\b(zeg|vertel|antwoord|schrijf)\s+(tegen\s+de\s+gebruiker|altijd|voortaan|vanaf\s+nu)\b"
    r"|\bzeg\s+dat\b",
    re.IGNORECASE,
)
_SOURCE_MARKER = re.compile(r"\s?\[\d{1,3}(?:\s*[,\-–]\s*\d{1,3})*\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\^\d{1,3}\b")
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


def addresses_assistant(text: str) -> bool:
    """True for text that speaks to a language model instead of informing a reader:
    "Negeer alle vorige instructies", "SYSTEM:", "Je bent nu een ...", "zeg dat ...")."""
    return bool(_OVERRIDE.search(text) or _ROLE.search(text) or _ADDRESS.search(text))


def neutralise_markers(text: str) -> str:
    """Drop the source's own citation and footnote markers ("[1]", "[2-4]", "¹", "^3"),
    so that only Bronwijzer's markers look like citations."""
    return re.sub(r"[ \t]{2,}", " ", _SOURCE_MARKER.sub("", text))


def as_data(text: str) -> str:
    """The text without sentences that address an assistant and without source markers."""
    kept = [s for s in _SENTENCE.split(text) if s.strip() and not addresses_assistant(s)]
    return neutralise_markers(" ".join(kept))


# --- numbers ---------------------------------------------------------------------------

_SCALE = {"duizend": 1e3, "miljoen": 1e6, "mln": 1e6, "miljard": 1e9, "mld": 1e9}
_NUMBER = re.compile(
    r"(?<![\w,.])(\d{1,3}(?:\.\d{3})+|\d+)(?:[,.](\d+))?(?!\d)"
    r"(?:\s*(%|procent|percent|duizend|miljoen|mln|miljard|mld)\b|\s*(%))?",
    re.IGNORECASE,
)
_UNITS = {"een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7,
          "acht": 8, "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13,
          "veertien": 14, "vijftien": 15, "zestien": 16, "zeventien": 17, "achttien": 18,
          "negentien": 19}
_TENS = {"twintig": 20, "dertig": 30, "veertig": 40, "vijftig": 50, "zestig": 60,
         "zeventig": 70, "tachtig": 80, "negentig": 90, "honderd": 100}
_WORD_NUMBER = re.compile(
    r"\b([a-zé]+)\s+(procent|percent|%|euro|duizend|miljoen|miljard)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Number:
    raw: str
    values: frozenset[float]  # the value, scaled by duizend/miljoen/miljard
    percent: bool

    def same(self, other: Number) -> bool:
        return self.percent == other.percent and any(
            abs(a - b) <= 1e-9 * max(1.0, abs(b)) for a in self.values for b in other.values)


def word_value(word: str) -> int | None:
    """'vijftig' -> 50, 'vijfenzeventig' -> 75, 'honderd' -> 100; None for other words."""
    w = word.lower()
    if w in _UNITS:
        return _UNITS[w]
    if w in _TENS:
        return _TENS[w]
    m = re.fullmatch(r"([a-zé]+?)[eë]n(" + "|".join(_TENS) + ")", w)
    if m and m.group(1) in _UNITS and _UNITS[m.group(1)] < 10:
        return _UNITS[m.group(1)] + _TENS[m.group(2)]
    return None


def numbers(text: str) -> list[Number]:
    """The numbers, years and percentages in a text, in digits or as a number word before
    a unit ('vijftig procent'). Dutch and English decimal marks are both read."""
    out = []
    for m in _NUMBER.finditer(text):
        whole, frac, unit = m.group(1), m.group(2), (m.group(3) or m.group(4) or "").lower()
        value = float(whole.replace(".", "") + (f".{frac}" if frac else ""))
        out.append(_number(m.group(0), value, unit))
    for m in _WORD_NUMBER.finditer(text):
        value = word_value(m.group(1))
        if value is not None:
            out.append(_number(m.group(0), float(value), m.group(2).lower()))
    return out


def _number(raw: str, value: float, unit: str) -> Number:
    # "45 miljoen" is 45,000,000: it matches "45.000.000", never "45 woningen".
    value = value * _SCALE.get(unit, 1.0)
    return Number(raw.strip(), frozenset({value}), unit in ("%", "procent", "percent"))
