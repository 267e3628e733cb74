"""The Milvus backend: chunks, vectors and engine-side BM25 in Milvus collections.

Works against a Milvus server/cluster (`http://host:19530` + token) or a Milvus Lite
data folder (`$BRONWIJZER_HOME/milvus.db`). Query understanding and product boosts stay
in index/searcher.py; this module only stores, filters and ranks candidates.
"""

from __future__ import annotations

import json
import logging
import os
import re
import time
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from index.model import Filters, IndexMismatch, IndexNotFound
from ingest.model import Chunk, PageRef

SCHEMA_VERSION = "1"
DEFAULT_COLLECTION = "bronwijzer_chunks"
BM25_K1, BM25_B = 1.2, 0.75  # as index/lexical.py builds bm25s
LEXICAL_MODES = ("client", "engine")
# Output fields that rebuild a Chunk; the vector, the analysed text and its sparse
# BM25 vector stay in the engine.
CHUNK_FIELDS = [
    "chunk_id", "doc_id", "doc", "title", "section", "page_start", "page_end", "page_label",
    "page_exact", "text", "start", "end", "year_from", "year_to", "municipality", "context",
]
_VARCHAR_MAX = 65535  # bytes, Milvus' VARCHAR ceiling

_WORDISH = re.compile(r"\W", re.UNICODE)


def dutch_analyzer_params() -> dict:
    """Engine-side analyzer: standard tokenizer, lowercase, Dutch stopwords and stemmer.

    Honoured by a Milvus server (2.5+). Milvus Lite 3.x accepts it but only applies the
    tokenizer and the stop filter: its stemmer is silently ignored (see README).
    """
    return {
        "tokenizer": "standard",
        "filter": [
            "lowercase",
            {"type": "stop", "stop_words": sorted(_stopwords())},
            {"type": "stemmer", "language": "dutch"},
        ],
    }


def _stopwords() -> frozenset[str]:
    """The one Dutch stopword list (data/lang/vocabulary.tsv), as index/lexical.py uses."""
    from index.vocabulary import stopwords

    return stopwords()


def _tokens_signature() -> str:
    from index.lexical import signature

    return signature()


def dutch_tokens(text: str) -> list[str]:
    """index.lexical.tokenize() (the bm25s tokens), each rewritten to word characters only.

    "60.693" -> "60_693", "4,2%" -> "4_2pct": any engine tokenizer keeps it one term.
    """
    from index.lexical import tokenize

    return [_WORDISH.sub("_", t.replace("%", "pct")) for t in tokenize(text)]


def _quote(value: str) -> str:
    """A Milvus string literal (double quotes, backslash escapes)."""
    return json.dumps(str(value), ensure_ascii=False)


def filter_expr(filters: Filters | None) -> str:
    """Translate Filters into a Milvus boolean expression ("" = no restriction).

    Same semantics as Filters.matches: a year matches when year_from <= year <= year_to
    (year_to missing = a single-year document); docs match on file name or its stem.
    """
    if filters is None:
        return ""
    parts = []
    if filters.docs:
        names = "[" + ", ".join(_quote(d) for d in filters.docs) + "]"
        parts.append(f"(doc in {names} or doc_stem in {names})")
    if filters.municipality is not None:
        parts.append(f"municipality == {_quote(filters.municipality)}")
    if filters.year is not None:
        y = int(filters.year)
        parts.append(
            f"(year_from <= {y} and (year_to >= {y} or (year_to is null and year_from >= {y})))"
        )
    return " and ".join(parts)


def _clip(text: str, max_bytes: int) -> str:
    raw = text.encode("utf-8")
    if len(raw) <= max_bytes:
        return text
    return raw[:max_bytes].decode("utf-8", errors="ignore")


