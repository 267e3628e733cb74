"""The shared assembler: raw page text (from a PDF or a text export) -> one ParsedDocument.

Repairs line-end hyphenation (also across page breaks), joins wrapped lines into paragraphs,
keeps bullets and table rows as lines, finds headings and tables, and keeps an offset map back
to the raw text. It does not find pages or strip headers/footers: the parsers do that.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from dataclasses import dataclass

from ingest import sections
from ingest.model import Block, PageSpan, ParsedDocument

PAGE_SEP = "\f"  # raw_text() joins the pages with this; raw offsets refer to that string

_BULLET = re.compile(r"^(?:[•·▪■◦●○►‣⁃∙*]|[-–—](?=\s)|o(?=\s)|\d{1,2}\)|[a-z]\))")
_MD_HEADING = re.compile(r"^(#{1,6})\s+\S")
_CONJ = {"en", "of", "tot", "als", "noch", "dan", "&", "t/m", "en/of"}
_HEADER_WORDS = {
    "begroting", "mjp", "meerjarenraming", "raming", "realisatie", "rekening", "jaarrekening",
    "primitieve", "actuele", "bijgestelde", "wijziging", "prognose", "saldo", "stand",
    "lasten", "baten", "toelichting",
}
_YEAR = re.compile(r"^(?:19|20)\d\d(?:[-–/](?:19|20)?\d\d)?$")
_CAPTION = re.compile(r"^(Tabel|Tabel:|Overzicht)\s|[(\[]\s*bedragen\s+(?:in\s+)?(?:€\s*)?x", re.IGNORECASE)
_SENTENCE_END = (".", "!", "?", ":", ";")

TABLE_KINDS = ("table_caption", "table_header", "table_row")
_CELL = r"[-–]?\(?\d{1,3}(?:\.\d{3})*(?:,\d+)?%?\)?"


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


@dataclass(slots=True)
class _Line:
    page: int
    toks: list[tuple[int, str]]  # (raw offset, token)
    trailing_ws: bool
    gap: int  # blank lines before this line since the previous non-blank line
    page_break: bool  # first non-blank line of a page (not the first page)
    kind: str = "text"

    @property
    def text(self) -> str:
        return " ".join(t for _, t in self.toks)


@dataclass(slots=True)
class _Unit:
    kind: str
    lines: list[int]
    level: int = 0
    table: int | None = None
    title_kind: str = ""  # "numbered", "caps", "plain", "outline" for headings


def _split_lines(pages: list[RawPage]) -> list[_Line]:
    lines: list[_Line] = []
    base = 0
    for pi, page in enumerate(pages):
        gap = 0
        first = True
        pos = 0
        for raw in page.text.split("\n"):
            toks = [(base + pos + m.start(), m.group()) for m in re.finditer(r"\S+", raw)]
            if toks:
                lines.append(_Line(pi, toks, raw != raw.rstrip(), gap, first and pi > 0))
                gap = 0
                first = False
            else:
                gap += 1
            pos += len(raw) + 1
        base += len(page.text) + len(PAGE_SEP)
    return lines


def _is_header_like(text: str) -> bool:
    toks = text.replace("(", " ").replace(")", " ").split()
    if not toks or len(toks) > 10 or text.rstrip().endswith(_SENTENCE_END):
        return False
    keyed = [t for t in toks if t.lower().strip(",") in _HEADER_WORDS or _YEAR.match(t)]
    last = toks[-1]
    return bool(keyed) and (last.lower() in _HEADER_WORDS or bool(_YEAR.match(last)))


def _is_row(text: str) -> bool:
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
    return not label[-1].endswith(_SENTENCE_END)


def _is_single_cell_row(text: str) -> bool:
    toks = text.split()
    return (sections.numeric_tail(text) == 1 and 1 < len(toks) <= 10
            and not toks[-2].endswith(_SENTENCE_END) and toks[-1] not in ("-", "–"))


def _classify(lines: list[_Line]) -> None:
    for ln in lines:
        t = ln.text
        if _CAPTION.search(t) and len(t.split()) <= 20:
            ln.kind = "caption"
        elif _is_row(t):
            ln.kind = "row"
        elif _MD_HEADING.match(t):
            ln.kind = "markdown"
        elif _BULLET.match(t):
            ln.kind = "bullet"
        elif sections.numbered_level(t) is not None:
            ln.kind = "numbered"
        elif sections.is_caps_heading(t):
            ln.kind = "caps"
        elif _is_header_like(t):
            ln.kind = "header"
    # A numbered line whose sentence goes on below ("1.1 De agenda vast te stellen als" /
    # "en uitvoering tot 2030.") is a numbered list item, not a heading.
    for k, ln in enumerate(lines[:-1]):
        nxt = lines[k + 1]
        if ln.kind == "numbered" and nxt.gap <= 1 and nxt.text[:1].islower() and nxt.kind == "text":
            ln.kind = "bullet"
    # Two-column tables ("Programma 1 Wonen in Assen 250"): one number per line, in a run.
    single = [ln.kind == "text" and _is_single_cell_row(ln.text) for ln in lines]
    for k, ln in enumerate(lines):
        if single[k] and ((k > 0 and (single[k - 1] or lines[k - 1].kind == "row"))
                          or (k + 1 < len(lines) and (single[k + 1] or lines[k + 1].kind == "row"))):
            ln.kind = "row"


def _hyphen_spacing(lines: list[_Line]) -> None:
    """Some exports put a space after every line, also after a broken word ("omgevings- ").
    Then that space says nothing: treat those hyphen lines as ending without one."""
    ends = [ln for ln in lines if re.search(r"[^\W_]-$", ln.toks[-1][1])]
    spaced = [ln for ln in ends if ln.trailing_ws]
    if ends and len(spaced) > len(ends) / 2:
        for ln in spaced:
            ln.trailing_ws = False


def _hard_end_enabled(lines: list[_Line]) -> bool:
    """Exports that end soft-wrapped lines with a space end a block with no space."""
    return bool(lines) and sum(ln.trailing_ws for ln in lines) >= 0.5 * len(lines)


def _upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _continues(prev: _Line, nxt: _Line, hard_end: bool, width: int | None = None) -> bool:
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
    if ptxt.endswith(_SENTENCE_END):
        return False
    # A blank line or a page break in the middle of a sentence: continue on lowercase, or
    # after a full-width line that stops without punctuation ("... van de paragraaf" /
    # "Bedrijfsvoering. Met ingang ...").
    full = (width is not None and len(prev.text) >= 0.85 * width and nxt.kind == "text"
            and len(nxt.text) > 0.5 * width)
    return lower or (full and (prev.trailing_ws or not hard_end) and first[:1].isalnum())


def _broken(ln: _Line) -> bool:
    """The line ends in a word broken by a hyphen (so the next line cannot be a heading)."""
    return ln.toks[-1][1].endswith("-") and not ln.trailing_ws


def _ends_sentence(text: str) -> bool:
    """Ends with sentence punctuation (an abbreviation like "t.b.v." does not count)."""
    last = text.split()[-1] if text.split() else ""
    if last.endswith(".") and "." in last[:-1]:
        return False
    return text.endswith((".", "!", "?")) and not text.endswith(").")


def _label_run(lines: list[_Line], i: int) -> int | None:
    """In a table: text lines i..j-1 that are the wrapped label of the numbers line j."""
    j = i
    while j < len(lines) and j - i < 4:
        ln = lines[j]
        if ln.kind == "row" and sections.is_numbers_only(ln.text):
            return j if j > i else None
        wrapped = j > i and _broken(lines[j - 1])
        if len(ln.toks) > 16 or not (
            ln.kind in ("text", "numbered", "title") or (ln.kind == "header" and j > i)
            or (wrapped and ln.kind != "row")
        ):
            return None
        if _ends_sentence(ln.text):
            return None
        j += 1
    return None


def _group(lines: list[_Line], width: int | None = None) -> list[_Unit]:
    hard_end = _hard_end_enabled(lines)
    units: list[_Unit] = []
    table: int | None = None
    n_tables = 0
    i = 0

    def new_table() -> int:
        nonlocal n_tables
        n_tables += 1
        return n_tables

    while i < len(lines):
        ln = lines[i]
        prev_unit = units[-1] if units else None
        # Continuation of a paragraph or list item across a wrap / blank line / page break.
        if prev_unit is not None and _broken(lines[prev_unit.lines[-1]]) and (
            ln.gap == 0 or ln.page_break or not ln.text[:1].isupper()
        ) and prev_unit.kind != "heading":
            # The word broken at the previous line end goes on here, whatever this line is.
            prev_unit.lines.append(i)
            if ln.kind == "row" and prev_unit.kind == "paragraph":
                table = table if table is not None else new_table()
                prev_unit.kind, prev_unit.table = "table_row", table
            i += 1
            continue
        if ln.kind == "title":
            table = None
            units.append(_Unit("paragraph", [i]))
            i += 1
            continue
        if (
            prev_unit is not None
            and prev_unit.kind in ("paragraph", "list_item")
            and not (lines[prev_unit.lines[-1]].kind == "title")
            and ln.kind in ("text", "numbered", "header", "caps")
            and _continues(lines[prev_unit.lines[-1]], ln, hard_end, width)
            and not (ln.kind in ("numbered", "caps") and not _broken(lines[prev_unit.lines[-1]]))
        ):
            prev_unit.lines.append(i)
            i += 1
            continue
        if ln.kind == "caption":
            table = new_table()
            units.append(_Unit("table_caption", [i], table=table))
        elif ln.kind == "header" and _header_ahead(lines, i):
            if table is None:
                table = new_table()  # (a header right after rows repeats it on a new page)
            if prev_unit and prev_unit.kind == "table_header" and prev_unit.table == table:
                prev_unit.lines.append(i)
            else:
                units.append(_Unit("table_header", [i], table=table))
        elif ln.kind == "row":
            if table is None:
                table = new_table()
            units.append(_Unit("table_row", [i], table=table))
        elif table is not None and (j := _label_run(lines, i)) is not None:
            units.append(_Unit("table_row", list(range(i, j + 1)), table=table))
            i = j + 1
            continue
        elif ln.kind == "bullet":
            table = None
            units.append(_Unit("list_item", [i]))
        elif ln.kind == "markdown":
            table = None
            units.append(_Unit("heading", [i], level=len(_MD_HEADING.match(ln.text).group(1)),
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
                units.append(_Unit("heading", [i], title_kind=ln.kind))
        else:
            if table is not None and len(ln.toks) <= 16 and not _ends_sentence(ln.text):
                # A short line inside a table (a sub-total label, a unit): keep the table open.
                units.append(_Unit("paragraph", [i]))
            else:
                table = None
                units.append(_Unit("paragraph", [i]))
        i += 1
    return units


def _header_ahead(lines: list[_Line], i: int) -> bool:
    """A header-like line counts as a table header only when table rows follow it."""
    for ln in lines[i + 1 : i + 10]:
        if ln.kind == "row":
            return True
        if ln.kind in ("header",):
            continue
        if ln.kind == "text" and len(ln.toks) <= 8:
            continue
        return False
    return False


def _plain_titles(lines: list[_Line], units: list[_Unit]) -> None:
    """Short one- or two-line paragraphs followed by body text become (plain) headings.
    Walks backwards so that a title followed by another title is seen as one."""
    for k in range(len(units) - 1, -1, -1):
        u = units[k]
        if u.kind != "paragraph" or len(u.lines) > 2:
            continue
        text = " ".join(lines[i].text for i in u.lines)
        if not sections.is_title_line(text) or re.search(r",\s*[A-Z]", text):
            continue
        nxt = units[k + 1] if k + 1 < len(units) else None
        if nxt is None or nxt.kind == "table_row":
            continue
        if nxt.kind in ("table_header", "table_caption") and (
            re.search(r"\d", text) or any(w.lower() in _HEADER_WORDS for w in text.split())
        ):
            continue  # a piece of the column header ("Begroting 2026"), not a title
        first = lines[nxt.lines[0]].text
        if first[:1].islower():
            continue  # the sentence goes on: not a title
        if nxt.kind == "paragraph" and len(" ".join(lines[i].text for i in nxt.lines).split()) < 6:
            continue  # two short lines in a row (a name list, an address): not a title
        u.kind = "heading"
        u.title_kind = "plain"


def _wrap_width(lines: list[_Line]) -> int | None:
    """How wide a full line of body text is: the 75th percentile of text lines of 5+ words
    (exports that put a blank line after every line have few soft-wrapped pairs)."""
    widths = sorted(len(ln.text) for ln in lines if ln.kind == "text" and len(ln.toks) >= 5)
    return widths[len(widths) * 3 // 4] if len(widths) >= 20 else None


def _mark_inline_titles(lines: list[_Line], width: int | None) -> None:
    """A short title line glued to the paragraph below it ("Netwerken gebruiken" / "De
    vraagstukken die ...") or to the sentence above it ("... gaan dalen." / "Stand van
    zaken" / blank line). Marks it so that _group splits it off."""
    if not width:
        return
    for i in range(1, len(lines) - 1):
        ln, prev, nxt = lines[i], lines[i - 1], lines[i + 1]
        if ln.kind != "text" or len(ln.text) > 0.6 * width or not sections.is_title_line(ln.text):
            continue
        if not nxt.text[:1].isupper() or nxt.kind != "text" or len(nxt.text) <= 0.6 * width:
            continue
        prev_ended = prev.text.endswith((".", "!", "?", ":")) or prev.kind in ("numbered", "caps")
        if not (nxt.gap or nxt.page_break):
            if prev_ended or ln.gap or ln.page_break:
                ln.kind = "title"
        elif prev_ended and not ln.gap and not ln.page_break and len(prev.text) > 0.6 * width:
            ln.kind = "title"


def _norm_title(s: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", s.casefold()).split())


def _apply_outline(
    lines: list[_Line], units: list[_Unit], pages: list[RawPage], outline
) -> None:
    k0 = 0
    for level, title, page in outline:
        want = _norm_title(title)
        if not want:
            continue
        for k in range(k0, len(units)):
            u = units[k]
            ln = lines[u.lines[0]]
            pno = pages[ln.page].number
            if page is not None and pno is not None and not (page - 1 <= pno <= page + 1):
                if pno > page + 1:
                    break
                continue
            got = _norm_title(" ".join(lines[i].text for i in u.lines))
            if got == want or (got.startswith(want) and u.kind == "heading"):
                u.kind, u.level, u.title_kind = "heading", max(1, int(level)), "outline"
                k0 = k + 1
                break


def _assign_levels(lines: list[_Line], units: list[_Unit]) -> None:
    anchor = 0  # level of the last numbered / caps / outline heading
    chapter: int | None = None
    last_plain: int | None = None  # index of a plain title since the last content block
    list_next: int | None = None  # next number of a numbered list that is not a chapter
    in_annex = False  # inside "Bijlage N": other keyword headings nest under it
    in_article = False  # "Artikel N" headings are chapters themselves (no heading above)
    for k, u in enumerate(units):
        if u.kind != "heading":
            continue
        text = " ".join(lines[i].text for i in u.lines)
        if u.title_kind in ("outline", "markdown"):
            anchor = u.level
            last_plain = None
            continue
        if u.title_kind == "numbered":
            u.level = sections.numbered_level(text) or 1
            num = sections.chapter_number(text)
            if u.level == 1 and sections.is_list_number(text) and (
                (chapter is not None and num is not None and num <= chapter)
                or _after_colon(lines, units, k)
                or (list_next is not None and num == list_next)
                or (num is not None and num > 1 and _previous_item(lines, units, k) == num - 1)
            ):
                # "1. Overzicht ..." after "drie aanbevelingen:" is a numbered list item.
                u.kind, u.level, u.title_kind = "list_item", 0, ""
                list_next = (num or 0) + 1
                continue
            list_next = None
            keyword = sections.keyword_of(text)
            if keyword == "Artikel":
                u.level = 2 if anchor >= 1 and not in_article else 1
                in_article = in_article or u.level == 1
                anchor = max(anchor, 1) if u.level == 2 else anchor
                last_plain = None
                continue
            if u.level == 1 and in_annex and keyword not in (None, "Bijlage"):
                # "Programma 1. Wonen in Assen" inside "Bijlage 6. Indicatoren"
                u.level = 2
                anchor = 2
                last_plain = None
                continue
            if u.level == 1:
                in_annex = keyword == "Bijlage"
                chapter = num
            elif num is not None and chapter is not None and num != chapter:
                # A new chapter whose title is an unnumbered line just before "N.1 ...".
                if last_plain is not None and units[last_plain].level >= 1:
                    units[last_plain].level = 1
                chapter = num
            elif chapter is None:
                chapter = num
            anchor = u.level
            last_plain = None
        elif u.title_kind == "caps":
            u.level = 1
            anchor = 1
            in_annex = False
            chapter = None
            last_plain = None
        else:
            u.level = min(anchor + 1, 4)
            last_plain = k


def _previous_item(lines: list[_Line], units: list[_Unit], k: int) -> int | None:
    """The number of the numbered item just before unit k ("6. Het college ..." -> 6)."""
    for j in range(k - 1, max(k - 4, -1), -1):
        u = units[j]
        if u.kind == "heading":
            return None
        m = re.match(r"^(\d{1,2})[.)]\s", lines[u.lines[0]].text)
        if m:
            return int(m.group(1))
    return None


def _after_colon(lines: list[_Line], units: list[_Unit], k: int) -> bool:
    """The block just before ends with a colon ("drie aanbevelingen:")."""
    return k > 0 and units[k - 1].kind == "paragraph" and lines[units[k - 1].lines[-1]].text.endswith(":")


def _join_kind(prev: _Line, nxt: _Line, hyphened: set[str], words: set[str]) -> str:
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


def normalise(pages: list[RawPage], outline=None) -> Normalised:
    """Raw pages -> normalised text with blocks and a map back to raw offsets."""
    lines = _split_lines(pages)
    _hyphen_spacing(lines)
    _classify(lines)
    width = _wrap_width(lines)
    _mark_inline_titles(lines, width)
    units = _group(lines, width)
    _plain_titles(lines, units) if not outline else None
    if outline:
        _apply_outline(lines, units, pages, outline)
    _assign_levels(lines, units)

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

    prev_unit: _Unit | None = None
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
                            table=u.table if u.kind in TABLE_KINDS else None))
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
) -> ParsedDocument:
    """Normalise raw pages into one ParsedDocument (text, blocks, page spans)."""
    norm = normalise(pages, outline=outline)
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
    )
