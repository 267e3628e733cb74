"""The harness on an in-memory searcher: every mode in one run, relevance by place,
answers scored through stand-in Answerer/ClaimChecker, skipped honestly when missing."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from eval import harness
from eval.dataset import EvalItem, Evidence
from eval.harness import EvalResult, evaluate
from index.model import Hit
from ingest.model import Chunk, PageRef

DOC = (
    "Zwembad\nWe doen nu vooronderzoek naar de haalbaarheid van een buitenzwembad.\n"
    "Financien\nDe OZB-tarieven stijgen per 1 januari 2026 met 4,2%.\n"
    "Sport\nEr is structurele inzet op sport en bewegen voor alle inwoners.\n"
)


def _chunks() -> list[Chunk]:
    out, pos = [], 0
    for n, para in enumerate(DOC.split("\n")[1::2]):
        start = DOC.index(para, pos)
        end = start + len(para)
        pos = end
        out.append(Chunk(f"abc:{n:04d}", "abc", "a.txt", "Doc A", (f"H{n}",),
                         PageRef(n + 1, n + 1, str(n + 1), True), para, start, end))
    return out


class FakeSearcher:
    """bm25 ranks by shared words, dense reverses it, hybrid puts the best at rank 1."""

    def __init__(self):
        self._chunks = _chunks()
        self.calls = []

    def chunks(self):
        return list(self._chunks)

    def search(self, query, k=10, filters=None, mode="hybrid"):
        self.calls.append((query, mode))
        words = set(query.lower().split())
        ranked = sorted(self._chunks, key=lambda c: -len(words & set(c.text.lower().split())))
        if mode == "dense":
            ranked = ranked[::-1]
        return [Hit(c, 1.0 / (i + 1), i + 1, mode) for i, c in enumerate(ranked[:k])]


def _item(iid, kind, q, quotes, terms=(), verdict=None, audience="resident"):
    ev = tuple(Evidence("a.txt", x) for x in quotes)
    return EvalItem(iid, audience, kind, q, "antwoord " + " ".join(terms) if kind != "unanswerable" else "",
                    tuple(terms), verdict, ev, None)


ITEMS = [
    _item("dev-001", "fact", "haalbaarheid buitenzwembad vooronderzoek",
          ["vooronderzoek naar de haalbaarheid van een"], ["haalbaarheid"]),
    # the quote spans a line break in the document text: located by place
    _item("dev-002", "number", "ozb tarieven 2026",
          ["De OZB-tarieven stijgen per 1 januari 2026"], ["4,2%"], audience="staff"),
    _item("dev-003", "claim", "De OZB stijgt met 10% in 2026.",
          ["De OZB-tarieven stijgen per 1 januari 2026"], ["4,2%"], verdict="refuted"),
    _item("dev-004", "unanswerable", "openingstijden milieupark", []),
]


def test_all_modes_side_by_side_in_one_run():
    s = FakeSearcher()
    r = evaluate(ITEMS, {"faiss": s}, k=3, answers=False, store={"a.txt": DOC})
    assert [(x.backend, x.mode) for x in r.runs] == [("faiss", m) for m in ("bm25", "dense", "hybrid")]
    bm25 = r.run("faiss", "bm25")
    assert bm25.scores["n"] == 3 and bm25.scores["n_skipped"] == 1
    assert bm25.scores["recall@1"] == pytest.approx(1.0)
    dense = r.run("faiss", "dense")
    assert dense.scores["recall@1"] < 1.0
    assert dense.scores["recall@3"] == pytest.approx(1.0)
    assert set(bm25.by_audience) == {"resident", "staff"}
    assert set(bm25.by_kind) == {"fact", "number", "claim", "unanswerable"}
    assert bm25.scores["latency_p95_ms"] is not None
    assert len(bm25.curve) == 3
    trace = {t.item_id: t for t in bm25.traces}
    assert trace["dev-001"].first_rank == 1 and trace["dev-001"].top[0].startswith("a.txt: H0")
    assert trace["dev-002"].gold == ("a.txt: H1, p. 2",)
    assert r.answer_runs[0].skipped.startswith("answer scoring skipped")
    assert not r.notes
    assert EvalResult.from_dict(r.to_dict()) == r


def test_texts_rebuilt_from_chunks_without_a_store():
    r = evaluate(ITEMS, {"faiss": FakeSearcher()}, modes=("bm25",), k=3, answers=False)
    assert r.run("faiss", "bm25").scores["recall@1"] == pytest.approx(1.0)


def test_unlocatable_quote_is_reported_not_hidden():
    bad = _item("dev-005", "fact", "x", ["deze zin staat nergens in het document"], ["x"])
    r = evaluate([*ITEMS, bad], {"faiss": FakeSearcher()}, modes=("bm25",), answers=False,
                 store={"a.txt": DOC})
    assert any("dev-005" in n for n in r.notes)
    assert r.run("faiss", "bm25").scores["recall@10"] == pytest.approx(3 / 4)


def test_two_backends_each_get_every_mode():
    r = evaluate(ITEMS, {"faiss": FakeSearcher(), "milvus": FakeSearcher()}, k=3, answers=False)
    assert r.backends == ("faiss", "milvus") and len(r.runs) == 6


def test_answer_scoring_skipped_names_the_missing_module(monkeypatch):
    import importlib

    real = importlib.import_module

    def fake_import(name, *a, **kw):
        if name == "app.answer":
            raise ModuleNotFoundError("No module named 'app.answer'", name="app.answer")
        return real(name, *a, **kw)

    monkeypatch.setattr(importlib, "import_module", fake_import)
    r = evaluate(ITEMS, {"faiss": FakeSearcher()}, modes=("bm25",), answers=True)
    a = r.answer_runs[0]
    assert a.skipped == "answer scoring skipped: app.answer is missing (not built yet)"
    assert a.answers is None and a.claims is None


@dataclass
class _D:
    d: dict

    def to_dict(self):
        return self.d


def _cite(chunk: Chunk, n=1):
    return {"n": n, "chunk_id": chunk.chunk_id, "doc": chunk.doc, "title": chunk.title,
            "section": list(chunk.section), "page_start": chunk.page.start,
            "page_end": chunk.page.end, "page_label": chunk.page.label,
            "page_exact": chunk.page.exact, "quote": chunk.text}


def test_answers_and_claims_scored(monkeypatch):
    chunks = _chunks()

    class Answerer:
        def __init__(self, searcher):
            self.searcher = searcher

        def ask(self, question, filters=None):
            if "milieupark" in question:
                return _D({"answer": "Dat staat niet in de documenten.", "refused": True,
                           "citations": [], "latency_ms": 1.0})
            if "ozb" in question:  # right chunk, but the number is missing
                return _D({"answer": "De tarieven stijgen [1].", "refused": False,
                           "citations": [_cite(chunks[1]), {**_cite(chunks[2], 2),
                                                            "chunk_id": "zzz:0001"}],
                           "latency_ms": 1.0})
            return _D({"answer": "Er loopt onderzoek naar de Haalbaarheid [1].", "refused": False,
                       "citations": [_cite(chunks[0])], "latency_ms": 1.0})

    class ClaimChecker:
        def __init__(self, searcher):
            pass

        def check(self, claim):
            return _D({"verdict": "supported", "explanation": "Klopt.",
                       "evidence": [_cite(chunks[1])]})

    monkeypatch.setattr(harness, "_load_answering", lambda: (Answerer, ClaimChecker, None))
    r = evaluate(ITEMS, {"faiss": FakeSearcher()}, modes=("hybrid",), store={"a.txt": DOC})
    a = r.answer_runs[0]
    s = a.answers
    assert s["n_answerable"] == 2 and s["n_unanswerable"] == 1
    assert s["answer_term_recall"] == pytest.approx(0.5)  # 1.0 and 0.0
    # 3 citations: chunk0 ok, chunk1 ok, invented chunk id wrong
    assert s["citation_precision"] == pytest.approx(2 / 3)
    assert s["citation_recall"] == pytest.approx(1.0)
    assert s["page_accuracy"] == pytest.approx(1.0) and s["n_page_known"] == 2
    assert s["refusal_rate_unanswerable"] == pytest.approx(1.0)
    assert s["false_refusal_rate"] == pytest.approx(0.0)
    c = a.claims
    assert c["confusion"][1] == [1, 0, 0] and c["supported_on_refuted"] == pytest.approx(1.0)
    problems = {f["id"]: f["problem"] for f in a.failures}
    assert problems["dev-003"] == "verdict supported, gold refuted"
    assert problems["dev-002"].startswith("term recall 0.00")
    assert "dev-001" not in problems


def test_bad_arguments_fail_clearly():
    with pytest.raises(ValueError, match="no evaluation items"):
        evaluate([], {"faiss": FakeSearcher()})
    with pytest.raises(ValueError, match="no searchers"):
        evaluate(ITEMS, {})


def test_every_timed_query_starts_without_cached_embeddings():
    class Caching(FakeSearcher):
        cleared = 0

        embedded = 0

        def clear_cache(self):
            self.cleared += 1

        def embed_query(self, query):
            self.embedded += 1

    s = Caching()
    r = evaluate(ITEMS, {"faiss": s}, modes=("bm25", "dense", "hybrid"), answers=False)
    assert s.cleared == 3 * len(ITEMS)
    assert s.embedded == 2 * len(ITEMS)  # timed apart, not for bm25
    sc = r.run("faiss", "dense").scores
    assert sc["search_p50_ms"] <= sc["latency_p50_ms"] and sc["embed_p50_ms"] >= 0.0
    assert r.run("faiss", "bm25").scores["embed_p50_ms"] == 0.0


def test_a_crashing_answerer_is_scored_as_a_failure_not_hidden(monkeypatch):
    class Answerer:
        def __init__(self, searcher):
            pass

        def ask(self, question, filters=None):
            raise RuntimeError("boom")

    class ClaimChecker(Answerer):
        def check(self, claim):
            raise RuntimeError("bang")

    monkeypatch.setattr(harness, "_load_answering", lambda: (Answerer, ClaimChecker, None))
    r = evaluate(ITEMS, {"faiss": FakeSearcher()}, modes=("bm25",), store={"a.txt": DOC})
    a = r.answer_runs[0]
    assert a.answers["answer_term_recall"] == 0.0 and a.answers["citation_recall"] == 0.0
    assert a.claims["accuracy"] == 0.0
    problems = {f["id"]: (f["problem"], f["answer"]) for f in a.failures}
    assert problems["dev-001"] == ("the answerer raised an exception", "CRASH RuntimeError: boom")
    assert problems["dev-003"][0] == "verdict error, gold refuted"


def test_a_store_out_of_sync_with_the_index_is_noticed():
    changed = DOC.replace("Zwembad\n", "Zwembad en meer\n")  # shifts every offset
    r = evaluate(ITEMS, {"faiss": FakeSearcher()}, modes=("bm25",), answers=False,
                 store={"a.txt": changed})
    assert any("does not match the indexed chunks" in n for n in r.notes)
    assert r.run("faiss", "bm25").scores["recall@1"] == pytest.approx(1.0)