def _chunk_row(chunk: Chunk, vector: np.ndarray, lex: str) -> dict:
    return {
        "chunk_id": chunk.chunk_id,
        "doc_id": chunk.doc_id,
        "doc": _clip(chunk.doc, 1024),
        "doc_stem": _clip(chunk.doc.rsplit(".", 1)[0], 1024),
        "title": _clip(chunk.title, 2048),
        "section": list(chunk.section),
        "page_start": chunk.page.start,
        "page_end": chunk.page.end,
        "page_label": chunk.page.label,
        "page_exact": bool(chunk.page.exact),
        "text": chunk.text,
        "start": int(chunk.start),
        "end": int(chunk.end),
        "year_from": chunk.year_from,
        "year_to": chunk.year_to,
        "municipality": chunk.municipality,
        "context": _clip(chunk.context, _VARCHAR_MAX),
        "lex": _clip(lex, _VARCHAR_MAX),
        "vector": vector.tolist(),
    }


def _row_chunk(row: dict) -> Chunk:
    row = row.get("entity", row)
    return Chunk(
        chunk_id=row["chunk_id"],
        doc_id=row["doc_id"],
        doc=row["doc"],
        title=row["title"],
        section=tuple(row.get("section") or ()),
        page=PageRef(row.get("page_start"), row.get("page_end"), row.get("page_label"),
                     bool(row.get("page_exact"))),
        text=row["text"],
        start=int(row["start"]),
        end=int(row["end"]),
        year_from=row.get("year_from"),
        year_to=row.get("year_to"),
        municipality=row["municipality"],
        context=row.get("context") or "",
    )


def lite_path(home: Path) -> Path:
    """Where the Milvus Lite data folder lives by default."""
    return Path(home) / "milvus.db"


