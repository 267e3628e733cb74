"""Metric functions against hand-computed values, and relevance by text and by place."""

from __future__ import annotations

import math

import pytest

from eval import metrics as M


def test_recall_mrr_on_a_tiny_ranking():
    rels = (False, False, True, False, True)
    assert M.recall_at(rels, 1) == 0.0
    assert M.recall_at(rels, 2) == 0.0
    assert M.recall_at(rels, 3) == 1.0
    assert M.reciprocal_rank(rels, 10) == pytest.approx(1 / 3)
    assert M.reciprocal_rank(rels, 2) == 0.0
    assert M.reciprocal_rank((), 10) == 0.0


def test_ndcg_binary_gains_by_hand():
    # relevant at ranks 1 and 3; two relevant chunks exist in the collection
    dcg = 1 / math.log2(2) + 1 / math.log2(4)
    idcg = 1 / math.log2(2) + 1 / math.log2(3)
    assert M.ndcg_at((True, False, True), 2, 10) == pytest.approx(dcg / idcg)
    assert M.ndcg_at((True, True), 2, 10) == pytest.approx(1.0)
    # three relevant chunks exist but only one was found at rank 1
    assert M.ndcg_at((True, False), 3, 10) == pytest.approx(
        1 / (1 + 1 / math.log2(3) + 1 / math.log2(4))
    )
    assert M.ndcg_at((False, False), 0, 10) == 0.0


def test_percentile_matches_linear_interpolation():
    assert M.percentile([10, 20, 30, 40], 50) == pytest.approx(25.0)
    assert M.percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95) == pytest.approx(9.55)
    assert M.percentile([], 50) is None


def _ranked(item_id, rels, quotes, n_quotes, n_relevant=1, audience="resident"):
    return M.Ranked(item_id, audience, "fact", tuple(rels), tuple(quotes), n_quotes,
                    n_relevant, tuple(100 for _ in rels), 5.0)


def test_retrieval_scores_aggregate_and_skip_items_without_evidence():
    a = _ranked("a", [True, False], [frozenset({0}), frozenset()], 2)
    b = _ranked("b", [False, True], [frozenset(), frozenset({0})], 1)
    c = _ranked("c", [False, False], [frozenset(), frozenset()], 0)  # unanswerable
    s = M.retrieval_scores([a, b, c], k=10)
    assert s["n"] == 2 and s["n_skipped"] == 1
    assert s["recall@1"] == pytest.approx(0.5)
    assert s["recall@10"] == pytest.approx(1.0)
    assert s["mrr@10"] == pytest.approx((1 + 0.5) / 2)
    # 3 quotes in all, 2 found
    assert s["evidence_recall@10"] == pytest.approx(2 / 3)
    assert s["words_per_chunk"] == pytest.approx(100.0)
    assert M.recall_curve([a, b, c], k=3) == [0.5, 1.0, 1.0]


def test_collapse_with_offsets_maps_back():
    text = "  Een\n\n  zin   met\tspaties. "
    collapsed, offs = M.collapse_with_offsets(text)
    assert collapsed == "Een zin met spaties."
    assert len(offs) == len(collapsed)
    for i, ch in enumerate(collapsed):
        assert text[offs[i]] == ch or (ch == " " and text[offs[i]].isspace())


def test_locate_finds_quote_across_line_breaks_and_every_occurrence():
    doc = "Intro.\nDe OZB stijgt\nmet 4,2%. Verder.\nDe OZB stijgt met 4,2%."
    c, offs = M.collapse_with_offsets(doc)
    spans = M.locate(c, offs, "De OZB stijgt met 4,2%.")
    assert len(spans) == 2
    assert doc[spans[0][0]:spans[0][1]] == "De OZB stijgt\nmet 4,2%."
    assert M.locate(c, offs, "niet aanwezig in de tekst") == ()
    # case-insensitive fallback
    assert M.locate(c, offs, "de ozb stijgt met 4,2%.")


def test_relevance_by_containment_is_case_sensitive_and_whitespace_blind():
    g = M.GoldQuote("a.txt", "structurele inzet op sport", ())
    assert M.covers("a.txt", "Er is\nstructurele   inzet op sport.", 0, 10, g)
    assert not M.covers("a.txt", "Structurele Inzet Op Sport", 0, 10, g)
    assert not M.covers("b.txt", "structurele inzet op sport", 0, 10, g)


