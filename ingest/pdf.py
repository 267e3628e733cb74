"""Read a PDF into a ParsedDocument: open it, refuse bad input, extract the page texts.

The PDF's own /PageLabels are read here; printed page numbers, headers/footers and axis
ticks are ingest/pdf_pages.py, bookmarks and title ingest/pdf_outline.py, and line joining,
headings and tables ingest/layout.py. No OCR: a PDF without a text layer is refused with a
message saying how.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from ingest.metadata import find_body, find_period, find_type
from ingest.model import IngestError, ParsedDocument
from ingest.pdf_headings import merged_outline
from ingest.pdf_layout import PageCollector, PageLayout, build_layout
from ingest.pdf_outline import (
    choose_title,
    cover_title,
    read_outline,
    set_off_bookmarks,
    useful_outline,
)
from ingest.pdf_pages import clean_pages
from ingest.pdf_place import in_text_order, layout_cover, lift_top_headings
from ingest.pdf_tables import has_rows, place_tables

_SPACES = re.compile(r"\s+")
MIN_RULES = 4  # drawn lines/boxes a page needs before pdfplumber looks for a table grid
MIN_PAGE_CHARS = 20  # fewer non-space characters than this on every page: no text layer


@dataclass(frozen=True, slots=True)
class PdfContent:
    """What a PDF yields before layout: one cleaned text per physical page, plus metadata."""

    name: str
    title: str
    sha256: str
    texts: tuple[str, ...]  # page i+1's text, headers/footers removed
    labels: tuple[str | None, ...]  # printed label of page i+1, None when not printed
    outline: tuple[tuple[int, str, int | None], ...]  # (level, title, page); empty: none used
    n_bookmarks: int  # all bookmarks, used or not
    label_source: str  # "PageLabels", "printed" or "none"
    warnings: tuple[str, ...]
    image_pages: tuple[int, ...] = ()  # pages that are (mostly) an image: not searchable
    from_layout: bool = False  # headings come from the layout (fonts) and the bookmarks
    first_text: str = ""  # raw text of the first pages, for the document's metadata


def _fail(path: Path, reason: str, fix: str) -> IngestError:
    return IngestError(f"{path.name} {reason}: {fix}")


def _unpacks_too_far(pages, limit: int = 50) -> bool:
    """True when a page's content stream hits pypdf's decompression limit: extract_text()
    swallows that error and would make the file look scanned."""
    from pypdf.errors import LimitReachedError

    for page in pages[:limit]:
        try:
            contents = page.get_contents()
            if contents is not None:
                contents.get_data()
        except LimitReachedError:
            return True
        except Exception:  # noqa: BLE001 - other damage is reported by the caller as before
            continue
    return False


def _corrupt(path: Path, exc: Exception) -> IngestError:
    return _fail(
        path,
        f"is corrupt or unreadable ({type(exc).__name__}: {exc})",
        "download or export it again, or repair it, e.g. `qpdf in.pdf out.pdf`",
    )


def _open(path: Path, data: bytes):
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    if not data:
        raise _fail(path, "is empty (0 bytes)", "export or download the PDF again")
    if b"%PDF" not in data[:1024]:
        raise _fail(
            path,
            "is not a PDF (no %PDF header)",
            "check the file; only .pdf, .txt and .md are read",
        )
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        encrypted = reader.is_encrypted
    except Exception as exc:  # noqa: BLE001 - pypdf raises many types on damaged files
        raise _corrupt(path, exc) from exc
    if encrypted:
        try:
            opened = reader.decrypt("")
        except DependencyError as exc:
            raise _fail(
                path,
                "is encrypted and decrypting it needs the 'cryptography' package",
                "pip install cryptography",
            ) from exc
        except Exception as exc:  # noqa: BLE001
            raise _fail(
                path,
                f"is encrypted and could not be decrypted ({exc})",
                "save a copy without a password, e.g. `qpdf --decrypt in.pdf out.pdf`",
            ) from exc
        if not opened:
            raise _fail(
                path,
                "is encrypted with a password (the empty password does not open it)",
                "save a copy without a password, e.g. "
                "`qpdf --decrypt --password=PASSWORD in.pdf out.pdf`, and ingest that",
            )
    return reader


class _PypdfLog(logging.Handler):
    """Collects what pypdf logs while it repairs a damaged file, instead of printing it."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def read_pdf(path: Path) -> PdfContent:
    """Read the pages, labels, outline and title of one PDF; raise IngestError on bad input.

    What pypdf logs while repairing the file is kept as one warning, not printed.
    """
    log = logging.getLogger("pypdf")
    handler, propagate = _PypdfLog(), log.propagate
    log.addHandler(handler)
    log.propagate = False
    try:
        content = _read(Path(path))
    finally:
        log.removeHandler(handler)
        log.propagate = propagate
    if handler.messages:
        first = handler.messages[0]
        note = f"pypdf repaired {len(handler.messages)} problem(s) in the file (first: {first})"
        content = dataclasses.replace(content, warnings=(*content.warnings, note))
    return content


