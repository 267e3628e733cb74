"""The chunker: sizes, section paths, chapter boundaries, overlap, table context, pages."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.chunking import chunk_document, page_ref
from ingest.layout import RawPage, assemble
from ingest.model import PageSpan


def _doc(*pages: str, exact: bool = True):
    raw = [RawPage(p, i + 1, str(i + 1), exact) for i, p in enumerate(pages)]
    return assemble("nota-2025.txt", "Nota 2025", "ab" * 32, raw, n_pages=len(raw),
                    year_from=2025, year_to=2025)


def _para(n_words: int, word: str = "woord") -> str:
    """A paragraph of n_words words in sentences of ten words."""
    words = [f"{word}{i}" for i in range(n_words)]
    sentences = [" ".join(words[i:i + 10]).capitalize() + "." for i in range(0, n_words, 10)]
    return " ".join(sentences)


def test_every_chunk_is_a_slice_of_the_text_with_its_section():
    doc = _doc(
        "1. Wonen\n\n1.1 Woningmarkt\n\n" + _para(120) + "\n\n1.1.a Kloosterveen\n\n" + _para(150),
        "2. Werken\n\n" + _para(90),
    )
    chunks = chunk_document(doc)
    assert chunks
    for c in chunks:
        assert doc.text[c.start:c.end] == c.text
        assert c.chunk_id == f"{'ab' * 6}:{chunks.index(c):04d}"
        assert c.doc == "nota-2025.txt" and c.title == "Nota 2025" and c.year_from == 2025
    assert chunks[-1].section == ("2. Werken",)
    assert any(c.section == ("1. Wonen", "1.1 Woningmarkt", "1.1.a Kloosterveen") for c in chunks)


def test_a_chunk_never_spans_two_top_level_chapters():
    doc = _doc("1. Wonen\n\n" + _para(50) + "\n\n2. Werken\n\n" + _para(50))
    chunks = chunk_document(doc)
    assert [c.section[0] for c in chunks] == ["1. Wonen", "2. Werken"]
    assert all(not ("1. Wonen" in c.text and "2. Werken" in c.text) for c in chunks)


def test_heading_only_section_merges_into_the_next():
    doc = _doc("1. Wonen\n\n1.1 Woningmarkt\n\n1.1.a Kloosterveen\n\n" + _para(100))
    chunks = chunk_document(doc)
    assert len(chunks) == 1
    assert chunks[0].section == ("1. Wonen", "1.1 Woningmarkt", "1.1.a Kloosterveen")
    assert chunks[0].text.startswith("1. Wonen")


def test_long_paragraph_is_split_with_overlap_and_sizes_are_bounded():
    doc = _doc("1. Wonen\n\n" + _para(900) + "\n\n" + _para(60, "ander"))
    chunks = chunk_document(doc, target_words=180, max_words=300, overlap_words=40)
    sizes = [len(c.text.split()) for c in chunks]
    assert all(s <= 300 for s in sizes) and min(sizes) >= 40
    split = [c for c in chunks if "woord" in c.text]
    assert len(split) >= 4
    # consecutive pieces of the split paragraph overlap (by at most overlap_words + a sentence)
    for a, b in zip(split, split[1:], strict=False):
        assert b.start < a.end
        assert len(doc.text[b.start:a.end].split()) <= 40
    # the paragraph after it does not overlap anything before it
    # the next paragraph starts after the split one ends: no overlap there
    after = next(c for c in chunks if "ander" in c.text)
    before = [c for c in chunks if c.start < after.start]
    assert all(c.end <= after.start or "ander" in c.text for c in before)
    assert doc.text.index("Ander0") >= max(c.end for c in before if "ander" not in c.text)


def test_no_overlap_between_whole_paragraphs():
    doc = _doc("1. Wonen\n\n" + "\n\n".join(_para(70, f"p{k}x") for k in range(8)))
    chunks = chunk_document(doc)
    assert all(a.end <= b.start for a, b in zip(chunks, chunks[1:], strict=False))
    assert all(140 <= len(c.text.split()) <= 300 for c in chunks[:-1])


def test_table_rows_carry_caption_and_header_in_every_chunk():
    rows = "\n\n".join(f"Post nummer {k} {k}.100 {k}.200 {k}.300" for k in range(120))
    doc = _doc("1. Financiën\n\n" + _para(30) + "\n\nTabel Reserves (bedragen x € 1.000)\n\n"
               "Omschrijving Begroting 2026 MJP 2027 MJP 2028\n\n" + rows)
    chunks = chunk_document(doc)
    with_rows = [c for c in chunks if "Post nummer" in c.text]
    assert len(with_rows) >= 2
    for c in with_rows:
        if "Tabel Reserves" in c.text:
            assert c.context == ""
        else:
            assert c.context == ("Tabel Reserves (bedragen x € 1.000)\n"
                                 "Omschrijving Begroting 2026 MJP 2027 MJP 2028")
            assert c.context in c.indexed_text


def test_pages_of_a_chunk_and_exactness():
    doc = _doc("1. Wonen\n\n" + _para(60, "een"), _para(60, "twee"), _para(60, "drie"))
    chunks = chunk_document(doc)
    assert chunks[0].page.start == 1 and chunks[-1].page.end == 3
    assert all(c.page.exact for c in chunks)
    est = _doc("1. Wonen\n\n" + _para(60, "een"), _para(60, "twee"), exact=False)
    assert not any(c.page.exact for c in chunk_document(est))


def test_page_ref_is_exact_only_when_all_pages_are():
    spans = (PageSpan(0, 10, 4, "1", True), PageSpan(10, 20, 5, "2", False),
             PageSpan(20, 30, None, None, False))
    assert page_ref(spans, 0, 5) == page_ref(spans, 2, 9)
    assert page_ref(spans, 0, 5).exact and page_ref(spans, 0, 5).label == "1"
    assert not page_ref(spans, 5, 15).exact and page_ref(spans, 5, 15).end == 5
    assert page_ref(spans, 22, 25).start is None
    assert page_ref((), 0, 5).start is None


def test_chunking_is_deterministic_and_validates_settings():
    doc = _doc("1. Wonen\n\n" + _para(700))
    assert chunk_document(doc) == chunk_document(doc)
    with pytest.raises(ValueError, match="overlap"):
        chunk_document(doc, target_words=100, max_words=50)


# -- the real corpus ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_chunks():
    from conftest import CORPUS

    from ingest.text import parse_text

    out = []
    for f in sorted(CORPUS.glob("*.txt")):
        doc = parse_text(f)
        out.append((doc, chunk_document(doc)))
    return out


@pytest.mark.slow
def test_corpus_chunk_invariants(corpus_chunks):
    for doc, chunks in corpus_chunks:
        assert chunks, doc.name
        seen_heading = False
        first_heading = min((b.start for b in doc.blocks if b.kind == "heading"), default=None)
        ids = [c.chunk_id for c in chunks]
        assert len(set(ids)) == len(ids)
        for c in chunks:
            assert doc.text[c.start:c.end] == c.text and c.text.strip()
            assert len(c.text.split()) <= 300
            if c.page.start is not None:
                assert 1 <= c.page.start <= c.page.end
                if doc.n_pages:
                    assert c.page.end <= doc.n_pages
            if first_heading is not None and c.end > first_heading:
                seen_heading = True
            if seen_heading:
                assert c.section, (doc.name, c.chunk_id)
        sizes = sorted(len(c.text.split()) for c in chunks)
        assert sizes[len(sizes) // 2] >= 60, doc.name  # median: no shower of tiny chunks


@pytest.mark.slow
def test_corpus_known_passages(corpus_chunks):
    by_name = {doc.name: chunks for doc, chunks in corpus_chunks}
    begroting = by_name["programmabegroting-2026.txt"]
    tweede = [c for c in begroting if "Tweede fase uitbreiding Kloosterveen" in c.text]
    assert any(c.section[:2] == ("Wonen in Assen", "1.1 Woningmarkt sluit aan bij behoefte")
               for c in tweede)
    reserve = next(c for c in begroting if "Algemene reserve 60.693" in c.text)
    assert "bedragen x € 1.000" in reserve.text + reserve.context
    assert "2026" in reserve.text + reserve.context
    footer_page = next(c for c in begroting if "Baten -38.537 -39.568" in c.text)
    assert footer_page.page.end == 12


def test_markdown_heading_marks_are_not_part_of_the_section_path():
    doc = _doc("# Nota wonen\n\n## 1. Woningbouw\n\n" + _para(80))
    assert chunk_document(doc)[0].section == ("Nota wonen", "1. Woningbouw")


_TOKENS = st.sampled_from([
    "de", "gemeente", "Assen", "bouwt.", "1.1", "Wonen", "WONEN", "2.", "Werken", "60.693", "-4.330",
    "•", "Tabel", "(bedragen", "x", "€", "1.000)", "Begroting", "2026", "MJP", "Zorg-", "heb-", "ben",
    " Programmabegroting 2026   Pagina 3 van 9", "Doel", "\f",
])
_TEXT = st.lists(st.lists(_TOKENS, max_size=14).map(" ".join), min_size=1, max_size=80).map(
    lambda ls: "\n".join(ls))


@settings(max_examples=150, deadline=None)
@given(_TEXT, st.sampled_from([(60, 100, 10), (180, 300, 40)]))
def test_chunk_invariants_on_arbitrary_exports(text, sizes):
    from ingest.text import split_pages

    pages, n_pages, _ = split_pages(text)
    doc = assemble("x.txt", "X", "ef" * 32, pages, n_pages=n_pages)
    target, most, overlap = sizes
    chunks = chunk_document(doc, target_words=target, max_words=most, overlap_words=overlap)
    if doc.text.strip():
        assert chunks
    for c in chunks:
        assert doc.text[c.start:c.end] == c.text and c.text.strip()
        assert len(c.text.split()) <= most
        if c.page.start is not None:
            assert c.page.start <= c.page.end
    assert [c.start for c in chunks] == sorted(c.start for c in chunks)
    covered = set()
    for c in chunks:
        covered.update(range(c.start, c.end))
    # every word of the document is in some chunk
    for m in __import__("re").finditer(r"\S+", doc.text):
        assert m.start() in covered
