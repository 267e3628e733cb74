"""A first build in two stages: BM25 over the ingested chunks at once, dense vectors later.

`BuildStatus` is the progress of a background build, written atomically to
<home>/build-status.json so other processes (the page, the CLI) can read it. `LexicalSearcher`
answers from the chunk store with BM25 alone while no index exists yet. Nothing here builds
the index itself (index/build.py does, and commits it atomically as always).
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from index import glossary, hybrid, lexical
from index.lexical import LexicalIndex, top_k
from index.model import Filters, Hit
from ingest.model import Chunk

STATUS_FILE = "build-status.json"
PHASES = ("starting", "ingest", "embed", "done", "failed")
MIN_CHUNKS_FOR_RATE = 16  # no time estimate before the first batch gave a rate


@dataclass(frozen=True, slots=True)
class BuildStatus:
    phase: str  # one of PHASES
    pid: int  # the building process
    started: float  # time.time() when the build began
    done: int = 0  # chunks embedded (or taken from the cache) so far
    total: int = 0  # chunks to embed
    embed_started: float | None = None  # time.time() when embedding began
    updated: float = 0.0
    error: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> BuildStatus:
        return cls(**{k: d[k] for k in cls.__dataclass_fields__ if k in d})

    @property
    def searchable(self) -> bool:
        """The chunk store is complete: BM25 can answer."""
        return self.phase in ("embed", "done")

    def fraction(self) -> float:
        return min(1.0, self.done / self.total) if self.total else 0.0

    def seconds_left(self, now: float | None = None) -> float | None:
        """Remaining embedding time at the rate measured so far; None until there is one."""
        if self.phase != "embed" or self.embed_started is None or self.done < MIN_CHUNKS_FOR_RATE:
            return None
        elapsed = max((now or time.time()) - self.embed_started, 1e-3)
        return max(0.0, (self.total - self.done) * elapsed / self.done)

    def alive(self) -> bool:
        """The building process still runs (a crashed build leaves a stale file)."""
        if self.phase in ("done", "failed"):
            return False
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        try:  # an exited child its parent has not reaped yet still answers kill(pid, 0)
            stat = Path(f"/proc/{self.pid}/stat").read_text()
            return stat.rsplit(")", 1)[1].split()[0] != "Z"
        except (OSError, IndexError):
            return True


def read_status(home: Path) -> BuildStatus | None:
    path = Path(home) / STATUS_FILE
    try:
        return BuildStatus.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (FileNotFoundError, ValueError, TypeError):
        return None


def write_status(home: Path, status: BuildStatus) -> None:
    home = Path(home)
    home.mkdir(parents=True, exist_ok=True)
    tmp = home / f".{STATUS_FILE}.{os.getpid()}"
    tmp.write_text(json.dumps(replace(status, updated=time.time()).to_dict()), encoding="utf-8")
    os.replace(tmp, home / STATUS_FILE)


class ChunksBackend:
    """The lexical half of a backend over chunks in memory (no vectors)."""

    def __init__(self, chunks: list[Chunk]):
        self._chunks = sorted(chunks, key=lambda c: (c.doc, c.chunk_id))
        self._lexical = LexicalIndex.build([c.indexed_text for c in self._chunks])

    def search_lexical(self, query: str, k: int, filters: Filters) -> list[tuple[Chunk, float]]:
        mask = None
        if filters is not None and filters != Filters():
            import numpy as np

            mask = np.fromiter((filters.matches(c) for c in self._chunks), dtype=bool,
                               count=len(self._chunks))
        return [(self._chunks[i], s) for i, s in top_k(self._lexical.scores(query), k, mask)]

    def chunks(self) -> list[Chunk]:
        return list(self._chunks)

    def vocabulary(self) -> frozenset[str]:
        return self._lexical.vocabulary()


class LexicalSearcher:
    """The Searcher protocol with BM25 only: every mode is answered as "bm25".

    For the minutes while the first index is built; it never embeds a question.
    """

    partial = True  # the page and the CLI say that answers improve once the index is built

    def __init__(self, chunks: list[Chunk]):
        self.backend = ChunksBackend(chunks)
        self._vocabulary: frozenset[str] | None = None

    def lexical_query(self, query: str) -> str:
        if self._vocabulary is None:
            self._vocabulary = self.backend.vocabulary()
        parts = lexical.split_compounds(query, self._vocabulary)
        expanded = glossary.expand(query)
        return f"{expanded} {' '.join(parts)}" if parts else expanded

    def search(self, query: str, k: int = 10, filters: Filters | None = None,
               mode: str = "hybrid") -> list[Hit]:
        query = (query or "").strip()
        if not query or k <= 0:
            return []
        rows = self.backend.search_lexical(self.lexical_query(query), k, filters or Filters())
        return [Hit(chunk=c, score=s, rank=i, source="bm25")
                for i, (c, s) in enumerate(hybrid.single(rows, k), start=1)]

    def chunks(self) -> list[Chunk]:
        return self.backend.chunks()

    def embed_query(self, query: str):
        raise NotImplementedError("no dense vectors yet: the index is still being built")


def store_chunks(store_dir: Path) -> list[Chunk]:
    """Every chunk of a chunk store (the ingested documents)."""
    from ingest.store import ChunkStore

    store = ChunkStore(Path(store_dir))
    return [c for rec in store.documents() for c in store.chunks(rec.doc)]
