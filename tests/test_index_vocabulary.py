"""The vocabulary file, learned abbreviations end to end, and a BM25 rebuild on a new tokeniser."""

from __future__ import annotations

import json

import pytest

from index import faiss_backend, glossary, lexical, vocabulary
from index.build import index_paths
from index.embedder import FakeEmbedder
from index.searcher import HybridSearcher, open_searcher
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
    (folder / "a-wonen.txt").write_text(
        "Wonen\n\nMet de Woningbouwimpuls (WBI) versnellen we de bouw. De Regionale "
        "Uitvoeringsdienst (RUD) houdt toezicht op bedrijven.\n", encoding="utf-8")
    (folder / "b-bouw.txt").write_text(
        "Bouw\n\nDankzij de woningbouwimpuls komen er 120 woningen bij in 2026.\n\n"
        "Milieu\n\nDe regionale uitvoeringsdienst controleert bedrijven op geluid.\n\n"
        "Afval\n\nDe milieustraat is op zaterdag open.\n", encoding="utf-8")
    return folder


def test_an_abbreviation_a_document_writes_out_is_stored_and_searched(tmp_path):
    home = tmp_path / "home"
    index_paths([_corpus(tmp_path / "docs")], home, embedder=FakeEmbedder(), progress=False)
    store = ChunkStore(home / "store")
    assert store.abbreviations("a-wonen.txt") == {"RUD": "Regionale Uitvoeringsdienst",
                                                  "WBI": "Woningbouwimpuls"}
    assert store.abbreviations("b-bouw.txt") == {}
    s = open_searcher(home, embedder="fake")
    # b gives the number of homes but never writes "WBI": only the learned long form finds it
    hits = s.search("wat levert de WBI op", k=5, mode="bm25")
    assert any("120 woningen" in h.chunk.text for h in hits)
    plain = HybridSearcher(s.backend, s.embedder)  # the same index, nothing learned
    assert not any("120 woningen" in h.chunk.text
                   for h in plain.search("wat levert de WBI op", k=5, mode="bm25"))
    assert "woningbouwimpuls" in s.lexical_query("wat is de WBI").lower()
    # a long form of several words is added only when the index lacks the abbreviation:
    # "rud" is indexed (document a), so its words would weigh the same thing twice
    assert "uitvoeringsdienst" not in s.lexical_query("wat doet de RUD").lower()
    assert glossary.expand("wat doet de RUD", s.abbreviations, frozenset({"doet"})).endswith(
        "Regionale Uitvoeringsdienst")  # an index without "rud": the long form bridges


def test_a_store_written_before_learning_reads_abbreviations_from_its_text(tmp_path):
    home = tmp_path / "home"
    index_paths([_corpus(tmp_path / "docs")], home, embedder=FakeEmbedder(), progress=False)
    path = home / "store" / "documents.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    for d in data["documents"]:
        d.pop("abbreviations")
    path.write_text(json.dumps(data), encoding="utf-8")
    assert ChunkStore(home / "store").abbreviations("a-wonen.txt") == {
        "RUD": "Regionale Uitvoeringsdienst", "WBI": "Woningbouwimpuls"}


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


@pytest.mark.slow
def test_the_real_corpus_reaches_the_ozb_rate_from_a_residents_question(tmp_path):
    """The chat question of issue 9: the budget writes 'onroerendezaakbelasting', never
    with the resident's 'ozb' in that sentence."""
    from conftest import CORPUS

    index_paths([CORPUS], tmp_path, embedder="fake", progress=False)
    s = open_searcher(tmp_path, embedder="fake")
    assert s.abbreviations["bbv"] == ("Besluit begroting en verantwoording",)
    question = "hoeveel gaat de ozb omhoog volgend jaar"
    assert "onroerendezaakbelasting" in s.lexical_query(question)
    hits = s.search(question, k=8, mode="bm25")  # the passages an answer reads
    assert any("onroerendezaakbelasting per 1 januari 2026 4,2%" in " ".join(h.chunk.text.split())
               for h in hits)


def test_the_body_the_documents_come_from_names_no_particular_document(tmp_path):
    from index import hybrid

    home = tmp_path / "home"
    index_paths([_corpus(tmp_path / "docs")], home, embedder=FakeEmbedder(), progress=False,
                municipality="emmen")
    s = open_searcher(home, embedder="fake")
    assert s.bodies() == frozenset(lexical.tokenize("emmen"))
    question = "Hoeveel woningen bouwt Emmen in de gemeente?"
    assert hybrid.analyse(question, s.bodies()).terms == frozenset(lexical.tokenize("woningen bouwt"))
    # no place name is written into the code or the vocabulary
    assert not {"assen", "emmen"} & (vocabulary.load().generic | vocabulary.load().stopwords)
