"""The chunk store: round trip, replace, remove, and a failed write leaves the old store intact."""

from __future__ import annotations

import json
import os

import pytest

from ingest.chunking import chunk_document
from ingest.layout import RawPage, assemble
from ingest.model import Chunk, DocumentRecord, IngestError
from ingest.store import ChunkStore


def _parsed(text: str, name: str = "nota-2025.txt", sha: str = "cd" * 32):
    return assemble(name, "Nota 2025", sha, [RawPage(text, 3, "1", True)], n_pages=5,
                    year_from=2025, year_to=2025)


BODY = "1. Wonen\n\n" + " ".join(f"Zin nummer {k} over wonen in Assen." for k in range(60))


def test_round_trip(tmp_path):
    store = ChunkStore(tmp_path / "store")
    parsed = _parsed(BODY)
    chunks = chunk_document(parsed)
    record = store.put(parsed, chunks, "assen", chunking={"target_words": 180})
    assert store.documents() == [record]
    assert record.n_chunks == len(chunks) and record.doc_id == "cd" * 6 and record.n_pages == 5
    assert store.chunks() == chunks and store.chunks("nota-2025.txt") == chunks
    assert store.text("nota-2025.txt") == parsed.text
    assert tuple(store.pages("nota-2025.txt")) == parsed.pages
    assert store.settings("nota-2025.txt") == {"target_words": 180}
    assert store.source_path("nota-2025.txt") is None  # put without a source file
    # every line of chunks.jsonl is Chunk.to_dict()
    lines = (tmp_path / "store" / "docs" / "nota-2025.txt" / "chunks.jsonl").read_text().splitlines()
    assert [Chunk.from_dict(json.loads(x)) for x in lines] == chunks
    assert DocumentRecord.from_dict(record.to_dict()) == record


def test_put_replaces_the_same_document_and_remove_deletes_it(tmp_path):
    store = ChunkStore(tmp_path)
    store.put(_parsed(BODY), chunk_document(_parsed(BODY)), "assen")
    other = _parsed(BODY, name="andere-nota.txt", sha="ef" * 32)
    store.put(other, chunk_document(other), "assen")
    changed = _parsed(BODY.replace("wonen", "werken"), sha="12" * 32)
    store.put(changed, chunk_document(changed), "assen")
    assert [d.doc for d in store.documents()] == ["andere-nota.txt", "nota-2025.txt"]
    assert all("werken" in c.text for c in store.chunks("nota-2025.txt"))
    assert store.record("nota-2025.txt").sha256 == "12" * 32
    store.remove("andere-nota.txt")
    assert [d.doc for d in store.documents()] == ["nota-2025.txt"]
    assert not (tmp_path / "docs" / "andere-nota.txt").exists()
    with pytest.raises(IngestError, match="not in the store"):
        store.chunks("andere-nota.txt")


def test_failed_put_leaves_the_old_version_intact(tmp_path, monkeypatch):
    store = ChunkStore(tmp_path)
    old = _parsed(BODY)
    old_chunks = chunk_document(old)
    store.put(old, old_chunks, "assen")
    new = _parsed(BODY.replace("wonen", "werken"), sha="12" * 32)

    real_replace = os.replace

    def failing_replace(src, dst):
        if str(dst).endswith("documents.json"):
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError):
        store.put(new, chunk_document(new), "assen")
    monkeypatch.setattr(os, "replace", real_replace)
    assert store.chunks("nota-2025.txt") == old_chunks
    assert store.record("nota-2025.txt").sha256 == "cd" * 32
    assert store.text("nota-2025.txt") == old.text
    leftovers = [p.name for p in (tmp_path / "docs").iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_failure_while_writing_chunks_leaves_the_store_untouched(tmp_path, monkeypatch):
    store = ChunkStore(tmp_path)
    old = _parsed(BODY)
    store.put(old, chunk_document(old), "assen")
    before = (tmp_path / "documents.json").read_text()
    new = _parsed(BODY.replace("wonen", "werken"), sha="12" * 32)
    chunks = chunk_document(new)

    def boom(self):
        raise RuntimeError("disk went away")

    monkeypatch.setattr(Chunk, "to_dict", boom)
    with pytest.raises(RuntimeError):
        store.put(new, chunks, "assen")
    monkeypatch.undo()
    assert (tmp_path / "documents.json").read_text() == before
    assert "wonen" in store.text("nota-2025.txt")


def test_chunks_that_do_not_match_the_text_are_refused(tmp_path):
    parsed = _parsed(BODY)
    chunks = chunk_document(parsed)
    bad = Chunk.from_dict({**chunks[0].to_dict(), "text": "iets anders"})
    with pytest.raises(IngestError, match="does not match"):
        ChunkStore(tmp_path).put(parsed, [bad], "assen")
    assert ChunkStore(tmp_path).documents() == []


def test_empty_store_and_bad_names(tmp_path):
    store = ChunkStore(tmp_path / "nothing-here")
    assert store.documents() == [] and store.chunks() == []
    with pytest.raises(IngestError, match="invalid document name"):
        store.put(_parsed(BODY, name="../escape.txt"), [], "assen")
