"""Unknown query compounds are split into parts the BM25 index knows (query side only)."""

from __future__ import annotations

from index.build import sync_index
from index.embedder import FakeEmbedder
from index.lexical import LexicalIndex, split_compounds, tokenize
from index.searcher import open_searcher
from ingest.model import Chunk, PageRef

VOCAB = frozenset(tokenize("woningbouw doelstelling stroom aansluiting programma"))


def test_split_compounds_splits_only_unknown_words_into_known_parts():
    assert split_compounds("de woningbouwdoelstelling tot 2030", VOCAB) == ["woningbouw", "doelstelling"]
    assert split_compounds("Stroomaansluiting?", VOCAB) == ["stroom", "aansluiting"]
    # known word, short word, a part the index does not know: nothing added
    assert split_compounds("doelstelling", VOCAB) == []
    assert split_compounds("bouwplan", VOCAB) == []
    assert split_compounds("woningbouwplannen", VOCAB) == []
    assert split_compounds("", VOCAB) == [] and split_compounds("woningbouwdoelstelling", frozenset()) == []


def test_split_is_deterministic_and_prefers_even_parts():
    vocab = frozenset(tokenize("woning woningbouw bouwdoel doelstelling"))
    assert split_compounds("woningbouwdoelstelling", vocab) == ["woningbouw", "doelstelling"]
    assert split_compounds("woningbouwdoelstelling", vocab) == split_compounds("woningbouwdoelstelling", vocab)


def test_lexical_index_vocabulary():
    idx = LexicalIndex.build(["Woningbouw in Assen", "De doelstelling"])
    assert set(tokenize("Woningbouw in Assen De doelstelling")) <= idx.vocabulary()
    assert "sport" not in idx.vocabulary()
    assert LexicalIndex.build([]).vocabulary() == frozenset()


def test_searcher_bm25_reaches_the_parts_of_an_unknown_compound(tmp_path):
    def chunk(n, text):
        return Chunk(chunk_id=f"kader0000000:{n:04d}", doc_id="kader0000000", doc="kaderbrief-2024.txt",
                     title="Kaderbrief 2024", section=("Wonen",), page=PageRef(n + 1, n + 1, str(n + 1), True),
                     text=text, start=n * 100, end=n * 100 + len(text), year_from=2024, year_to=2024)

    sync_index([chunk(0, "De doelstelling voor woningbouw is 3.000 woningen in 2030."),
                chunk(1, "Het college zet in op sport en cultuur.")], tmp_path,
               embedder=FakeEmbedder(), progress=False)
    s = open_searcher(tmp_path, embedder="fake")
    assert s.lexical_query("woningbouwdoelstelling") == "woningbouwdoelstelling woningbouw doelstelling"
    hits = s.search("de woningbouwdoelstelling", k=2, mode="bm25")
    assert hits and hits[0].chunk.chunk_id == "kader0000000:0000"
