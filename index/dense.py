"""FAISS inner-product search over normalised vectors: exact below a size threshold, IVF above.

Threshold and kind come from bench/bench_scale.py (bench/README.md): exact search stays
within ~10-30 ms up to ~100k vectors; above, IVF builds ~9x faster than HNSW here at
similar latency. Searching uses one OpenMP thread (no thread start-up per query). This
module maps rows to scores; it knows nothing of chunks or filters beyond a row mask.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

# Measured in bench/bench_scale.py (384-dim, one thread, busy 2-core machine): exact search
# p50 7-29 ms at 100k rows, 98 ms (p95 292 ms) at 1M. IVF at 1M: p50 2 ms, built in 224 s;
# HNSW at 100k took 104 s to build single-threaded (IVF: 12 s), so IVF is the default above.
APPROX_THRESHOLD = 100_000
APPROX_KIND = "ivf"
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 128
IVF_NPROBE = 32


def single_thread() -> None:
    """Pin FAISS (OpenMP) to one thread: interactive queries are single and small."""
    import faiss

    faiss.omp_set_num_threads(1)


def build_index(vectors: np.ndarray, *, kind: str = "auto"):
    """An IndexFlatIP (exact) or IndexHNSWFlat (inner product) holding the vectors."""
    import faiss

    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    n, dim = vectors.shape
    if kind == "auto":
        kind = APPROX_KIND if n >= APPROX_THRESHOLD else "flat"
    if kind == "flat":
        index = faiss.IndexFlatIP(dim)
    elif kind == "hnsw":
        index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index.hnsw.efSearch = HNSW_EF_SEARCH
    elif kind == "ivf":
        nlist = max(1, min(int(4 * n ** 0.5), n // 39))  # faiss wants ~39 points per list
        index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, nlist, faiss.METRIC_INNER_PRODUCT)
        sample = vectors[:: max(1, n // (64 * nlist))] if n > 64 * nlist else vectors
        index.train(sample)
        index.nprobe = min(IVF_NPROBE, nlist)
    else:
        raise ValueError(f"unknown dense index kind {kind!r}: use 'auto', 'flat', 'hnsw' or 'ivf'")
    if n:
        index.add(vectors)
    return index


def index_kind(index) -> str:
    import faiss

    if isinstance(index, faiss.IndexHNSWFlat):
        return "hnsw"
    return "ivf" if isinstance(index, faiss.IndexIVFFlat) else "flat"


def save_index(index, path: Path) -> None:
    import faiss

    faiss.write_index(index, str(path))


def load_index(path: Path):
    import faiss

    index = faiss.read_index(str(path))
    if isinstance(index, faiss.IndexHNSWFlat):
        index.hnsw.efSearch = HNSW_EF_SEARCH
    elif isinstance(index, faiss.IndexIVFFlat):
        index.nprobe = min(IVF_NPROBE, index.nlist)
    return index


def search(index, qvec: np.ndarray, k: int, mask: np.ndarray | None = None,
           vectors: np.ndarray | None = None) -> list[tuple[int, float]]:
    """Top-k rows by inner product, best first. With a mask, only rows where it is True.

    A selective mask over a flat collection is scored exactly on the allowed rows; otherwise
    the index is asked for more candidates until k allowed rows are found (over-fetch).
    """
    n = index.ntotal
    if n == 0 or k <= 0:
        return []
    q = np.ascontiguousarray(qvec, dtype=np.float32).reshape(1, -1)
    if mask is not None:
        allowed = int(mask.sum())
        if allowed == 0:
            return []
        if vectors is not None and allowed <= max(4 * k, n // 4):
            rows = np.flatnonzero(mask)
            sims = vectors[rows] @ q[0]
            kk = min(k, rows.size)
            top = np.argpartition(-sims, kk - 1)[:kk]
            top = top[np.lexsort((rows[top], -sims[top]))]
            return [(int(rows[i]), float(sims[i])) for i in top]
    fetch = min(n, k if mask is None else max(4 * k, 64))
    while True:
        scores, ids = index.search(q, fetch)
        out = [(int(i), float(s)) for s, i in zip(scores[0], ids[0], strict=True)
               if i >= 0 and (mask is None or mask[i])]
        if len(out) >= k or fetch >= n:
            return out[:k]
        fetch = min(n, fetch * 4)
