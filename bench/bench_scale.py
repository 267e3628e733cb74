"""Synthetic scale run: where does the exact FAISS index stop serving, and what does BM25 cost?

    .venv/bin/python bench/bench_scale.py dense --n 100000 [--kind flat|hnsw|ivf]
    .venv/bin/python bench/bench_scale.py bm25 --n 100000 [--corpus-home HOME]

Dense: random normalised 384-dim vectors in n/100 clusters (like topics), build
time, memory (RSS growth), single-thread query latency p50/p95 over 200 queries, and for
HNSW / IVF their recall@10 against exact search at several efSearch / nprobe settings. BM25: the real corpus's chunk texts repeated to n
rows (tokenised once, tokens repeated), bm25s build time, memory and query latency over the
dev questions. One JSON line per run; run each size in its own process for clean memory.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DIM = 384


def rss_mb() -> float:
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def pct(xs: list[float], p: float) -> float:
    return float(np.percentile(np.asarray(xs), p))


def bench_dense(n: int, kind: str, queries: int = 200, seed: int = 0) -> dict:
    import faiss

    from index import dense

    faiss.omp_set_num_threads(1)
    rng = np.random.default_rng(seed)
    base = rss_mb()
    # Clustered like real passages (topics), not uniform noise: uniform random vectors have
    # no neighbourhood structure, which no approximate index can exploit.
    centers = rng.standard_normal((max(1, n // 100), DIM), dtype=np.float32)
    centers /= np.linalg.norm(centers, axis=1, keepdims=True)
    vecs = centers[rng.integers(0, len(centers), n)]
    vecs += 0.8 * rng.standard_normal((n, DIM), dtype=np.float32) / np.sqrt(DIM)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    # queries near stored vectors, like real questions near their passages
    qidx = rng.integers(0, n, queries)
    qs = vecs[qidx] + 0.5 * rng.standard_normal((queries, DIM), dtype=np.float32) / np.sqrt(DIM)
    qs /= np.linalg.norm(qs, axis=1, keepdims=True)
    after_vectors = rss_mb()
    t0 = time.perf_counter()
    index = dense.build_index(vecs, kind=kind)
    build_s = time.perf_counter() - t0
    mem = rss_mb() - base
    out = {"what": "dense", "kind": kind, "n": n, "build_s": round(build_s, 2),
           "rss_mb": round(mem, 1), "vectors_mb": round(after_vectors - base, 1), "runs": []}
    truth = None
    if kind != "flat":
        exact = faiss.IndexFlatIP(DIM)
        exact.add(vecs)
        _, truth = exact.search(np.ascontiguousarray(qs), 10)
        del exact
    knobs = {"flat": [None], "hnsw": [64, 128, 256, 512], "ivf": [8, 32, 128]}[kind]
    for knob in knobs:
        if kind == "hnsw":
            index.hnsw.efSearch = knob
        elif kind == "ivf":
            index.nprobe = knob
        lat, found = [], []
        for q in qs:
            t = time.perf_counter()
            rows = dense.search(index, q, 10)
            lat.append((time.perf_counter() - t) * 1000)
            found.append([r for r, _ in rows])
        run = {"p50_ms": round(pct(lat, 50), 3), "p95_ms": round(pct(lat, 95), 3)}
        if knob is not None:
            run["efSearch" if kind == "hnsw" else "nprobe"] = knob
        if truth is not None:
            hits = [len(set(f) & set(t.tolist())) / 10 for f, t in zip(found, truth, strict=True)]
            run["recall@10_vs_exact"] = round(float(np.mean(hits)), 4)
        out["runs"].append(run)
    return out


def bench_bm25(n: int, home: Path, questions: list[str]) -> dict:
    import bm25s

    from index.lexical import LexicalIndex, tokenize, top_k
    from index.searcher import open_searcher

    texts = [c.indexed_text for c in open_searcher(home).chunks()]
    t0 = time.perf_counter()
    toks = [tokenize(t) for t in texts]
    tok_per_chunk_ms = (time.perf_counter() - t0) * 1000 / len(texts)
    vocab = {w: i for i, w in enumerate(sorted({w for ts in toks for w in ts}))}
    ids = [[vocab[w] for w in ts] for ts in toks]
    base = rss_mb()
    corpus_ids = [ids[i % len(ids)] for i in range(n)]
    t0 = time.perf_counter()
    bm = bm25s.BM25(k1=1.2, b=0.75)
    bm.index((corpus_ids, vocab), show_progress=False)
    build_s = time.perf_counter() - t0
    del corpus_ids
    mem = rss_mb() - base
    lex = LexicalIndex(bm, n)
    lat = []
    for q in questions:
        t = time.perf_counter()
        top_k(lex.scores(q), 100)
        lat.append((time.perf_counter() - t) * 1000)
    return {"what": "bm25", "n": n, "build_s": round(build_s, 2), "rss_mb": round(mem, 1),
            "tokenize_ms_per_chunk": round(tok_per_chunk_ms, 3),
            "p50_ms": round(pct(lat, 50), 2), "p95_ms": round(pct(lat, 95), 2)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("what", choices=("dense", "bm25"))
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--kind", choices=("flat", "hnsw", "ivf"), default="flat")
    ap.add_argument("--corpus-home", type=Path, default=Path("/work/shared-home"))
    ap.add_argument("--set", default=str(ROOT.parent / "shared" / "eval" / "dev.jsonl"))
    args = ap.parse_args()
    if args.what == "dense":
        result = bench_dense(args.n, args.kind)
    else:
        qs = [json.loads(line)["question"] for line in open(args.set, encoding="utf-8")
              if line.strip()]
        result = bench_bm25(args.n, args.corpus_home, qs)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
