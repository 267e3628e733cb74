"""Group lines into blocks: classify each line (row, caption, bullet, numbered, caps, ...),
then join wrapped lines into paragraphs and list items and keep table rows together.

Works on ingest/lines.py records; heading levels are ingest/headings.py and the output text
with its offset map is ingest/layout.py.
"""

from __future__ import annotations

import re

from ingest import sections
from ingest.lines import BULLET_GLYPHS, SENTENCE_END, Line, Unit, broken, ends_sentence
from ingest.tables import (
    has_year,
    header_ahead,
    header_next,
    is_caption,
    is_header_like,
    is_row,
    is_single_cell_row,
    label_run,
    same_header,
    short_run,
    sub_label,
)

_BULLET = re.compile(rf"^(?:[{BULLET_GLYPHS}*]|[-–—](?=\s)|o(?=\s)|\d{{1,2}}\)|[a-z]\))")
_MD_HEADING = re.compile(r"^(#{1,6})\s+\S")


def classify(lines: list[Line]) -> None:
    """Set each line's kind from its own text, then fix a few kinds from their neighbours."""
    for ln in lines:
        t = ln.text
        if is_caption(t):
            ln.kind = "caption"
        elif is_row(t):
            ln.kind = "row"
        elif _MD_HEADING.match(t):
            ln.kind = "markdown"
        elif _BULLET.match(t):
            ln.kind = "bullet"
        elif sections.numbered_level(t) is not None:
            ln.kind = "numbered"
        elif sections.is_caps_heading(t):
            ln.kind = "caps"
        elif is_header_like(t):
            ln.kind = "header"
    # A numbered line whose sentence goes on below ("1.1 De agenda vast te stellen als" /
    # "en uitvoering tot 2030.") is a numbered list item, not a heading; unless the line
    # below is the short tail of a heading wrapped over two lines.
    for k, ln in enumerate(lines[:-1]):
        nxt = lines[k + 1]
        if ln.kind == "numbered" and nxt.gap <= 1 and nxt.text[:1].islower() and nxt.kind == "text":
            if _heading_tail(ln, nxt, lines[k + 2] if k + 2 < len(lines) else None):
                nxt.kind = "heading_tail"
            else:
                ln.kind = "bullet"
    # Two-column tables ("Programma 1 Wonen in Assen 250"): one number per line, in a run.
    single = [ln.kind == "text" and is_single_cell_row(ln.text) for ln in lines]
    for k, ln in enumerate(lines):
        if single[k] and ((k > 0 and (single[k - 1] or lines[k - 1].kind == "row"))
                          or (k + 1 < len(lines) and (single[k + 1] or lines[k + 1].kind == "row"))):
            ln.kind = "row"


def _heading_tail(ln: Line, nxt: Line, after: Line | None) -> bool:
    """nxt ends the numbered heading ln: directly below it, and no sentence goes on after."""
    if nxt.gap or nxt.page_break or not sections.is_wrapped_heading(ln.text, nxt.text):
        return False
    if after is not None and after.kind == "row":
        return False  # the wrapped label of a table row ("6 Bedrijfsvoering (ondersteunende" / "teams)")
    if after is None or after.gap or after.page_break or after.kind != "text":
        return True  # ("a) Consequenties EU-begroting" below is a list, not the sentence going on)
    return not after.text[:1].islower()


def hyphen_spacing(lines: list[Line]) -> None:
    """Some exports put a space after every line, also after a broken word ("omgevings- ").
    Then that space says nothing: treat those hyphen lines as ending without one."""
    ends = [ln for ln in lines if re.search(r"[^\W_]-$", ln.toks[-1][1])]
    spaced = [ln for ln in ends if ln.trailing_ws]
    if ends and len(spaced) > len(ends) / 2:
        for ln in spaced:
            ln.trailing_ws = False


def _hard_end_enabled(lines: list[Line]) -> bool:
    """Exports that end soft-wrapped lines with a space end a block with no space."""
    return bool(lines) and sum(ln.trailing_ws for ln in lines) >= 0.5 * len(lines)


def _upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _continues(prev: Line, nxt: Line, hard_end: bool, width: int | None = None) -> bool:
    """Does nxt continue the paragraph (or list item) that prev belongs to?"""
    ptxt = prev.toks[-1][1]
    if ptxt.endswith("-") and not prev.trailing_ws and nxt.toks[0][1][:1].isalnum():
        return True  # a word broken at the line end
    first = nxt.toks[0][1]
    lower = first[:1].islower() or first[:1] in "(€%"
    if hard_end and not prev.trailing_ws and nxt.gap == 0 and not nxt.page_break and not lower:
        return False  # (a lowercase next line still continues the sentence)
    if nxt.gap == 0 and not nxt.page_break:
        return True
    if ptxt.endswith(SENTENCE_END):
        return False
    # A blank line or a page break in the middle of a sentence: continue on lowercase, or
    # after a full-width line that stops without punctuation ("... van de paragraaf" /
    # "Bedrijfsvoering. Met ingang ...").
    full = (width is not None and len(prev.text) >= 0.85 * width and nxt.kind == "text"
            and len(nxt.text) > 0.5 * width)
    return lower or (full and (prev.trailing_ws or not hard_end) and first[:1].isalnum())