class MilvusBackend:
    """Backend protocol on Milvus, plus engine-side hybrid search (RRF or weighted).

    Reads and writes go to versioned collections behind two aliases (<collection> and
    <collection>_docs): a rebuild fills a fresh pair and commit() swaps the aliases, so
    searchers never see a half-built index. lexical="client" feeds the engine's BM25
    function dutch_tokens() output (the bm25s tokens); "engine" feeds it raw text through
    dutch_analyzer_params().
    """

    name = "milvus"

    def __init__(self, home: Path | str, dim: int, *, embedder: str = "",
                 rebuild: bool = False, must_exist: bool = False, uri: str | None = None,
                 token: str | None = None, collection: str = DEFAULT_COLLECTION,
                 lexical: str = "client", index_type: str | None = None,
                 candidates: int = 100, chunking: dict | None = None) -> None:
        if lexical not in LEXICAL_MODES:
            raise ValueError(f"lexical mode {lexical!r} unknown: use one of {LEXICAL_MODES}")
        if dim <= 0:
            raise ValueError(f"vector dimension must be positive, got {dim}")
        self.uri = str(uri) if uri else str(lite_path(Path(home)))
        self.dim = int(dim)
        self.alias = collection
        self.embedder = embedder
        self.lexical = lexical
        self.is_lite = not self.uri.startswith(("http://", "https://", "tcp://", "grpc://"))
        self.index_type = index_type or ("FLAT" if self.is_lite else "HNSW")
        self.candidates = int(candidates)
        self.chunking = dict(chunking or {})
        self.built_chunking: dict | None = None
        if must_exist and self.is_lite and not Path(self.uri).exists():
            raise IndexNotFound(f"no Milvus Lite index in {self.uri}: run 'bronwijzer index' "
                                "with BRONWIJZER_BACKEND=milvus")
        self._client = self._connect(token)
        self._pending: dict[str, dict] = {}  # doc_id -> document row written by add()
        current = self._current()
        self._swap = current is None or rebuild
        if current is None and must_exist:
            raise IndexNotFound(
                f"no Milvus index {self.alias!r} at {self.uri}: run 'bronwijzer index' "
                "with BRONWIJZER_BACKEND=milvus"
            )
        if current is not None and not rebuild:
            self.collection = current
            self._check_properties()
            # A fresh process (or a restarted server) sees the collections released.
            for name in (current, f"{current}_docs"):
                self._client.load_collection(name)
        else:
            self._drop_orphans(keep=current)
            self.collection = f"{self.alias}__v{time.time_ns()}"
            self._create()
        self.docs_collection = f"{self.collection}_docs"

    # -- setup ---------------------------------------------------------------------

    def _connect(self, token: str | None):
        if self.is_lite:
            # The in-process Lite server and pymilvus' keepalive pings disagree; gRPC core
            # then logs GOAWAY lines on stderr although every call succeeds.
            os.environ.setdefault("GRPC_VERBOSITY", "NONE")
        from pymilvus import MilvusClient

        if self.is_lite:
            import importlib.util

            if importlib.util.find_spec("milvus_lite") is None:
                raise IndexNotFound(
                    f"the Milvus Lite server is not installed, so {self.uri} cannot be opened: "
                    "run 'pip install milvus-lite' (or install bronwijzer[milvus]), or point "
                    "BRONWIJZER_MILVUS_URI at a Milvus server"
                )
            Path(self.uri).parent.mkdir(parents=True, exist_ok=True)
            # Lite has no MVCC timestamps; pymilvus warns about it on every iterator.
            logging.getLogger("pymilvus.client.iterator.query_iterator").setLevel(logging.ERROR)
            # A failed open is raised below as one line; no server-side traceback on stderr.
            logging.getLogger("milvus_lite.server_manager").setLevel(logging.CRITICAL)
        try:
            return MilvusClient(uri=self.uri, token=token or "")
        except Exception as exc:  # noqa: BLE001 - pymilvus raises several types
            if self.is_lite:
                raise IndexNotFound(
                    f"cannot open the Milvus Lite folder {self.uri} ({exc}): Milvus Lite allows "
                    "one process at a time, so close the chat or the other bronwijzer command "
                    "using it, or point BRONWIJZER_MILVUS_URI at a Milvus server"
                ) from exc
            raise IndexNotFound(
                f"cannot connect to Milvus at {self.uri} ({type(exc).__name__}: {exc}): start "
                "the server (see README 'Bronwijzer op Milvus') or unset BRONWIJZER_MILVUS_URI "
                "to use the local Milvus Lite file"
            ) from exc

    def _versions(self) -> list[str]:
        prefix = f"{self.alias}__v"
        return sorted(n for n in self._client.list_collections()
                      if n.startswith(prefix) and not n.endswith("_docs"))

    def _current(self) -> str | None:
        """The chunk collection the alias points at (None before the first commit)."""
        for name in self._versions():
            if self.alias in (self._client.list_aliases(name).get("aliases") or []):
                return name
        return None

    def _drop_orphans(self, keep: str | None) -> None:
        """Remove what a crashed rebuild left behind (never the live version)."""
        for name in self._versions():
            if name != keep:
                for n in (name, f"{name}_docs"):
                    if self._client.has_collection(n):
                        self._client.drop_collection(n)

    def _properties(self) -> dict[str, str]:
        return {
            "bronwijzer.schema": SCHEMA_VERSION,
            "bronwijzer.dim": str(self.dim),
            "bronwijzer.embedder": self.embedder,
            "bronwijzer.lexical": self.lexical,
            "bronwijzer.chunking": json.dumps(self.chunking, sort_keys=True),
            # client mode stores index/lexical.py's tokens: another tokeniser needs a rebuild
            "bronwijzer.tokens": _tokens_signature() if self.lexical == "client" else "engine",
        }

    def _check_properties(self) -> None:
        props = self._client.describe_collection(self.collection).get("properties") or {}
        want = self._properties()
        for key in ("bronwijzer.schema", "bronwijzer.dim", "bronwijzer.embedder",
                    "bronwijzer.lexical"):
            have = props.get(key)
            if key == "bronwijzer.embedder" and (not self.embedder or not have):
                continue  # a reader that does not know the embedder accepts any
            if have != want[key]:
                raise IndexMismatch(
                    f"Milvus index {self.alias!r} at {self.uri} was built with "
                    f"{key.split('.')[1]}={have!r}, settings say {want[key]!r}: "
                    "run 'bronwijzer index --rebuild'"
                )
        if props.get("bronwijzer.tokens") != want["bronwijzer.tokens"]:
            raise IndexMismatch(
                f"Milvus index {self.alias!r} at {self.uri} holds BM25 tokens of tokeniser "
                f"{props.get('bronwijzer.tokens') or 'version 1'}, this program makes "
                f"{want['bronwijzer.tokens']}: run 'bronwijzer index --rebuild' (passage vectors "
                "come from the cache: nothing is re-embedded)"
            )
        self.built_chunking = json.loads(props.get("bronwijzer.chunking") or "{}")
        self.chunking = self.chunking or self.built_chunking

    @property
    def built_embedder(self) -> str | None:
        props = self._client.describe_collection(self.collection).get("properties") or {}
        return props.get("bronwijzer.embedder") or None

    def _create(self) -> None:
        from pymilvus import DataType, Function, FunctionType

        c = self._client
        s = c.create_schema(auto_id=False, enable_dynamic_field=False,
                            description="Bronwijzer chunks")
        s.add_field("chunk_id", DataType.VARCHAR, max_length=256, is_primary=True)
        s.add_field("doc_id", DataType.VARCHAR, max_length=64)
        s.add_field("doc", DataType.VARCHAR, max_length=1024)
        s.add_field("doc_stem", DataType.VARCHAR, max_length=1024)
        s.add_field("title", DataType.VARCHAR, max_length=2048)
        s.add_field("section", DataType.JSON)
        s.add_field("page_start", DataType.INT64, nullable=True)
        s.add_field("page_end", DataType.INT64, nullable=True)
        s.add_field("page_label", DataType.VARCHAR, max_length=64, nullable=True)
        s.add_field("page_exact", DataType.BOOL)
        s.add_field("text", DataType.VARCHAR, max_length=_VARCHAR_MAX)
        s.add_field("start", DataType.INT64)
        s.add_field("end", DataType.INT64)
        s.add_field("year_from", DataType.INT64, nullable=True)
        s.add_field("year_to", DataType.INT64, nullable=True)
        s.add_field("municipality", DataType.VARCHAR, max_length=128)
        s.add_field("context", DataType.VARCHAR, max_length=_VARCHAR_MAX)
        analyzer = {"tokenizer": "standard"} if self.lexical == "client" else dutch_analyzer_params()
        s.add_field("lex", DataType.VARCHAR, max_length=_VARCHAR_MAX, enable_analyzer=True,
                    analyzer_params=analyzer)
        s.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
        s.add_field("vector", DataType.FLOAT_VECTOR, dim=self.dim)
        s.add_function(Function(name="lex_bm25", function_type=FunctionType.BM25,
                                input_field_names=["lex"], output_field_names=["sparse"]))
        ip = c.prepare_index_params()
        dense = {"M": 16, "efConstruction": 200} if self.index_type == "HNSW" else {}
        ip.add_index("vector", index_type=self.index_type, metric_type="IP",
                     params=self._build_params(dense))
        # BM25 k1/b as index/lexical.py's bm25s, so both backends score alike.
        ip.add_index("sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25",
                     params=self._build_params({"bm25_k1": BM25_K1, "bm25_b": BM25_B}))
        if not self.is_lite:  # Lite filters by scanning; each index costs it a 0.5 s wait
            for name in ("doc_id", "municipality", "doc"):
                ip.add_index(name, index_type="INVERTED")
        c.create_collection(self.collection, schema=s, index_params=ip,
                            properties=self._properties())
        # Documents: doc_id -> sha256 for incremental and resumable runs. Milvus wants a
        # vector field in every collection: a constant 2-d one.
        d = c.create_schema(auto_id=False, enable_dynamic_field=False,
                            description="Bronwijzer documents")
        d.add_field("doc_id", DataType.VARCHAR, max_length=64, is_primary=True)
        d.add_field("sha256", DataType.VARCHAR, max_length=64)
        d.add_field("doc", DataType.VARCHAR, max_length=1024)
        d.add_field("municipality", DataType.VARCHAR, max_length=128)
        d.add_field("n_chunks", DataType.INT64)
        d.add_field("dummy", DataType.FLOAT_VECTOR, dim=2)
        dip = c.prepare_index_params()
        dip.add_index("dummy", index_type="FLAT", metric_type="L2")
        c.create_collection(f"{self.collection}_docs", schema=d, index_params=dip)

    def _build_params(self, params: dict) -> dict:
        """Index build parameters as this engine reads them.

        pymilvus 3 sends them as flat key/value pairs; Milvus Lite 3.2 only reads a JSON
        "params" pair and silently falls back to its defaults (BM25 k1=1.5) otherwise.
        """
        if self.is_lite and params:
            return {"params": json.dumps(params, sort_keys=True)}
        return params

    def drop(self) -> None:
        """Remove every version of this index and its aliases (unusable afterwards)."""
        for name in self._versions():
            for alias in self._client.list_aliases(name).get("aliases") or []:
                self._client.drop_alias(alias)
            for n in (name, f"{name}_docs"):
                if self._client.has_collection(n):
                    self._client.drop_collection(n)

    def close(self) -> None:
        self._client.close()


    # -- Backend protocol --------------------------------------------------------------

    def indexed_docs(self) -> dict[str, str]:
        rows = self._query_all(self.docs_collection, ["doc_id", "sha256"])
        return {r["doc_id"]: r["sha256"] for r in rows}

    def add(self, chunks: list[Chunk], vectors: np.ndarray,
            doc_hashes: dict[str, str] | None = None) -> None:
        """Upsert chunks (idempotent by chunk_id), then record their documents.

        Pass every chunk of a document in one call: the document record written after
        them is what marks the document as indexed for incremental and resumed runs.
        doc_hashes maps doc_id -> full sha256 (default: the doc_id, a sha256 prefix).
        """
        vectors = np.asarray(vectors, dtype=np.float32)
        if len(chunks) != len(vectors):
            raise ValueError(f"{len(chunks)} chunks but {len(vectors)} vectors: pass one per chunk")
        if len(chunks) == 0:
            return
        if vectors.ndim != 2 or vectors.shape[1] != self.dim:
            raise IndexMismatch(
                f"vectors have shape {vectors.shape}, the Milvus index {self.alias!r} holds "
                f"dim {self.dim}: run 'bronwijzer index --rebuild' after changing embedder"
            )
        rows = []
        for chunk, vec in zip(chunks, vectors, strict=True):
            lex = chunk.indexed_text
            if self.lexical == "client":
                lex = " ".join(dutch_tokens(lex))
            rows.append(_chunk_row(chunk, vec, lex))
        for i in range(0, len(rows), 512):  # keep each gRPC message well under 64 MB
            self._client.upsert(self.collection, rows[i:i + 512])
        docs: dict[str, dict] = {}
        for chunk in chunks:
            row = docs.setdefault(chunk.doc_id, {
                "doc_id": chunk.doc_id, "sha256": (doc_hashes or {}).get(chunk.doc_id, chunk.doc_id),
                "doc": _clip(chunk.doc, 1024), "municipality": chunk.municipality,
                "n_chunks": 0, "dummy": [0.0, 0.0]})
            row["n_chunks"] += 1
        self._client.upsert(self.docs_collection, list(docs.values()))
        self._pending.update(docs)

    def record_documents(self, hashes: dict[str, str]) -> None:
        """Store the full sha256 of documents added in this session (build calls this)."""
        rows = [{**self._pending[d], "sha256": h} for d, h in hashes.items() if d in self._pending]
        if rows:
            self._client.upsert(self.docs_collection, rows)
            self._pending.update({r["doc_id"]: r for r in rows})

    def delete_docs(self, doc_ids: list[str]) -> None:
        if not doc_ids:
            return
        ids = "[" + ", ".join(_quote(d) for d in doc_ids) + "]"
        self._client.delete(self.docs_collection, filter=f"doc_id in {ids}")
        self._client.delete(self.collection, filter=f"doc_id in {ids}")
        for d in doc_ids:
            self._pending.pop(d, None)

    def commit(self) -> None:
        """Flush; after a (re)build, point the aliases at the new version and drop the old."""
        self._client.flush(self.collection)
        self._client.flush(self.docs_collection)
        if not self._swap:
            return
        old = self._current()
        for alias, target, holder in ((self.alias, self.collection, old),
                                      (f"{self.alias}_docs", self.docs_collection,
                                       old and f"{old}_docs")):
            held = holder is not None and self._client.has_collection(holder) and \
                alias in (self._client.list_aliases(holder).get("aliases") or [])
            if held:
                self._client.alter_alias(target, alias)
            else:
                self._client.create_alias(target, alias)
        if old is not None and old != self.collection:
            for n in (old, f"{old}_docs"):
                if self._client.has_collection(n):
                    self._client.drop_collection(n)
        self._swap = False

    def chunks(self) -> list[Chunk]:
        rows = self._query_all(self.collection, CHUNK_FIELDS)
        out = [_row_chunk(r) for r in rows]
        out.sort(key=lambda c: (c.doc, c.chunk_id))
        return out

    def count(self) -> int:
        res = self._client.query(self.collection, filter="", output_fields=["count(*)"])
        return int(res[0]["count(*)"])

    def search_dense(self, qvec: np.ndarray, k: int, filters: Filters) -> list[tuple[Chunk, float]]:
        res = self._client.search(
            self.collection, data=[self._qvec(qvec)], anns_field="vector", limit=int(k),
            filter=filter_expr(filters), output_fields=CHUNK_FIELDS,
            search_params=self._dense_params(k),
        )
        return [(_row_chunk(h), float(h["distance"])) for h in res[0]]

    def search_lexical(self, query: str, k: int, filters: Filters) -> list[tuple[Chunk, float]]:
        text = self._lex_query(query)
        if not text:
            return []
        res = self._client.search(
            self.collection, data=[text], anns_field="sparse", limit=int(k),
            filter=filter_expr(filters), output_fields=CHUNK_FIELDS,
            search_params={"metric_type": "BM25"},
        )
        # Milvus Lite reports BM25 as a negative distance, a server as a positive score.
        return [(_row_chunk(h), abs(float(h["distance"]))) for h in res[0] if h["distance"]]

    def search_hybrid(self, query: str, qvec: np.ndarray, k: int, filters: Filters,
                      ranker: str = "rrf", weights: tuple[float, float] = (0.5, 0.5),
                      rrf_k: int = 60) -> list[tuple[Chunk, float]]:
        """Dense + BM25 in one engine call, fused by Milvus' RRFRanker or WeightedRanker."""
        from pymilvus import AnnSearchRequest, RRFRanker, WeightedRanker

        depth = max(int(k), self.candidates)
        expr = filter_expr(filters)
        reqs = [AnnSearchRequest(data=[self._qvec(qvec)], anns_field="vector",
                                 param=self._dense_params(depth), limit=depth, expr=expr)]
        text = self._lex_query(query)
        if text:
            reqs.append(AnnSearchRequest(data=[text], anns_field="sparse",
                                         param={"metric_type": "BM25"}, limit=depth, expr=expr))
        if ranker == "rrf":
            rank = RRFRanker(rrf_k)
        elif ranker == "weighted":
            rank = WeightedRanker(*weights[: len(reqs)])
        else:
            raise ValueError(f"ranker {ranker!r} unknown: use 'rrf' or 'weighted'")
        res = self._client.hybrid_search(self.collection, reqs, rank, limit=int(k),
                                         output_fields=CHUNK_FIELDS)
        return [(_row_chunk(h), float(h["distance"])) for h in res[0]]

    # -- helpers ---------------------------------------------------------------------

    def _qvec(self, qvec: np.ndarray) -> list[float]:
        q = np.asarray(qvec, dtype=np.float32).reshape(-1)
        if q.shape[0] != self.dim:
            raise IndexMismatch(
                f"query vector has dim {q.shape[0]}, the Milvus collection holds dim {self.dim}: "
                "search with the embedder the index was built with, or rebuild the index"
            )
        return q.tolist()

    def _dense_params(self, k: int) -> dict:
        if self.index_type == "HNSW":
            return {"metric_type": "IP", "params": {"ef": max(64, int(k))}}
        return {"metric_type": "IP"}

    def _lex_query(self, query: str) -> str:
        if self.lexical == "client":
            return " ".join(dutch_tokens(query))
        return query.strip()

    def _query_all(self, collection: str, fields: list[str]) -> Iterable[dict]:
        it = self._client.query_iterator(collection, batch_size=1000, filter="",
                                         output_fields=fields)
        rows: list[dict] = []
        try:
            while batch := it.next():
                rows.extend(batch)
        finally:
            it.close()
        return rows
