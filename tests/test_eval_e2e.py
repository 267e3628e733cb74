"""End to end on a tiny index built with the fake embedder: build -> eval (CLI) -> report."""

from __future__ import annotations

import json

import pytest

from app.cli import main
from eval.dataset import load_eval_set
from eval.harness import evaluate
from ingest.model import Chunk, PageRef

DOCS = {
    "sport-2026.txt": (
        "Sport en bewegen\n\n"
        "De gemeente zorgt voor structurele inzet op sport en bewegen in alle wijken.\n\n"
        "Er komt een nieuwe sporthal in Kloosterveen met ruimte voor zes verenigingen.\n"
    ),
    "financien-2026.txt": (
        "Financien\n\n"
        "De OZB-tarieven stijgen per 1 januari 2026 met 4,2% voor woningen.\n\n"
        "De algemene reserve daalt van 60.693 naar 45.150 in de begroting van 2026.\n"
    ),
    "zwembad.txt": (
        "Zwembad\n\n"
        "We doen nu vooronderzoek naar de haalbaarheid van een buitenzwembad in Assen.\n"
    ),
}

SET = [
    {"id": "dev-001", "audience": "resident", "kind": "fact",
     "question": "Wat doet de gemeente aan sport en bewegen?",
     "answer": "Structurele inzet op sport.", "answer_terms": ["structurele inzet"],
     "verdict": None, "section": None,
     "evidence": [{"doc": "sport-2026.txt", "quote": "structurele inzet op sport en bewegen"}]},
    {"id": "dev-002", "audience": "staff", "kind": "number",
     "question": "Hoeveel stijgen de OZB-tarieven in 2026?",
     "answer": "Met 4,2%.", "answer_terms": ["4,2%"], "verdict": None, "section": None,
     "evidence": [{"doc": "financien-2026.txt",
                   "quote": "De OZB-tarieven stijgen per 1 januari 2026"}]},
    {"id": "dev-003", "audience": "journalist", "kind": "claim",
     "question": "De algemene reserve daalt naar 45.150 in 2026.",
     "answer": "Klopt, naar 45.150.", "answer_terms": ["45.150"], "verdict": "supported",
     "section": None,
     "evidence": [{"doc": "financien-2026.txt",
                   "quote": "De algemene reserve daalt van 60.693 naar 45.150"}]},
    {"id": "dev-004", "audience": "resident", "kind": "unanswerable",
     "question": "Wanneer is de milieustraat open?", "answer": "", "answer_terms": [],
     "verdict": None, "evidence": [], "section": None},
]


def _write_set(tmp_path):
    p = tmp_path / "mini.jsonl"
    p.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in SET), encoding="utf-8")
    return p


def _hand_chunks() -> list[Chunk]:
    out = []
    for doc, text in DOCS.items():
        doc_id = f"{abs(hash(doc)) % 10**12:012d}"
        pos, n = 0, 0
        for para in text.split("\n\n")[1:]:
            para = para.strip()
            start = text.index(para, pos)
            pos = start + len(para)
            out.append(Chunk(f"{doc_id}:{n:04d}", doc_id, doc, doc.rsplit(".", 1)[0],
                             (text.split("\n", 1)[0],), PageRef(1, 1, "1", True), para,
                             start, start + len(para)))
            n += 1
    return out


def test_eval_cli_on_a_fake_faiss_index(tmp_path, _isolated_home, capsys):
    from index.build import sync_index
    from index.searcher import open_searcher

    sync_index(_hand_chunks(), _isolated_home, embedder="fake", progress=False)
    set_path = _write_set(tmp_path)
    searcher = open_searcher(_isolated_home)
    r = evaluate(load_eval_set(set_path), {"faiss": searcher}, answers=False, store=DOCS)
    hybrid = r.run("faiss", "hybrid")
    assert hybrid.scores["n"] == 3 and hybrid.scores["n_skipped"] == 1
    bm25 = r.run("faiss", "bm25")
    assert bm25.scores["recall@1"] == pytest.approx(1.0)  # exact words, tiny corpus
    assert hybrid.scores["recall@5"] == pytest.approx(1.0)
    assert not r.notes

    out_md, out_json = tmp_path / "rep" / "mini.md", tmp_path / "mini.json"
    code = main(["eval", "--set", str(set_path), "--report", str(out_md), "--json",
                 str(out_json), "--no-answers", "--modes", "bm25,hybrid", "-k", "5"])
    assert code == 0
    printed = capsys.readouterr().out
    assert "| faiss | bm25 | 3 |" in printed and "| faiss | hybrid | 3 |" in printed
    assert (tmp_path / "rep" / "mini-recall.png").exists()
    data = json.loads(out_json.read_text(encoding="utf-8"))
    assert data["k"] == 5 and data["modes"] == ["bm25", "hybrid"]
    assert data["answer_runs"][0]["skipped"].endswith("--no-answers given")


