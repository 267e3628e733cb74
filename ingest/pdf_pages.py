"""Printed page numbers and page furniture of PDF page texts: labels, running headers and
footers, chart axis ticks, and the characters pypdf gets wrong (ligatures, Word bullets).

Works on plain lists of lines, one list per page; it never opens a PDF (ingest/pdf.py does)
and never joins lines into paragraphs (ingest/layout.py does).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

# "Pagina 6 van 144", "pagina 6/7", "Page 3 of 9", "Blad 2", "p. 4" as a whole line; or
# "Pagina n van N" opening or ending a running footer ("Programmabegroting 2026   Pagina 50
# van 144"). "zie pagina 5" ending a sentence has no total and is not a page number.
_PAGE_LINE = re.compile(
    r"^\s*(?:pagina|page|blad|p\.)\s*(\d{1,4})(?:\s*(?:van|of|/)\s*(\d{1,4}))?\s*$", re.I
)
_PAGE_OF_TAIL = re.compile(r"\s(?:pagina|page)\s+(\d{1,4})\s*(?:van|of|/)\s*(\d{1,4})\s*$", re.I)
_PAGE_OF_LEAD = re.compile(r"^\s*(?:pagina|page)\s*(\d{1,4})\s*(?:van|of|/)\s*(\d{1,4})\s", re.I)
# "3/12" or "3 van 12" alone is weak evidence, like a lone "3": it needs agreeing pages.
_N_OF_M = re.compile(r"^\s*(\d{1,4})\s*(?:van|of|/)\s*(\d{1,4})\s*$", re.I)
_LONE = re.compile(r"^\s*[-–—]?\s*(\d{1,4})\s*[-–—]?\s*$")
_DIGITS = re.compile(r"\d+")
_TICK = re.compile(r"^\s*[-–]?(\d{1,3}(?:\.\d{3})*(?:,\d+)?)\s*%?\s*$")
_SPACES = re.compile(r"\s+")
# Symbol/Wingdings bullets that Word writes into the private-use area, typographic
# ligatures (a search for "financiële" must find "ﬁnanciële"), NUL bytes some PDFs carry.
_CHARS = str.maketrans(
    {"\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "➢", "\uf076": "❖", "\uf0fc": "✓", "\x00": None}
    | {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
)
_SOFT_HYPHEN_EOL = re.compile("\xad(?=[ \t]*\n)")

ZONE = 3  # non-blank lines at the top and at the bottom of a page that may be furniture
MAX_FOOTER_CHARS = 100
RUN = 3  # consecutive pages whose lone numbers share one offset: a numbering of its own


@dataclass(frozen=True, slots=True)
class PageNumber:
    """A printed page number found on one page: which line, which number, how sure."""

    line: int  # index into the page's lines
    number: int
    explicit: bool  # "Pagina 6 van 144" (True) or a lone "6" (False)


def page_numbers(lines: list[str]) -> list[PageNumber]:
    """Candidate printed page numbers of one page: an explicit "Pagina n van N" line, else
    lone numbers (or "n/N") among the first and last two lines, best first."""
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    for i in nonblank:  # an explicit "Pagina n van N" line counts wherever pypdf put it
        line = lines[i]
        if len(line.strip()) > MAX_FOOTER_CHARS:
            continue
        m = _PAGE_LINE.match(line) or _PAGE_OF_TAIL.search(line) or _PAGE_OF_LEAD.match(line)
        if m and _fits(m):
            return [PageNumber(i, int(m.group(1)), True)]
    found = []
    for i in dict.fromkeys(nonblank[:2] + nonblank[-2:]):
        m = _LONE.match(lines[i]) or _N_OF_M.match(lines[i])
        if m and _fits(m):
            found.append(PageNumber(i, int(m.group(1)), False))
    return found


def page_number(lines: list[str]) -> PageNumber | None:
    """The most likely printed page number of one page, if any."""
    found = page_numbers(lines)
    return found[0] if found else None


def _fits(m: re.Match) -> bool:
    """Page 1 or later, and not beyond the total when one is printed."""
    total = m.group(2) if m.re.groups > 1 else None
    return int(m.group(1)) > 0 and (total is None or int(m.group(1)) <= int(total))


def printed_numbers(pages: list[list[str]]) -> list[PageNumber | None]:
    """Keep only the page numbers that agree with the others: printed = physical - offset.

    A lone number is trusted when its offset holds for most numbered pages (two at least)
    or for a run of RUN consecutive pages (an annex that starts again at 1); a table cell at
    the foot of a page is not a page number. Explicit "Pagina n" lines need two pages that
    agree, or offset 0.
    """
    found = [page_numbers(lines) for lines in pages]
    offsets: Counter = Counter()
    runs: dict[tuple[bool, int], int] = {}  # longest run of consecutive pages per offset
    current: dict[tuple[bool, int], int] = {}
    for i, cands in enumerate(found):
        keys = {(p.explicit, i + 1 - p.number) for p in cands}
        offsets.update(keys)
        current = {k: current.get(k, 0) + 1 for k in keys}
        for k, n in current.items():
            runs[k] = max(runs.get(k, 0), n)
    n_lone = sum(1 for cands in found if cands and not cands[0].explicit)
    trusted = set()
    for (explicit, offset), n in offsets.items():
        if explicit and (n >= 2 or offset == 0):
            trusted.add((explicit, offset))
        elif not explicit and n >= max(2, min(3, len(pages))) and n * 2 > n_lone:
            trusted.add((explicit, offset))
        elif not explicit and runs[(explicit, offset)] >= RUN:
            trusted.add((explicit, offset))
    return [
        next((p for p in cands if (p.explicit, i + 1 - p.number) in trusted), None)
        for i, cands in enumerate(found)
    ]


def _key(line: str) -> str:
    return _SPACES.sub(" ", _DIGITS.sub("#", line.strip().lower()))


def furniture(pages: list[list[str]], printed: list[int | None] | None = None) -> list[set[int]]:
    """Per page, the lines that are running headers or footers.

    A line counts when the same text (case and spacing aside) sits in the top or bottom zone
    of at least half of the pages that have text (two pages at least). A line whose digits
    change from page to page ("Nota Parkeren | 12") counts only where its digits hold that
    page's own number, physical or printed: "Artikel 3" atop a page is not furniture.
    Lines of digits only are left to printed_numbers().
    """
    printed = printed or [None] * len(pages)
    zones, seen = [], Counter()
    for n, lines in enumerate(pages):
        nonblank = [i for i, line in enumerate(lines) if line.strip()]
        zone = set(nonblank[:ZONE] + nonblank[-ZONE:])
        zones.append(zone)
        own = {str(n + 1), str(printed[n])}
        keys = {("=", _SPACES.sub(" ", lines[i].strip().lower())) for i in zone}
        keys |= {("#", _key(lines[i])) for i in zone if own & set(_DIGITS.findall(lines[i]))}
        seen.update(keys)
    need = max(2, math.ceil(sum(1 for z in zones if z) / 2))
    common = {k for k, n in seen.items() if n >= need and k[1].strip("#- ")}
    out = []
    for n, (lines, zone) in enumerate(zip(pages, zones, strict=True)):
        own = {str(n + 1), str(printed[n])}
        out.append(
            {
                i
                for i in zone
                if ("=", _SPACES.sub(" ", lines[i].strip().lower())) in common
                or (("#", _key(lines[i])) in common and own & set(_DIGITS.findall(lines[i])))
            }
        )
    return out


def _chars(text: str) -> str:
    """Fix characters, not lines: bullets, ligatures; a soft hyphen ending a line becomes "-"
    (the normaliser joins the word), elsewhere it is invisible and dropped."""
    return _SOFT_HYPHEN_EOL.sub("-", text.translate(_CHARS)).replace("\xad", "")


def axis_ticks(lines: list[str]) -> set[int]:
    """Lines that are a chart's axis: 4+ consecutive lines each holding one number, evenly
    spaced (0 / 0,2 / 0,4 / ... or 0% / 20% / ...). Data labels are not evenly spaced: kept."""
    out: set[int] = set()
    block: list[tuple[int, float]] = []  # consecutive lines holding one number each
    for i, line in enumerate([*lines, ""]):
        m = _TICK.match(line)
        if m:
            block.append((i, float(m.group(1).replace(".", "").replace(",", "."))))
            continue
        start = 0
        while start + 3 < len(block):
            step = block[start + 1][1] - block[start][1]
            end = start + 1
            while end + 1 < len(block) and abs(block[end + 1][1] - block[end][1] - step) < 1e-9:
                end += 1
            if step and end - start >= 3:
                out.update(j for j, _ in block[start : end + 1])
                start = end + 1
            else:
                start += 1
        block = []
    return out


def clean_pages(
    texts: list[str], labels: list[str] | None = None
) -> tuple[list[str], list[str | None], list[bool]]:
    """Strip headers/footers (and chart axis ticks) from page texts; say each page's printed
    label and whether it is known.

    `labels` are the PDF's own /PageLabels when they are not trivial; they win over numbers
    printed on the page. Returns (texts, labels, from_print) with one entry per page.
    """
    pages = [_chars(t).split("\n") for t in texts]
    numbers = printed_numbers(pages)
    drop = furniture(pages, [n.number if n else None for n in numbers])
    out_texts, out_labels = [], []
    for i, lines in enumerate(pages):
        gone = set(drop[i]) | axis_ticks(lines)
        if numbers[i] is not None:
            gone.add(numbers[i].line)
        out_texts.append("\n".join(line for j, line in enumerate(lines) if j not in gone))
        if labels is not None:
            out_labels.append(labels[i])
        else:
            out_labels.append(str(numbers[i].number) if numbers[i] else None)
    return out_texts, out_labels, [n is not None for n in numbers]
