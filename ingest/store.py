"""The chunk store: one folder of plain files per ingested document under $BRONWIJZER_HOME/store.

Layout: documents.json (the records) and docs/<doc name>/{text.txt, pages.json, chunks.jsonl,
meta.json}. Every write goes to a temporary folder or file that is renamed into place, so a
failed run never leaves a half-written document. With `backup` (a folder of index/lock.py's
journalled change) a replaced or removed document folder is moved there instead of deleted,
so the change can be rolled back. It does not parse or chunk anything; it takes no lock
(writers hold index/lock.py's).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from ingest.model import Chunk, DocumentRecord, IngestError, PageSpan, ParsedDocument

SCHEMA_VERSION = 1


def _write_atomic(path: Path, data: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _safe_name(doc: str) -> str:
    if not doc or "/" in doc or "\\" in doc or doc in (".", "..") or doc.startswith("."):
        raise IngestError(f"invalid document name {doc!r}: use the source file name, e.g. 'nota.pdf'")
    return doc


class ChunkStore:
    """Documents, their normalised text, page spans and chunks, kept as plain files."""

    def __init__(self, root: Path, backup: Path | None = None):
        self.root = Path(root)
        self.backup = Path(backup) if backup is not None else None

    def _set_aside(self, folder: Path, name: str) -> Path | None:
        """Move a document folder out of the way: into the backup (the first version this
        change saw), else next to it for deletion. Returns where it went if deletable."""
        if self.backup is not None and not (self.backup / name).exists():
            self.backup.mkdir(parents=True, exist_ok=True)
            os.replace(folder, self.backup / name)
            return None
        old = folder.parent / f".{name}.old-{os.getpid()}"
        os.replace(folder, old)
        return old

    # -- reading ---------------------------------------------------------------------------
    def _records(self) -> dict[str, dict]:
        path = self.root / "documents.json"
        if not path.exists():
            return {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise IngestError(
                f"chunk store {path} is unreadable ({exc}); restore it from a backup, or "
                "ingest your documents again with 'bronwijzer index --rebuild PATH' "
                "(the old store is kept until that succeeds)"
            ) from exc
        return {d["doc"]: d for d in data.get("documents", [])}

    def documents(self) -> list[DocumentRecord]:
        return [DocumentRecord.from_dict(d) for _, d in sorted(self._records().items())]

    def record(self, doc: str) -> DocumentRecord | None:
        d = self._records().get(doc)
        return DocumentRecord.from_dict(d) if d else None

    def settings(self, doc: str) -> dict | None:
        """The chunking settings a stored document was cut with."""
        d = self._records().get(doc)
        return d.get("chunking") if d else None

    def abbreviations(self, doc: str) -> dict[str, str]:
        """Abbreviation -> long form the document writes out ("OZB" -> "onroerendezaakbelasting").
        A record stored before abbreviations were learned is read from its stored text."""
        d = self._records().get(doc)
        if d is None:
            return {}
        if "abbreviations" in d:
            return dict(d["abbreviations"])
        from ingest.abbreviations import learn

        return learn(self.text(doc))

    def _doc_dir(self, doc: str) -> Path:
        if doc not in self._records():
            known = ", ".join(sorted(self._records())) or "none"
            raise IngestError(f"document {doc!r} is not in the store (stored: {known}); ingest it first")
        return self.root / "docs" / _safe_name(doc)

    def chunks(self, doc: str | None = None) -> list[Chunk]:
        names = [doc] if doc is not None else sorted(self._records())
        out: list[Chunk] = []
        for name in names:
            path = self._doc_dir(name) / "chunks.jsonl"
            with path.open(encoding="utf-8") as f:
                out.extend(Chunk.from_dict(json.loads(line)) for line in f if line.strip())
        return out

    def text(self, doc: str) -> str:
        return (self._doc_dir(doc) / "text.txt").read_text(encoding="utf-8")

    def pages(self, doc: str) -> list[PageSpan]:
        data = json.loads((self._doc_dir(doc) / "pages.json").read_text(encoding="utf-8"))
        return [PageSpan(**p) for p in data]

    # -- writing ---------------------------------------------------------------------------
    def source_path(self, doc: str) -> Path | None:
        """Where the source file was read from at ingest time (None if unknown or gone)."""
        d = self._records().get(doc)
        src = d.get("source") if d else None
        return Path(src) if src and Path(src).exists() else None

    def put(self, parsed: ParsedDocument, chunks: list[Chunk], municipality: str | None = None,
            chunking: dict | None = None, source: Path | None = None,
            abbreviations: dict[str, str] | None = None) -> DocumentRecord:
        """Store a document, replacing any earlier version of the same file name.
        `municipality` None: the one its chunks carry (from the document's body)."""
        name = _safe_name(parsed.name)
        if not municipality:
            municipality = chunks[0].municipality if chunks else ""
        for c in chunks:
            if parsed.text[c.start:c.end] != c.text:
                raise IngestError(f"{name}: chunk {c.chunk_id} does not match the text; not stored")
        n_sections = sum(1 for b in parsed.blocks if b.kind == "heading")
        record = DocumentRecord(
            doc_id=parsed.sha256[:12], doc=name, title=parsed.title, sha256=parsed.sha256,
            n_pages=parsed.n_pages, n_chunks=len(chunks), n_sections=n_sections,
            year_from=parsed.year_from, year_to=parsed.year_to, municipality=municipality,
            warnings=parsed.warnings, body=parsed.body, doc_type=parsed.doc_type,
            image_pages=parsed.image_pages,
        )
        docs = self.root / "docs"
        docs.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=docs))
        try:
            (tmp / "text.txt").write_text(parsed.text, encoding="utf-8")
            pages = [{"start": p.start, "end": p.end, "page": p.page, "label": p.label,
                      "exact": p.exact} for p in parsed.pages]
            (tmp / "pages.json").write_text(json.dumps(pages), encoding="utf-8")
            with (tmp / "chunks.jsonl").open("w", encoding="utf-8") as f:
                for c in chunks:
                    f.write(json.dumps(c.to_dict(), ensure_ascii=False) + "\n")
            (tmp / "meta.json").write_text(json.dumps(record.to_dict(), ensure_ascii=False))
            final = docs / name
            old = None
            backed_up = False
            if final.exists():
                old = self._set_aside(final, name)
                backed_up = old is None
            os.replace(tmp, final)
            try:
                records = self._records()
                records[name] = {**record.to_dict(), "chunking": chunking or {},
                                 "source": str(Path(source).resolve()) if source else None}
                if abbreviations is not None:
                    records[name]["abbreviations"] = dict(sorted(abbreviations.items()))
                self._write_records(records)
            except BaseException:
                # Put the old version back: the records and the folders must agree.
                shutil.rmtree(final, ignore_errors=True)
                if old is not None:
                    os.replace(old, final)
                elif backed_up:
                    os.replace(self.backup / name, final)
                raise
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
        return record

    def remove(self, doc: str) -> None:
        records = self._records()
        if doc not in records:
            raise IngestError(f"document {doc!r} is not in the store; nothing removed")
        del records[doc]
        self._write_records(records)
        folder = self.root / "docs" / _safe_name(doc)
        if folder.exists():
            old = self._set_aside(folder, doc)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)

    def _write_records(self, records: dict[str, dict]) -> None:
        data = {"schema_version": SCHEMA_VERSION,
                "documents": [records[k] for k in sorted(records)]}
        _write_atomic(self.root / "documents.json", json.dumps(data, ensure_ascii=False, indent=1))
