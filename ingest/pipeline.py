"""Ingest files or folders into the chunk store: discover, parse, chunk, store, report.

A bad file is skipped with a reason that names it; the others are still ingested. Unchanged
documents (same content hash, same chunking settings) are left alone. No printing here
except the optional progress bar on stderr; the CLI formats the report.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ingest.abbreviations import learn as learn_abbreviations
from ingest.chunking import ChunkSettings, chunk_document
from ingest.model import IngestError, ParsedDocument
from ingest.store import ChunkStore

SUPPORTED = (".pdf", ".txt", ".md")
# Bump when parsing or chunking changes what a document becomes: stored documents made by an
# older version are then re-ingested instead of being reported as unchanged.
INGEST_VERSION = 10


@dataclass(frozen=True, slots=True)
class DocumentReport:
    doc: str
    status: str  # "new", "replaced", "unchanged" or "skipped"
    pages: int | None = None
    sections: int = 0
    chunks: int = 0
    exact_pages: int = 0  # chunks whose page is exact
    estimated_pages: int = 0
    unknown_pages: int = 0
    warnings: tuple[str, ...] = ()
    reason: str = ""  # why it was skipped
    pages_estimated: bool = False  # `pages` is the last estimated page, not a known count
    image_pages: tuple[int, ...] = ()  # pages that are (mostly) an image: not searchable, OCR
    title: str = ""  # what the document says about itself (or the overrides)
    body: str = ""
    year_from: int | None = None
    year_to: int | None = None
    doc_type: str | None = None

    def to_dict(self) -> dict:
        return {
            "doc": self.doc, "status": self.status, "pages": self.pages,
            "sections": self.sections, "chunks": self.chunks, "exact_pages": self.exact_pages,
            "estimated_pages": self.estimated_pages, "unknown_pages": self.unknown_pages,
            "warnings": list(self.warnings), "reason": self.reason,
            "pages_estimated": self.pages_estimated,
            "image_pages": list(self.image_pages), "title": self.title, "body": self.body,
            "year_from": self.year_from, "year_to": self.year_to, "doc_type": self.doc_type,
        }


@dataclass(frozen=True, slots=True)
class IngestReport:
    documents: tuple[DocumentReport, ...]
    warnings: tuple[str, ...] = field(default=())  # about paths, not documents

    @property
    def ingested(self) -> list[DocumentReport]:
        return [d for d in self.documents if d.status != "skipped"]

    @property
    def skipped(self) -> list[DocumentReport]:
        return [d for d in self.documents if d.status == "skipped"]

    def to_dict(self) -> dict:
        return {"documents": [d.to_dict() for d in self.documents],
                "warnings": list(self.warnings)}

    def summary(self) -> str:
        n = len(self.ingested)
        line = f"{n} document{'s' if n != 1 else ''} ingested"
        same = sum(1 for d in self.documents if d.status == "unchanged")
        if same:
            line += f" ({same} unchanged)"
        if self.skipped:
            reasons = "; ".join(f"{d.doc} {d.reason}" for d in self.skipped)
            line += f", {len(self.skipped)} skipped: {reasons}"
        images = [d for d in self.ingested if d.image_pages]
        if images:  # pages that are a picture (a pasted table, a scan): nothing there is cited
            pages = "; ".join(f"{d.doc} p. {', '.join(map(str, d.image_pages))}" for d in images)
            line += f"; image-only pages, not searchable (OCR needed): {pages}"
        return line


_FOLDER_NOTES = ("readme.md", "sources.md", "license.md")  # describe a folder, not documents


def discover(paths: list[Path], warnings: list[str] | None = None) -> list[Path]:
    """Supported files under the given files/folders, sorted by name, without duplicates.
    Missing paths and unsupported files are appended to `warnings` (never raised)."""
    warnings = warnings if warnings is not None else []
    found: set[Path] = set()

    def take(f: Path) -> None:
        if f.suffix.lower() in SUPPORTED:
            found.add(f)
        else:
            warnings.append(f"{f.name}: unsupported type '{f.suffix or '(none)'}' "
                            f"(supported: {', '.join(SUPPORTED)}); skipped")

    for p in map(Path, paths):
        if not p.exists():
            warnings.append(f"{p}: no such file or folder; check the path")
        elif p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and not f.name.startswith(".") and f.name.lower() not in _FOLDER_NOTES:
                    take(f)
        else:
            take(p)
    return sorted(found, key=lambda f: (f.name, str(f)))


def parse(path: Path) -> ParsedDocument:
    """Dispatch on the file type; IngestError when the file cannot be parsed."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        try:
            from ingest.pdf import parse_pdf
        except ImportError as exc:
            raise IngestError(f"{path.name}: PDF support is not available ({exc})") from exc
        return parse_pdf(path)
    if suffix in (".txt", ".md"):
        from ingest.text import parse_text

        return parse_text(path)
    raise IngestError(f"{path.name}: unsupported type '{suffix}'")