def test_eval_cli_rejects_unknown_mode(tmp_path, capsys):
    assert main(["eval", "--set", str(_write_set(tmp_path)), "--modes", "bm25,magic"]) == 1
    assert "unknown mode(s) ['magic']" in capsys.readouterr().err


def test_eval_cli_without_index_says_how_to_build(tmp_path, capsys):
    assert main(["eval", "--set", str(_write_set(tmp_path))]) == 1
    assert "bronwijzer index" in capsys.readouterr().err


def test_ingest_index_eval_from_text_files(tmp_path, _isolated_home):
    """The product path: text files -> ingest -> fake-embedder index -> eval with answers."""
    from index.build import index_paths
    from index.searcher import open_searcher
    from ingest.store import ChunkStore

    folder = tmp_path / "docs"
    folder.mkdir()
    for name, text in DOCS.items():
        (folder / name).write_text(text, encoding="utf-8")
    index_paths([folder], _isolated_home, embedder="fake", progress=False)
    store = ChunkStore(_isolated_home / "store")
    r = evaluate(load_eval_set(_write_set(tmp_path)), {"faiss": open_searcher(_isolated_home)},
                 store=store)
    assert not r.notes, r.notes  # every quote located in the normalised texts
    assert r.run("faiss", "bm25").scores["recall@5"] == pytest.approx(1.0)
    a = r.answer_runs[0]
    if a.skipped:
        assert "is missing" in a.skipped
    else:
        assert a.answers["n"] == 3 and a.claims["n"] == 1


TRAINED: list[tuple[str, ...]] = []


def trainer(searcher, train_items):
    """A --trainer for the CLI test: the shipped engine, recording what it was given."""
    from app.answer import Answerer
    from app.claims import ClaimChecker

    TRAINED.append(tuple(sorted({it.gold_doc for it in train_items if it.gold_doc})))
    return Answerer(searcher), ClaimChecker(searcher)


def test_eval_cli_cross_validates_by_document(tmp_path, _isolated_home, capsys):
    from index.build import sync_index

    sync_index(_hand_chunks(), _isolated_home, embedder="fake", progress=False)
    TRAINED.clear()
    out_json, out_md = tmp_path / "cv.json", tmp_path / "cv.md"
    code = main(["eval", "--set", str(_write_set(tmp_path)), "--modes", "bm25", "--json",
                 str(out_json), "--report", str(out_md), "--cross-validate",
                 "--trainer", "test_eval_e2e:trainer"])
    assert code == 0, capsys.readouterr().err
    # two documents hold evidence: one fold each, each trained without its own document
    assert sorted(TRAINED) == [("financien-2026.txt",), ("sport-2026.txt",)]
    data = json.loads(out_json.read_text(encoding="utf-8"))
    assert [a["variant"] for a in data["answer_runs"]] == ["in-sample", "cross-validated"]
    assert "| metric | in-sample | cross-validated | target |" in out_md.read_text(encoding="utf-8")
    assert "answers (cross-validated)" in capsys.readouterr().out


@pytest.mark.parametrize(("spec", "message"), [
    ("eval.nothing_here:engines", "module eval.nothing_here not found"),
    ("eval.folds:nope", "eval.folds has no function nope"),
    ("no-colon", "is not MODULE:FUNCTION"),
])
def test_eval_cli_names_a_missing_trainer_before_any_work(tmp_path, capsys, spec, message):
    code = main(["eval", "--set", str(_write_set(tmp_path)), "--cross-validate", "--trainer", spec])
    err = capsys.readouterr().err
    assert code == 1 and message in err and "--trainer MODULE:FUNCTION" in err


def test_eval_cli_scores_two_sets_as_one(tmp_path, _isolated_home, capsys):
    from index.build import sync_index

    sync_index(_hand_chunks(), _isolated_home, embedder="fake", progress=False)
    second = tmp_path / "second.jsonl"
    rich = {"id": "mun-001", "persona": "staff", "kind": "definition", "question": "Wat is OZB?",
            "answer": "Een belasting; tarieven stijgen met 4,2%.", "answer_terms": ["4,2%"],
            "evidence": ["De OZB-tarieven stijgen per 1 januari 2026"], "doc": "financien-2026.txt",
            "page": 1, "page_label": "1", "section": "Financien", "notes": "ignored"}
    second.write_text(json.dumps(rich, ensure_ascii=False) + "\n", encoding="utf-8")
    out_json = tmp_path / "two.json"
    assert main(["eval", "--set", str(_write_set(tmp_path)), "--add-set", str(second),
                 "--modes", "bm25", "--no-answers", "--json", str(out_json)]) == 0
    data = json.loads(out_json.read_text(encoding="utf-8"))
    assert data["n_items"] == len(SET) + 1 and data["set_name"] == "mini.jsonl + second.jsonl"
    assert "financien-2026.txt" in data["runs"][0]["by_doc"]
