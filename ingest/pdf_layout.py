"""A PDF's layout: per page the runs of text with their font size, weight and position, the
share of the page covered by images, and the tables.

Fonts, positions and images come from pypdf's own text pass (its visitors, so no second
parse of the page); pdfplumber's table finder runs only on pages whose text has rows of
numbers (it parses a page several times slower than pypdf). Heading rules are
ingest/pdf_headings.py, table rows ingest/pdf_tables.py. Without pdfplumber, or on a file
it cannot read, there are no tables and the text path works alone.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

# font weight from the font name, most specific first ("SemiBold" before "Bold")
_WEIGHTS = tuple((re.compile(p, re.I), w) for p, w in (
    (r"thin|hairline", 100), (r"extralight|ultralight", 200), (r"light", 300),
    (r"medium", 500), (r"semibold|demibold|demi", 600), (r"extrabold|ultrabold", 800),
    (r"black|heavy", 900), (r"bold", 700)))
_SPACES = re.compile(r"\s+")
BOLD_SHARE = 0.8  # a run's weight is the weight this share of its letters has at least
IMAGE_PAGE_SHARE = 0.4  # images covering this share of a page with little text: an image page
IMAGE_PAGE_MAX_CHARS = 100  # ... "little text": fewer non-space characters than this


@dataclass(frozen=True, slots=True)
class Run:
    """One line piece in one font size: a heading, a line of a paragraph or a table cell."""

    page: int  # physical page, 1-based
    text: str
    size: float  # font size in points, rounded to 0.5
    bold: bool  # heavier than the body text of the document (set by build_layout)
    top: float
    bottom: float
    x0: float
    x1: float
    weight: int = 400  # font weight from the font name: 300 light, 400 regular, 700 bold


@dataclass(frozen=True, slots=True)
class PageLayout:
    number: int  # physical page, 1-based
    width: float
    height: float
    runs: tuple[Run, ...]
    n_chars: int  # non-space characters on the page
    image_share: float  # share of the page area covered by images (capped at 1)
    tables: tuple = ()  # pdf_tables.Table records
    frames: tuple = ()  # (x0, top, x1, bottom) of every table grid found, usable or not
    rules: int = 0  # drawn lines and boxes on the page

    @property
    def image_only(self) -> bool:
        """Text is (almost) absent and an image fills much of the page: a scan, a chart or a
        table pasted as a picture."""
        return self.image_share >= IMAGE_PAGE_SHARE and self.n_chars < IMAGE_PAGE_MAX_CHARS


@dataclass(frozen=True, slots=True)
class Layout:
    pages: tuple[PageLayout, ...] = ()
    body_size: float = 0.0  # the size most characters are set in
    warnings: tuple[str, ...] = field(default=())

    @property
    def known(self) -> bool:
        return bool(self.pages) and self.body_size > 0


def font_weight(fontname: str) -> int:
    for pattern, w in _WEIGHTS:
        if pattern.search(fontname or ""):
            return w
    return 400


def runs_of(chars: list[dict], page: int) -> list[Run]:
    """Characters -> runs: same baseline, same size, no wide gap (a column gap splits)."""
    out: list[Run] = []
    cur: dict | None = None
    chars = sorted(chars, key=lambda c: (round(c["top"]), c["x0"]))

    def close() -> None:
        if cur and cur["text"].strip():
            letters = sorted(w for ch, w in zip(cur["text"], cur["bold"], strict=True)
                             if ch.isalnum())
            weight = letters[int((1 - BOLD_SHARE) * len(letters))] if letters else 400
            out.append(Run(page, _SPACES.sub(" ", cur["text"]).strip(), cur["size"], weight >= 600,
                           cur["top"], cur["bottom"], cur["x0"], cur["x1"], weight))

    for c in chars:
        size = round(float(c.get("size") or 0) * 2) / 2
        text = c.get("text") or ""
        weight = font_weight(c.get("fontname", ""))
        # a heavier or lighter piece right after a sentence end on the same baseline starts
        # a run of its own (a heading in the next column, not the sentence going on)
        turn = cur is not None and cur["bold"] and weight != cur["bold"][-1] \
            and cur["text"].rstrip().endswith((".", "!", "?", ":"))
        if cur is not None and not turn and abs(cur["top"] - c["top"]) < max(size, 1) * 0.5 \
                and abs(cur["size"] - size) < 0.6 and -2.5 * size < c["x0"] - cur["x1"] < size * 1.5:
            prev_ch, next_ch = cur["text"][-1:], text[:1]
            switch = (prev_ch.isalpha() and next_ch.isdigit()) or (prev_ch.isdigit() and next_ch.isalpha())
            if (c["x0"] - cur["x1"] > size * 0.15 or switch) and not cur["text"].endswith(" "):
                cur["text"] += " "
                cur["bold"].append(0)
            cur["text"] += text
            cur["bold"].extend([weight] * len(text))
            cur["x1"] = max(cur["x1"], c["x1"])
            cur["bottom"] = max(cur["bottom"], c["bottom"])
            continue
        close()
        cur = {"top": c["top"], "bottom": c["bottom"], "x0": c["x0"], "x1": c["x1"],
               "size": size, "text": text,
               "bold": [weight] * len(text)}
    close()
    return out


class PageCollector:
    """pypdf visitors for one page: text segments with position and size, image areas."""

    def __init__(self, page) -> None:
        self.chars: list[dict] = []  # one record per text segment, in pdfplumber's char keys
        self.images = 0.0  # area covered by images, in square points
        self.rules = 0  # line and rectangle drawing operators
        box = page.mediabox
        self.width, self.height = float(box.width), float(box.height)
        self.bottom = float(box.bottom)
        try:
            xobjects = page["/Resources"].get_object().get("/XObject") or {}
            self._xobjects = xobjects.get_object() if hasattr(xobjects, "get_object") else xobjects
        except Exception:  # noqa: BLE001 - no resources: no images
            self._xobjects = {}

    def text(self, text, cm, tm, font, size) -> None:
        if not text or not text.strip():
            return
        m = _mult(tm, cm)
        scale = abs(m[3]) or abs(m[0]) or 1.0
        pt = float(size or 0) * scale
        if pt <= 0:
            return
        name = ""
        try:
            name = str(font.get("/BaseFont", "")) if font is not None else ""
        except Exception:  # noqa: BLE001
            name = ""
        top = self.height - (m[5] - self.bottom) - pt
        for k, part in enumerate(text.split("\n")):
            part = part.strip()
            if part:
                y = top + k * pt * 1.2
                self.chars.append({"text": part, "top": y, "bottom": y + pt, "x0": m[4],
                                   "x1": m[4] + 0.5 * pt * len(part), "size": pt,
                                   "fontname": name})

    def op(self, operator, operands, cm, tm) -> None:
        if operator in (b"re", b"l"):
            self.rules += 1  # drawn lines and boxes: what a table finder needs to see a grid
            return
        if operator != b"Do" or not operands:
            return
        try:
            xo = self._xobjects.get(operands[0])
            xo = xo.get_object() if xo is not None else None
            if xo is not None and xo.get("/Subtype") == "/Image":
                self.images += abs(cm[0] * cm[3] - cm[1] * cm[2])
        except Exception:  # noqa: BLE001 - an odd image is no reason to fail the page
            return

    def page_layout(self, number: int) -> PageLayout:
        area = self.width * self.height or 1.0
        n_chars = sum(len(c["text"].replace(" ", "")) for c in self.chars)
        return PageLayout(number, self.width, self.height, tuple(runs_of(self.chars, number)),
                          n_chars, min(self.images / area, 1.0), rules=self.rules)


def _mult(m, n) -> list[float]:
    m = [float(x) for x in m]
    n = [float(x) for x in n]
    return [m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3],
            m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3],
            m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5]]


def build_layout(pages: list[PageLayout], path: Path | None = None,
                 table_pages: list[int] = ()) -> Layout:
    """The document's layout from its pages; tables found on `table_pages` (1-based)."""
    sizes: Counter = Counter()
    weights: Counter = Counter()
    for p in pages:
        for r in p.runs:
            sizes[r.size] += len(r.text.replace(" ", ""))
            weights[r.weight] += len(r.text.replace(" ", ""))
    body = sizes.most_common(1)[0][0] if sizes else 0.0
    # "bold" is relative: heavier than the body text (Roman over a Light body counts too)
    plain = weights.most_common(1)[0][0] if weights else 400
    pages = [dataclasses.replace(p, runs=tuple(dataclasses.replace(r, bold=r.weight > plain)
                                               for r in p.runs)) for p in pages]
    warnings: list[str] = []
    if path is not None and table_pages:
        found, note = _tables(path, table_pages)
        if note:
            warnings.append(note)
        pages = [dataclasses.replace(p, tables=tuple(found.get(p.number, ((), ()))[0]),
                                     frames=tuple(found.get(p.number, ((), ()))[1]))
                 for p in pages]
    return Layout(tuple(pages), body, tuple(warnings))


def _tables(path: Path, numbers: list[int]) -> tuple[dict, str]:
    try:
        import pdfplumber
    except ImportError:
        return {}, "pdfplumber is not installed: tables from the text only (pip install pdfplumber)"
    from ingest.pdf_tables import find_tables

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    out: dict[int, list] = {}
    try:
        with pdfplumber.open(str(path)) as pdf:
            for n in numbers:
                page = pdf.pages[n - 1]
                frames: list = []
                out[n] = (find_tables(page, n, frames), frames)
                page.flush_cache()
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many types; the text path stays
        return out, f"tables could not be read ({type(exc).__name__}); tables from the text only"
    return out, ""
