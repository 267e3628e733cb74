"""The shapes the index layer hands upward: search filters and hits.

app/ and eval/ only see these and the Searcher protocol, so they cannot tell which
backend (FAISS + bm25s, or Milvus) serves them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from ingest.model import Chunk

MODES = ("hybrid", "dense", "bm25")


@dataclass(frozen=True, slots=True)
class Filters:
    """Restrict a search. A year matches a document whose period covers it."""

    docs: tuple[str, ...] = ()  # source file names (or their stems); empty = all
    year: int | None = None
    municipality: str | None = None  # None = all municipalities

    def matches(self, chunk: Chunk) -> bool:
        if self.docs and not any(
            chunk.doc == d or chunk.doc.rsplit(".", 1)[0] == d for d in self.docs
        ):
            return False
        if self.municipality is not None and chunk.municipality != self.municipality:
            return False
        if self.year is not None:
            lo, hi = chunk.year_from, chunk.year_to if chunk.year_to is not None else chunk.year_from
            if lo is None or not (lo <= self.year <= (hi if hi is not None else lo)):
                return False
        return True


@dataclass(frozen=True, slots=True)
class Hit:
    chunk: Chunk
    score: float
    rank: int  # 1-based
    source: str  # "hybrid", "dense" or "bm25"

    def to_dict(self) -> dict:
        return {
            "rank": self.rank,
            "score": round(float(self.score), 6),
            **self.chunk.source_fields(),
            "text": self.chunk.text,
        }


class Searcher(Protocol):
    """What app/ and eval/ call. Implementations load models and index once."""

    def search(
        self, query: str, k: int = 10, filters: Filters | None = None, mode: str = "hybrid"
    ) -> list[Hit]: ...

    def chunks(self) -> list[Chunk]: ...

    def embed_query(self, query: str):  # -> np.ndarray (dim,), normalised
        ...


class IndexNotFound(Exception):
    """No index under BRONWIJZER_HOME; the message says how to build one."""


class IndexMismatch(Exception):
    """The index on disk was built with other settings; the message says the fix."""


class IndexDamaged(IndexMismatch):
    """An index file cannot be read (truncated, invalid, missing). `path` names the file;
    the app turns this into one Dutch line with the fix ('bronwijzer index --rebuild')."""

    def __init__(self, path, reason: str):
        from pathlib import Path

        self.path = Path(path)
        self.reason = reason
        super().__init__(f"index file {self.path} is damaged ({reason}): "
                         "run 'bronwijzer index --rebuild'")