def test_relevance_by_offset_overlap_needs_half_the_quote():
    g = M.GoldQuote("a.txt", "een quote die over twee chunks loopt", ((100, 140),))
    # chunk text does not hold the quote, but the place overlaps
    assert M.covers("a.txt", "...", 90, 125, g)  # 25 of 40 chars
    assert not M.covers("a.txt", "...", 90, 110, g)  # 10 of 40 chars
    assert not M.covers("a.txt", "...", 140, 200, g)  # touches, no overlap
    assert not M.covers("b.txt", "...", 100, 140, g)  # other document
    held = M.quotes_covered("a.txt", "...", 100, 140, [g, M.GoldQuote("a.txt", "x y z", ())])
    assert held == frozenset({0})


@pytest.mark.parametrize(
    ("answer", "terms", "expected"),
    [
        ("De reserve is 45.150 (x € 1.000).", ["45.150"], 1.0),
        ("De reserve is 145.150.", ["45.150"], 0.0),
        ("De reserve is 45.150.000 euro.", ["45.150"], 0.0),
        ("Een  BUITENZWEMBAD\nbij de Baggelhuizerplas", ["buitenzwembad", "baggelhuizerplas"], 1.0),
        ("Structurele\n  tekorten vanaf 2028.", ["structurele tekorten", "2028", "2029"], 2 / 3),
        ("De OZB stijgt met 4,2%.", ["4,2%"], 1.0),
        ("Er komt 1 miljoen.", ["11 miljoen"], 0.0),
    ],
)
def test_term_recall_casing_whitespace_and_numbers(answer, terms, expected):
    assert M.term_recall(answer, terms) == pytest.approx(expected)


def test_term_recall_none_without_terms():
    assert M.term_recall("iets", []) is None


def test_answer_scores_refusals_citations_pages():
    A = M.Answered
    outs = [
        A("a", "resident", "fact", True, False, 1.0, (True, False), True, 100.0),
        A("b", "staff", "number", True, True, 0.0, (True,), None, 200.0),  # false refusal
        A("c", "staff", "fact", True, False, 0.5, (False,), False, 300.0),
        A("u", "resident", "unanswerable", False, True, None, (), None, 50.0),
        A("v", "resident", "unanswerable", False, False, None, (False,), None, 60.0),
    ]
    s = M.answer_scores(outs)
    assert s["n_answerable"] == 3 and s["n_unanswerable"] == 2
    assert s["answer_term_recall"] == pytest.approx((1.0 + 0.0 + 0.5) / 3)
    # citations of non-refused answerable answers: True, False, False
    assert s["citation_precision"] == pytest.approx(1 / 3)
    # a refused answer gets no citation credit
    assert s["citation_recall"] == pytest.approx(1 / 3)
    assert s["n_page_known"] == 2 and s["page_accuracy"] == pytest.approx(0.5)
    assert s["refusal_rate_unanswerable"] == pytest.approx(0.5)
    assert s["false_refusal_rate"] == pytest.approx(1 / 3)
    assert s["latency_p50_ms"] == pytest.approx(100.0)


def test_confusion_matrix_and_claim_scores():
    C = M.Checked
    outs = [
        C("1", "supported", "supported", (True,), 10.0),
        C("2", "refuted", "supported", (True,), 10.0),
        C("3", "refuted", "refuted", (True, False), 10.0),
        C("4", M.gold_verdict("not_in_sources"), "not_found", (), 10.0),
        C("5", "not_found", "refuted", (False,), 10.0),
    ]
    s = M.claim_scores(outs)
    assert s["labels"] == ["supported", "refuted", "not_found"]
    assert s["confusion"] == [[1, 0, 0], [1, 1, 0], [0, 1, 1]]
    assert s["accuracy"] == pytest.approx(3 / 5)
    assert s["supported_on_refuted"] == pytest.approx(0.5)
    assert s["evidence_precision"] == pytest.approx(3 / 5)
    assert M.confusion([("supported", "maybe")]) == [[0, 0, 0]] * 3
