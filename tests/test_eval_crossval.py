"""The harness with rich-format items and Answer-shaped engines: follow-up history replayed,
section and page scored, every figure broken down by kind, persona and document, and a
cross-validated run beside the in-sample one."""

from __future__ import annotations

import pytest

from app.answer import Answer, Citation
from app.claims import Verdict
from eval.dataset import EvalItem
from eval.folds import per_fold
from eval.harness import EvalResult, evaluate
from eval.readability import Readability
from eval.report import render
from index.model import Hit
from ingest.model import Chunk, PageRef

TEXT_A = "De OZB-tarieven stijgen per 1 januari 2026 met 4,2%."
TEXT_B = "We doen nu vooronderzoek naar de haalbaarheid van een buitenzwembad."
CHUNK_A = Chunk("aaa:0000", "aaa", "a.txt", "Begroting", ("1. Financiën", "1.1 Belastingen"),
                PageRef(5, 5, "3", True), TEXT_A, 0, len(TEXT_A))
CHUNK_B = Chunk("bbb:0000", "bbb", "b.pdf", "Akkoord", ("2. Sport",),
                PageRef(2, 2, None, True), TEXT_B, 0, len(TEXT_B))
STORE = {"a.txt": TEXT_A, "b.pdf": TEXT_B}


class Searcher:
    def chunks(self):
        return [CHUNK_A, CHUNK_B]

    def search(self, query, k=10, filters=None, mode="hybrid"):
        a_first = "ozb" in query.lower()
        order = [CHUNK_A, CHUNK_B] if a_first else [CHUNK_B, CHUNK_A]
        return [Hit(c, 1.0 / (i + 1), i + 1, mode) for i, c in enumerate(order[:k])]


def _rich(iid, kind, persona, doc=None, quote=None, terms=(), section=None, page=None,
          page_label=None, **extra):
    return EvalItem.from_dict({
        "id": iid, "persona": persona, "kind": kind, "question": extra.pop("question", "vraag"),
        "answer": " ".join(terms) or "", "answer_terms": list(terms),
        "evidence": [quote] if quote else [], "doc": doc, "page": page, "page_label": page_label,
        "section": section, **extra})


ITEMS = [
    _rich("mun-001", "number", "staff", "a.txt", "De OZB-tarieven stijgen per 1 januari 2026",
          ["4,2%"], "1. Financiën > 1.1 Belastingen", 5, "3", question="Hoeveel stijgt de ozb?"),
    _rich("mun-002", "followup", "resident", "a.txt", "De OZB-tarieven stijgen per 1 januari 2026",
          ["4,2%"], "1. Financiën > 1.1 Belastingen", 5, "3", question="En per wanneer?",
          history=["Wat gebeurt er met de OZB?", "Hoeveel?"],
          standalone_question="Per wanneer stijgt de OZB?"),
    _rich("mun-003", "fact", "resident", "b.pdf", "vooronderzoek naar de haalbaarheid van een",
          ["haalbaarheid"], "2. Sport", 2, None, question="Komt er een zwembad?"),
    _rich("mun-004", "claim", "journalist", "b.pdf", "vooronderzoek naar de haalbaarheid van een",
          ["haalbaarheid"], "2. Sport", 2, None, question="Klopt het dat er een zwembad komt?",
          claim="Er komt onderzoek naar een zwembad.", label="supported"),
    _rich("mun-005", "unanswerable", "resident", question="Wanneer is het milieupark open?"),
    _rich("mun-006", "number", "staff", "a.txt", "De OZB-tarieven stijgen per 1 januari 2026",
          ["4,2%"], "1. Financiën > 1.2 Heffingen", 6, "4", question="Welke ozb heffing?"),
]


