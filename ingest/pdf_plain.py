"""Sub-headings a PDF sets in plain body type: a short line standing alone, with white space
above it and its paragraph following at normal line spacing ("Plan met vervolgstappen" /
"In 2024 willen we ..."), or a single bullet used the same way, its paragraph starting at
the margin left of the bullet.

Only the layout decides: size, weight, position and spacing, never particular words. A page
in columns is skipped (a line is alone only when nothing else shares its height), and so
are table grids, the page margins, the cover and printed tables of contents.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from ingest.lines import BULLET_GLYPHS
from ingest.pdf_layout import Layout, Run

GAP_ABOVE = 1.8  # white space above: at least this many line pitches from the line above
FOLLOWS = 1.25  # the paragraph starts within this many line pitches below
MAX_WORDS = 10
MAX_CHARS = 80
SHORT = 0.7  # the title is shorter than this share of a full body line
FULL = 0.6  # ... and the line after it is at least this share: a paragraph, not a list
_BULLET = re.compile(rf"^[{BULLET_GLYPHS}]\s*")
_END = (".", "!", "?", ":", ",", ";")


@dataclass(frozen=True, slots=True)
class PlainTitle:
    page: int
    top: float
    text: str
    bullet: bool = False  # set after a bullet: below a plain title before it


def _body(r: Run, body: float) -> bool:
    return abs(r.size - body) <= 0.5 and not r.bold


def _pitch_and_width(layout: Layout) -> tuple[float, float]:
    """The document's body line pitch (median distance between successive body lines) and
    the width of a full body line (90th percentile of body line widths)."""
    body = layout.body_size
    steps, widths = [], []
    for p in layout.pages:
        runs = sorted((r for r in p.runs if _body(r, body)), key=lambda r: (r.top, r.x0))
        widths += [r.x1 - r.x0 for r in runs]
        steps += [b.top - a.top for a, b in zip(runs, runs[1:], strict=False)
                  if 0.8 * body < b.top - a.top < 2.5 * body and abs(a.x0 - b.x0) < body]
    if not steps or not widths:
        return 0.0, 0.0
    widths.sort()
    return statistics.median(steps), widths[int(0.9 * (len(widths) - 1))]


def _shaped(text: str) -> bool:
    t = text.strip()
    return (sum(ch.isalpha() for ch in t) >= 3 and len(t) <= MAX_CHARS
            and len(t.split()) <= MAX_WORDS and t[:1].isupper() and not t.endswith(_END)
            and not any(ch.isdigit() for ch in t[-4:]))


def plain_titles(layout: Layout, skip: set[int], inside, margin) -> list[PlainTitle]:
    """Plain sub-headings, in page order. `skip`: pages not to look at (TOC, cover);
    `inside(run, frames)` and `margin(top, height)` are the caller's table and margin tests."""
    if not layout.known:
        return []
    body = layout.body_size
    pitch, full = _pitch_and_width(layout)
    if not pitch:
        return []
    out: list[PlainTitle] = []
    for p in layout.pages:
        if p.number in skip:
            continue
        runs = sorted(p.runs, key=lambda r: (r.top, r.x0))
        for k, r in enumerate(runs):
            if k == 0 or k + 1 >= len(runs) or not _body(r, body) or margin(r.top, p.height):
                continue  # (a running header above still counts as the line above)
            prev, nxt = runs[k - 1], runs[k + 1]
            if abs(prev.top - r.top) < 0.5 * body or abs(nxt.top - r.top) < 0.5 * body:
                continue  # something else on this line: a column, a table cell, a label
            bullet = _BULLET.match(r.text)
            text = r.text[bullet.end():] if bullet else r.text
            if not _shaped(text) or r.x1 - r.x0 > SHORT * full or inside(r, p.frames):
                continue
            if r.top - prev.top < GAP_ABOVE * pitch or not 0 < nxt.top - r.top <= FOLLOWS * pitch:
                continue
            if not _body(nxt, body) or nxt.x1 - nxt.x0 < FULL * full or not nxt.text[:1].isupper():
                continue  # a list or a table goes on, or the line wraps into the next
            if bullet and nxt.x0 > r.x0 - body:
                continue  # an ordinary list item: its text goes on under the bullet
            if not bullet and abs(nxt.x0 - r.x0) > body:
                continue  # indented differently from its paragraph
            out.append(PlainTitle(p.number, r.top, text.strip(), bool(bullet)))
    return out
