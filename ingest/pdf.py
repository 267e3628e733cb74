"""Read a PDF into a ParsedDocument: text per page, physical page, printed label, outline, title.

Everything PDF-specific happens here (pypdf, /PageLabels, printed page numbers, running
headers and footers, bookmarks, title); line normalisation, headings and tables are left to
ingest/layout.py. No OCR: a PDF without a text layer is refused with a message saying how.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import logging
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ingest.model import IngestError, ParsedDocument

# "Pagina 6 van 144", "pagina 6/7", "Page 3 of 9", "Blad 2", "p. 4" as a whole line; or
# "Pagina n van N" opening or ending a running footer ("Programmabegroting 2026   Pagina 50
# van 144"). "zie pagina 5" ending a sentence has no total and is not a page number.
_PAGE_LINE = re.compile(
    r"^\s*(?:pagina|page|blad|p\.)\s*(\d{1,4})(?:\s*(?:van|of|/)\s*(\d{1,4}))?\s*$", re.I
)
_PAGE_OF_TAIL = re.compile(r"\s(?:pagina|page)\s+(\d{1,4})\s*(?:van|of|/)\s*(\d{1,4})\s*$", re.I)
_PAGE_OF_LEAD = re.compile(r"^\s*(?:pagina|page)\s*(\d{1,4})\s*(?:van|of|/)\s*(\d{1,4})\s", re.I)
# "3/12" or "3 van 12" alone is weak evidence, like a lone "3": it needs agreeing pages.
_N_OF_M = re.compile(r"^\s*(\d{1,4})\s*(?:van|of|/)\s*(\d{1,4})\s*$", re.I)
_LONE = re.compile(r"^\s*[-–—]?\s*(\d{1,4})\s*[-–—]?\s*$")
_DIGITS = re.compile(r"\d+")
_TICK = re.compile(r"^\s*[-–]?(\d{1,3}(?:\.\d{3})*(?:,\d+)?)\s*%?\s*$")
_SPACES = re.compile(r"\s+")
# "Onderwerp: Het vaststellen van ..." on a raadsvoorstel or letter, up to a blank or "Field:" line.
_ONDERWERP = re.compile(
    r"^\s*Onderwerp:?[ \t]*\n?\s*(\S.{10,240}?)\s*(?:\n\s*\n|\n\s*[A-Z]\w+:)", re.M | re.S
)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
# Symbol/Wingdings bullets that Word writes into the private-use area, typographic
# ligatures (a search for "financiële" must find "ﬁnanciële"), NUL bytes some PDFs carry.
_CHARS = str.maketrans(
    {"\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "➢", "\uf076": "❖", "\uf0fc": "✓", "\x00": None}
    | {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
)
_SOFT_HYPHEN_EOL = re.compile("\xad(?=[ \t]*\n)")

ZONE = 3  # non-blank lines at the top and at the bottom of a page that may be furniture
MAX_FOOTER_CHARS = 100
RUN = 3  # consecutive pages whose lone numbers share one offset: a numbering of its own
COVER_MIN_PT = 16  # a cover title is set large
SUBTITLE_MIN_PT = 13  # a cover subtitle is set larger than body text (10-12 pt)
MIN_PAGE_CHARS = 20  # fewer non-space characters than this on every page: no text layer
GENERIC_TITLES = {"inhoud", "inhoudsopgave", "samenvatting", "inleiding", "voorwoord", "colofon"}
# (word in the file name or title, doc_type), first match wins; same names as ingest/text.py.
DOC_TYPES = tuple(
    (w.split(":")[0], w.split(":")[-1])
    for w in "programmabegroting:begroting begroting jaarrekening kaderbrief bestuursakkoord "
    "coalitieakkoord:bestuursakkoord omgevingsvisie verordening raadsvoorstel raadsbrief "
    "monitor:rapportage rapportage fiche nota visie agenda".split()
)


@dataclass(frozen=True, slots=True)
class PageNumber:
    """A printed page number found on one page: which line, which number, how sure."""

    line: int  # index into the page's lines
    number: int
    explicit: bool  # "Pagina 6 van 144" (True) or a lone "6" (False)


def page_numbers(lines: list[str]) -> list[PageNumber]:
    """Candidate printed page numbers of one page: an explicit "Pagina n van N" line, else
    lone numbers (or "n/N") among the first and last two lines, best first."""
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    for i in nonblank:  # an explicit "Pagina n van N" line counts wherever pypdf put it
        line = lines[i]
        if len(line.strip()) > MAX_FOOTER_CHARS:
            continue
        m = _PAGE_LINE.match(line) or _PAGE_OF_TAIL.search(line) or _PAGE_OF_LEAD.match(line)
        if m and _fits(m):
            return [PageNumber(i, int(m.group(1)), True)]
    found = []
    for i in dict.fromkeys(nonblank[:2] + nonblank[-2:]):
        m = _LONE.match(lines[i]) or _N_OF_M.match(lines[i])
        if m and _fits(m):
            found.append(PageNumber(i, int(m.group(1)), False))
    return found


def page_number(lines: list[str]) -> PageNumber | None:
    """The most likely printed page number of one page, if any."""
    found = page_numbers(lines)
    return found[0] if found else None


def _fits(m: re.Match) -> bool:
    """Page 1 or later, and not beyond the total when one is printed."""
    total = m.group(2) if m.re.groups > 1 else None
    return int(m.group(1)) > 0 and (total is None or int(m.group(1)) <= int(total))


def printed_numbers(pages: list[list[str]]) -> list[PageNumber | None]:
    """Keep only the page numbers that agree with the others: printed = physical - offset.

    A lone number is trusted when its offset holds for most numbered pages (two at least)
    or for a run of RUN consecutive pages (an annex that starts again at 1); a table cell at
    the foot of a page is not a page number. Explicit "Pagina n" lines need two pages that
    agree, or offset 0.
    """
    found = [page_numbers(lines) for lines in pages]
    offsets: Counter = Counter()
    runs: dict[tuple[bool, int], int] = {}  # longest run of consecutive pages per offset
    current: dict[tuple[bool, int], int] = {}
    for i, cands in enumerate(found):
        keys = {(p.explicit, i + 1 - p.number) for p in cands}
        offsets.update(keys)
        current = {k: current.get(k, 0) + 1 for k in keys}
        for k, n in current.items():
            runs[k] = max(runs.get(k, 0), n)
    n_lone = sum(1 for cands in found if cands and not cands[0].explicit)
    trusted = set()
    for (explicit, offset), n in offsets.items():
        if explicit and (n >= 2 or offset == 0):
            trusted.add((explicit, offset))
        elif not explicit and n >= max(2, min(3, len(pages))) and n * 2 > n_lone:
            trusted.add((explicit, offset))
        elif not explicit and runs[(explicit, offset)] >= RUN:
            trusted.add((explicit, offset))
    return [
        next((p for p in cands if (p.explicit, i + 1 - p.number) in trusted), None)
        for i, cands in enumerate(found)
    ]


def _key(line: str) -> str:
    return _SPACES.sub(" ", _DIGITS.sub("#", line.strip().lower()))


def furniture(pages: list[list[str]], printed: list[int | None] | None = None) -> list[set[int]]:
    """Per page, the lines that are running headers or footers.

    A line counts when the same text (case and spacing aside) sits in the top or bottom zone
    of at least half of the pages that have text (two pages at least). A line whose digits
    change from page to page ("Nota Parkeren | 12") counts only where its digits hold that
    page's own number, physical or printed: "Artikel 3" atop a page is not furniture.
    Lines of digits only are left to printed_numbers().
    """
    printed = printed or [None] * len(pages)
    zones, seen = [], Counter()
    for n, lines in enumerate(pages):
        nonblank = [i for i, line in enumerate(lines) if line.strip()]
        zone = set(nonblank[:ZONE] + nonblank[-ZONE:])
        zones.append(zone)
        own = {str(n + 1), str(printed[n])}
        keys = {("=", _SPACES.sub(" ", lines[i].strip().lower())) for i in zone}
        keys |= {("#", _key(lines[i])) for i in zone if own & set(_DIGITS.findall(lines[i]))}
        seen.update(keys)
    need = max(2, math.ceil(sum(1 for z in zones if z) / 2))
    common = {k for k, n in seen.items() if n >= need and k[1].strip("#- ")}
    out = []
    for n, (lines, zone) in enumerate(zip(pages, zones, strict=True)):
        own = {str(n + 1), str(printed[n])}
        out.append(
            {
                i
                for i in zone
                if ("=", _SPACES.sub(" ", lines[i].strip().lower())) in common
                or (("#", _key(lines[i])) in common and own & set(_DIGITS.findall(lines[i])))
            }
        )
    return out


def _chars(text: str) -> str:
    """Fix characters, not lines: bullets, ligatures; a soft hyphen ending a line becomes "-"
    (the normaliser joins the word), elsewhere it is invisible and dropped."""
    return _SOFT_HYPHEN_EOL.sub("-", text.translate(_CHARS)).replace("\xad", "")


def axis_ticks(lines: list[str]) -> set[int]:
    """Lines that are a chart's axis: 4+ consecutive lines each holding one number, evenly
    spaced (0 / 0,2 / 0,4 / ... or 0% / 20% / ...). Data labels are not evenly spaced: kept."""
    out: set[int] = set()
    block: list[tuple[int, float]] = []  # consecutive lines holding one number each
    for i, line in enumerate([*lines, ""]):
        m = _TICK.match(line)
        if m:
            block.append((i, float(m.group(1).replace(".", "").replace(",", "."))))
            continue
        start = 0
        while start + 3 < len(block):
            step = block[start + 1][1] - block[start][1]
            end = start + 1
            while end + 1 < len(block) and abs(block[end + 1][1] - block[end][1] - step) < 1e-9:
                end += 1
            if step and end - start >= 3:
                out.update(j for j, _ in block[start : end + 1])
                start = end + 1
            else:
                start += 1
        block = []
    return out


def clean_pages(
    texts: list[str], labels: list[str] | None = None
) -> tuple[list[str], list[str | None], list[bool]]:
    """Strip headers/footers (and chart axis ticks) from page texts; say each page's printed
    label and whether it is known.

    `labels` are the PDF's own /PageLabels when they are not trivial; they win over numbers
    printed on the page. Returns (texts, labels, from_print) with one entry per page.
    """
    pages = [_chars(t).split("\n") for t in texts]
    numbers = printed_numbers(pages)
    drop = furniture(pages, [n.number if n else None for n in numbers])
    out_texts, out_labels = [], []
    for i, lines in enumerate(pages):
        gone = set(drop[i]) | axis_ticks(lines)
        if numbers[i] is not None:
            gone.add(numbers[i].line)
        out_texts.append("\n".join(line for j, line in enumerate(lines) if j not in gone))
        if labels is not None:
            out_labels.append(labels[i])
        else:
            out_labels.append(str(numbers[i].number) if numbers[i] else None)
    return out_texts, out_labels, [n is not None for n in numbers]


def _outline(reader, warnings: list[str]) -> list[tuple[int, str, int | None]]:
    """The bookmarks as (level, title, physical page 1-based or None), in document order."""
    out: list[tuple[int, str, int | None]] = []

    def walk(items, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
                continue
            title = _SPACES.sub(" ", str(getattr(item, "title", "") or "")).strip()
            if not title:
                continue
            try:
                page = reader.get_destination_page_number(item)
            except Exception:  # noqa: BLE001 - a broken destination is one bookmark, not the file
                page = None
            page = page + 1 if isinstance(page, int) and page >= 0 else None
            out.append((level, title, page))

    try:
        walk(reader.outline, 1)
    except Exception as exc:  # noqa: BLE001 - an unreadable outline falls back to headings
        warnings.append(f"outline unreadable ({exc}); using numbered headings instead")
        return []
    lost = [t for _, t, p in out if p is None]
    if lost:
        warnings.append(f"{len(lost)} bookmark(s) point to no page, e.g. {lost[0]!r}")
    return out


def set_off_bookmarks(texts: list[str], outline: list[tuple[int, str, int | None]]) -> list[str]:
    """Put each bookmarked heading on a line of its own between blank lines, on its page.

    Word PDFs often have no blank line between a heading and its paragraph, so the
    normaliser would join them; a heading wrapped over 2-3 lines is joined into one line.
    Only whitespace changes: no text is added or lost.
    """
    pages = [t.split("\n") for t in texts]
    for _level, title, page in outline:
        if page is None or not 1 <= page <= len(pages):
            continue
        want, lines = _norm(title), pages[page - 1]
        for i, line in enumerate(lines):
            got = _norm(line)
            if not got or not want.startswith(got):
                continue
            j = i
            while got != want and j + 1 < len(lines) and j - i < 2:
                j += 1
                got = _norm(f"{got} {lines[j]}")
            if got == want:
                joined = " ".join(x.strip() for x in lines[i : j + 1])
                pages[page - 1] = [*lines[:i], "", joined, "", *lines[j + 1 :]]
                break
    return ["\n".join(lines) for lines in pages]


def useful_outline(outline: list, title: str, n_pages: int) -> bool:
    """An outline is a section source when it holds more than the title: 3+ entries besides it."""
    rest = [t for _, t, _ in outline if _norm(t) != _norm(title)]
    return len(rest) >= 3 and len(rest) >= n_pages // 20


def _norm(s: str) -> str:
    return _SPACES.sub(" ", s.strip(" \t\n\"'“”„‘’").lower())


def _cover(page) -> tuple[str, str]:
    """The text set in the largest font on a page (a cover's title) and the line after it
    when that is set in the next size and larger than body text (a subtitle); both empty
    when nothing stands out."""
    runs: list[tuple[float, str]] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            runs.append((round((size or 0) * abs(tm[3] * cm[3] or 1), 1), text.strip()))

    try:
        text = page.extract_text(visitor_text=visit)
    except Exception:  # noqa: BLE001 - no title from fonts is fine
        return "", ""
    sizes = sorted({s for s, _ in runs}, reverse=True)
    if len(sizes) < 2 or sizes[0] < COVER_MIN_PT or sizes[0] < 1.3 * sizes[1]:
        return "", ""  # nothing stands out as a cover title
    top = [t for s, t in runs if s == sizes[0]]
    second = [t for s, t in runs if s == sizes[1]]
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    picked = [i for i, line in enumerate(lines) if any(line.startswith(t) for t in top)]
    if not picked:
        return "", ""
    title = " ".join(lines[picked[0] : picked[-1] + 1])
    after = lines[picked[-1] + 1] if picked[-1] + 1 < len(lines) else ""
    big = sizes[1] >= SUBTITLE_MIN_PT
    sub = after if big and len(after) <= 60 and any(after.startswith(t) for t in second) else ""
    return _SPACES.sub(" ", title), _SPACES.sub(" ", sub)


def choose_title(
    name: str, meta_title: str, outline: list, first_text: str, cover: tuple[str, str]
) -> str:
    """Metadata title only if the page text shows it; else bookmark, 'Onderwerp:', cover, name."""
    seen = _norm(first_text)
    if len(meta_title.strip()) >= 8 and _norm(meta_title) in seen:
        return meta_title.strip()
    if outline and outline[0][2] in (1, None) and _norm(outline[0][1]) not in GENERIC_TITLES:
        return outline[0][1].strip(" \"'“”„")
    m = _ONDERWERP.search(first_text)
    if m:
        return _SPACES.sub(" ", m.group(1)).strip().rstrip(".")
    title, sub = cover
    if len(title) >= 12:
        return f"{title} – {sub}" if sub else title
    return Path(name).stem.replace("_", " ").replace("-", " ").strip().capitalize()


def years(*texts: str) -> tuple[int | None, int | None]:
    """First and last year named in the first text that names one (title, then file name)."""
    for text in texts:
        found = [int(y) for y in _YEAR.findall(text)]
        if found:
            return min(found), max(found)
    return None, None


def doc_type(*texts: str) -> str | None:
    """The kind of document named first in texts (file name before title), e.g. "verordening"."""
    for text in texts:
        low = text.lower()
        kind = next((kind for word, kind in DOC_TYPES if word in low), None)
        if kind:
            return kind
    return None


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


def _fail(path: Path, reason: str, fix: str) -> IngestError:
    return IngestError(f"{path.name} {reason}: {fix}")


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
        raise _fail(
            path,
            f"is corrupt or unreadable ({type(exc).__name__}: {exc})",
            "download or export it again, or repair it, e.g. `qpdf in.pdf out.pdf`",
        ) from exc
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
        raise _fail(
            path,
            f"is corrupt or unreadable ({type(exc).__name__}: {exc})",
            "download or export it again, or repair it, e.g. `qpdf in.pdf out.pdf`",
        ) from exc
    if not pages:
        raise _fail(path, "has no pages", "export or download the PDF again")
    warnings: list[str] = []
    raw: list[str] = []
    for i, page in enumerate(pages, start=1):
        try:
            # Plain mode on purpose: extraction_mode="layout" glued neighbouring amounts into
            # one wrong number in rif_monitor_2023.pdf p.11 ("58.165.410,0066.261.029,00€")
            # and was 3x slower there.
            raw.append(page.extract_text() or "")
        except Exception as exc:  # noqa: BLE001 - one broken page does not sink the document
            warnings.append(f"page {i}: text could not be extracted ({type(exc).__name__})")
            raw.append("")
    pdf_labels, label_source = _page_labels(reader, len(pages))
    texts, labels, printed = clean_pages(raw, pdf_labels)
    if label_source == "none" and any(printed):
        label_source = "printed"
    # Judge the text layer without headers/footers: a scan with a typed stamp or a Woo
    # watermark on every page still has no text to cite.
    chars = [len(_SPACES.sub("", t)) for t in texts]
    if max(chars) < MIN_PAGE_CHARS:
        raise _fail(
            path, "has no text layer (scanned?)", "run OCR first, e.g. `ocrmypdf in.pdf out.pdf`"
        )
    empty = [i for i, n in enumerate(chars, start=1) if n == 0]
    if empty:
        warnings.append(
            f"{len(empty)} of {len(pages)} pages have no text besides headers/footers "
            f"(image only?): {_ranges(empty)}; OCR them to make them searchable"
        )
    outline = _outline(reader, warnings)
    meta = reader.metadata or {}
    meta_title = str(meta.get("/Title") or "") if hasattr(meta, "get") else ""
    first = "\n".join(raw[:2])
    title = choose_title(path.name, meta_title, outline, first, _cover(pages[0]))
    used = outline if useful_outline(outline, title, len(pages)) else []
    if used:
        texts = set_off_bookmarks(texts, used)
    return PdfContent(
        name=path.name,
        title=title,
        sha256=hashlib.sha256(data).hexdigest(),
        texts=tuple(texts),
        labels=tuple(labels),
        outline=tuple(used),
        n_bookmarks=len(outline),
        label_source=label_source,
        warnings=tuple(warnings),
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
    y_from, y_to = years(pdf.title, pdf.name)
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
        doc_type=doc_type(pdf.name, pdf.title),
        warnings=pdf.warnings,
    )
