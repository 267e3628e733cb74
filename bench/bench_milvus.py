"""Milvus (Lite or server) vs FAISS + bm25s at 10k / 100k / 1M synthetic chunks.

Per (backend, size), in its own process so peak memory is its own: ingest throughput
(add + commit, chunks/s; embedding excluded: random unit vectors), query latency p50/p95
for dense, BM25 and hybrid, peak RSS and size on disk. Chunk texts are ~150-word windows
of the real corpus, repeated with a per-copy number, so BM25 sees Dutch policy prose.

    .venv/bin/python bench/bench_milvus.py --sizes 10000,100000 --backends faiss,milvus
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CORPUS = ROOT / "data" / "corpus"
DEV = ROOT.parent / "shared" / "eval" / "dev.jsonl"
DIM = 384
BATCH = 5000


def _windows() -> list[tuple[str, str]]:
    out = []
    for f in sorted(CORPUS.glob("*.txt")):
        words = f.read_text(encoding="utf-8").split()
        out.extend((f.stem, " ".join(words[i:i + 150])) for i in range(0, len(words), 120))
    return out


def synthetic_chunks(n: int):
    """Yield n Chunks: corpus windows, copy c of window w gets doc 'd{c}-<stem>'."""
    from ingest.model import Chunk, PageRef

    wins = _windows()
    towns = ("assen", "emmen", "groningen", "zwolle")
    for i in range(n):
        copy, w = divmod(i, len(wins))
        stem, text = wins[w]
        text = f"{text} dossier {copy}"
        doc = f"d{copy:05d}-{stem}.txt"
        doc_id = f"{copy:06x}{w % 4096:03x}"[:12]
        yield Chunk(chunk_id=f"{doc}:{w:05d}", doc_id=doc_id, doc=doc, title=stem,
                    section=("Hoofdstuk", f"§{w % 50}"), page=PageRef(w % 300 + 1, w % 300 + 1,
                                                                       str(w % 300 + 1), True),
                    text=text, start=0, end=len(text), year_from=2020 + w % 8,
                    year_to=None, municipality=towns[copy % len(towns)])


def _queries(n: int) -> list[str]:
    qs = [json.loads(line)["question"] for line in DEV.read_text(encoding="utf-8").splitlines()
          if line.strip()] if DEV.exists() else ["geld voor sport", "OZB 2026", "buitenzwembad"]
    return (qs * (n // len(qs) + 1))[:n]


def _pct(xs: list[float], p: float) -> float:
    return round(float(np.percentile(np.array(xs) * 1000, p)), 2)


def _du(path: Path) -> float:
    total = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    return round(total / 2**20, 1)


def run_one(backend: str, size: int, n_queries: int, home: Path) -> dict:
    from index.model import Filters
    from index.searcher import open_backend

    rng = np.random.default_rng(0)
    opts = {"dense_kind": "auto"} if backend == "faiss" else {}
    store = open_backend(backend, home, DIM, embedder="bench-random", **opts)
    t0 = time.perf_counter()
    batch = []
    for chunk in synthetic_chunks(size):
        batch.append(chunk)
        if len(batch) == BATCH:
            v = rng.standard_normal((len(batch), DIM)).astype(np.float32)
            store.add(batch, v / np.linalg.norm(v, axis=1, keepdims=True))
            batch = []
    if batch:
        v = rng.standard_normal((len(batch), DIM)).astype(np.float32)
        store.add(batch, v / np.linalg.norm(v, axis=1, keepdims=True))
    t_add = time.perf_counter() - t0
    store.commit()
    ingest = time.perf_counter() - t0
    rss_ingest = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    if backend == "faiss":
        from index import dense

        dense.single_thread()
    queries = _queries(n_queries)
    qv = rng.standard_normal((n_queries, DIM)).astype(np.float32)
    qv /= np.linalg.norm(qv, axis=1, keepdims=True)
    lat: dict[str, list[float]] = {"dense": [], "bm25": [], "dense_filtered": []}
    if hasattr(store, "search_hybrid"):
        lat["hybrid_engine"] = []
    town = Filters(municipality="emmen", year=2026)
    # One warm-up query of each kind (index load, caches), then timed runs.
    store.search_dense(qv[0], 10, Filters())
    store.search_lexical(queries[0], 10, Filters())
    for q, v in zip(queries, qv, strict=True):
        t = time.perf_counter()
        store.search_dense(v, 100, Filters())
        lat["dense"].append(time.perf_counter() - t)
        t = time.perf_counter()
        store.search_lexical(q, 100, Filters())
        lat["bm25"].append(time.perf_counter() - t)
        t = time.perf_counter()
        store.search_dense(v, 100, town)
        lat["dense_filtered"].append(time.perf_counter() - t)
        if "hybrid_engine" in lat:
            t = time.perf_counter()
            store.search_hybrid(q, v, 10, Filters())
            lat["hybrid_engine"].append(time.perf_counter() - t)
    return {
        "backend": backend, "size": size, "dim": DIM,
        "ingest_seconds": round(ingest, 1), "add_seconds": round(t_add, 1),
        "ingest_chunks_per_s": round(size / ingest, 1),
        "latency_ms": {k: {"p50": _pct(v, 50), "p95": _pct(v, 95), "n": len(v)}
                       for k, v in lat.items()},
        "peak_rss_mb_after_ingest": round(rss_ingest, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "disk_mb": _du(home),
        "index": getattr(store, "index_type", None) or "faiss auto (flat < 100k <= hnsw)",
    }


# -- dev set: the same retrieval on FAISS and on Milvus ------------------------------------

PROBES = ("buitenzwembad", "zwembad", "zwemgelegenheid", "60.693", "OZB 2026", "sporten",
          "geld voor sport", "woningbouwprogramma")


def _engine_hybrid_searcher(backend, embedder):
    """A HybridSearcher whose hybrid mode is Milvus' own RRF (no product boosts)."""
    from index.model import Filters, Hit
    from index.searcher import HybridSearcher

    class EngineHybrid(HybridSearcher):
        def search(self, query, k=10, filters=None, mode="hybrid"):
            if mode != "hybrid" or not (query or "").strip():
                return super().search(query, k, filters, mode)
            ranked = self.backend.search_hybrid(query, self.embed_query(query), k,
                                                filters or Filters())
            return [Hit(c, s, i, "hybrid") for i, (c, s) in enumerate(ranked, start=1)]

    return EngineHybrid(backend, embedder)


