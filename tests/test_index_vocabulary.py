"""The vocabulary file, learned abbreviations end to end, and a BM25 rebuild on a new tokeniser."""

from __future__ import annotations

import json

import pytest

from index import faiss_backend, lexical, vocabulary
from index.build import index_paths
from index.embedder import FakeEmbedder
from index.searcher import open_searcher
from ingest.language import fold, stem
from ingest.store import ChunkStore


def test_every_entry_has_a_kind_a_provenance_and_no_numbers():
    voc = vocabulary.load()
    kinds = {e.kind for e in voc.entries}
    assert kinds == set(vocabulary.KINDS)
    for e in voc.entries:
        assert e.provenance and e.word, e
        assert not any(ch.isdigit() for ch in e.word), e
        if e.kind == "synonym":  # document words differ from the word, not just by inflection
            assert all(stem(t) != stem(e.word) for t in e.document if " " not in t), e
    # one fold and one stemmer for every layer
    assert vocabulary.fold is fold and vocabulary.stem is stem and lexical.fold is fold
    assert all(w == fold(w) for w in voc.stopwords)


def test_a_bad_line_names_the_file_line_and_fix():
    with pytest.raises(vocabulary.VocabularyError, match=r"voc line 2: unknown kind 'synonim'"):
        vocabulary.parse(["kind\tword\tdocument\tprovenance", "synonim\thuis\twoning\tx"], "voc")
    with pytest.raises(vocabulary.VocabularyError, match="line 1: expected 4 tab-separated"):
        vocabulary.parse(["synonym huis woning"], "voc")
    with pytest.raises(vocabulary.VocabularyError, match="needs a word, a provenance"):
        vocabulary.parse(["synonym\thuis\twoning\t"], "voc")


def test_expand_merges_file_and_learned_and_skips_stopword_abbreviations():
    learned = vocabulary.learned_from([{"OZB": "onroerendezaakbelasting"},
                                       {"RUD": "Regionale Uitvoeringsdienst", "WIE": "Wie Is Er"}])
    assert "wie" not in learned  # a stopword as abbreviation would expand every question
    assert vocabulary.expand("OZB") == ("onroerendezaakbelasting", "onroerendezaakbelastingen")
    assert vocabulary.expand("rud", learned) == ("Regionale Uitvoeringsdienst",)
    assert vocabulary.expand("huizen") == ("woningen",) and vocabulary.expand("fiets") == ()
    assert vocabulary.abbreviations(learned)["ozb"] == vocabulary.expand("ozb")


def _corpus(folder):
    folder.mkdir()
    (folder / "a-toezicht.txt").write_text(
        "Toezicht\n\nDe Regionale Uitvoeringsdienst (RUD) houdt toezicht op bedrijven.\n",
        encoding="utf-8")
    (folder / "b-milieu.txt").write_text(
        "Milieu\n\nDe regionale uitvoeringsdienst controleert 120 bedrijven per jaar op geluid.\n\n"
        "Afval\n\nDe milieustraat is op zaterdag open.\n", encoding="utf-8")
    return folder


def test_an_abbreviation_a_document_writes_out_is_stored_and_searched(tmp_path):
    home = tmp_path / "home"
    index_paths([_corpus(tmp_path / "docs")], home, embedder=FakeEmbedder(), progress=False)
    store = ChunkStore(home / "store")
    assert store.abbreviations("a-toezicht.txt") == {"RUD": "Regionale Uitvoeringsdienst"}
    assert store.abbreviations("b-milieu.txt") == {}
    s = open_searcher(home, embedder="fake")
    # only b speaks of noise checks, and it never writes "RUD"
    top = s.search("hoeveel bedrijven controleert de RUD op geluid", k=1, mode="bm25")[0]
    assert top.chunk.doc == "b-milieu.txt"
    assert "uitvoeringsdienst" in s.lexical_query("wat doet de RUD").lower()


def test_a_store_written_before_learning_reads_abbreviations_from_its_text(tmp_path):
    home = tmp_path / "home"
    index_paths([_corpus(tmp_path / "docs")], home, embedder=FakeEmbedder(), progress=False)
    path = home / "store" / "documents.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    for d in data["documents"]:
        d.pop("abbreviations")
    path.write_text(json.dumps(data), encoding="utf-8")
    assert ChunkStore(home / "store").abbreviations("a-toezicht.txt") == {
        "RUD": "Regionale Uitvoeringsdienst"}


def test_a_changed_tokeniser_rebuilds_bm25_without_embedding(tmp_path):
    home = tmp_path / "home"
    emb = FakeEmbedder()
    index_paths([_corpus(tmp_path / "docs")], home, embedder=emb, progress=False)
    folder = faiss_backend.current_version(home)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["lexical"] == lexical.signature()
    manifest["lexical"] = "1:dutch:an-older-tokeniser"
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    # a searcher on the old index searches with the new tokens at once
    assert open_searcher(home, embedder="fake").search("milieustraat zaterdag", k=1, mode="bm25")
    again = FakeEmbedder()
    report = index_paths([tmp_path / "docs"], home, embedder=again, progress=False)
    assert report.embedded == 0 and again.passages_embedded == 0 and report.added == ()
    assert faiss_backend.read_manifest(home)["lexical"] == lexical.signature()
    backend = faiss_backend.FaissBackend(home, emb.dim, embedder=emb.name)
    assert backend.lexical_stale is False
