"""FAISS wrapper: every index kind finds the nearest vector; masks filter; save/load keeps it."""

from __future__ import annotations

import numpy as np
import pytest

from index import dense


@pytest.fixture(scope="module")
def vectors():
    rng = np.random.default_rng(7)
    v = rng.standard_normal((2000, 32)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


@pytest.mark.parametrize("kind", ["flat", "hnsw", "ivf"])
def test_each_kind_finds_the_vector_itself(vectors, kind, tmp_path):
    index = dense.build_index(vectors, kind=kind)
    if kind == "ivf":
        index.nprobe = index.nlist  # exhaustive: the test checks wiring, not recall
    assert dense.index_kind(index) == kind
    for row in (0, 777, 1999):
        top = dense.search(index, vectors[row], 3)
        assert top[0][0] == row and top[0][1] == pytest.approx(1.0, abs=1e-4)
    dense.save_index(index, tmp_path / "d.faiss")
    again = dense.load_index(tmp_path / "d.faiss")
    assert dense.index_kind(again) == kind and again.ntotal == len(vectors)


def test_auto_is_exact_below_the_threshold(vectors):
    assert dense.index_kind(dense.build_index(vectors)) == "flat"
    with pytest.raises(ValueError, match="unknown dense index kind"):
        dense.build_index(vectors, kind="lsh")


@pytest.mark.parametrize("kind", ["flat", "hnsw"])
def test_mask_keeps_only_allowed_rows(vectors, kind):
    index = dense.build_index(vectors, kind=kind)
    mask = np.zeros(len(vectors), dtype=bool)
    mask[1000:1010] = True  # selective: scored exactly on the allowed rows
    top = dense.search(index, vectors[5], 5, mask, vectors)
    assert len(top) == 5 and all(1000 <= r < 1010 for r, _ in top)
    wide = np.ones(len(vectors), dtype=bool)
    wide[5] = False  # permissive: over-fetch from the index, drop the masked row
    top = dense.search(index, vectors[5], 5, wide, vectors)
    assert len(top) == 5 and 5 not in [r for r, _ in top]
    assert dense.search(index, vectors[5], 5, np.zeros(len(vectors), dtype=bool)) == []