def group(lines: list[Line], width: int | None = None) -> list[Unit]:
    """Classified lines -> units: paragraphs, list items, headings, table captions/headers/rows
    (numbered per table)."""
    hard_end = _hard_end_enabled(lines)
    units: list[Unit] = []
    table: int | None = None
    n_tables = 0
    has_rows = False  # the open table has rows already
    i = 0

    def new_table() -> int:
        nonlocal n_tables, has_rows
        n_tables += 1
        has_rows = False
        return n_tables

    while i < len(lines):
        ln = lines[i]
        prev_unit = units[-1] if units else None
        if ln.kind == "heading_tail":
            if prev_unit is not None and prev_unit.kind == "heading" and prev_unit.lines[-1] == i - 1:
                prev_unit.lines.append(i)
                i += 1
                continue
            ln.kind = "text"  # its heading line became something else (a table label)
        # Continuation of a paragraph or list item across a wrap / blank line / page break.
        if prev_unit is not None and broken(lines[prev_unit.lines[-1]]) and (
            ln.gap == 0 or ln.page_break or not ln.text[:1].isupper()
        ) and prev_unit.kind != "heading":
            # The word broken at the previous line end goes on here, whatever this line is.
            prev_unit.lines.append(i)
            if ln.kind == "row" and prev_unit.kind == "paragraph":
                table = table if table is not None else new_table()
                prev_unit.kind, prev_unit.table = "table_row", table
                has_rows = True
            i += 1
            continue
        if ln.kind == "title":
            table = None
            units.append(Unit("paragraph", [i]))
            i += 1
            continue
        if (
            prev_unit is not None
            and prev_unit.kind in ("paragraph", "list_item")
            and not (lines[prev_unit.lines[-1]].kind == "title")
            and ln.kind in ("text", "numbered", "header", "caps")
            and _continues(lines[prev_unit.lines[-1]], ln, hard_end, width)
            and not (ln.kind in ("numbered", "caps") and not broken(lines[prev_unit.lines[-1]]))
        ):
            if ln.kind == "header" and header_ahead(lines, i):
                # A column header is never the tail of a paragraph. A few words right on top
                # of it are its first column ("Omschrijving Investe-" / "rings-" / "kredieten"
                # / "t/m 2025"); a short title a blank line above it is its caption
                # ("Financiële positie" / "omschrijving rekening 2024 ...").
                words = sum(len(lines[x].toks) for x in prev_unit.lines)
                if (prev_unit.kind == "paragraph" and ln.gap == 0 and not ln.page_break
                        and words <= 6):
                    if table is None or (has_rows and has_year(ln.text)):
                        table = new_table()
                    prev_unit.kind, prev_unit.table = "table_header", table
                    prev_unit.lines.append(i)
                    i += 1
                    continue
                if prev_unit.kind == "paragraph" and _caption_like(lines, prev_unit):
                    table = new_table()
                    prev_unit.kind, prev_unit.table = "table_caption", table
            else:
                prev_unit.lines.append(i)
                i += 1
                continue
        if ln.kind == "caption":
            if not (prev_unit and prev_unit.kind == "table_caption" and prev_unit.table == table
                    and not re.match(r"(?i)(tabel|overzicht)\b", ln.text)):
                table = new_table()  # (a unit line below a title captions the same table)
            units.append(Unit("table_caption", [i], table=table))
        elif ln.kind == "header" and header_ahead(lines, i):
            if (prev_unit and prev_unit.kind == "table_header" and prev_unit.table == table
                    and not sub_label(lines, i)):
                prev_unit.lines.append(i)  # one header over several lines
            else:
                if table is None or (has_rows and has_year(ln.text)):
                    table = new_table()  # a new column header starts a new table
                    # (a sub-label between rows, "Lasten" / "Baten", does not)
                units.append(Unit("table_header", [i], table=table))
        elif ln.kind == "row":
            if table is None and _label_of(lines, units, ln):
                # numbers whose label above ended in an abbreviation ("Amortisatiereserve
                # H. v." / "Boeijenlaan" / "1.050 0 0 0 0 1.050") and so closed the table:
                # the label and its numbers are one more row of that table
                prev_unit.kind, prev_unit.table = "table_row", units[-2].table
                prev_unit.lines.append(i)
                table, has_rows = prev_unit.table, True
                i += 1
                continue
            if table is None:
                table = new_table()
            has_rows = True
            units.append(Unit("table_row", [i], table=table))
        elif (prev_unit is not None and prev_unit.kind == "table_header" and ln.kind == "text"
              and len(ln.toks) <= 3 and not ends_sentence(ln.text) and header_next(lines, i)):
            prev_unit.lines.append(i)  # a piece of a header wrapped over several lines
        elif (table is not None and ln.kind == "text" and (j := short_run(lines, i)) is not None
              and _header_run(lines, units, table, has_rows, i, j)):
            # column names over several short lines between a caption and the first row
            # ("Naam 1 januari Storting" / "structureel" / "Storting in-" / ...), or the same
            # names again at the top of the next page
            if prev_unit is not None and prev_unit.kind == "table_header" and prev_unit.table == table:
                prev_unit.lines.extend(range(i, j))
            else:
                units.append(Unit("table_header", list(range(i, j)), table=table))
            i = j
            continue
        elif table is not None and (j := label_run(lines, i)) is not None:
            units.append(Unit("table_row", list(range(i, j + 1)), table=table))
            has_rows = True
            i = j + 1
            continue
        elif ln.kind == "bullet":
            table = None
            units.append(Unit("list_item", [i]))
        elif ln.kind == "markdown":
            table = None
            units.append(Unit("heading", [i], level=len(_MD_HEADING.match(ln.text).group(1)),
                               title_kind="markdown"))
        elif ln.kind in ("numbered", "caps"):
            table = None
            if (ln.kind == "caps" and prev_unit is not None and prev_unit.kind == "paragraph"
                    and len(prev_unit.lines) == 1 and ln.gap == 0 and not ln.page_break
                    and _upper(lines[prev_unit.lines[0]].text)):
                # a caps heading wrapped over two lines ("AFDELING II VERGUNNINGEN EN" /
                # "VERGUNNINGBEWIJZEN")
                prev_unit.kind, prev_unit.title_kind = "heading", "caps"
                prev_unit.lines.append(i)
            else:
                units.append(Unit("heading", [i], title_kind=ln.kind))
        else:
            if table is None or len(ln.toks) > 16 or ends_sentence(ln.text):
                table = None  # (a short line inside a table, a sub-total label or a unit, keeps it open)
            units.append(Unit("paragraph", [i]))
        i += 1
    _join_repeated_headers(lines, units)
    return units


