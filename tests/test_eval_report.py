"""The Markdown report and the recall@k PNG from a hand-made result."""

from __future__ import annotations

import json

from eval.harness import AnswerRun, EvalResult, ModeRun, Trace
from eval.report import main_table, render, write_json, write_report


def _scores(r1, r5, r10, mrr):
    return {"n": 2, "n_skipped": 1, "recall@1": r1, "recall@5": r5, "recall@10": r10,
            "mrr@10": mrr, "ndcg@10": mrr, "evidence_recall@10": r10, "words_per_chunk": 180.0,
            "latency_p50_ms": 4.0, "latency_p95_ms": 9.0}


def _run(backend, mode, r1, r5, r10, mrr, miss_rank):
    s = _scores(r1, r5, r10, mrr)
    return ModeRun(backend, mode, s, {"resident": s}, {"fact": s},
                   tuple([r1] + [r5] * 4 + [r10] * 5),
                   (Trace("dev-001", 1, 1, 1, ("a.txt: H0, p. 1",)),
                    Trace("dev-002", miss_rank, 0, 2, ("b.txt: Financien, p. 9", "a.txt: H1"),
                          ("c.txt: OZB, p. 70",))))


def _result(answers: bool, backends=("faiss",)):
    runs = tuple(_run(b, m, *v) for b in backends for m, v in
                 (("bm25", (0.5, 0.5, 1.0, 0.6, None)), ("dense", (0.5, 1.0, 1.0, 0.7, 2)),
                  ("hybrid", (0.5, 0.5, 1.0, 0.75, 7))))
    if answers:
        ans = {"n": 3, "n_answerable": 2, "n_unanswerable": 1, "answer_term_recall": 0.8,
               "n_citations": 4, "citation_precision": 0.75, "citation_recall": 1.0,
               "n_page_known": 1, "page_accuracy": 1.0, "refusal_rate_unanswerable": 1.0,
               "false_refusal_rate": 0.0, "latency_p50_ms": 30.0, "latency_p95_ms": 80.0}
        claims = {"n": 2, "accuracy": 0.5, "labels": ["supported", "refuted", "not_found"],
                  "confusion": [[1, 0, 0], [1, 0, 0], [0, 0, 0]], "supported_on_refuted": 1.0,
                  "n_refuted": 1, "evidence_precision": 1.0, "latency_p50_ms": 20.0,
                  "latency_p95_ms": 25.0}
        fail = ({"id": "dev-009", "kind": "claim", "question": "De OZB stijgt met 10%.",
                 "problem": "verdict supported, gold refuted", "answer": "Klopt."},)
        aruns = tuple(AnswerRun(b, None, ans, {"resident": ans}, claims, fail) for b in backends)
    else:
        aruns = tuple(AnswerRun(b, "answer scoring skipped: app.answer is missing (not built yet)")
                      for b in backends)
    return EvalResult("dev.jsonl", 3, 10, tuple(backends), ("bm25", "dense", "hybrid"),
                      "2026-01-01T00:00:00+00:00", runs, aruns,
                      {"dev-001": "Komt er een zwembad?", "dev-002": "Hoe hoog is de OZB?"},
                      ("1 evidence quote not found",))


def test_report_and_png_written(tmp_path):
    md, png = write_report(_result(True), tmp_path / "out" / "dev.md")
    assert md.exists() and png == tmp_path / "out" / "dev-recall.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5000
    text = md.read_text(encoding="utf-8")
    assert "![recall@k](dev-recall.png)" in text
    assert "| faiss | hybrid | 2 | 0.500 | 0.500 | 1.000 | 0.750 |" in text
    assert "hybrid / bm25" in text and "1.25x" in text  # mrr 0.75 / 0.6
    assert "## By audience" in text and "## By kind" in text
    # confusion matrix row: gold refuted predicted supported
    assert "| refuted | 1 | 0 | 0 |" in text
    assert "dev-009" in text and "verdict supported, gold refuted" in text
    assert "By kind:" not in text  # no per-kind answer scores in this result
    # failure list: dev-002 missed by hybrid (rank 7), with the rank per mode and the top hits
    assert "**dev-002** Hoe hoog is de OZB?" in text
    assert "bm25 -, dense 2, hybrid 7" in text and "1. b.txt: Financien, p. 9" in text
    assert "evidence sits in: c.txt: OZB, p. 70" in text
    assert "dev-001**" not in text
    assert "1 evidence quote not found" in text
    assert not list(tmp_path.glob("out/.*"))  # no temp files left


def test_report_says_answers_not_measured():
    text = render(_result(False))
    assert "**Not measured**: answer scoring skipped: app.answer is missing" in text
    assert "answer_term_recall" not in text


def test_backends_side_by_side_with_difference():
    text = render(_result(True, backends=("faiss", "milvus")))
    assert "## Backends side by side" in text
    assert "| milvus - faiss |" in text.replace("metric | faiss | milvus ", "")
    assert "faiss/hybrid R@5" in text
    assert "milvus vs faiss over all modes: 0.000 (within 0.02)" in text


def test_main_table_and_json_round_trip(tmp_path):
    r = _result(True)
    table = main_table(r)
    assert table.splitlines()[0].startswith("| backend | mode | n | recall@1")
    assert len(table.splitlines()) == 2 + 3
    p = write_json(r, tmp_path / "r.json")
    assert EvalResult.from_dict(json.loads(p.read_text(encoding="utf-8"))) == r


def test_backend_difference_above_tolerance_is_flagged():
    r = _result(False, backends=("faiss", "milvus"))
    runs = tuple(x if x.backend == "faiss" or x.mode != "bm25" else
                 _run("milvus", "bm25", 0.5, 0.45, 1.0, 0.6, None) for x in r.runs)
    from dataclasses import replace

    text = render(replace(r, runs=runs))
    assert "milvus vs faiss over all modes: 0.050 (MORE than 0.02" in text