def run_dev(home: Path, eval_set: Path, report: Path | None) -> str:
    """Index the store under home into Milvus Lite from the embedding cache, then compare."""
    from eval.dataset import load_eval_set
    from eval.harness import evaluate
    from eval.report import main_table
    from index.build import sync_index
    from index.embedder import load_embedder
    from index.milvus_backend import MilvusBackend
    from index.searcher import HybridSearcher, open_searcher, recorded_embedder
    from ingest.store import ChunkStore

    store = ChunkStore(home / "store")
    records = store.documents()
    chunks = [c for r in records for c in store.chunks(r.doc)]
    spec = recorded_embedder(home, "faiss")
    if spec is None:
        raise SystemExit(f"no FAISS index in {home}: build it first ('bronwijzer index')")
    emb = load_embedder(spec)
    lines = []
    for collection, lexical in (("bronwijzer_chunks", "client"), ("bronwijzer_engine", "engine")):
        rep = sync_index(chunks, home, embedder=emb, backend="milvus", progress=False,
                         doc_hashes={r.doc_id: r.sha256 for r in records},
                         collection=collection, lexical=lexical)
        lines.append(f"milvus {collection} ({lexical}): {rep.chunks} chunks, embedded "
                     f"{rep.embedded} (cache {rep.cached}) in {rep.seconds} s")
    faiss = open_searcher(home, backend="faiss")
    mil = MilvusBackend(home, emb.dim, embedder=emb.name, must_exist=True)
    raw = MilvusBackend(home, emb.dim, embedder=emb.name, must_exist=True,
                        collection="bronwijzer_engine", lexical="engine")
    searchers = {
        "faiss": faiss,
        "milvus": HybridSearcher(mil, emb),
        "milvus-raw-analyzer": HybridSearcher(raw, emb),
        "milvus-engine-rrf": _engine_hybrid_searcher(mil, emb),
    }
    items = load_eval_set(eval_set)
    result = evaluate(items, searchers, modes=("bm25", "dense", "hybrid"), k=10,
                      answers=False, store=store, set_name=eval_set.name)
    lines += ["", main_table(result), "", _bm25_agreement(items, faiss.backend, mil, raw)]
    text = "\n".join(lines)
    if report is not None:
        report.write_text(text + "\n", encoding="utf-8")
    return text


