"""Heading decisions over a whole document's lines and units: short titles glued to a
paragraph, plain one-line titles, titles found in the PDF's bookmarks, and the level of
every heading (chapter, section, numbered list items that are not headings).

Tests on one line's text live in ingest/sections.py; this module only adds the context.
"""

from __future__ import annotations

import re

from ingest import sections
from ingest.lines import Line, Unit
from ingest.tables import HEADER_WORDS


def mark_inline_titles(lines: list[Line], width: int | None) -> None:
    """A short title line glued to the paragraph below it ("Netwerken gebruiken" / "De
    vraagstukken die ...") or to the sentence above it ("... gaan dalen." / "Stand van
    zaken" / blank line). Marks it so that blocks.group() splits it off."""
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


def plain_titles(lines: list[Line], units: list[Unit]) -> None:
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
            re.search(r"\d", text) or any(w.lower() in HEADER_WORDS for w in text.split())
        ):
            continue  # a piece of the column header ("Begroting 2026"), not a title
        first = lines[nxt.lines[0]].text
        if first[:1].islower():
            continue  # the sentence goes on: not a title
        if nxt.kind == "paragraph" and len(" ".join(lines[i].text for i in nxt.lines).split()) < 6:
            continue  # two short lines in a row (a name list, an address): not a title
        u.kind = "heading"
        u.title_kind = "plain"


def _norm_title(s: str) -> str:
    """Letters and digits only: a title from the layout may split or join words differently."""
    return "".join(re.sub(r"[^\w]+", " ", s.casefold()).split())


def apply_outline(
    lines: list[Line], units: list[Unit], numbers: list[int | None], outline
) -> None:
    """Units whose text is a bookmark's title, on or next to the bookmark's page, become
    headings at the bookmark's level. `numbers` are the physical page numbers per page."""
    k0 = 0
    for level, title, page in outline:
        want = _norm_title(title)
        if not want:
            continue
        # its own page first (a table of contents on the page before names it too), then
        # the pages around it (a bookmark may point one page off)
        for near in (0, 1):
            k = _find_unit(lines, units, numbers, k0, want, page, near)
            if k is not None:
                u = units[k]
                u.kind, u.level, u.title_kind = "heading", max(1, int(level)), "outline"
                k0 = k + 1
                break


def _find_unit(lines, units, numbers, k0: int, want: str, page, near: int) -> int | None:
    for k in range(k0, len(units)):
        u = units[k]
        pno = numbers[lines[u.lines[0]].page]
        if page is not None and pno is not None and not (page - near <= pno <= page + near):
            if pno > page + near:
                return None
            continue
        got = _norm_title(" ".join(lines[i].text for i in u.lines))
        if got == want or (got.startswith(want) and u.kind == "heading"):
            return k
    return None


def assign_levels(lines: list[Line], units: list[Unit]) -> None:
    """Set every heading's level from its numbering and the headings before it; a numbered
    line that continues a numbered list becomes a list item instead."""
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
            # (the first line: a heading wrapped over two lines is longer than one)
            u.level = sections.numbered_level(lines[u.lines[0]].text) or 1
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


def _previous_item(lines: list[Line], units: list[Unit], k: int) -> int | None:
    """The number of the numbered item just before unit k ("6. Het college ..." -> 6)."""
    for j in range(k - 1, max(k - 4, -1), -1):
        u = units[j]
        if u.kind == "heading":
            return None
        m = re.match(r"^(\d{1,2})[.)]\s", lines[u.lines[0]].text)
        if m:
            return int(m.group(1))
    return None


def _after_colon(lines: list[Line], units: list[Unit], k: int) -> bool:
    """The block just before ends with a colon ("drie aanbevelingen:")."""
    return k > 0 and units[k - 1].kind == "paragraph" and lines[units[k - 1].lines[-1]].text.endswith(":")
