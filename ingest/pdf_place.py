"""Where layout headings go in the page text: the title of the cover, a large chapter title
that the text layer puts after its own paragraphs, and the outline in the text's order.

Works on ingest/pdf_layout.py pages and ingest/pdf_headings.py outlines; only the order of
lines changes, no text is added or lost.
"""

from __future__ import annotations

from collections import Counter

from ingest.pdf_headings import _WS, BIGGER, MARGIN, REPEAT_PAGES, norm
from ingest.pdf_layout import Layout


def _at(lines: list[str], title: str, top: float, start: int = 0) -> float:
    """The line of its page's text a heading starts on (a line of its own, or the first
    line of a wrapped one); past the page's lines, by its top, when it is not found."""
    want = norm(title)
    for i in range(start, len(lines)):
        got = lines[i]
        if got and (got == want or (len(got) >= 6 and want.startswith(got))):
            return float(i)
    return 1e6 + top


def layout_cover(layout: Layout) -> tuple[str, str]:
    """The title set largest on the first page (not a running header), as cover_title()
    gives it: (title, "") or ("", "") when nothing there stands out from the body text."""
    if not layout.known:
        return "", ""
    first = layout.pages[0]
    runs = [r for r in first.runs if r.size >= BIGGER * layout.body_size
            and sum(ch.isalpha() for ch in r.text) + sum(ch.isdigit() for ch in r.text) >= 2]
    if not runs:
        return "", ""
    # a running header repeats in its own size on later pages; a table's "2026" does not count
    repeated = Counter((norm(r.text), r.size) for p in layout.pages[1:] for r in p.runs)
    runs = [r for r in runs if repeated[(norm(r.text), r.size)] < REPEAT_PAGES]
    if not runs:
        return "", ""
    big = max(r.size for r in runs)
    top = [r for r in sorted(runs, key=lambda r: (r.top, r.x0)) if r.size >= 0.6 * big]
    words = [r.text for r in top if not r.text.strip().isdigit()]
    numbers = [r.text for r in top if r.text.strip().isdigit()]  # a big "2027" beside the title
    return _WS.sub(" ", " ".join([*words, *numbers])).strip(), ""


def lift_top_headings(texts: list[str], layout: Layout, outline: list) -> list[str]:
    """A chapter title set large above all other text of its page, but drawn last (the
    text layer puts it after its own paragraphs), is moved to the start of its page text.
    Only line order changes: no text is added or lost."""
    if not layout.known:
        return texts
    out = list(texts)
    for _lvl, title, page in outline:
        if page is None or not 1 <= page <= len(out):
            continue
        p = layout.pages[page - 1]
        body = [r for r in p.runs if MARGIN * p.height <= r.top <= (1 - MARGIN) * p.height]
        top = [r for r in p.runs if r.size >= BIGGER * layout.body_size]
        if not body or not top:
            continue
        first = min(top, key=lambda r: r.top)
        if first.top > min(r.top for r in body) + 1 or norm(first.text) != norm(title):
            continue  # not the large title over everything else on its page
        lines = out[page - 1].split("\n")
        k = next((i for i, ln in enumerate(lines) if norm(ln) == norm(title)), None)
        if k is None or not any(ln.strip() for ln in lines[:k]):
            continue
        out[page - 1] = "\n".join([lines[k], "", *lines[:k], *lines[k + 1:]])
    return out


def in_text_order(outline: list, texts: list[str]) -> list:
    """The outline sorted by page and by the line of the page text each heading starts on."""
    flat = {p: [norm(ln) for ln in t.split("\n")] for p, t in enumerate(texts, start=1)}
    seen: dict[tuple[int, str], int] = {}
    placed = []
    for n, (lvl, t, p) in enumerate(outline):
        if p is None:
            placed.append((lvl, t, p, float(n)))
            continue
        at = _at(flat.get(p, []), t, float(n), seen.get((p, norm(t)), -1) + 1)
        if at < 1e6:
            seen[(p, norm(t))] = int(at)
        placed.append((lvl, t, p, at))
    order = sorted(range(len(placed)), key=lambda k: (placed[k][2] or 0, placed[k][3]))
    return [outline[k] for k in order]
