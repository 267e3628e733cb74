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
_NUMBER = re.compile(r"^[-–+]?\(?€?\s*[-–]?\d[\d.,]*%?\)?$")


@dataclass(frozen=True, slots=True)
class Table:
    page: int
    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom
    header: tuple[str, ...]  # column names ("" where a column has none)
    rows: tuple[tuple[str, ...], ...]  # body rows, cells joined over their lines
    unit: str = ""  # "x € 1.000" when printed in or right above the table

    def row_text(self, row: tuple[str, ...]) -> str:
        """One row as a line that keeps every cell with its column name."""
        parts = []
        for k, cell in enumerate(row):
            if not cell:
                continue
            name = self.header[k] if k < len(self.header) else ""
            parts.append(f"{name}: {cell}" if name and k > 0 and name != cell else cell)
        return " | ".join(parts)


def cell(text) -> str:
    """A cell's lines joined; a word broken over lines ("huisves-" / "tingskosten") whole."""
    if not text:
        return ""
    text = re.sub(r"(?<=[a-zà-ÿ])-\n(?=[a-zà-ÿ])", "", str(text))
    return _SPACES.sub(" ", text).strip()


def _complete(page, bbox, grid: list[list[str]]) -> bool:
    """Every word printed inside the table's frame is in one of its cells."""
    try:
        words = page.within_bbox(bbox, relative=False, strict=False).extract_words()
    except Exception:  # noqa: BLE001 - a frame outside the page: not usable
        return False
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


def find_tables(page, number: int) -> list[Table]:
    """The usable tables of one pdfplumber page (two rows and two columns at least)."""
    out: list[Table] = []
    try:
        found = page.find_tables()
    except Exception:  # noqa: BLE001 - the finder gives up on odd graphics: text path
        return out
    for t in found:
        grid = [[cell(c) for c in row] for row in t.extract()]
        grid = [row for row in grid if any(row)]
        width = max((len(r) for r in grid), default=0)
        if len(grid) < 2 or width < 2 or not _complete(page, t.bbox, grid):
            continue
        h = _header_rows(grid)
        header = [" ".join(x for x in col if x) for col in zip(*grid[:h], strict=False)] if h else []
        above = page.within_bbox((0, max(t.bbox[1] - 40, 0), page.width, t.bbox[1]),
                                 strict=False).extract_text() or ""
        unit = unit_of([*header, above])
        out.append(Table(number, tuple(t.bbox), tuple(header),
                         tuple(tuple(r) for r in grid[h:]), unit))
    return out
