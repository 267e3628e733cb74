"""The data shapes that flow out of ingest: pages, blocks, parsed documents, chunks.

Frozen dataclasses with to_dict/from_dict; the JSON field names are part of the
command-line contract (see the issues) and must stay stable. No parsing happens here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# No default body: a document's municipality comes from its own text (ingest/metadata.py)
# or from --municipality; None asks for that.
DEFAULT_MUNICIPALITY = None


@dataclass(frozen=True, slots=True)
class PageRef:
    """Where a span sits in the source: physical pages (1-based), printed label, certainty."""

    start: int | None  # first physical page, None when unknown
    end: int | None  # last physical page, None when unknown
    label: str | None  # printed page number of the first page ("1", "xii"), None when unknown
    exact: bool  # False when start/end are an estimate

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "label": self.label, "exact": self.exact}

    @classmethod
    def from_dict(cls, d: dict) -> PageRef:
        return cls(start=d["start"], end=d["end"], label=d["label"], exact=d["exact"])


@dataclass(frozen=True, slots=True)
class PageSpan:
    """One physical page of a parsed document, as a range of the normalised text."""

    start: int  # offset into ParsedDocument.text
    end: int
    page: int | None  # physical page, 1-based; None when unknown
    label: str | None  # printed page label, when known
    exact: bool  # False when the page number is an estimate


# Block kinds a parser emits. The chunker treats headings as section boundaries and
# keeps table rows together with their caption and header lines.
BLOCK_KINDS = (
    "heading",
    "paragraph",
    "list_item",
    "table_caption",
    "table_header",
    "table_row",
)


@dataclass(frozen=True, slots=True)
class Block:
    """A structural unit of the normalised text: text[start:end] is its content."""

    kind: str  # one of BLOCK_KINDS
    start: int
    end: int
    level: int = 0  # headings only: 1 = top-level chapter, 2 = section, ...
    table: int | None = None  # table blocks only: which table (per-document counter)
    # headings only: where the heading came from ("outline" for bookmarks and layout,
    # "numbered", "caps", "markdown", or "plain" for a short title line guessed from text)
    source: str = ""


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    """What a parser (ingest/text.py, ingest/pdf.py) hands to the chunker."""

    name: str  # source file name, e.g. "programmabegroting-2026.txt"
    title: str  # human title, e.g. "Programmabegroting 2026"
    sha256: str  # of the source bytes
    text: str  # normalised text; every offset refers to this
    blocks: tuple[Block, ...]
    pages: tuple[PageSpan, ...]  # may be empty when nothing supports a page
    n_pages: int | None  # physical page count when known
    year_from: int | None = None
    year_to: int | None = None
    doc_type: str | None = None  # "begroting", "bestuursakkoord", ... when known
    warnings: tuple[str, ...] = ()
    body: str = ""  # the public body that issued it ("Gemeente Almere"), when it says so
    image_pages: tuple[int, ...] = ()  # physical pages that are (mostly) an image: never cited


@dataclass(frozen=True, slots=True)
class Chunk:
    """A retrievable, citable passage: text == document_text[start:end]."""

    chunk_id: str  # stable across runs: f"{doc_id}:{ordinal:04d}"
    doc_id: str  # first 12 hex digits of the source's sha256
    doc: str  # source file name
    title: str  # human title of the document
    section: tuple[str, ...]  # heading path, outermost first, as written in the document
    page: PageRef
    text: str
    start: int
    end: int
    year_from: int | None = None
    year_to: int | None = None
    municipality: str = ""  # filter key of the body ("almere", "provincie-overijssel")
    # Caption and column-header lines of a table this chunk holds rows of, when those
    # lines are not inside the chunk itself. Embedded and indexed with the chunk.
    context: str = ""
    body: str = ""  # the body as written ("Gemeente Almere"), "" when the document names none
    doc_type: str | None = None  # "begroting", "raadsvoorstel", ... when known

    def to_dict(self) -> dict:
        return {
            "chunk_id": self.chunk_id,
            "doc_id": self.doc_id,
            "doc": self.doc,
            "title": self.title,
            "section": list(self.section),
            "page_start": self.page.start,
            "page_end": self.page.end,
            "page_label": self.page.label,
            "page_exact": self.page.exact,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "year_from": self.year_from,
            "year_to": self.year_to,
            "municipality": self.municipality,
            "context": self.context,
            "body": self.body,
            "doc_type": self.doc_type,
        }

    @classmethod
    def from_dict(cls, d: dict) -> Chunk:
        return cls(
            chunk_id=d["chunk_id"],
            doc_id=d["doc_id"],
            doc=d["doc"],
            title=d["title"],
            section=tuple(d["section"]),
            page=PageRef(d["page_start"], d["page_end"], d["page_label"], d["page_exact"]),
            text=d["text"],
            start=d["start"],
            end=d["end"],
            year_from=d.get("year_from"),
            year_to=d.get("year_to"),
            municipality=d.get("municipality") or "",
            context=d.get("context", ""),
            body=d.get("body", ""),
            doc_type=d.get("doc_type"),
        )

    def source_fields(self) -> dict:
        """The fields that say where a passage is, as search hits and citations carry them."""
        return {
            "chunk_id": self.chunk_id,
            "doc": self.doc,
            "title": self.title,
            "section": list(self.section),
            "page_start": self.page.start,
            "page_end": self.page.end,
            "page_label": self.page.label,
            "page_exact": self.page.exact,
        }

    @classmethod
    def from_source_fields(cls, d: dict, text: str) -> Chunk:
        """A chunk rebuilt from a hit's or citation's fields; offsets are relative to `text`."""
        return cls(
            chunk_id=d["chunk_id"],
            doc_id=d["chunk_id"].split(":", 1)[0],
            doc=d["doc"],
            title=d["title"],
            section=tuple(d["section"]),
            page=PageRef(d["page_start"], d["page_end"], d["page_label"], d["page_exact"]),
            text=text,
            start=0,
            end=len(text),
        )

    @property
    def indexed_text(self) -> str:
        """What the embedder and BM25 see: title, section path, table context, text."""
        head = " > ".join((self.title, *self.section))
        parts = [head, self.context, self.text] if self.context else [head, self.text]
        return "\n".join(p for p in parts if p)


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """A stored document: what the chunk store keeps about one ingested source."""

    doc_id: str
    doc: str
    title: str
    sha256: str
    n_pages: int | None
    n_chunks: int
    n_sections: int
    year_from: int | None = None
    year_to: int | None = None
    municipality: str = ""
    warnings: tuple[str, ...] = field(default=())
    body: str = ""
    doc_type: str | None = None
    image_pages: tuple[int, ...] = ()  # pages that are (mostly) an image: not searchable

    def to_dict(self) -> dict:
        return {
            "doc_id": self.doc_id,
            "doc": self.doc,
            "title": self.title,
            "sha256": self.sha256,
            "n_pages": self.n_pages,
            "n_chunks": self.n_chunks,
            "n_sections": self.n_sections,
            "year_from": self.year_from,
            "year_to": self.year_to,
            "municipality": self.municipality,
            "warnings": list(self.warnings),
            "body": self.body,
            "doc_type": self.doc_type,
            "image_pages": list(self.image_pages),
        }

    @classmethod
    def from_dict(cls, d: dict) -> DocumentRecord:
        return cls(
            doc_id=d["doc_id"],
            doc=d["doc"],
            title=d["title"],
            sha256=d["sha256"],
            n_pages=d["n_pages"],
            n_chunks=d["n_chunks"],
            n_sections=d["n_sections"],
            year_from=d.get("year_from"),
            year_to=d.get("year_to"),
            municipality=d.get("municipality") or "",
            warnings=tuple(d.get("warnings", ())),
            body=d.get("body", ""),
            doc_type=d.get("doc_type"),
            image_pages=tuple(d.get("image_pages", ())),
        )


class IngestError(Exception):
    """A source could not be ingested; the message names the file and what to do."""
