"""Write small PDFs with known text per page for the PDF parser tests (fpdf2 + pypdf).

Each page is a list of lines written top to bottom in one font, optional header and footer
lines, bookmarks, /PageLabels and encryption. It does not try to look like a real document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class FakePage:
    lines: tuple[str, ...] = ()
    header: str | None = None  # written at the top, before the body
    footer: str | None = None  # written at the bottom, after the body
    image_only: bool = False  # a grey box instead of lines (header/footer still written)
    big: tuple[str, ...] = ()  # lines in a large font above the body (a cover title)


@dataclass(frozen=True, slots=True)
class FakePdf:
    pages: tuple[FakePage, ...]
    # (level, title, physical page 1-based); level 1 is top, each deeper level nests under
    # the last bookmark of the level above.
    outline: tuple[tuple[int, str, int], ...] = ()
    # (first physical page 1-based, style "/D" "/r" "/R" ..., start number)
    page_labels: tuple[tuple[int, str, int], ...] = ()
    meta_title: str | None = None
    user_password: str | None = None  # encrypt (AES-128) when not None; "" opens without one
    extra: dict = field(default_factory=dict)


def write_pdf(spec: FakePdf, path: Path) -> Path:
    """Write spec to path and return path."""
    import io

    from fpdf import FPDF
    from pypdf import PdfReader, PdfWriter

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    for page in spec.pages:
        pdf.add_page()
        if page.image_only:
            pdf.set_fill_color(180, 180, 180)
            pdf.rect(20, 20, 170, 250, style="F")
        if page.header:
            pdf.set_font("Helvetica", size=8)
            pdf.set_xy(20, 10)
            pdf.cell(0, 5, page.header)
        y = 25.0
        for line in () if page.image_only else page.big:
            pdf.set_font("Helvetica", style="B", size=28)
            pdf.set_xy(20, y)
            pdf.cell(0, 12, line)
            y += 14
        pdf.set_font("Helvetica", size=11)
        for line in () if page.image_only else page.lines:
            pdf.set_xy(20, y)
            pdf.cell(0, 6, line)
            y += 6
        if page.footer:
            pdf.set_font("Helvetica", size=8)
            pdf.set_xy(20, 285)
            pdf.cell(0, 5, page.footer, align="C")
    raw = bytes(pdf.output())

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(raw)))
    parents: dict[int, object] = {}
    for level, title, page in spec.outline:
        parent = parents.get(level - 1) if level > 1 else None
        parents[level] = writer.add_outline_item(title=title, page_number=page - 1, parent=parent)
    for n, (first, style, start) in enumerate(spec.page_labels):
        last = (
            spec.page_labels[n + 1][0] - 2 if n + 1 < len(spec.page_labels) else len(spec.pages) - 1
        )
        writer.set_page_label(first - 1, last, style=style, start=start)
    if spec.meta_title is not None:
        writer.add_metadata({"/Title": spec.meta_title})
    if spec.user_password is not None:
        writer.encrypt(spec.user_password, owner_password="eigenaar", algorithm="AES-128")
    with open(path, "wb") as f:
        writer.write(f)
    return path


def nota(n_cover: int = 2, n_body: int = 3) -> FakePdf:
    """A little policy note: cover pages without number, then body pages printing 1, 2, 3, ...

    Physical page n_cover + k prints "k" at the foot and carries a running header.
    """
    pages = [
        FakePage(big=("Nota Parkeren", "Assen 2024-2028"), lines=("Gemeente Assen", "Maart 2024")),
        FakePage(lines=("Inhoud", "1. Inleiding 1", "2. Parkeren in de binnenstad 2")),
    ][:n_cover]
    bodies = [
        (
            "1. Inleiding",
            "De raad vroeg om een nieuwe nota over parkeren.",
            "Deze nota vervangt de Parkeernota 2016.",
        ),
        (
            "2. Parkeren in de binnenstad",
            "In de binnenstad betaalt u van 9 tot 18 uur.",
            "Bewoners kunnen een vergunning aanvragen.",
        ),
        (
            "2.1 Tarieven",
            "Het uurtarief wordt 2,40 euro per uur vanaf 1 januari 2025.",
            "Tarieven  2024  2025",
            "Uurtarief  2,10  2,40",
        ),
        ("3. Fietsparkeren", "Bij het station komen 500 extra plekken voor fietsen."),
        ("4. Uitvoering", "Het college evalueert de nota in 2027."),
    ]
    for k in range(n_body):
        pages.append(
            FakePage(lines=bodies[k % len(bodies)], header="Nota Parkeren Assen", footer=str(k + 1))
        )
    return FakePdf(pages=tuple(pages))
