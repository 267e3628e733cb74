"""Table detection on lines: captions, column-header lines, rows of numbers and the wrapped
labels of a row, for municipal budget tables ("Programma 1 Wonen 250 300").

Says what one line (or a short run of lines) is; ingest/blocks.py decides where a table
starts and ends. It does not parse cells into numbers.
"""

from __future__ import annotations

import re

from ingest import sections
from ingest.lines import SENTENCE_END, Line, broken, ends_sentence

TABLE_KINDS = ("table_caption", "table_header", "table_row")
HEADER_WORDS = {
    "begroting", "mjp", "meerjarenraming", "raming", "realisatie", "rekening", "jaarrekening",
    "primitieve", "actuele", "bijgestelde", "wijziging", "prognose", "saldo", "stand",
    "lasten", "baten", "toelichting",
}
_YEAR = re.compile(r"^(?:19|20)\d\d(?:[-–/](?:19|20)?\d\d)?$")
_CAPTION = re.compile(r"^(Tabel|Tabel:|Overzicht)\s|[(\[]\s*bedragen\s+(?:in\s+)?(?:€\s*)?x", re.IGNORECASE)
_CELL = r"[-–]?\(?\d{1,3}(?:\.\d{3})*(?:,\d+)?%?\)?"


def is_caption(text: str) -> bool:
    """A table caption ("Tabel 3 ...", "[Bedragen in € x 1.000]")."""
    return bool(_CAPTION.search(text)) and len(text.split()) <= 20


def is_header_like(text: str) -> bool:
    """Looks like a column header ("Begroting 2026", "Realisatie 2024 Raming 2025")."""
    toks = text.replace("(", " ").replace(")", " ").split()
    if not toks or len(toks) > 16 or text.rstrip().endswith(SENTENCE_END):
        return False
    keyed = [t for t in toks if t.lower().strip(",") in HEADER_WORDS or _YEAR.match(t)]
    if len(toks) > 10 and (sum(bool(_YEAR.match(t)) for t in toks) < 3 or len(keyed) < len(toks) / 2):
        return False  # a long line is a header only when most of it is years and column words
    last = toks[-1].lower()
    return bool(keyed) and (last in HEADER_WORDS or bool(_YEAR.match(last))
                            or (last == "verschil" and len(keyed) >= 2))


def is_row(text: str) -> bool:
    """A table row: numbers only, four cells in a row, or a short label ending in 2+ cells."""
    if sections.is_numbers_only(text):
        return True
    if re.search(r"(?:^|\s)" + r"\s+".join([_CELL] * 4) + r"(?:\s|$)", text):
        return True  # four cells in a row, then a text column ("... 0 100 0 100 Ambitie ...")
    toks = text.split()
    tail = sections.numeric_tail(text)
    cells = [t for t in toks[len(toks) - tail:] if t != "€"]
    label = toks[: len(toks) - tail]
    if len(cells) < 2 or not label or len(label) > 16:
        return False
    return not label[-1].endswith(SENTENCE_END)


def is_single_cell_row(text: str) -> bool:
    """A label with one number: a row of a two-column table when such lines come in a run."""
    toks = text.split()
    return (sections.numeric_tail(text) == 1 and 1 < len(toks) <= 10
            and not toks[-2].endswith(SENTENCE_END) and toks[-1] not in ("-", "–"))


def label_run(lines: list[Line], i: int) -> int | None:
    """In a table: text lines i..j-1 that are the wrapped label of the numbers line j."""
    j = i
    while j < len(lines) and j - i < 4:
        ln = lines[j]
        if ln.kind == "row" and sections.is_numbers_only(ln.text):
            return j if j > i else None
        wrapped = j > i and broken(lines[j - 1])
        if len(ln.toks) > 16 or not (
            ln.kind in ("text", "numbered", "title") or (ln.kind == "header" and j > i)
            or (ln.kind == "bullet" and j == i and ln.text[:1].isdigit())  # "6 Bedrijfsvoering"
            or (wrapped and ln.kind != "row")
        ):
            return None
        if ends_sentence(ln.text):
            return None
        j += 1
    return None


def header_ahead(lines: list[Line], i: int) -> bool:
    """A header-like line counts as a table header only when table rows follow it. The
    header itself may take many lines ("Onderwerp Lasten" / "2026" / "Baten" / "2026" ...)."""
    other = 0
    for ln in lines[i + 1 : i + 40]:
        if ln.kind == "row":
            return True
        if ln.kind == "header":
            continue
        other += 1
        if ln.kind == "text" and len(ln.toks) <= 8 and other < 9:
            continue
        return False
    return False


def has_year(text: str) -> bool:
    """A column header with a year in it ("Begroting 2026"), not a sub-label ("Lasten")."""
    return any(_YEAR.match(t) for t in text.replace("(", " ").replace(")", " ").split())


def same_header(a: str, b: str) -> bool:
    """Two column headers are the same one (repeated at the top of the next page), also when
    a word was broken differently ("Storting in- cidenteel" / "Storting incidenteel")."""
    return _flat(a) == _flat(b)


def _flat(text: str) -> list[str]:
    return re.sub(r"-\s+", "", text).lower().split()


def sub_label(lines: list[Line], i: int) -> bool:
    """A "Lasten" or "Baten" line right above rows labels them; it is no column name."""
    return (lines[i].text.lower() in ("lasten", "baten") and i + 1 < len(lines)
            and lines[i + 1].kind == "row")


def short_run(lines: list[Line], i: int) -> int | None:
    """Lines i..j-1 are short text lines (a header's pieces) and line j is a labelled row:
    return j. (Before a row of numbers only, the short lines are that row's label.)"""
    j = i
    while j < len(lines) and j - i < 14:
        ln = lines[j]
        if ln.kind == "row":
            return j if j > i and not sections.is_numbers_only(ln.text) else None
        if j > i and sub_label(lines, j):
            return j
        if ln.kind not in ("text", "header") or len(ln.toks) > 5 or ends_sentence(ln.text):
            return None
        j += 1
    return None


def header_next(lines: list[Line], i: int) -> bool:
    """More of a column header follows line i before any row."""
    for ln in lines[i + 1 : i + 4]:
        if ln.kind == "header":
            return True
        if ln.kind != "text" or len(ln.toks) > 3:
            return False
    return False