def _read(path: Path) -> PdfContent:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _fail(
            path, f"cannot be read ({exc.strerror})", "check the path and permissions"
        ) from exc
    reader = _open(path, data)
    try:
        pages = list(reader.pages)
    except Exception as exc:  # noqa: BLE001
        raise _corrupt(path, exc) from exc
    if not pages:
        raise _fail(path, "has no pages", "export or download the PDF again")
    warnings: list[str] = []
    raw: list[str] = []
    looks: list[PageLayout] = []
    for i, page in enumerate(pages, start=1):
        seen = PageCollector(page)
        try:
            # Plain mode on purpose: extraction_mode="layout" glued neighbouring amounts into
            # one wrong number in rif_monitor_2023.pdf p.11 ("58.165.410,0066.261.029,00€")
            # and was 3x slower there. The visitors note fonts, positions and images.
            raw.append(page.extract_text(visitor_text=seen.text,
                                         visitor_operand_before=seen.op) or "")
        except Exception as exc:  # noqa: BLE001 - one broken page does not sink the document
            warnings.append(f"page {i}: text could not be extracted ({type(exc).__name__})")
            raw.append("")
        looks.append(seen.page_layout(i))
    pdf_labels, label_source = _page_labels(reader, len(pages))
    texts, labels, printed = clean_pages(raw, pdf_labels)
    if label_source == "none" and any(printed):
        label_source = "printed"
    # Judge the text layer without headers/footers: a scan with a typed stamp or a Woo
    # watermark on every page still has no text to cite.
    chars = [len(_SPACES.sub("", t)) for t in texts]
    if max(chars) < MIN_PAGE_CHARS:
        if _unpacks_too_far(pages):
            raise _fail(path, "unpacks to far more data than the file holds (a decompression "
                        "bomb?)", "it is not read; ask the sender for a normal export")
        raise _fail(
            path, "has no text layer (scanned?)", "run OCR first, e.g. `ocrmypdf in.pdf out.pdf`"
        )
    empty = [i for i, n in enumerate(chars, start=1) if n == 0]
    if empty:
        warnings.append(
            f"{len(empty)} of {len(pages)} pages have no text besides headers/footers "
            f"(image only?): {_ranges(empty)}; OCR them to make them searchable"
        )
    outline = read_outline(reader, warnings)
    meta = reader.metadata or {}
    meta_title = str(meta.get("/Title") or "") if hasattr(meta, "get") else ""
    first = "\n".join(raw[:2])
    # the table finder (slow) only where rows of numbers sit on a drawn grid
    layout = build_layout(looks, path, [i for i, (t, lk) in enumerate(zip(texts, looks, strict=True),
                                                                    start=1)
                                        if has_rows(t) and lk.rules >= MIN_RULES])
    warnings.extend(layout.warnings)
    cover = layout_cover(layout)  # the largest text of page 1, as pdfplumber measures it
    if not cover[0]:
        cover = cover_title(pages[0])
    title = choose_title(path.name, meta_title, outline, first, cover)
    used = outline if useful_outline(outline, title, len(pages)) else []
    if layout.known:  # tables whose cells wrap: one line per row, cells whole
        texts = [place_tables(t, p.tables) if p.tables else t
                 for t, p in zip(texts, layout.pages, strict=True)]
    merged = merged_outline(layout, used, title) if layout.known else used
    from_layout = merged is not used
    if merged:
        texts = lift_top_headings(set_off_bookmarks(texts, merged), layout, merged)
        merged = in_text_order(merged, texts) if from_layout else merged
    image_pages = sorted(
        {p.number for p in layout.pages if p.image_only and not (p.number == 1 and cover[0])}
        | {i for i in empty if layout.known and layout.pages[i - 1].image_share > 0})
    return PdfContent(
        name=path.name,
        title=title,
        sha256=hashlib.sha256(data).hexdigest(),
        texts=tuple(texts),
        labels=tuple(labels),
        outline=tuple(merged),
        n_bookmarks=len(outline),
        label_source=label_source,
        warnings=tuple(warnings),
        image_pages=tuple(image_pages),
        from_layout=from_layout,
        first_text="\n".join(raw[:3]),
    )


def _page_labels(reader, n: int) -> tuple[list[str] | None, str]:
    """The PDF's /PageLabels when present and not just 1, 2, 3, ...; else (None, "none")."""
    try:
        if "/PageLabels" not in reader.trailer["/Root"]:
            return None, "none"
        labels = [str(x) for x in reader.page_labels]
    except Exception:  # noqa: BLE001 - broken labels: fall back to printed numbers
        return None, "none"
    if len(labels) != n or labels == [str(i) for i in range(1, n + 1)]:
        return None, "none"
    return labels, "PageLabels"


def _ranges(pages: list[int]) -> str:
    out, start = [], pages[0]
    for a, b in zip(pages, [*pages[1:], None], strict=True):
        if b != a + 1:
            out.append(str(a) if a == start else f"{start}-{a}")
            start = b
    return ", ".join(out)


def parse_pdf(path: Path) -> ParsedDocument:
    """Parse one PDF into a ParsedDocument whose pages cite physical page and printed label."""
    from ingest.layout import RawPage, assemble

    pdf = read_pdf(path)
    y_from, y_to = find_period(pdf.title, pdf.first_text, pdf.name)
    pages = [
        RawPage(text=text, number=i, label=label, exact=True)
        for i, (text, label) in enumerate(zip(pdf.texts, pdf.labels, strict=True), start=1)
    ]
    return assemble(
        pdf.name,
        pdf.title,
        pdf.sha256,
        pages,
        n_pages=len(pages),
        outline=list(pdf.outline) or None,
        year_from=y_from,
        year_to=y_to,
        doc_type=find_type(pdf.title, pdf.name, pdf.first_text[:2000]),
        warnings=pdf.warnings,
        outline_only=pdf.from_layout,
        body=find_body([pdf.first_text, *pdf.texts]),
        image_pages=pdf.image_pages,
    )
