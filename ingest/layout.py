"""The shared assembler: raw page text (from a PDF or a text export) -> one ParsedDocument.

Runs the stages (lines.py, blocks.py, tables.py, headings.py) and writes the normalised text:
joins the lines of a block, repairs line-end hyphenation (also across page breaks) and keeps
an offset map back to the raw text and the page spans. It does not find pages or strip
headers/footers: the parsers do that.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from dataclasses import dataclass

from ingest.blocks import classify, group, hyphen_spacing
from ingest.headings import apply_outline, assign_levels, mark_inline_titles, plain_titles
from ingest.lines import PAGE_SEP, Line, Unit, split_lines, wrap_width
from ingest.model import Block, PageSpan, ParsedDocument
from ingest.tables import TABLE_KINDS

__all__ = ["PAGE_SEP", "TABLE_KINDS", "Normalised", "RawPage", "assemble", "normalise",
           "page_at", "raw_text"]

_CONJ = {"en", "of", "tot", "als", "noch", "dan", "&", "t/m", "en/of"}


@dataclass(frozen=True, slots=True)
class RawPage:
    """One physical page of raw extracted text."""

    text: str  # raw lines of the page, headers/footers already removed by the caller if known
    number: int | None  # physical page, 1-based; None when unknown
    label: str | None  # printed page label when known
    exact: bool


@dataclass(frozen=True, slots=True)
class Normalised:
    """The normalised text, its blocks, and for every character the raw offset it came from
    (-1 for whitespace the normaliser inserted). Raw offsets index raw_text(pages)."""

    text: str
    src: array
    blocks: tuple[Block, ...]
    page_starts: tuple[tuple[int, int], ...]  # (offset in text, page index) where a page begins


def raw_text(pages: list[RawPage]) -> str:
    return PAGE_SEP.join(p.text for p in pages)


def _join_kind(prev: Line, nxt: Line, hyphened: set[str], words: set[str]) -> str:
    """How two lines of one block meet: 'space', 'repair' (drop the hyphen) or 'keep'
    (keep the hyphen, no space: "Assen-Zuid", "2026-2029", "CO2-uitstoot")."""
    ptok = prev.toks[-1][1]
    ntok = nxt.toks[0][1]
    if not ptok.endswith("-") or len(ptok) < 2 or prev.trailing_ws:
        return "space"
    before = ptok[-2]
    first = ntok[:1]
    if ntok.lower().strip(".,;:") in _CONJ:
        return "space"  # "Zorg- en welzijn", "sport- en cultuur"
    if first and first in "),;:.":
        return "keep"  # "(oud-)bestuurder", "overheids-, cultuur- en ..."
    if not before.isalpha():
        return "keep" if before.isdigit() or before in "’'\")" and first.isalnum() else "space"
    if first.isupper() or first.isdigit():
        return "keep"
    if not first.islower():
        return "space"
    head = re.sub(r"^\W+", "", ptok[:-1]).split("-")[-1].lower()
    tail = re.sub(r"\W+$", "", ntok).split("-")[0].lower()
    if f"{head}{tail}" in words:
        return "repair"
    if f"{head}-{tail}" in hyphened:
        return "keep"
    if len(head) <= 3 and f"{head}-" in hyphened and ptok[:1].isupper():
        return "keep"  # an abbreviation written with a hyphen elsewhere: "Wmo-begeleiding"
    return "repair"


def normalise(pages: list[RawPage], outline=None, outline_only: bool = False) -> Normalised:
    """Raw pages -> normalised text with blocks and a map back to raw offsets.

    `outline_only`: the outline holds every heading (it came from the layout), so a line
    the text rules take for a heading but the layout does not (a footnote "12 Agenda", a
    numbered list item in body type) stays text."""
    lines = split_lines([p.text for p in pages])
    hyphen_spacing(lines)
    classify(lines)
    width = wrap_width(lines)
    mark_inline_titles(lines, width)
    units = group(lines, width)
    if outline:
        apply_outline(lines, units, [p.number for p in pages], outline)
        if outline_only:
            for u in units:
                if u.kind == "heading" and u.title_kind != "outline":
                    u.kind, u.title_kind = "paragraph", ""
    else:
        plain_titles(lines, units)
    assign_levels(lines, units)
    return _write(lines, units)


def _word_forms(lines: list[Line]) -> tuple[set[str], set[str]]:
    """The document's own spellings, to judge a line-end hyphen: plain words, and hyphenated
    pairs ("assen-zuid") and first parts ("wmo-")."""
    words: set[str] = set()
    hyphened: set[str] = set()
    for ln in lines:
        for _, t in ln.toks:
            w = re.sub(r"^\W+|\W+$", "", t).lower()
            (hyphened if "-" in w[1:-1] else words).add(w)
            if "-" in w[1:-1]:
                parts = w.split("-")
                hyphened.update(f"{x}-{y}" for x, y in zip(parts, parts[1:], strict=False))
                hyphened.add(f"{parts[0]}-")
    return words, hyphened


def _write(lines: list[Line], units: list[Unit]) -> Normalised:
    """Units -> the normalised text, one block per unit, with each character's raw offset."""
    words, hyphened = _word_forms(lines)
    out: list[str] = []
    src = array("i")
    pos = 0
    page_starts: list[tuple[int, int]] = []
    blocks: list[Block] = []

    def emit(s: str, raw: int | None) -> None:
        nonlocal pos
        out.append(s)
        if raw is None:
            src.extend([-1] * len(s))
        else:
            src.extend(range(raw, raw + len(s)))
        pos += len(s)

    prev_unit: Unit | None = None
    for u in units:
        if prev_unit is not None:
            tight = (u.kind in TABLE_KINDS and prev_unit.kind in TABLE_KINDS
                     and u.table == prev_unit.table) or (u.kind == prev_unit.kind == "list_item")
            emit("\n" if tight else "\n\n", None)
        start = pos
        for n, li in enumerate(u.lines):
            ln = lines[li]
            drop_last = False
            if n > 0:
                how = _join_kind(lines[u.lines[n - 1]], ln, hyphened, words)
                if how == "space":
                    emit(" ", None)
            if n + 1 < len(u.lines):
                drop_last = _join_kind(ln, lines[u.lines[n + 1]], hyphened, words) == "repair"
            for t, (raw, tok) in enumerate(ln.toks):
                if not page_starts or page_starts[-1][1] != ln.page:
                    page_starts.append((pos, ln.page))
                if t:
                    emit(" ", None)
                if drop_last and t == len(ln.toks) - 1:
                    tok = tok[:-1]
                emit(tok, raw)
        blocks.append(Block(u.kind, start, pos, level=u.level if u.kind == "heading" else 0,
                            table=u.table if u.kind in TABLE_KINDS else None,
                            source=u.title_kind if u.kind == "heading" else ""))
        prev_unit = u
    return Normalised("".join(out), src, tuple(blocks), tuple(page_starts))