def _bm25_agreement(items, faiss_backend, mil, raw) -> str:
    """How far the engine's BM25 is from bm25s: top-10 overlap, and probe queries."""
    from index.model import Filters

    f = Filters()
    rows = {"milvus (bm25s tokens)": [], "milvus (Lite analyzer)": []}
    top1 = {k: 0 for k in rows}
    for it in items:
        ref = [c.chunk_id for c, _ in faiss_backend.search_lexical(it.question, 10, f)]
        for name, be in (("milvus (bm25s tokens)", mil), ("milvus (Lite analyzer)", raw)):
            got = [c.chunk_id for c, _ in be.search_lexical(it.question, 10, f)]
            rows[name].append(len(set(ref) & set(got)) / max(1, len(ref)))
            top1[name] += bool(ref and got and ref[0] == got[0])
    out = ["BM25 agreement with bm25s over the dev questions (top-10 overlap, same top-1):"]
    for name, xs in rows.items():
        out.append(f"- {name}: overlap@10 {np.mean(xs):.3f}, same top-1 "
                   f"{top1[name]}/{len(items)}")
    out.append("")
    out.append("probe | bm25s hits (top doc) | milvus bm25s tokens | milvus Lite analyzer")
    for q in PROBES:
        cells = []
        for be in (faiss_backend, mil, raw):
            hits = be.search_lexical(q, 1000, f)
            top = hits[0][0].doc.split(".")[0][:18] if hits else "-"
            cells.append(f"{len(hits)} ({top})")
        out.append(f"{q} | " + " | ".join(cells))
    return "\n".join(out)


def run_bulk(n_docs: int, workers: int, embedder: str) -> dict:
    """index.bulk over n_docs generated text documents (~25 chunks each) into Milvus Lite."""
    from index.bulk import bulk_index

    wins = _windows()
    with tempfile.TemporaryDirectory(prefix="bench-bulk-") as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        for d in range(n_docs):
            paras = [wins[(d * 25 + i) % len(wins)][1] for i in range(25)]
            (folder / f"nota-{d:05d}.txt").write_text(
                f"Nota {d}\n\n1. Inleiding\n\n" + "\n\n".join(paras) + f"\n\nkenmerk {d}\n",
                encoding="utf-8")
        rep = bulk_index([folder], Path(tmp) / "home", embedder=embedder, backend="milvus",
                         workers=workers, progress=False)
        return {"docs": n_docs, "workers": workers, "embedder": embedder, **rep.to_dict(),
                "indexed": len(rep.indexed)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--backends", default="faiss,milvus")
    ap.add_argument("--queries", type=int, default=50)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results_milvus.jsonl")
    ap.add_argument("--one", nargs=2, metavar=("BACKEND", "SIZE"), help=argparse.SUPPRESS)
    ap.add_argument("--timeout", type=int, default=3600, help="seconds per (backend, size)")
    ap.add_argument("--dev", type=Path, metavar="HOME",
                    help="instead: compare FAISS and Milvus on the dev set, using the store, "
                         "FAISS index and embedding cache under HOME (a copy: Milvus is added)")
    ap.add_argument("--set", type=Path, default=DEV, help="evaluation set for --dev")
    ap.add_argument("--report", type=Path, default=None, help="write the --dev output here")
    ap.add_argument("--bulk", type=int, metavar="DOCS",
                    help="instead: time index.bulk over DOCS generated documents")
    ap.add_argument("--workers", type=int, default=2, help="workers for --bulk")
    ap.add_argument("--embedder", default="fake", help="embedder for --bulk")
    args = ap.parse_args(argv)
    if args.bulk:
        print(json.dumps(run_bulk(args.bulk, args.workers, args.embedder)))
        return 0
    if args.dev:
        print(run_dev(args.dev, args.set, args.report))
        return 0
    if args.one:
        with tempfile.TemporaryDirectory(prefix="bench-milvus-") as tmp:
            print(json.dumps(run_one(args.one[0], int(args.one[1]), args.queries, Path(tmp))))
        return 0
    for size in (int(s) for s in args.sizes.split(",")):
        for backend in args.backends.split(","):
            cmd = [sys.executable, __file__, "--one", backend, str(size),
                   "--queries", str(args.queries)]
            t0 = time.perf_counter()
            try:
                out = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout,
                                     env={**os.environ, "PYTHONPATH": str(ROOT)})
                lines = [ln for ln in out.stdout.splitlines() if ln.startswith("{")]
                row = json.loads(lines[-1]) if lines else {
                    "backend": backend, "size": size,
                    "error": (out.stderr.strip().splitlines() or ["no output"])[-1]}
            except subprocess.TimeoutExpired:
                row = {"backend": backend, "size": size,
                       "error": f"did not finish within {args.timeout} s"}
            row["wall_seconds"] = round(time.perf_counter() - t0, 1)
            print(json.dumps(row), flush=True)
            with open(args.out, "a", encoding="utf-8") as fh:
                fh.write(json.dumps(row) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
