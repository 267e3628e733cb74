"""Tables of a PDF page by pdfplumber's table finder: rows of cells with the column header and
the table's unit ("x € 1.000"), multi-line cells joined.

A table is kept only when its cells hold every word printed inside its frame (a grid the
finder drew around part of a table would drop the row labels); otherwise the text path
(ingest/tables.py on pypdf lines) stays in charge of that table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNIT = re.compile(
    r"\(?\s*(?:bedragen\s+)?(?:in\s+)?(?:(?:x\s*€|€\s*x)\s*\d{1,3}(?:\.\d{3})+|x\s*\d{1,3}(?:\.\d{3})+"
    r"|(?:in\s+)?(?:€\s*)?(?:mln|miljoen|mld|miljard)\.?\b)\s*\)?", re.I)
_SPACES = re.compile(r"\s+")
GAP = 40  # points: a word this close beside a table's frame belongs to its rows
_NUMBER = re.compile(r"^[-–+]?\(?€?\s*[-–]?\d[\d.,]*%?\)?$")


@dataclass(frozen=True, slots=True)
class Table:
    page: int
    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom
    header: tuple[str, ...]  # column names ("" where a column has none)
    rows: tuple[tuple[str, ...], ...]  # body rows, cells joined over their lines
    unit: str = ""  # "x € 1.000" when printed in or right above the table
    wrapped: bool = False  # some cell runs over several lines (the text path breaks its rows)
    tokens: frozenset = frozenset()  # the words of its cells as the text layer has them

    def row_text(self, row: tuple[str, ...]) -> str:
        """One row as a line that keeps every cell with its column name."""
        parts = []
        for k, cell in enumerate(row):
            if not cell:
                continue
            name = self.header[k] if k < len(self.header) else ""
            parts.append(f"{name}: {cell}" if name and k > 0 and name != cell else cell)
        return " | ".join(parts)


MIN_ROW_LINES = 3  # lines ending in two numbers that make a page worth the table finder
_ROW_END = re.compile(r"(?:^|\s)[-–(]?€?\s?\d[\d.,]*%?\)?\s+[-–(]?€?\s?\d[\d.,]*%?\)?\s*$")


def has_rows(text: str) -> bool:
    """The page text has table rows (lines ending in two numbers): worth the table finder."""
    return sum(1 for ln in text.split("\n") if _ROW_END.search(ln)) >= MIN_ROW_LINES


def cell(text) -> str:
    """A cell's lines joined; a word broken over lines ("huisves-" / "tingskosten") whole."""
    if not text:
        return ""
    text = re.sub(r"(?<=[a-zà-ÿ])-\n(?=[a-zà-ÿ])", "", str(text))
    return _SPACES.sub(" ", text).strip()


def _complete(page, bbox, grid: list[list[str]]) -> bool:
    """Every word printed inside the table's frame is in one of its cells."""
    x0, top, x1, bottom = bbox
    try:
        words = page.within_bbox(bbox, relative=False, strict=False).extract_words()
        band = page.crop((0, top, page.width, bottom), strict=False).extract_words()
    except Exception:  # noqa: BLE001 - a frame outside the page: not usable
        return False
    beside = [w for w in band if w["x1"] <= x0 + 1 or w["x0"] >= x1 - 1]
    if any(0 < x0 - w["x1"] < GAP or 0 < w["x0"] - x1 < GAP for w in beside):
        return False  # a column of the same rows outside the frame: the grid is partial
    inside = _SPACES.sub("", "".join(w["text"] for w in words))
    held = _SPACES.sub("", "".join(c for row in grid for c in row))
    return len(held) >= 0.97 * len(inside)


def _header_rows(grid: list[list[str]]) -> int:
    """Leading rows without numbers in their value columns are the header (none when the
    first row holds numbers: a table continued from the page or frame before)."""
    n = 0
    for row in grid[:3]:
        values = [c for c in row[1:] if c]
        if values and sum(bool(_NUMBER.match(c)) for c in values) >= len(values) / 2 \
                and not all(re.fullmatch(r"(?:19|20)\d\d", c) for c in values):
            break
        n += 1
    return min(n, len(grid) - 1)


def unit_of(texts: list[str]) -> str:
    for t in texts:
        m = _UNIT.search(t or "")
        if m:
            return _SPACES.sub(" ", m.group(0).strip(" ()"))
    return ""


def find_tables(page, number: int, frames: list | None = None) -> list[Table]:
    """The usable tables of one pdfplumber page (two rows and two columns at least).
    `frames` gets the box of every grid found, usable or not (what is inside is no heading)."""
    out: list[Table] = []
    try:
        found = page.find_tables()
    except Exception:  # noqa: BLE001 - the finder gives up on odd graphics: text path
        return out
    for t in found:
        if frames is not None:
            frames.append(tuple(t.bbox))
        raw = t.extract()
        grid = [[cell(c) for c in row] for row in raw]
        grid = [row for row in grid if any(row)]
        width = max((len(r) for r in grid), default=0)
        if len(grid) < 2 or width < 2 or not _complete(page, t.bbox, grid):
            continue
        h = _header_rows(grid)
        header = [" ".join(x for x in col if x) for col in zip(*grid[:h], strict=False)] if h else []
        above = page.within_bbox((0, max(t.bbox[1] - 40, 0), page.width, t.bbox[1]),
                                 strict=False).extract_text() or ""
        unit = unit_of([*header, above])
        cells = [str(c) for row in raw for c in row if c]
        out.append(Table(number, tuple(t.bbox), tuple(header),
                         tuple(tuple(r) for r in grid[h:]), unit,
                         wrapped=any("\n" in c for c in cells),
                         tokens=frozenset(w for c in cells for w in c.split())))
    return out


IN_TABLE = 0.8  # share of a line's words that are the table's: the line is part of it
COVERED = 0.7  # share of the table's words the run of such lines must hold to be replaced


def place_tables(text: str, tables) -> str:
    """Replace the text layer's lines of each table with wrapped cells by one line per row
    that keeps every cell whole with its column name, rows set apart by blank lines.
    A table whose lines cannot be found as one run is left as the text layer has it."""
    lines = text.split("\n")
    for t in tables:
        if not t.wrapped or not t.rows:
            continue
        inside = [bool(ln.split()) and sum(w in t.tokens for w in ln.split())
                  >= IN_TABLE * len(ln.split()) for ln in lines]
        best, i = (0, 0, 0), 0
        while i < len(lines):
            if not inside[i]:
                i += 1
                continue
            j = i
            while j < len(lines) and (inside[j] or not lines[j].strip()):
                j += 1
            held = {w for ln in lines[i:j] for w in ln.split()} & t.tokens
            if len(held) > best[0]:
                best = (len(held), i, j)
            i = j
        n, i, j = best
        if n < COVERED * len(t.tokens):
            continue
        rows = ([" | ".join(c for c in t.header if c)] if any(t.header) else [])
        rows += [t.row_text(r) for r in t.rows if any(r)]
        lines[i:j] = ["", *"\n\n".join(rows).split("\n"), ""]
    return "\n".join(lines)
