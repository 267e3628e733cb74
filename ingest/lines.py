"""Lines of raw page text, each token with its raw offset, and the units they are grouped
into; plus the few tests on one line that several stages share (a broken word at the end,
a sentence end, the width of a full line).

It does not classify lines or group them: ingest/blocks.py does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PAGE_SEP = "\f"  # raw_text() joins the pages with this; raw offsets refer to that string
SENTENCE_END = (".", "!", "?", ":", ";")
BULLET_GLYPHS = "•·▪■◦●○►‣⁃∙"  # the bullet characters every stage recognises (not dashes)


@dataclass(slots=True)
class Line:
    """One non-blank line of raw text; `kind` is filled in by ingest/blocks.py."""

    page: int  # index into the document's pages
    toks: list[tuple[int, str]]  # (raw offset, token)
    trailing_ws: bool
    gap: int  # blank lines before this line since the previous non-blank line
    page_break: bool  # first non-blank line of a page (not the first page)
    kind: str = "text"

    @property
    def text(self) -> str:
        return " ".join(t for _, t in self.toks)


@dataclass(slots=True)
class Unit:
    """Lines (indexes into the line list) that become one block of the normalised text."""

    kind: str
    lines: list[int]
    level: int = 0
    table: int | None = None
    title_kind: str = ""  # "numbered", "caps", "plain", "outline" for headings


def split_lines(texts: list[str]) -> list[Line]:
    """The non-blank lines of the page texts, tokens with offsets into PAGE_SEP.join(texts)."""
    lines: list[Line] = []
    base = 0
    for pi, text in enumerate(texts):
        gap = 0
        first = True
        pos = 0
        for raw in text.split("\n"):
            toks = [(base + pos + m.start(), m.group()) for m in re.finditer(r"\S+", raw)]
            if toks:
                lines.append(Line(pi, toks, raw != raw.rstrip(), gap, first and pi > 0))
                gap = 0
                first = False
            else:
                gap += 1
            pos += len(raw) + 1
        base += len(text) + len(PAGE_SEP)
    return lines


def broken(ln: Line) -> bool:
    """The line ends in a word broken by a hyphen (so the next line cannot be a heading)."""
    return ln.toks[-1][1].endswith("-") and not ln.trailing_ws


def ends_sentence(text: str) -> bool:
    """Ends with sentence punctuation (an abbreviation like "t.b.v." does not count)."""
    last = text.split()[-1] if text.split() else ""
    if last.endswith(".") and "." in last[:-1]:
        return False
    return text.endswith((".", "!", "?")) and not text.endswith(").")


def wrap_width(lines: list[Line]) -> int | None:
    """How wide a full line of body text is: the 75th percentile of text lines of 5+ words
    (exports that put a blank line after every line have few soft-wrapped pairs)."""
    widths = sorted(len(ln.text) for ln in lines if ln.kind == "text" and len(ln.toks) >= 5)
    return widths[len(widths) * 3 // 4] if len(widths) >= 20 else None

