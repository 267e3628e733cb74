"""Questions that name several documents get each document's best passages in the top k."""

from __future__ import annotations

from index import hybrid
from index.build import sync_index
from index.embedder import FakeEmbedder
from index.searcher import open_searcher
from ingest.model import Chunk, PageRef

TITLES = {
    "programmabegroting-2026.txt": "Programmabegroting 2026",
    "kaderbrief-2024.txt": "Kaderbrief 2024",
    "bestuursakkoord-2022-2026.txt": "Bestuursakkoord 2022-2026",
    "raadsvoorstel-economische-agenda-2026-2030.txt": "Raadsvoorstel economische agenda 2026-2030",
}


def _chunk(doc: str, n: int, text: str = "tekst") -> Chunk:
    doc_id = doc[:8].ljust(12, "0")
    return Chunk(chunk_id=f"{doc_id}:{n:04d}", doc_id=doc_id, doc=doc, title=TITLES.get(doc, doc),
                 section=("Wonen",), page=PageRef(n + 1, n + 1, str(n + 1), True), text=text,
                 start=n * 100, end=n * 100 + len(text), year_from=2024, year_to=2026)


def test_named_documents_by_title_head_or_its_compound_tail():
    q = "Hoe verschillen het bestuursakkoord, de kaderbrief 2024 en de begroting 2026?"
    assert hybrid.named_documents(q, TITLES) == (
        "bestuursakkoord-2022-2026.txt", "kaderbrief-2024.txt", "programmabegroting-2026.txt")
    # topic words of a title ("economische agenda") do not name it; only its head word does
    assert hybrid.named_documents("Wat kost de economische agenda?", TITLES) == ()
    assert hybrid.named_documents("Wat zegt het raadsvoorstel?", TITLES) == (
        "raadsvoorstel-economische-agenda-2026-2030.txt",)
    assert hybrid.named_documents("", TITLES) == ()


def test_cover_puts_each_documents_best_chunks_in_the_top_k_deterministically():
    a = [(_chunk("kaderbrief-2024.txt", i), 0.9 - i / 10) for i in range(5)]
    b = [(_chunk("bestuursakkoord-2022-2026.txt", 0), 0.5), (_chunk("bestuursakkoord-2022-2026.txt", 1), 0.05)]
    out = hybrid.cover(a, [a[:2], b], k=4, per=2)
    ids = [c.chunk_id for c, _ in out]
    assert len(out) == 4 and "bestuurs0000:0000" in ids and "bestuurs0000:0001" in ids
    assert [s for _, s in out] == sorted((s for _, s in out), reverse=True)
    assert hybrid.cover(a, [a[:2], b], k=4, per=2) == out
    # nothing to cover: the ranking as is
    assert hybrid.cover(a, [], k=3) == a[:3]


def test_compare_question_reaches_every_named_document(tmp_path):
    chunks = [_chunk("kaderbrief-2024.txt", i, f"Kaderbrief en bestuursakkoord: woningbouw {i}.")
              for i in range(20)]
    chunks.append(_chunk("bestuursakkoord-2022-2026.txt", 0, "Wij willen meer groen."))
    sync_index(chunks, tmp_path, embedder=FakeEmbedder(), progress=False)
    s = open_searcher(tmp_path, embedder="fake")
    question = "Wat zeggen de kaderbrief en het bestuursakkoord over woningbouw?"
    hits = s.search(question, k=3)
    assert {h.chunk.doc for h in hits} == {"kaderbrief-2024.txt", "bestuursakkoord-2022-2026.txt"}
    assert [h.rank for h in hits] == [1, 2, 3]
    # one named document, or a document filter: the plain ranking
    assert {h.chunk.doc for h in s.search("Wat zegt de kaderbrief over woningbouw?", k=3)} == {
        "kaderbrief-2024.txt"}
