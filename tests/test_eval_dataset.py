"""The eval set loader: the dev set loads, malformed lines name file, line and problem."""

from __future__ import annotations

import json

import pytest
from conftest import DEV_SET, SHARED, require_shared

from app.cli import main
from eval.dataset import NO_DOC, EvalItem, EvalSetError, load_eval_set, load_eval_sets

MUN_SET = SHARED / "eval" / "dev_municipalities.jsonl"
MUN_EXPORT = SHARED / "eval" / "dev_municipalities.bronwijzer.jsonl"

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
        ({"history": "Hoeveel?"}, "history must be a list"),
        ({"page": 0}, "page must be null or a physical page number"),
        ({"evidence": ["Een zin van genoeg woorden hier."]}, "bare quote, so the item needs a 'doc'"),
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
    assert len(err) == 1 and err[0].startswith("fout: ") and "line 1" in err[0]


def test_unknown_fields_are_ignored_not_rejected(tmp_path):
    [it] = load_eval_set(_write(tmp_path, [{**GOOD, "extra": 1, "notes": {"x": [1]}}]))
    assert it == load_eval_set(_write(tmp_path, [GOOD]))[0]


def test_rich_municipal_set_loads_as_is():
    items = load_eval_set(require_shared(MUN_SET))
    assert len(items) == 119 and len({i.id for i in items}) == 119
    by_id = {i.id: i for i in items}
    for it in items:
        assert EvalItem.from_dict(it.to_dict()) == it
        assert it.kind != "definition" and it.audience in ("resident", "staff", "journalist")
        if it.answerable:  # bare quote strings take the item's place
            assert it.gold_doc and all(e.doc for e in it.all_evidence)
            assert it.evidence[0].page == it.page and it.evidence[0].section == it.section
        else:
            assert it.doc_group == NO_DOC and not it.answer_terms
    labels = [i.verdict for i in items if i.kind == "claim"]
    assert sorted(set(labels)) == ["not_found", "refuted", "supported"] and len(labels) == 18
    claims = [i for i in items if i.kind == "claim"]
    assert all(i.claim and i.statement == i.claim != i.question for i in claims)
    followups = [i for i in items if i.kind == "followup"]
    assert len(followups) == 6 and all(i.history and i.standalone_question for i in followups)
    assert sum(1 for i in items if i.kind == "explain") == 7  # "definition" read as explain
    more = [i for i in items if i.evidence_more]
    assert more and all(len(i.all_evidence) > len(i.evidence) for i in more)
    assert all(e.page and e.section for i in more for e in i.evidence_more)
    assert by_id["mun-001"].page == 28 and by_id["mun-001"].page_label == "28"
    assert any(i.page and i.page_label is None for i in items)  # a PDF without printed numbers


def test_exported_set_and_rich_set_hold_the_same_questions():
    rich = {i.id: i for i in load_eval_set(require_shared(MUN_SET))}
    plain = {i.id: i for i in load_eval_set(require_shared(MUN_EXPORT))}
    assert rich.keys() == plain.keys()
    for iid, p in plain.items():
        r = rich[iid]
        assert p.verdict == r.verdict and p.answer_terms == r.answer_terms
        assert {(e.doc, e.quote) for e in p.evidence} == {(e.doc, e.quote) for e in r.all_evidence}
        assert p.gold_doc == r.gold_doc
        assert p.statement == (r.standalone_question if r.kind == "followup" else r.statement)


def test_both_sets_together_and_ids_unique_across_sets(tmp_path):
    items = load_eval_sets([require_shared(DEV_SET), require_shared(MUN_SET)])
    assert len(items) == 90 + 119
    with pytest.raises(EvalSetError, match="also in"):
        load_eval_sets([DEV_SET, DEV_SET])


def test_rich_rules_name_the_problem(tmp_path):
    rich = {"id": "mun-001", "persona": "staff", "kind": "claim", "question": "Klopt het?",
            "claim": "De OZB stijgt met 10%.", "label": "not_in_sources", "answer": "",
            "answer_terms": [], "evidence": [], "doc": None, "page": None, "page_label": None,
            "section": None}
    [it] = load_eval_set(_write(tmp_path, [rich]))
    assert it.verdict == "not_found" and not it.answerable and it.statement == rich["claim"]
    with pytest.raises(EvalSetError, match="claim needs verdict"):
        load_eval_set(_write(tmp_path, [{**rich, "label": "maybe"}]))
    with pytest.raises(EvalSetError, match="followup needs 'history'"):
        load_eval_set(_write(tmp_path, [{**GOOD, "kind": "followup"}]))
    with pytest.raises(EvalSetError, match="only on claims"):
        load_eval_set(_write(tmp_path, [{**GOOD, "claim": "x y z"}]))
