"""Parse plain-text exports (.txt, .md) of municipal PDFs into a ParsedDocument.

Splits the export into pages from the evidence it carries (form feeds, printed footers such
as "Pagina 50 van 144", lines that start with one space) and hands them to ingest/layout.py.
It never invents a page: without evidence the page number is None.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ingest.layout import RawPage, assemble
from ingest.model import IngestError, ParsedDocument

_FOOTER = re.compile(r"^\s*(?P<title>\S.*?)?\s*Pagina\s+(?P<n>\d{1,4})\s+van\s+(?P<total>\d{1,4})\s*$")
_PAGE_START = re.compile(r"^ (?! )\S")  # exactly one leading space
_YEARS = re.compile(r"(?<!\d)((?:19|20)\d\d)(?:-((?:19|20)\d\d))?(?!\d)")
_DOC_TYPES = (
    "programmabegroting", "begroting", "bestuursakkoord", "kaderbrief", "omgevingsvisie",
    "raadsvoorstel", "jaarrekening", "nota", "visie", "agenda",
)


def title_from_name(path: Path) -> tuple[str, int | None, int | None, str | None]:
    """'bestuursakkoord-2022-2026.txt' -> ('Bestuursakkoord 2022-2026', 2022, 2026, type)."""
    stem = path.stem
    m = _YEARS.search(stem)
    year_from = year_to = None
    if m:
        year_from = int(m.group(1))
        year_to = int(m.group(2)) if m.group(2) else year_from
    words = re.sub(r"[_\s]+", " ", stem)
    # Keep year ranges "2022-2026" together, split the other hyphens into words.
    parts = re.split(r"(?<!\d)-|-(?!\d)", words)
    title = " ".join(p for p in parts if p).strip()
    title = title[:1].upper() + title[1:]
    low = stem.lower()
    doc_type = next((t for t in _DOC_TYPES if low.startswith(t)), None)
    doc_type = "begroting" if doc_type == "programmabegroting" else doc_type
    return title, year_from, year_to, doc_type


def read_text(path: Path) -> tuple[str, str]:
    """The decoded text and the sha256 of the bytes; IngestError when unreadable or empty."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"{path.name}: cannot read the file ({exc.strerror}); check the path") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(
            f"{path.name}: not UTF-8 text (byte {exc.start}: {data[exc.start:exc.start + 1]!r}); "
            "re-save the file as UTF-8 and ingest it again"
        ) from exc
    if not text.strip():
        raise IngestError(f"{path.name}: the file is empty; export the document's text again")
    return text.replace("\r\n", "\n").replace("\r", "\n"), hashlib.sha256(data).hexdigest()


def _footer(line: str) -> tuple[int, int] | None:
    m = _FOOTER.match(line)
    if not m:
        return None
    n, total = int(m.group("n")), int(m.group("total"))
    return (n, total) if 1 <= n <= total else None


