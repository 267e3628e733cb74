"""Headings of a PDF from its layout: lines set larger than the body text, or in bold at body
size on a line of their own, ranked per document into levels; merged with the bookmarks,
which win where they resolve to a page.

Rules look at size, weight, position, repetition and numbering, never at particular words:
- furniture: a text repeated on several pages in one style is a running header; when the
  same text is also set larger once (the chapter title it repeats), only that one counts;
- a printed table of contents (lines ending in page numbers) is a source, not a section;
- the document's title is not a section; table cells are not headings.
Returns an outline [(level, title, page)] for ingest/headings.apply_outline.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from ingest import pdf_plain
from ingest.lines import BULLET_GLYPHS
from ingest.pdf_layout import Layout, Run

BIGGER = 1.12  # a heading set larger than the body: size >= BIGGER * body size
MIN_LETTERS = 3
MAX_HEADING_CHARS = 200
WRAP_GAP = 2.0  # a heading wrapped over lines: next line within WRAP_GAP * size
REPEAT_PAGES = 3  # the same text in one style in the page margins of this many pages: furniture
MARGIN = 0.12  # share of the page height at top and bottom where running headers sit
TOC_MIN_LINES = 3  # lines ending in a page number on one page that make it a printed TOC
LINE_GAP = 1.45  # lines of one paragraph sit this close (in font sizes); headings further apart
WRAPPED_CHARS = 45  # a heading line this long may wrap onto the next line
_JOINERS = {"en", "of", "van", "de", "het", "een", "voor", "in", "op", "met", "tot", "aan", "te"}
COVER_BODY_CHARS = 300  # page 1 with less text in body type than this is a cover: no headings
TABLE_GAP = 30  # points between two table grids that are parts of one table
MIN_HEADINGS = 3  # fewer layout headings than this: the layout says nothing, use the text
_TOC_LINE = re.compile(r"(?:\.{3,}|…+|\s)\s*\d{1,3}\s*$")
_LEADERS = re.compile(r"\.{4,}|…{2,}")
_BULLET = re.compile(rf"^[{BULLET_GLYPHS}*\-–]\s")
_NUM_PREFIX = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?(?=\S)")
_WS = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Heading:
    page: int
    top: float
    x0: float
    text: str
    size: float
    bold: bool

    @property
    def style(self) -> tuple[float, bool]:
        return (self.size, self.bold)


def norm(s: str) -> str:
    """Letters and digits only (pieces of text may be spaced differently in the layout)."""
    return "".join(re.sub(r"[^\w]+", " ", s.casefold()).split())


def _styled(r: Run, body: float) -> bool:
    """Set apart from the body text: larger, or bold at body size."""
    return r.size >= BIGGER * body or (r.bold and r.size >= body - 0.25)


def _shaped(text: str) -> bool:
    """Reads as a heading: letters, not too long, no bullet, leader dots or lead-in colon."""
    t = text.strip()
    if sum(ch.isalpha() for ch in t) < MIN_LETTERS or len(t) > MAX_HEADING_CHARS:
        return False
    if _BULLET.match(t) or _LEADERS.search(t) or t.endswith((":", ",", ";")):
        return False
    return not t[:1].islower()


def _inside(r: Run, frames) -> bool:
    """In a table grid, or in the narrow gap between two grids one above the other (a
    group label between the parts of one table: "Bedrijfsvoering" / rows / "Opdrachtgevers")."""
    for x0, top, x1, bottom in frames:
        if r.top >= top - 1 and r.bottom <= bottom + 1 and r.x0 >= x0 - 1 and r.x0 <= x1:
            return True
    for a in frames:
        for b in frames:
            gap = b[1] - a[3]
            if 0 <= gap <= TABLE_GAP and a[3] - 1 <= r.top and r.bottom <= b[1] + 1 \
                    and r.x0 <= min(a[2], b[2]) and r.x1 >= max(a[0], b[0]) - TABLE_GAP:
                return True
    return False


def _toc_pages(layout: Layout) -> set[int]:
    """Pages that are a printed table of contents: most lines with words end in one page
    number (after dot leaders or a gap) that exists in the document."""
    out = set()
    n_pages = len(layout.pages)
    for p in layout.pages:
        lines: dict[int, list[Run]] = defaultdict(list)
        for r in p.runs:
            lines[round(r.top / 3)].append(r)
        entries = worded = 0
        for runs in lines.values():
            runs.sort(key=lambda r: r.x0)
            text = " ".join(r.text for r in runs)
            if sum(ch.isalpha() for ch in text) < MIN_LETTERS:
                continue
            worded += 1
            rest = re.sub(r"^\s*(?:[A-Za-z]+\s+)?[\dIVX]+(?:\.\d+)*\.?\s", "", text)  # "2.3 ", "Bijlage 1 "
            numbers = re.findall(r"(?<![\w.,])\d{1,4}(?![\w.,%])", rest)
            m = _TOC_LINE.search(text)
            # one page number at the end (a letter-spaced one may come out in two pieces)
            if m and 1 <= len(numbers) <= 2 and all(0 < int(x) <= n_pages for x in numbers):
                entries += 1
        if entries >= TOC_MIN_LINES and entries * 5 >= worded * 2:
            out.add(p.number)
    return out


def _goes_on(first: str, nxt: str) -> bool:
    """The next line continues a wrapped heading rather than being a heading of its own:
    it starts in lower case, or the line before is long or stops mid-phrase."""
    last = first.split("\n")[-1].rstrip()
    return (nxt[:1].islower() or nxt[:1] in "(&" or last.endswith(("-", ",", "–", "&"))
            or len(last) >= WRAPPED_CHARS or last.split()[-1].lower() in _JOINERS)


def _joined(runs: list[Run]) -> list[Heading]:
    """Consecutive candidate runs of one style, one below the other: one wrapped heading."""
    out: list[Heading] = []
    last_top = 0.0  # top of the last line of the heading being built
    for r in runs:
        prev = out[-1] if out else None
        if (prev is not None and prev.page == r.page and prev.style == (r.size, r.bold)
                and 0 < r.top - last_top <= WRAP_GAP * r.size
                and abs(r.x0 - prev.x0) <= 3 * r.size and not _NUM_PREFIX.match(r.text)
                and (r.top - last_top <= LINE_GAP * r.size or _goes_on(prev.text, r.text))):
            # at line spacing it is the same heading; further apart, only when it goes on
            out[-1] = Heading(prev.page, prev.top, prev.x0, f"{prev.text}\n{r.text}", r.size, r.bold)
            last_top = r.top
            continue
        out.append(Heading(r.page, r.top, r.x0, r.text, r.size, r.bold))
        last_top = r.top
    return [Heading(h.page, h.top, h.x0, _WS.sub(" ", h.text), h.size, h.bold) for h in out]


def layout_headings(layout: Layout, title: str = "", skip: set[int] | None = None) -> list[Heading]:
    """Heading candidates in reading order, furniture, TOC lines, title and cells removed.
    `skip`: the pages that hold no headings (`skipped_pages`), when the caller has them."""
    if not layout.known:
        return []
    skip = skipped_pages(layout) if skip is None else skip
    runs = []
    for p in layout.pages:
        if p.number in skip:
            continue
        for r in sorted(p.runs, key=lambda r: (r.top, r.x0)):
            if _styled(r, layout.body_size) and not _inside(r, p.frames) and not _bulleted(r, p.runs):
                runs.append(r)
    heads = [h for h in _joined(runs) if _shaped(h.text)]
    by_text: dict[str, list[Heading]] = defaultdict(list)
    for h in heads:
        by_text[re.sub(r"\d+", "#", norm(h.text))].append(h)
    heights = {p.number: p.height for p in layout.pages}
    keep: set[int] = set()
    for group in by_text.values():
        top = max(h.size for h in group)
        largest = [h for h in group if h.size == top]
        margin = [h for h in largest if _in_margin(h.top, heights[h.page])]
        if len({h.page for h in margin}) >= REPEAT_PAGES:
            largest = [h for h in largest if h not in margin]  # a running header
        keep.update(id(h) for h in largest)
    want_title = norm(title)
    return [h for h in heads if id(h) in keep and not (
        want_title and (norm(h.text) == want_title or (h.page == 1 and norm(h.text) in want_title)))]


def _bulleted(r: Run, runs) -> bool:
    """A bullet glyph stands before it on its line: a list item set in bold, not a heading."""
    return any(abs(b.top - r.top) < 0.5 * r.size and b.x1 <= r.x0 + 1 and r.x0 - b.x1 < 3 * r.size
               and len(b.text.strip()) == 1 and b.text.strip() in BULLET_GLYPHS
               for b in runs if b is not r)  # a glyph, not a dash: that may be a minus sign


def skipped_pages(layout: Layout) -> set[int]:
    """Pages that hold no headings: a printed table of contents, and the cover."""
    skip = _toc_pages(layout)
    if layout.pages and _cover(layout.pages[0], layout.body_size):
        skip.add(1)
    return skip


def _cover(p, body: float) -> bool:
    """A title page: little text in body type (a cover's title, date and logo)."""
    return sum(len(r.text) for r in p.runs if abs(r.size - body) < 1.5) < COVER_BODY_CHARS


def _in_margin(top: float, height: float) -> bool:
    """In the top or bottom band of the page, where running headers and footers sit."""
    return top < MARGIN * height or top > (1 - MARGIN) * height


def _styles(heads: list[Heading]) -> dict[tuple[float, bool], int]:
    """Rank of each heading style: larger first, bold before regular at one size."""
    styles = sorted({h.style for h in heads}, key=lambda s: (-s[0], not s[1]))
    return {s: k for k, s in enumerate(styles)}


_CHAPTER_NUM = re.compile(r"^(?:\d{1,2}\.?|[A-Z][a-z]+\s+\d{1,2}\.?)\s*\S")  # "3. X", "3.X", "Hoofdstuk 3 X"
_SUB_NUM = re.compile(r"^\d{1,2}\.\d")


def _front_matter(heads: list[Heading], rank: dict) -> None:
    """Headings set larger than the numbered chapters but only before the first of them
    (Voorwoord, Inleiding) are chapters too: give their styles the chapters' rank."""
    numbered = [h for h in heads if _CHAPTER_NUM.match(h.text) and not _SUB_NUM.match(h.text)]
    if len(numbered) < 2:
        return
    chapter = min((h.style for h in numbered), key=lambda s: rank[s])
    first = next(k for k, h in enumerate(heads) if h.style == chapter and h in numbered)
    for style in [s for s in rank if rank[s] < rank[chapter]]:
        if all(k < first for k, h in enumerate(heads) if h.style == style):
            rank[style] = rank[chapter]


def _nest_stacked(heads: list[Heading], levels: list[int], rank: dict, layout: Layout) -> None:
    """A heading right above another in the same style, with no text between them, is
    the parent of that one and of the headings in its style that follow ("Toelichting en
    argumenten" / "Doel en omschrijving ..."), until a larger heading or the next such
    parent."""
    runs = {p.number: p.runs for p in layout.pages}
    parent = None  # style of the open parent
    for k, h in enumerate(heads):
        nxt = heads[k + 1] if k + 1 < len(heads) else None
        stacked = (nxt is not None and nxt.page == h.page and nxt.style == h.style
                   and not any(h.top + h.size * 1.5 < r.top < nxt.top for r in runs[h.page]
                               if r.size < h.size or not r.bold))
        if stacked and parent != h.style:
            parent = h.style
            continue
        if parent is None:
            continue
        if rank[h.style] < rank[parent]:
            parent = None  # a larger heading closes it
        elif h.style == parent and stacked:
            continue  # the next parent of the same style
        else:
            levels[k] += 1


def merged_outline(layout: Layout, bookmarks: list, title: str = "") -> list[tuple[int, str, int | None]]:
    """Bookmarks plus layout headings as one outline in page order, with levels.

    Bookmark levels win; a layout style that matches bookmarks takes their level, other
    styles sit below the nearest larger matched style. Without bookmarks the style rank is
    the level. Empty when the layout shows fewer than MIN_HEADINGS headings and there are
    no bookmarks."""
    skip = skipped_pages(layout)
    heads = layout_headings(layout, title, skip)
    if len(heads) < MIN_HEADINGS:
        return bookmarks  # the same list: the caller sees that the layout added nothing
    rank = _styles(heads)
    _front_matter(heads, rank)
    marks = [(lvl, t, p) for lvl, t, p in bookmarks if p is not None]
    matched: dict[int, tuple[int, str]] = {}  # id(heading) -> bookmark (level, title)
    used_marks: set[int] = set()
    for k, (lvl, t, p) in enumerate(marks):
        want = norm(t)
        for h in heads:
            if abs(h.page - p) > 1:
                continue
            got = norm(h.text)
            if want and want in got and len(want) * 2 < len(got) and not got.startswith(want):
                used_marks.add(k)  # a piece of a heading ("en risicobeheersing"): the heading has it
                break
            if id(h) in matched:
                continue
            if got == want or (len(want) >= 8 and got.startswith(want)):
                matched[id(h)] = (lvl, t)
                used_marks.add(k)
                break
    level_of: dict[tuple[float, bool], int] = {}
    votes: dict[tuple[float, bool], Counter] = defaultdict(Counter)
    for h in heads:
        if id(h) in matched:
            votes[h.style][matched[id(h)][0]] += 1
    for s, c in votes.items():
        level_of[s] = c.most_common(1)[0][0]
    levels: list[int] = []
    for h in heads:
        if id(h) in matched:
            levels.append(matched[id(h)][0])
            continue
        if h.style in level_of:
            level = level_of[h.style]
        else:
            above = [(rank[s], lv) for s, lv in level_of.items() if rank[s] < rank[h.style]]
            level = (max(above)[1] + 1) if above else (rank[h.style] + 1 if not level_of else 1)
        levels.append(level)
    if not level_of:
        _nest_stacked(heads, levels, rank, layout)
    out: list[tuple[int, str, int, float]] = [
        (lv, h.text, h.page, h.top) for lv, h in zip(levels, heads, strict=True)]
    for k, (lvl, t, p) in enumerate(marks):
        if k not in used_marks and sum(ch.isalpha() for ch in t) >= MIN_LETTERS and " " in t.strip() \
                and len(t) <= MAX_HEADING_CHARS:  # a bookmarked paragraph is not a heading
            out.append((lvl, t, p, -1.0))  # a bookmark the layout did not see: still a heading
    out.sort(key=lambda e: (e[2], e[3]))
    return _with_plain(out, layout, skip)


def _with_plain(out: list[tuple[int, str, int, float]], layout: Layout,
                skip: set[int]) -> list[tuple[int, str, int]]:
    """Add the plain sub-headings (ingest/pdf_plain.py), one level below the styled heading
    before them (a bulleted one below a plain one before it in that section); before any
    styled heading they are not headings."""
    known = {(p, norm(t)) for _, t, p, _ in out}
    plain = [(0, t.text, t.page, t.top, t.bullet)
             for t in pdf_plain.plain_titles(layout, skip, _inside, _in_margin)
             if (t.page, norm(t.text)) not in known]
    merged = sorted([(*e, False) for e in out] + plain, key=lambda e: (e[2], e[3]))
    result, styled, under_plain = [], None, False
    for lvl, t, p, _, bullet in merged:
        if lvl:
            styled, under_plain = lvl, False
            result.append((max(1, min(lvl, 6)), t, p))
        elif styled is not None:
            result.append((max(1, min(styled + 1 + (bullet and under_plain), 6)), t, p))
            under_plain = under_plain or not bullet
    return result
