"""Search latency over the dev questions, per mode, on an existing index.

    BRONWIJZER_HOME=/path .venv/bin/python bench/bench_search.py [--set FILE] [--repeat 3]

Prints one JSON line per mode (p50/p95/mean ms, queries) plus the load time of the
searcher, then per mode the search alone (query embeddings cached) and the embedding alone. The first query of each mode is a warm-up and is not timed. Query embeddings are
not cached across repeats (the cache is cleared), so each timed query pays the model.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def percentile(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    pos = (len(xs) - 1) * p / 100
    lo = int(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--set", default=str(ROOT.parent / "shared" / "eval" / "dev.jsonl"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--modes", default="bm25,dense,hybrid")
    ap.add_argument("--backend", default="faiss")
    args = ap.parse_args()

    from app.settings import Settings, offline_hub
    from index.searcher import open_searcher

    offline_hub()
    home = Settings.from_env().home
    questions = [json.loads(line)["question"] for line in open(args.set, encoding="utf-8")
                 if line.strip()]
    t0 = time.perf_counter()
    searcher = open_searcher(home, backend=args.backend)
    load_s = time.perf_counter() - t0
    print(json.dumps({"home": str(home), "chunks": len(searcher.chunks()),
                      "open_searcher_s": round(load_s, 3), "cpus": os.cpu_count(),
                      "load_avg_1m": round(os.getloadavg()[0], 2)}))
    for mode in args.modes.split(","):
        searcher.search("warm-up vraag", k=10, mode=mode)
        times = []
        for _ in range(args.repeat):
            searcher.clear_cache()
            for q in questions:
                t = time.perf_counter()
                searcher.search(q, k=10, mode=mode)
                times.append((time.perf_counter() - t) * 1000)
        print(json.dumps({"mode": mode, "queries": len(times),
                          "p50_ms": round(percentile(times, 50), 2),
                          "p95_ms": round(percentile(times, 95), 2),
                          "mean_ms": round(statistics.mean(times), 2)}))
    # search alone: every question embedded first, so the timed calls find it cached
    for q in questions:
        searcher.embed_query(q)
    for mode in args.modes.split(","):
        times = []
        for _ in range(args.repeat):
            for q in questions:
                t = time.perf_counter()
                searcher.search(q, k=10, mode=mode)
                times.append((time.perf_counter() - t) * 1000)
        print(json.dumps({"mode": mode, "part": "search_only", "queries": len(times),
                          "p50_ms": round(percentile(times, 50), 2),
                          "p95_ms": round(percentile(times, 95), 2)}))
    # query embedding alone (the dominant cost of dense and hybrid)
    emb_times = []
    for q in questions:
        t = time.perf_counter()
        searcher.embedder.embed_queries([q])
        emb_times.append((time.perf_counter() - t) * 1000)
    print(json.dumps({"part": "embed_query", "p50_ms": round(percentile(emb_times, 50), 2),
                      "p95_ms": round(percentile(emb_times, 95), 2)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