def split_pages(text: str) -> tuple[list[RawPage], int | None, list[str]]:
    """The export's pages (footers removed), the page count when printed, and warnings."""
    if "\f" in text:
        parts = text.split("\f")
        if parts and not parts[-1].strip():
            parts = parts[:-1]
        pages = []
        for i, part in enumerate(parts, start=1):
            kept, label = [], None
            for line in part.split("\n"):
                f = _footer(line)
                if f:
                    label = str(f[0])
                else:
                    kept.append(line)
            pages.append(RawPage("\n".join(kept), i, label or str(i), True))
        return pages, len(pages), []

    lines = text.split("\n")
    footers = [(i, *f) for i, line in enumerate(lines) if (f := _footer(line))]
    # Footers must increase; a stray one that goes back is ignored (and reported).
    warnings: list[str] = []
    clean: list[tuple[int, int, int]] = []
    for fi in footers:
        if clean and fi[1] <= clean[-1][1]:
            warnings.append(f"ignored page footer on line {fi[0] + 1}: page {fi[1]} is out of order")
            continue
        clean.append(fi)
    starts = [i for i, line in enumerate(lines) if _PAGE_START.match(line) and not _footer(line)]
    # Each boundary: (line index where a page begins, page number, exact, label, drop line)
    bounds: list[tuple[int, int | None, bool, str | None]] = []
    n_pages = clean[0][2] if clean else None
    if not clean:
        # No printed numbers: one-space lines as an estimate from page 1 (never exact).
        if not starts:
            return [RawPage(text, None, None, False)], None, []
        first = 1
        if starts[0] != 0:
            bounds.append((0, 1, False, None))
            first = 2
        for k, i in enumerate(starts):
            bounds.append((i, first + k, False, None))
    else:
        i0, p0, _ = clean[0]
        before = [i for i in starts if i < i0]
        # Pages before the first footer: count one-space lines backwards (estimate).
        lead = p0 - len(before)
        if before and before[0] != 0:
            bounds.append((0, max(lead - 1, 1), False, None))
        elif not before and i0 != 0:
            bounds.append((0, max(p0 - 1, 1), False, None))
        for k, i in enumerate(before):
            bounds.append((i, max(lead + k, 1), False, None))
        ends = [*clean[1:], (len(lines), None, None)]
        for (ia, pa, total), (ib, pb, _t) in zip(clean, ends, strict=True):
            bounds.append((ia, pa, True, str(pa)))
            inner = [i for i in starts if ia < i < ib]
            if pb is None:
                pb = (total or pa) + 1  # the end of the file closes the last printed page
            if len(inner) == pb - pa - 1:
                bounds.extend((i, pa + 1 + k, True, str(pa + 1 + k)) for k, i in enumerate(inner))
            elif pb - pa > 1:
                bounds.extend(_interpolate(lines, ia, ib, pa, pb, inner))
    footer_lines = {i for i, _, _ in clean}
    pages: list[RawPage] = []
    for k, (i, page, exact, label) in enumerate(bounds):
        j = bounds[k + 1][0] if k + 1 < len(bounds) else len(lines)
        body = [ln for n, ln in enumerate(lines[i:j], start=i) if n not in footer_lines]
        pages.append(RawPage("\n".join(body), page, label, exact))
    return _merge_same(pages), n_pages, warnings


def _interpolate(lines, ia, ib, pa, pb, inner):
    """Pages pa+1..pb-1 lie between footer lines ia and ib but the one-space lines do not
    agree: place each boundary at the one-space line (else any line) nearest to where an even
    share of the characters would put it. Estimates, never exact."""
    offs = [0]
    for line in lines[ia:ib]:
        offs.append(offs[-1] + len(line) + 1)
    span = offs[-1]
    out = []
    last = ia
    for k in range(1, pb - pa):
        goal = span * k / (pb - pa)
        window = span / (pb - pa) * 0.35
        cands = [i for i in inner if i > last and abs(offs[i - ia] - goal) <= window]
        if cands:
            best = min(cands, key=lambda i: abs(offs[i - ia] - goal))
        else:
            best = min(range(last + 1, ib), key=lambda i: abs(offs[i - ia] - goal), default=None)
        if best is None or best >= ib:
            break
        out.append((best, pa + k, False, None))
        last = best
    return out


def _merge_same(pages: list[RawPage]) -> list[RawPage]:
    """Consecutive parts that ended up on the same page number become one page."""
    out: list[RawPage] = []
    for p in pages:
        if out and p.number is not None and out[-1].number == p.number:
            prev = out[-1]
            out[-1] = RawPage(prev.text + "\n" + p.text, p.number, prev.label or p.label,
                              prev.exact and p.exact)
        else:
            out.append(p)
    return out


def parse_text(path: Path) -> ParsedDocument:
    """Read a .txt/.md export and return its normalised text, blocks and page spans."""
    path = Path(path)
    text, sha = read_text(path)
    pages, n_pages, warnings = split_pages(text)
    title, year_from, year_to, doc_type = title_from_name(path)
    if all(p.number is None for p in pages):
        warnings.append("no page evidence (no form feeds, footers or page-start lines): pages unknown")
    from ingest.metadata import find_body

    return assemble(
        path.name, title, sha, pages, n_pages=n_pages, year_from=year_from, year_to=year_to,
        doc_type=doc_type, warnings=warnings, body=find_body([p.text for p in pages]),
    )