def _caption_like(lines: list[Line], u: Unit) -> bool:
    """A one-line paragraph short enough to be the title of the table below it."""
    text = lines[u.lines[0]].text
    return len(u.lines) == 1 and len(text.split()) <= 8 and not text.endswith(SENTENCE_END)


def _label_of(lines: list[Line], units: list[Unit], ln: Line) -> bool:
    """The paragraph before a row of numbers only is the label of that row, in the table
    right above it."""
    if len(units) < 2 or not re.match(r"[-–]?\(?\d", ln.text):
        return False  # (the numbers may end in a text column: "0 112 0 8 Raadsbesluit ...")
    label, before = units[-1], units[-2]
    words = sum(len(lines[k].toks) for k in label.lines)
    return (label.kind == "paragraph" and before.kind == "table_row" and len(label.lines) <= 3
            and words <= 16 and ln.gap <= 1)


def _header_run(lines: list[Line], units: list[Unit], table: int, has_rows: bool,
                i: int, j: int) -> bool:
    """Lines i..j-1 are the header of `table`: right below its caption before any row, or
    (after rows) the same words as its header, repeated at the top of a page."""
    if not has_rows:
        prev = units[-1] if units else None
        return (prev is not None and prev.table == table
                and prev.kind in ("table_caption", "table_header") and j - i >= 2)
    header = None
    for u in reversed(units[-400:]):
        if u.table == table and u.kind == "table_header":
            header = u
    if header is None:
        return False
    run = " ".join(lines[k].text for k in range(i, j))
    return same_header(run, " ".join(lines[k].text for k in header.lines))


def _join_repeated_headers(lines: list[Line], units: list[Unit]) -> None:
    """A table whose header repeats the header of the table just above it (the top of the
    next page) is that table going on: give its units the same table number."""
    headers: dict[int, str] = {}
    first: dict[int, int] = {}  # table -> index of its first unit
    for k, u in enumerate(units):
        if u.table is not None:
            first.setdefault(u.table, k)
        if u.kind == "table_header" and u.table not in headers:
            headers[u.table] = " ".join(lines[i].text for i in u.lines)
    rename: dict[int, int] = {}
    for k in range(1, len(units)):
        u = units[k]
        if u.kind != "table_header" or first[u.table] != k:
            continue
        j = k - 1  # (skip the header's own wrapped pieces: "Omschrijving Investe- rings-")
        while (j > 0 and k - j <= 3 and units[j].kind == "paragraph"
               and _caption_like(lines, units[j])):
            j -= 1
        prev = units[j]
        if prev.kind == "table_row":
            target = rename.get(prev.table, prev.table)
            if same_header(headers[u.table], headers.get(target, "")):
                rename[u.table] = target
    for u in units:
        if u.table in rename:
            u.table = rename[u.table]