class Engine:
    """Answers from the documents it was trained on; records what it was asked."""

    def __init__(self, docs=("a.txt", "b.pdf")):
        self.docs = set(docs)
        self.asked: list[tuple[str, list | None]] = []
        self.replies: dict[str, str] = {}

    def ask(self, question, filters=None, history=None):
        self.asked.append((question, history))
        about_a = "ozb" in question.lower() or bool(history)
        chunk = CHUNK_A if about_a else CHUNK_B if "zwembad" in question else None
        if chunk is None or chunk.doc not in self.docs:
            return Answer("Dat staat niet in de documenten.", (), True, 1.0)
        text = f"{chunk.text} [1]"
        self.replies[question] = text
        return Answer(text, (Citation(1, chunk, chunk.text),), False, 1.0)

    def check(self, claim, filters=None):
        if "b.pdf" not in self.docs:
            return Verdict("not_found", "Niet gevonden.", (), 1.0)
        return Verdict("supported", "Klopt.", (Citation(1, CHUNK_B, TEXT_B),), 1.0)


def _run(tmp_path, **kw):
    return evaluate(ITEMS, {"faiss": Searcher()}, modes=("bm25",), k=2, store=STORE,
                    readability=Readability(tmp_path / "rs"), **kw)


def test_followup_history_is_replayed_with_the_earlier_answers(tmp_path):
    engine = Engine()
    _run(tmp_path, answerer=engine, checker=engine)
    asked = dict(engine.asked)
    assert asked["Wat gebeurt er met de OZB?"] is None  # the first turn has no history
    first = engine.replies["Wat gebeurt er met de OZB?"]
    assert asked["Hoeveel?"] == [("Wat gebeurt er met de OZB?", first)]
    assert asked["En per wanneer?"] == [("Wat gebeurt er met de OZB?", first),
                                        ("Hoeveel?", engine.replies["Hoeveel?"])]
    assert asked["Hoeveel stijgt de ozb?"] is None  # not a follow-up: no history


def test_section_page_and_breakdowns(tmp_path):
    engine = Engine()
    r = _run(tmp_path, answerer=engine, checker=engine)
    [a] = r.answer_runs
    s = a.answers
    assert s["n_section_known"] == 4 and s["section_accuracy"] == pytest.approx(3 / 4)
    assert s["n_page_known"] == 4 and s["page_accuracy"] == pytest.approx(3 / 4)  # mun-006 misses
    assert s["answer_term_recall"] == pytest.approx(1.0)
    assert s["median_words"] == pytest.approx(9.0)
    assert s["readability_median"] is not None or r.notes
    assert a.claims["accuracy"] == 1.0 and a.claims["section_accuracy"] == 1.0
    assert set(a.answers_by_doc) == {"a.txt", "b.pdf", "(geen)"}
    assert a.answers_by_doc["a.txt"]["n"] == 3 and a.answers_by_doc["(geen)"]["n"] == 1
    assert set(a.answers_by_kind) == {"number", "followup", "fact", "unanswerable"}
    assert set(a.answers_by_audience) == {"staff", "resident"}
    assert set(a.claims_by_audience) == {"journalist"} and set(a.claims_by_doc) == {"b.pdf"}
    assert set(r.runs[0].by_doc) == {"a.txt", "b.pdf", "(geen)"}
    assert r.questions["mun-004"] == "Er komt onderzoek naar een zwembad."  # the claim is checked
    assert EvalResult.from_dict(r.to_dict()) == r


def test_cross_validated_run_beside_in_sample(tmp_path):
    full = Engine()
    engine_for = per_fold(ITEMS, lambda train: Engine({it.gold_doc for it in train if it.gold_doc}))
    r = _run(tmp_path, answerer=full, checker=full, answerer_for=engine_for, checker_for=engine_for)
    ins, cv = r.answer_run("faiss", "in-sample"), r.answer_run("faiss", "cross-validated")
    assert ins.answers["answer_term_recall"] == 1.0
    # an engine that never saw an item's document cannot answer it: CV shows the gap
    assert cv.answers["answer_term_recall"] == 0.0 and cv.answers["false_refusal_rate"] == 1.0
    assert cv.claims["accuracy"] == 0.0 and ins.claims["accuracy"] == 1.0
    text = render(r)
    assert "| metric | in-sample | cross-validated | target |" in text
    assert "| answer_term_recall | 1.000 | 0.000 | >= 0.75 |" in text
    assert "By document (in-sample / cross-validated):" in text
    assert "| a.txt | 3 | 1.000 / 0.000 |" in text
    assert "Failed answers and verdicts, cross-validated" in text
    assert EvalResult.from_dict(r.to_dict()) == r


