"""The embedded backend: FAISS + bm25s in a folder of plain files under <home>/faiss/.

Each commit writes a complete version folder (manifest.json, chunks.jsonl, vectors.npy,
dense.faiss, bm25/) next to the current one, then atomically repoints CURRENT to it, so a
crash mid-write leaves the previous index loadable. A reader holds a shared lock on the
version it loads; old versions are removed (prune_versions, by the writer that holds the
write lock, after its change is committed) only when no reader holds them. An unreadable
file raises IndexDamaged naming it. No ranking logic lives here.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from index import dense
from index.lexical import LexicalIndex, signature, top_k
from index.model import Filters, IndexDamaged, IndexMismatch, IndexNotFound
from index.versions import (
    FOLDER,
    READERS,
    current_version,
    prune_versions,
    read_manifest,
    reader_lock,
    unreadable_in,
    version_manifest,
    write_atomic,
)
from ingest.model import Chunk

SCHEMA_VERSION = 1
__all__ = ["FOLDER", "FaissBackend", "current_version", "prune_versions", "read_manifest"]


class FaissBackend:
    name = "faiss"

    def __init__(self, home: Path, dim: int, *, embedder: str, rebuild: bool = False,
                 must_exist: bool = False, dense_kind: str = "auto",
                 chunking: dict | None = None):
        self.home = Path(home)
        self.dim = int(dim)
        self.embedder = embedder
        self.dense_kind = dense_kind
        self.chunking = dict(chunking or {})
        self.built_chunking: dict | None = None  # what the committed index was chunked with
        self._chunks: list[Chunk] = []
        self._vectors = np.zeros((0, self.dim), np.float32)
        self._doc_hashes: dict[str, str] = {}
        self._dense = None
        self._lexical: LexicalIndex | None = None
        self._mask_cache: dict[Filters, np.ndarray] = {}
        self._dirty = False
        # True when the committed BM25 index was tokenised differently (another stemmer,
        # stopwords or token pattern): it is rebuilt in memory and sync_index commits it.
        self.lexical_stale = False
        if rebuild:
            self._dirty = True  # start empty, reading nothing (it may be damaged)
            return
        for _ in range(20):  # a writer may prune the version between CURRENT and the lock
            folder = current_version(self.home)
            if folder is None:
                if must_exist:
                    raise IndexNotFound(f"no index in {self.home}: run 'bronwijzer index'")
                return
            fd = reader_lock(folder)
            if fd is None:
                continue
            try:
                manifest = version_manifest(folder)
                self._check(manifest)
                self._load(folder, manifest)
            finally:
                os.close(fd)
            return
        raise IndexNotFound(f"index in {self.home} kept changing while loading: try again")

    # --- loading -------------------------------------------------------------------------
    def _check(self, manifest: dict) -> None:
        if manifest.get("schema_version") != SCHEMA_VERSION:
            raise IndexMismatch(
                f"index in {self.home} has schema version {manifest.get('schema_version')}, "
                f"this program reads {SCHEMA_VERSION}: run 'bronwijzer index --rebuild'"
            )
        if manifest.get("embedder") != self.embedder or manifest.get("dim") != self.dim:
            raise IndexMismatch(
                f"index built with model {manifest.get('embedder')} (dim {manifest.get('dim')}), "
                f"settings say {self.embedder} (dim {self.dim}): run 'bronwijzer index --rebuild'"
            )
        self.built_chunking = manifest.get("chunking", {})
        self.chunking = self.chunking or self.built_chunking

    def _load(self, folder: Path, manifest: dict) -> None:
        path = folder / "chunks.jsonl"
        try:
            with open(path, encoding="utf-8") as fh:
                self._chunks = [Chunk.from_dict(json.loads(line)) for line in fh if line.strip()]
            path = folder / "vectors.npy"
            self._vectors = np.load(path)
            if self._vectors.ndim != 2 or self._vectors.shape[1] != self.dim:
                raise ValueError(f"vectors of shape {self._vectors.shape}, expected (n, {self.dim})")
            path = folder / "dense.faiss"
            self._dense = dense.load_index(path)
            path = folder / "bm25"
            if manifest.get("lexical") == signature():
                self._lexical = LexicalIndex.load(path)
            else:  # cheap next to embedding: no vector changes
                self._lexical = LexicalIndex.build([c.indexed_text for c in self._chunks])
                self.lexical_stale = True
        except Exception as exc:  # noqa: BLE001 - json, numpy, faiss and bm25s raise many types
            if path.is_dir():
                path = unreadable_in(path)
            raise IndexDamaged(path, f"{type(exc).__name__}: {exc}") from exc
        self._doc_hashes = dict(manifest.get("documents", {}))
        self.manifest = manifest
        if len(self._chunks) != self._vectors.shape[0]:
            raise IndexDamaged(folder / "vectors.npy", f"{self._vectors.shape[0]} vectors for "
                               f"{len(self._chunks)} chunks")
        if self._dense.ntotal != len(self._chunks):
            raise IndexDamaged(folder / "dense.faiss", f"{self._dense.ntotal} vectors for "
                               f"{len(self._chunks)} chunks")
        if self._lexical.n_docs != len(self._chunks):
            raise IndexDamaged(folder / "bm25", f"{self._lexical.n_docs} rows for "
                               f"{len(self._chunks)} chunks")

    # --- Backend contract ------------------------------------------------------------------
    def indexed_docs(self) -> dict[str, str]:
        docs = {c.doc_id: c.doc_id for c in self._chunks}
        docs.update({d: h for d, h in self._doc_hashes.items() if d in docs})
        return docs

    def record_documents(self, hashes: dict[str, str]) -> None:
        """Remember doc_id -> sha256 for the manifest (optional; Milvus may ignore it)."""
        self._doc_hashes.update(hashes)

    def add(self, chunks: list[Chunk], vectors: np.ndarray) -> None:
        vectors = np.asarray(vectors, dtype=np.float32)
        if vectors.shape != (len(chunks), self.dim):
            raise ValueError(
                f"got {len(chunks)} chunks and vectors of shape {vectors.shape}; "
                f"expected ({len(chunks)}, {self.dim})"
            )
        self._chunks.extend(chunks)
        self._vectors = np.concatenate([self._vectors, vectors]) if len(chunks) else self._vectors
        self._dirty = True

    def delete_docs(self, doc_ids: list[str]) -> None:
        drop = set(doc_ids)
        keep = [i for i, c in enumerate(self._chunks) if c.doc_id not in drop]
        if len(keep) == len(self._chunks):
            return
        self._chunks = [self._chunks[i] for i in keep]
        self._vectors = self._vectors[keep]
        for d in drop:
            self._doc_hashes.pop(d, None)
        self._dirty = True

    def commit(self) -> None:
        order = sorted(range(len(self._chunks)),
                       key=lambda i: (self._chunks[i].doc, self._chunks[i].chunk_id))
        self._chunks = [self._chunks[i] for i in order]
        self._vectors = np.ascontiguousarray(self._vectors[order], dtype=np.float32)
        self._dense = dense.build_index(self._vectors, kind=self.dense_kind)
        self._lexical = LexicalIndex.build([c.indexed_text for c in self._chunks])
        self._mask_cache.clear()
        self._write_version()
        self._dirty = False
        self.lexical_stale = False

    def search_dense(self, qvec: np.ndarray, k: int, filters: Filters) -> list[tuple[Chunk, float]]:
        self._require_fresh()
        mask = self._mask(filters)
        rows = dense.search(self._dense, qvec, k, mask, self._vectors)
        return [(self._chunks[i], s) for i, s in rows]

    def search_lexical(self, query: str, k: int, filters: Filters) -> list[tuple[Chunk, float]]:
        self._require_fresh()
        rows = top_k(self._lexical.scores(query), k, self._mask(filters))
        return [(self._chunks[i], s) for i, s in rows]

    def chunks(self) -> list[Chunk]:
        return list(self._chunks)

    def vocabulary(self) -> frozenset[str]:
        """The BM25 tokens of the index (the searcher splits unknown query compounds)."""
        self._require_fresh()
        return self._lexical.vocabulary()

    # --- helpers -------------------------------------------------------------------------
    def _require_fresh(self) -> None:
        if self._dirty or self._dense is None:
            raise RuntimeError("search on an uncommitted FAISS backend: call commit() first")

    def _mask(self, filters: Filters | None) -> np.ndarray | None:
        if filters is None or filters == Filters():
            return None
        if filters not in self._mask_cache:
            self._mask_cache[filters] = np.fromiter(
                (filters.matches(c) for c in self._chunks), dtype=bool, count=len(self._chunks))
        return self._mask_cache[filters]

    def _write_version(self) -> None:
        root = self.home / FOLDER
        root.mkdir(parents=True, exist_ok=True)
        stamp = f"v-{time.time_ns()}"
        tmp = root / f".tmp-{stamp}"
        tmp.mkdir()
        try:
            with open(tmp / "chunks.jsonl", "w", encoding="utf-8") as fh:
                for c in self._chunks:
                    fh.write(json.dumps(c.to_dict(), ensure_ascii=False) + "\n")
            np.save(tmp / "vectors.npy", self._vectors)
            dense.save_index(self._dense, tmp / "dense.faiss")
            self._lexical.save(tmp / "bm25")
            doc_ids = {c.doc_id for c in self._chunks}
            docs = {d: self._doc_hashes.get(d, d) for d in sorted(doc_ids)}
            self.manifest = {
                "schema_version": SCHEMA_VERSION,
                "backend": self.name,
                "embedder": self.embedder,
                "dim": self.dim,
                "dense_index": dense.index_kind(self._dense),
                "n_chunks": len(self._chunks),
                "n_documents": len(docs),
                "chunking": self.chunking,
                "lexical": signature(),
                "documents": docs,
                "created": datetime.now(UTC).isoformat(timespec="seconds"),
            }
            (tmp / READERS).touch()
            (tmp / "manifest.json").write_text(
                json.dumps(self.manifest, indent=2, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, root / stamp)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        # The previous versions stay until the writer's change is committed and no reader
        # holds them (prune_versions); a rolled-back change repoints CURRENT to its start.
        write_atomic(root / "CURRENT", stamp + "\n")