def ingest_paths(
    paths: list[Path],
    store: ChunkStore,
    *,
    progress: bool = True,
    municipality: str | None = None,
    title: str | None = None,
    year: str | int | None = None,
    target_words: int = 180,
    max_words: int = 300,
    overlap_words: int = 40,
) -> IngestReport:
    """Parse, chunk and store every supported file under `paths`.

    The body, title and period come from each document; `municipality`, `title` and `year`
    ("2026" or "2026-2029") override them for every document."""
    chunking = ChunkSettings(target_words, max_words, overlap_words).to_dict()
    overrides = Overrides.of(municipality, title, year)
    settings = {**chunking, "ingest_version": INGEST_VERSION}
    if overrides.any:
        settings["overrides"] = overrides.to_dict()
    warnings: list[str] = []
    files = discover(paths, warnings)
    reports: list[DocumentReport] = []
    seen: set[str] = set()
    bar = None
    if progress and len(files) > 1:
        from tqdm import tqdm

        bar = tqdm(total=len(files), desc="ingest", unit="doc", file=sys.stderr, leave=False)
    try:
        for f in files:
            if bar is not None:
                bar.set_postfix_str(f.name)
            reports.append(_ingest_one(f, store, seen, overrides, settings, chunking))
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    return IngestReport(tuple(reports), tuple(warnings))


@dataclass(frozen=True, slots=True)
class Overrides:
    """What the command line says about every document, over what the document says."""

    municipality: str | None = None
    title: str | None = None
    year_from: int | None = None
    year_to: int | None = None

    @classmethod
    def of(cls, municipality=None, title=None, year=None) -> Overrides:
        y_from = y_to = None
        if year is not None and str(year).strip():
            m = re.fullmatch(r"\s*(\d{4})\s*(?:[-–]\s*(\d{4}))?\s*", str(year))
            if not m:
                raise IngestError(f"--year {year!r}: give a year (2026) or a period (2026-2029)")
            y_from, y_to = int(m.group(1)), int(m.group(2) or m.group(1))
        return cls(municipality or None, title or None, y_from, y_to)

    @property
    def any(self) -> bool:
        return any(v is not None for v in (self.municipality, self.title, self.year_from))

    def to_dict(self) -> dict:
        return {"municipality": self.municipality, "title": self.title,
                "year_from": self.year_from, "year_to": self.year_to}

    def apply(self, parsed: ParsedDocument) -> ParsedDocument:
        changes = {}
        if self.title:
            changes["title"] = self.title
        if self.year_from is not None:
            changes["year_from"], changes["year_to"] = self.year_from, self.year_to
        return dataclasses.replace(parsed, **changes) if changes else parsed


def _ingest_one(f: Path, store: ChunkStore, seen: set[str], overrides: Overrides,
                settings: dict, chunking: dict) -> DocumentReport:
    if f.name in seen:
        return DocumentReport(f.name, "skipped", reason=f"duplicate file name ({f}); rename it")
    seen.add(f.name)
    old = store.record(f.name)
    try:
        sha = hashlib.sha256(f.read_bytes()).hexdigest()
    except OSError as exc:
        return DocumentReport(f.name, "skipped", reason=f"cannot be read ({exc.strerror})")
    if old is not None and old.sha256 == sha and store.settings(f.name) == settings:
        chunks = store.chunks(f.name)
        return _report(f.name, "unchanged", old.n_pages, old.n_sections, chunks, old.warnings,
                       old.image_pages, old)
    try:
        parsed = overrides.apply(parse(f))
        chunks = chunk_document(parsed, municipality=overrides.municipality, **chunking)
        if not chunks:
            raise IngestError(f"{f.name}: no text to index")
        record = store.put(parsed, chunks, overrides.municipality, chunking=settings, source=f,
                           abbreviations=learn_abbreviations(parsed.text))
    except IngestError as exc:
        reason = str(exc)
        if reason.startswith(f.name):  # the report names the file already
            reason = reason[len(f.name):].lstrip(": ")
        return DocumentReport(f.name, "skipped", reason=reason)
    status = "replaced" if old is not None else "new"
    return _report(f.name, status, record.n_pages, record.n_sections, chunks, parsed.warnings,
                   parsed.image_pages, record)


def _report(name, status, pages, sections, chunks, warnings, image_pages=(),
            record=None) -> DocumentReport:
    exact = sum(1 for c in chunks if c.page.exact and c.page.start is not None)
    unknown = sum(1 for c in chunks if c.page.start is None)
    estimated = pages is None and any(c.page.end is not None for c in chunks)
    if estimated:
        pages = max(c.page.end for c in chunks if c.page.end is not None)
    return DocumentReport(name, status, pages, sections, len(chunks), exact,
                          len(chunks) - exact - unknown, unknown, tuple(warnings),
                          pages_estimated=estimated, image_pages=tuple(image_pages),
                          title=getattr(record, "title", ""), body=getattr(record, "body", ""),
                          year_from=getattr(record, "year_from", None),
                          year_to=getattr(record, "year_to", None),
                          doc_type=getattr(record, "doc_type", None))