def _page_spans(norm: Normalised, pages: list[RawPage]) -> tuple[PageSpan, ...]:
    spans: list[PageSpan] = []
    starts = list(norm.page_starts)
    for n, (off, pi) in enumerate(starts):
        start = 0 if n == 0 else off
        end = starts[n + 1][0] if n + 1 < len(starts) else len(norm.text)
        p = pages[pi]
        if end > start:
            spans.append(PageSpan(start, end, p.number, p.label, p.exact and p.number is not None))
    return tuple(spans)


def page_at(spans: tuple[PageSpan, ...], offset: int) -> PageSpan | None:
    """The page span holding a text offset (None when the document has no pages)."""
    if not spans:
        return None
    k = bisect_right([s.start for s in spans], offset) - 1
    return spans[max(k, 0)]


def assemble(
    name: str,
    title: str,
    sha256: str,
    pages: list[RawPage],
    *,
    n_pages: int | None,
    outline: list[tuple[int, str, int | None]] | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    doc_type: str | None = None,
    warnings=(),
    outline_only: bool = False,
    body: str = "",
    image_pages: tuple[int, ...] = (),
) -> ParsedDocument:
    """Normalise raw pages into one ParsedDocument (text, blocks, page spans)."""
    norm = normalise(pages, outline=outline, outline_only=outline_only)
    return ParsedDocument(
        name=name,
        title=title,
        sha256=sha256,
        text=norm.text,
        blocks=norm.blocks,
        pages=_page_spans(norm, pages),
        n_pages=n_pages,
        year_from=year_from,
        year_to=year_to,
        doc_type=doc_type,
        warnings=tuple(warnings),
        body=body,
        image_pages=tuple(image_pages),
    )
