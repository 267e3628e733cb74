"""Candidate units of a passage: sentences, list items and table rows with exact offsets,
and table rows read against their header (which value belongs to which year column).

Pure functions over strings; no scoring. Moved unchanged from the old app/sentences.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.lines import BULLET_GLYPHS

_YEAR = re.compile(r"(?<![\d.,])(?:19|20)\d\d(?![\d.,]\d)")
_TITLES = "mw|mevr|dhr|drs|dr|ir|mr|prof|ing"  # abbreviated forms of address and titles
_ABBREV = re.compile(
    r"\b(?:bijv|o\.a|ca|nr|mln|mld|e\.d|enz|art|m\.b\.t|t\.b\.v|i\.v\.m|o\.b\.v|incl|excl|cf|vs|"
    + _TITLES + r")\.$",
    re.IGNORECASE,
)
# Initials end no sentence: two or more ('M.J.'), or one after a form of address ('mw. N.',
# 'wethouder R.'). A single letter alone ('variant B.', 'bijlage C.') may end one.
_INITIALS = re.compile(r"(?:(?:^|[\s(])[A-Z]\.(?:\s?[A-Z]\.)+"
                       r"|\b(?i:" + _TITLES + r")\.\s*[A-Z]\."
                       r"|\b(?i:heer|mevrouw|wethouder|burgemeester|directeur|voorzitter)\s+[A-Z]\.)$")
_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"'(€•-])")
BULLET = re.compile(r"^\s*(?:[" + re.escape(BULLET_GLYPHS) + r"\-–*]|\d+[.)]|[a-z][.)])\s+")
_NUMERIC_TOKEN = re.compile(r"^[-+]?\(?\d[\d.,]*\)?%?$|^-$")


# --- sentence units --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Unit:
    """A sentence, list item or table row of a chunk: chunk.text[start:end] == text."""

    text: str
    start: int
    end: int
    kind: str  # "sentence", "item", "row"
    index: int  # position in the chunk, for reading order


def is_table_row(line: str) -> bool:
    """'Algemene reserve 60.693 45.150 32.573': a label followed by numeric cells.
    A header ('Omschrijving Rekening 2024 Begroting 2025') has only years: not a row."""
    toks = line.split()
    if len(toks) < 3:
        return False
    numeric = [t for t in toks if _NUMERIC_TOKEN.match(t)]
    if numeric and all(_YEAR.fullmatch(t) for t in numeric):
        return False
    return len(numeric) >= 2 and bool(_NUMERIC_TOKEN.match(toks[-1])) and len(numeric) * 2 >= len(toks) - 2


_WORD = re.compile(r"[^\W\d_]{3,}")


def has_word(text: str) -> bool:
    """The text holds a word of three letters or more (not only numbers, units or marks)."""
    return _WORD.search(text) is not None


HEADING_WORDS = 8  # a sentence-kind line this short without closing punctuation is a heading
_CLOSES = re.compile(r"[.!?:;]$")


def is_heading_line(u: Unit) -> bool:
    """A bare heading or caption: a short line that is not a list item or row and does not
    end like a sentence ('Uitkomst spoor 3 – toekomstscenario's', 'Bestuur')."""
    t = u.text.strip()
    return u.kind == "sentence" and len(t.split()) <= HEADING_WORDS and not _CLOSES.search(t)


def continues_item(item: Unit, u: Unit) -> bool:
    """An unbulleted short line right after a list item that ends in ':' is that item's
    content ('▪ Gemeente Almere:' / 'Wethouder mw. N. Nieuwenhuizen'), not a new heading."""
    return item.kind == "item" and item.text.rstrip().endswith(":") and is_heading_line(u) \
        and u.index == item.index + 1


_SEPARATOR = re.compile(r"[,;](?!\d)")  # not the comma of '€ 1,2 miljoen'
# Words that open a sentence going on about the one before ('Dit bedraagt € 120.')
_BACK = re.compile(r"^(?:dit|deze|dat|die|hiermee|daarmee|hierdoor|daardoor|hiervoor|daarvoor|"
                   r"hierbij|daarbij|hiervan|daarvan|het tarief|het bedrag)\b", re.I)


def enumerates(u: Unit) -> bool:
    """A sentence that names several things: two or more list separators ('Dit zijn A, B,
    C en D.'); a decimal comma does not count."""
    return len(_SEPARATOR.findall(u.text)) >= 2


def refers_back(u: Unit) -> bool:
    """The sentence opens with a word pointing at the one before ('Dit', 'Hiermee')."""
    return _BACK.match(u.text.lstrip("“\"'(")) is not None


def is_lead(u: Unit) -> bool:
    """A unit that introduces what follows instead of saying it: a line ending in ':' or a
    bare heading."""
    return u.text.rstrip().endswith(":") or is_heading_line(u)


def split_units(text: str) -> list[Unit]:
    """Split a chunk's text into sentences, list items and table rows, with exact offsets."""
    units: list[Unit] = []
    pos = 0
    for line in text.split("\n"):
        lstart = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        if is_table_row(line):
            s = lstart + len(line) - len(line.lstrip())
            units.append(Unit(line.strip(), s, s + len(line.strip()), "row", len(units)))
            continue
        kind = "item" if BULLET.match(line) else "sentence"
        pieces = _split_sentences(line)
        for off, piece in pieces:
            stripped = piece.strip()
            if len(stripped) < 3:
                continue
            s = lstart + off + (len(piece) - len(piece.lstrip()))
            units.append(Unit(stripped, s, s + len(stripped), kind, len(units)))
    return units


def _split_sentences(line: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    start = 0
    for m in _SPLIT.finditer(line):
        candidate = line[start : m.start()]
        tail = candidate.rstrip()[-30:]  # the end decides; a long line stays linear
        if _ABBREV.search(tail) or _INITIALS.search(tail):
            continue
        out.append((start, candidate))
        start = m.end()
    out.append((start, line[start:]))
    return out


# --- tables ----------------------------------------------------------------------------

_UNIT = re.compile(
    r"[(\[]([^()\[\]]*(?:x|×)\s*€\s*[\d.]+[^()\[\]]*)[)\]]|[(\[](bedragen[^()\[\]]*)[)\]]"
    r"|(bedragen\s+(?:x|×|in)\s*€\s*[\d.]*)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class TableRow:
    label: str
    columns: tuple[str, ...]  # header label per value, "" when unknown
    values: tuple[str, ...]
    unit: str
    caption: str


def header_lines(chunk_text: str, context: str, row_start: int) -> str:
    """Caption and header text for a row: the chunk's context plus header lines above the row."""
    above = chunk_text[:row_start].split("\n")
    head: list[str] = []
    for line in reversed(above):
        if not line.strip():
            continue
        if is_table_row(line):
            if head:
                break
            continue
        head.append(line.strip())
        if line.strip().lower().startswith("tabel") or len(head) >= 6:
            break
    head.reverse()
    return "\n".join(p for p in [context.strip(), *head] if p)


_COLUMN_KINDS = frozenset(
    "begroting rekening jaarrekening realisatie mjp meerjarenraming raming prognose primitieve".split()
)
_HEADER_YEAR = re.compile(r"(?<![\d.,-])((?:19|20)\d\d)(?![\d.,]\d)")


def column_labels(header: str) -> list[str]:
    """'Omschrijving Begroting 2025 Begroting 2026 MJP 2027' -> ['Begroting 2025', 'Begroting
    2026', 'MJP 2027']; 'heffing eenpersoons- huishouden 2025 meerpersoons- huishouden 2025'
    -> ['eenpersoons-huishouden 2025', 'meerpersoons-huishouden 2025']. Read from the lines
    after the caption; the words before each year name its column."""
    # prose above a table ('De tarieven worden in 2026 niet verhoogd.') is no header
    lines = [ln.strip() for ln in header.split("\n")
             if ln.strip() and not (ln.strip().endswith(".") or len(ln.split()) > 14)]
    start = max((i + 1 for i, ln in enumerate(lines) if ln.lower().startswith("tabel")), default=0)
    text = " ".join(lines[start:]) or " ".join(lines)
    text = re.sub(r"\((?:[^()]*€[^()]*)\)", " ", text)  # the unit is reported apart
    text = re.sub(r"(\w)- (?=[a-z])", r"\1-", text)
    labels: list[str] = []
    pos = 0
    for n, m in enumerate(_HEADER_YEAR.finditer(text)):
        words = text[pos : m.start()].split()
        if n == 0 and len(words) > 1:
            words = words[1:]  # the first word heads the row-label column ('Omschrijving')
        words = words[-2:]
        if words and words[-1].lower() in _COLUMN_KINDS:
            words = words[-1:]
        labels.append(" ".join([*words, m.group(1)]))
        pos = m.end()
    return labels


def parse_row(row: str, header: str) -> TableRow:
    """Read a table row against its header: which value belongs to which year column."""
    toks = row.split()
    i = len(toks)
    while i > 0 and _NUMERIC_TOKEN.match(toks[i - 1]):
        i -= 1
    label = " ".join(toks[:i]).strip() or row
    values = tuple(toks[i:])
    cols = column_labels(header)
    unit_m = _UNIT.search(header) or _UNIT.search(row)
    unit = ""
    if unit_m:
        unit = next(g for g in unit_m.groups() if g).strip()
    caption = ""
    for line in header.split("\n"):
        if line.lower().startswith("tabel"):
            caption = line.strip()
            break
    if len(cols) >= len(values):
        columns = tuple(cols[len(cols) - len(values):]) if cols else ("",) * len(values)
    else:  # more values than year columns: align the known columns to the right
        columns = ("",) * (len(values) - len(cols)) + tuple(cols)
    return TableRow(label, columns, values, unit, caption)
