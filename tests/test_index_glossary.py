"""Query-side expansion: everyday words and abbreviations reach the documents' wording through BM25."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from index import glossary, vocabulary
from index.build import sync_index
from index.embedder import FakeEmbedder
from index.lexical import tokenize
from index.searcher import open_searcher
from ingest.model import Chunk, PageRef


def _chunk(n: int, text: str, section: str) -> Chunk:
    return Chunk(
        chunk_id=f"begrot000000:{n:04d}", doc_id="begrot000000", doc="programmabegroting-2026.txt",
        title="Programmabegroting 2026", section=(section,), page=PageRef(n + 1, n + 1, str(n + 1), True),
        text=text, start=n * 1000, end=n * 1000 + len(text), year_from=2026, year_to=2026,
    )


def test_expand_appends_document_words_once_and_keeps_the_question():
    assert glossary.expand("Hoeveel huizen zijn er?") == "Hoeveel huizen zijn er? woningen"
    # folded, hyphen parts and repeats: every document word appears once, in the file's order
    words = glossary.extra_words("Spaarpot-geld, GELD en de spaarpot")
    assert words == list(dict.fromkeys(words))
    assert words[:2] == ["reserve", "reserves"] and {"middelen", "budget"} <= set(words)
    assert glossary.expand("Wat is de algemene reserve?") == "Wat is de algemene reserve?"
    assert glossary.expand("") == ""


def test_abbreviations_expand_both_ways_and_learned_ones_count():
    assert "onroerendezaakbelasting" in glossary.expand("hoeveel gaat de ozb omhoog")
    assert glossary.expand("Stijgt de onroerendezaakbelasting?").split()[-1] == "ozb"
    learned = vocabulary.learned_from([{"RUD": "Regionale Uitvoeringsdienst"}])
    assert glossary.expand("Wat doet de RUD?", learned).endswith("Regionale Uitvoeringsdienst")
    assert glossary.expand("Wat doet de regionale uitvoeringsdienst?", learned).endswith(" rud")
    assert glossary.expand("Wat doet de RUD?") == "Wat doet de RUD?"  # not learned: nothing


def test_bm25_finds_the_documents_wording_for_a_residents_word(tmp_path):
    chunks = [
        _chunk(0, "We leveren in 2026 650 woningen op in de nieuwe wijken.", "Wonen"),
        _chunk(1, "De vrije ruimte in de algemene reserve daalt naar 45 miljoen.", "Reservepositie"),
        _chunk(2, "Het zwembad krijgt een nieuw dak en de sporthal nieuwe vloeren.", "Sport"),
    ]
    sync_index(chunks, tmp_path, embedder=FakeEmbedder(), progress=False)
    s = open_searcher(tmp_path, embedder="fake")
    assert s.search("hoeveel huizen komen erbij", k=1, mode="bm25")[0].chunk.section == ("Wonen",)
    top = s.search("is de spaarpot leeg", k=1, mode="hybrid")[0]
    assert top.chunk.section == ("Reservepositie",)


def test_split_particle_verbs_need_both_parts():
    assert glossary.extra_words("Hoe houdt de gemeente bij of het werkt?") == [
        "monitoring", "monitoren"]
    assert glossary.extra_words("Hoeveel woningen komen erbij?") == ["extra", "toegevoegd"]
    assert glossary.extra_words("Schaft Assen de toeristenbelasting af?") == ["afschaffing", "afschaffen"]
    # the verb or the particle alone, or a bare "er": nothing
    assert glossary.extra_words("Wie houdt toezicht?") == []
    assert glossary.extra_words("Er komt een park") == []
    for particle, forms, targets in vocabulary.load().particle_verbs:
        assert particle.isalpha() and forms and targets and particle not in forms


def test_expand_adds_no_word_the_question_already_holds():
    # "ijsbaan" is in the question already: counting it twice would outweigh the rest
    assert glossary.expand("Is er een schaatsbaan of een ijsbaan?") == "Is er een schaatsbaan of een ijsbaan?"
    assert glossary.expand("Is er een schaatsbaan?") == "Is er een schaatsbaan? ijsbaan"
    for word in vocabulary.load().synonyms:  # no entry is a mere inflection of its word
        assert glossary.expand(word) != word, word


_WORDS = sorted({*vocabulary.load().synonyms, *vocabulary.load().abbreviations, "de", "hoeveel",
                 "bij", "houdt", "gaat", "omhoog", "fiets", "2026"})


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=8))
def test_expansion_keeps_the_question_and_adds_only_vocabulary_words(words):
    query = " ".join(words)
    expanded = glossary.expand(query)
    assert expanded.startswith(query)
    added = expanded[len(query):].split()
    allowed = {w for e in vocabulary.load().entries for t in e.document for w in t.split()}
    allowed |= set(vocabulary.load().abbreviations)
    assert set(added) <= allowed
    # a one-word addition is never a token the question already holds
    have = set(tokenize(query))
    single = {w for e in vocabulary.load().entries for w in e.document if " " not in w}
    assert not any(w in single and set(tokenize(w)) <= have for w in added)