def test_only_one_side_per_item_notes_the_in_sample_other_side(tmp_path):
    full = Engine()
    r = _run(tmp_path, answerer=full, checker=full, answerer_for=lambda it: full)
    assert len(r.answer_runs) == 2
    assert any("claims used the in-sample engine" in n for n in r.notes)


def test_combined_runs_pool_items_not_means(tmp_path):
    from eval.combine import combine

    full = Engine()
    first = evaluate(ITEMS[:3], {"faiss": Searcher()}, modes=("bm25",), k=2, store=STORE,
                     answerer=full, checker=full, set_name="one", readability=Readability(tmp_path))
    half = Engine(docs=("b.pdf",))  # the second run answers nothing about a.txt
    second = evaluate(ITEMS[3:], {"faiss": Searcher()}, modes=("bm25",), k=2, store=STORE,
                      answerer=half, checker=half, set_name="two", readability=Readability(tmp_path))
    both = evaluate(ITEMS, {"faiss": Searcher()}, modes=("bm25",), k=2, store=STORE,
                    answerer=_Split(full, half), checker=full, readability=Readability(tmp_path))
    pooled = combine([EvalResult.from_dict(first.to_dict()), EvalResult.from_dict(second.to_dict())])
    assert pooled.set_name == "one + two" and pooled.n_items == len(ITEMS)
    # pooled over items: 3 of 4 answerable questions right (not the mean of 1.0 and 0.0)
    assert pooled.answer_runs[0].answers["answer_term_recall"] == pytest.approx(3 / 4)
    assert pooled.answer_runs[0].answers == both.answer_runs[0].answers | {
        k: pooled.answer_runs[0].answers[k] for k in ("latency_p50_ms", "latency_p95_ms")}
    assert pooled.run("faiss", "bm25").scores["recall@1"] == both.run("faiss", "bm25").scores["recall@1"]
    assert set(pooled.run("faiss", "bm25").by_doc) == {"a.txt", "b.pdf", "(geen)"}
    with pytest.raises(ValueError, match="in both"):
        combine([first, first])


class _Split:
    """Answers the first three items with one engine and the rest with another."""

    def __init__(self, a, b):
        self.a, self.b = a, b
        self.first = {it.question for it in ITEMS[:3]} | {h for it in ITEMS[:3] for h in it.history}

    def ask(self, question, filters=None, history=None):
        return (self.a if question in self.first else self.b).ask(question, filters, history)


def test_a_failed_followup_says_how_its_standalone_rewrite_fares(tmp_path):
    class NoHistory(Engine):
        def ask(self, question, filters=None, history=None):
            if history:  # a follow-up it cannot resolve
                return Answer("Dat staat niet in de documenten.", (), True, 1.0)
            return super().ask(question, filters)

    engine = NoHistory()
    r = _run(tmp_path, answerer=engine, checker=engine)
    problems = {f["id"]: f["problem"] for f in r.answer_runs[0].failures}
    assert problems["mun-002"] == ("refused an answerable question; asked standalone: "
                                   "term recall 1.00")
    assert r.answer_runs[0].answers_by_kind["followup"]["answer_term_recall"] == 0.0


def test_thresholds_come_from_a_plateau_not_a_lone_peak():
    from eval import fit

    grid = fit.GRID_REFUSE
    base = (1.01, 0.05, 0.25)  # form, add, ratio
    # one refusal threshold scores best alone between poor ones; a broad rise elsewhere
    # scores almost as well with good neighbours: the rise is the estimate that carries over
    gain = {(*base, r, 0.7, 1.01): 1.0 for r in grid}
    gain[(*base, grid[20], 0.7, 1.01)] = 3.0
    for i in range(5, 10):
        gain[(*base, grid[i], 0.7, 1.01)] = 2.5
    chosen = fit._plateau_best(gain)
    assert chosen["refuse"] == grid[7]
    # without neighbours the lone peak wins
    assert fit._plateau_best({(*base, grid[20], 0.7, 1.01): 3.0,
                              (*base, grid[7], 0.7, 1.01): 2.5})["refuse"] == grid[20]
