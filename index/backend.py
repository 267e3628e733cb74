"""The storage/search backend contract: FAISS + bm25s (embedded) or Milvus (server or Lite).

A backend stores chunks with their vectors and answers dense, lexical and hybrid
candidate queries under Filters. Query analysis, fusion boosts and embedding live
above it (index/searcher.py), so both backends rank with the same product logic.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from index.model import Filters
from ingest.model import Chunk


class Backend(Protocol):
    name: str  # "faiss" or "milvus"

    def indexed_docs(self) -> dict[str, str]:
        """doc_id -> sha256 of every document currently indexed (for incremental runs)."""
        ...

    def add(self, chunks: list[Chunk], vectors: np.ndarray) -> None:
        """Add chunks with their normalised float32 vectors (len(chunks) x dim)."""
        ...

    def delete_docs(self, doc_ids: list[str]) -> None:
        """Remove every chunk of these documents."""
        ...

    def search_dense(self, qvec: np.ndarray, k: int, filters: Filters) -> list[tuple[Chunk, float]]:
        """Top-k by inner product on normalised vectors, best first."""
        ...

    def search_lexical(self, query: str, k: int, filters: Filters) -> list[tuple[Chunk, float]]:
        """Top-k by BM25 over Dutch-analysed text (stemmed, stopwords out, numbers kept)."""
        ...

    def commit(self) -> None:
        """Make everything added/deleted durable (atomically, for on-disk backends)."""
        ...

    def chunks(self) -> list[Chunk]:
        """All chunks, in (doc, ordinal) order."""
        ...
