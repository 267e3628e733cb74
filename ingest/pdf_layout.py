"""A PDF's layout as pdfplumber sees it: per page the runs of text with their font size,
weight and position, the images, and the tables (pdfplumber's table finder).

Reads characters once per page; heading rules are ingest/pdf_headings.py, table rows
ingest/pdf_tables.py. Without pdfplumber, or on a file it cannot read, the layout is empty
and the text path (pypdf) works alone.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

_BOLD = re.compile(r"bold|black|heavy|semibold|demi|extrab|ultrab", re.I)
_SPACES = re.compile(r"\s+")
BOLD_SHARE = 0.8  # a run is bold when this share of its letters is set in a bold font
IMAGE_PAGE_SHARE = 0.4  # images covering this share of a page with little text: an image page
IMAGE_PAGE_MAX_CHARS = 100  # ... "little text": fewer non-space characters than this


@dataclass(frozen=True, slots=True)
class Run:
    """One line piece in one font size: a heading, a line of a paragraph or a table cell."""

    page: int  # physical page, 1-based
    text: str
    size: float  # font size in points, rounded to 0.5
    bold: bool
    top: float
    bottom: float
    x0: float
    x1: float


@dataclass(frozen=True, slots=True)
class PageLayout:
    number: int  # physical page, 1-based
    width: float
    height: float
    runs: tuple[Run, ...]
    n_chars: int  # non-space characters on the page
    image_share: float  # share of the page area covered by images (capped at 1)
    tables: tuple = ()  # pdf_tables.Table records

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


def _is_bold(fontname: str) -> bool:
    return bool(_BOLD.search(fontname or ""))


def runs_of(chars: list[dict], page: int) -> list[Run]:
    """Characters -> runs: same baseline, same size, no wide gap (a column gap splits)."""
    out: list[Run] = []
    cur: dict | None = None
    chars = sorted(chars, key=lambda c: (round(c["top"]), c["x0"]))

    def close() -> None:
        if cur and cur["text"].strip():
            letters = [b for ch, b in zip(cur["text"], cur["bold"], strict=True) if ch.isalnum()]
            bold = bool(letters) and sum(letters) >= BOLD_SHARE * len(letters)
            out.append(Run(page, _SPACES.sub(" ", cur["text"]).strip(), cur["size"], bold,
                           cur["top"], cur["bottom"], cur["x0"], cur["x1"]))

    for c in chars:
        size = round(float(c.get("size") or 0) * 2) / 2
        text = c.get("text") or ""
        if cur is not None and abs(cur["top"] - c["top"]) < max(size, 1) * 0.5 \
                and abs(cur["size"] - size) < 0.6 and -size < c["x0"] - cur["x1"] < size * 1.5:
            if c["x0"] - cur["x1"] > size * 0.15 and not cur["text"].endswith(" "):
                cur["text"] += " "
                cur["bold"].append(False)
            cur["text"] += text
            cur["bold"].extend([_is_bold(c.get("fontname", ""))] * len(text))
            cur["x1"] = max(cur["x1"], c["x1"])
            cur["bottom"] = max(cur["bottom"], c["bottom"])
            continue
        close()
        cur = {"top": c["top"], "bottom": c["bottom"], "x0": c["x0"], "x1": c["x1"],
               "size": size, "text": text, "bold": [_is_bold(c.get("fontname", ""))] * len(text)}
    close()
    return out


def _image_share(page) -> float:
    area = float(page.width * page.height) or 1.0
    covered = 0.0
    for im in page.images:
        x0, x1 = max(im["x0"], 0), min(im["x1"], page.width)
        top, bottom = max(im["top"], 0), min(im["bottom"], page.height)
        covered += max(x1 - x0, 0) * max(bottom - top, 0)
    return min(covered / area, 1.0)


def read_layout(path: Path, *, tables: bool = True) -> Layout:
    """The layout of every page; an empty Layout (with a warning) when pdfplumber cannot
    read the file, so the text path still works."""
    try:
        import pdfplumber
    except ImportError:
        return Layout(warnings=("pdfplumber is not installed: headings and tables from the "
                                "text only (pip install pdfplumber)",))
    from ingest.pdf_tables import find_tables

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    pages: list[PageLayout] = []
    sizes: Counter = Counter()
    try:
        with pdfplumber.open(str(path)) as pdf:
            for i, page in enumerate(pdf.pages, start=1):
                chars = [c for c in page.chars if c.get("upright", True)]
                runs = runs_of(chars, i)
                for c in chars:
                    if not c["text"].isspace():
                        sizes[round(float(c.get("size") or 0) * 2) / 2] += 1
                found = tuple(find_tables(page, i)) if tables and chars else ()
                pages.append(PageLayout(
                    i, float(page.width), float(page.height), tuple(runs),
                    sum(1 for c in chars if not c["text"].isspace()), _image_share(page), found))
                page.flush_cache()
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many types; pypdf still reads
        return Layout(warnings=(f"layout could not be read ({type(exc).__name__}); headings "
                                "and tables from the text only",))
    body = sizes.most_common(1)[0][0] if sizes else 0.0
    return Layout(tuple(pages), body)
