"""The eval set loader: the dev set loads, malformed lines name file, line and problem."""

from __future__ import annotations

import json

import pytest
from conftest import DEV_SET, require_shared

from app.cli import main
from eval.dataset import EvalItem, EvalSetError, load_eval_set

GOOD = {
    "id": "dev-001",
    "audience": "resident",
    "kind": "fact",
    "question": "Komt er een buitenzwembad?",
    "answer": "Er wordt gekeken naar de haalbaarheid.",
    "answer_terms": ["haalbaarheid"],
    "verdict": None,
    "evidence": [{"doc": "a.txt", "quote": "We doen nu vooronderzoek naar de haalbaarheid."}],
    "section": "Zwembad",
}


def _write(tmp_path, objs):
    p = tmp_path / "set.jsonl"
    p.write_text("".join(
        (o if isinstance(o, str) else json.dumps(o, ensure_ascii=False)) + "\n" for o in objs
    ), encoding="utf-8")
    return p


def test_dev_set_loads_and_round_trips():
    items = load_eval_set(require_shared(DEV_SET))
    assert len(items) == 90
    assert len({i.id for i in items}) == 90
    for it in items:
        assert EvalItem.from_dict(it.to_dict()) == it
        assert it.answerable == bool(it.evidence)
    assert sum(1 for i in items if i.kind == "unanswerable") == 7


def test_good_item_parses(tmp_path):
    [it] = load_eval_set(_write(tmp_path, [GOOD]))
    assert it.evidence[0].doc == "a.txt" and it.answer_terms == ("haalbaarheid",)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"audience": "burger"}, "bad audience 'burger'"),
        ({"kind": "claim"}, "claim needs verdict"),
        ({"verdict": "supported"}, "verdict must be null for kind fact"),
        ({"question": "  "}, "empty question"),
        ({"answer_terms": ["zwembad"]}, "answer_term 'zwembad' not contained in answer"),
        ({"answer_terms": []}, "answer_terms must have 1-4 entries"),
        ({"evidence": [{"doc": "a.txt", "quote": "te kort"}]}, "quote has 2 words"),
        ({"evidence": [{"doc": "a.txt"}]}, "evidence[0] must be an object with keys doc, quote"),
        ({"evidence": []}, "needs at least one evidence passage"),
        ({"id": "dev-1"}, "bad id 'dev-1'"),
        ({"extra": 1}, "unexpected fields ['extra']"),
        ({"kind": "compare"}, "at least two distinct evidence passages"),
    ],
)
def test_malformed_item_names_file_line_and_problem(tmp_path, change, message):
    second = {**GOOD, "id": "dev-002", **change}
    p = _write(tmp_path, [GOOD, second])
    with pytest.raises(EvalSetError) as exc:
        load_eval_set(p)
    text = str(exc.value)
    assert str(p) in text and "line 2" in text and message in text


def test_missing_field_invalid_json_duplicate_and_empty_line(tmp_path):
    bad = {k: v for k, v in GOOD.items() if k != "section"}
    with pytest.raises(EvalSetError, match=r"line 1 .*missing fields \['section'\]"):
        load_eval_set(_write(tmp_path, [bad]))
    with pytest.raises(EvalSetError, match=r"line 2: invalid JSON"):
        load_eval_set(_write(tmp_path, [GOOD, "{not json"]))
    with pytest.raises(EvalSetError, match=r"line 2 \(dev-001\): duplicate id dev-001"):
        load_eval_set(_write(tmp_path, [GOOD, GOOD]))
    with pytest.raises(EvalSetError, match=r"line 2: empty line"):
        load_eval_set(_write(tmp_path, [GOOD, "", GOOD]))
    with pytest.raises(EvalSetError, match="not found"):
        load_eval_set(tmp_path / "nope.jsonl")


def test_unanswerable_rules(tmp_path):
    un = {**GOOD, "kind": "unanswerable", "answer": "", "answer_terms": [], "evidence": [],
          "section": None}
    [it] = load_eval_set(_write(tmp_path, [un]))
    assert not it.answerable
    with pytest.raises(EvalSetError, match='answer must be "" for unanswerable'):
        load_eval_set(_write(tmp_path, [{**un, "answer": "iets"}]))


def test_cli_prints_one_line_for_a_bad_set(tmp_path, capsys):
    p = _write(tmp_path, [{**GOOD, "audience": "x"}])
    assert main(["eval", "--set", str(p)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ") and "line 1" in err[0]
