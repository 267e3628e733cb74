"""`bronwijzer ask` and `bronwijzer check`: human output, --json, and --batch line format."""

from __future__ import annotations

import json

import pytest
from answer_fakes import FakeSearcher

from app import cli, texts
from app.commands import common

ANSWER_KEYS = {"id", "answer", "refused", "citations", "latency_ms"}
VERDICT_KEYS = {"id", "verdict", "explanation", "evidence", "latency_ms"}


@pytest.fixture(autouse=True)
def fake_index(monkeypatch):
    monkeypatch.setattr(common, "open_configured_searcher",
                        lambda backend=None, embedder=None: FakeSearcher())


def test_ask_batch_writes_one_json_line_per_input(tmp_path, capsys):
    batch = tmp_path / "q.jsonl"
    batch.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in [
        {"id": "a", "question": "Wat is de vrij besteedbare ruimte in de algemene reserve in 2026?"},
        {"id": "b", "question": "Wat kost een nieuw paspoort?"},
        {"id": "c", "question": "   "},
    ]) + "\n", encoding="utf-8")
    assert cli.main(["ask", "--batch", str(batch), "--json"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [x["id"] for x in lines] == ["a", "b", "c"]
    for x in lines:
        assert set(x) >= ANSWER_KEYS
    assert not lines[0]["refused"] and "45.150" in lines[0]["answer"]
    assert lines[0]["citations"][0]["n"] == 1 and "[1]" in lines[0]["answer"]
    assert lines[1]["refused"] and lines[1]["citations"] == []
    assert lines[2]["refused"] and "empty" in lines[2]["error"]


def test_check_batch_writes_verdict_lines(tmp_path, capsys):
    batch = tmp_path / "c.jsonl"
    batch.write_text(json.dumps({"id": "x", "claim": "De OZB-tarieven stijgen per 1 januari 2026 "
                                 "met 10 procent."}) + "\n", encoding="utf-8")
    assert cli.main(["check", "--batch", str(batch), "--json"]) == 0
    (line,) = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert set(line) >= VERDICT_KEYS
    assert line["id"] == "x" and line["verdict"] == "refuted"


def test_ask_human_output_lists_numbered_sources(capsys):
    assert cli.main(["ask", "Wanneer gaat de economische agenda in?"]) == 0
    out = capsys.readouterr().out
    assert texts.SOURCES_HEADER in out
    assert "[1] Raadsvoorstel Economische Agenda 2026-2030, 9 Vervolg, p. 4" in out


def test_ask_refusal_shows_suggestions(capsys):
    assert cli.main(["ask", "Hoe laat opent het gemeentehuis in de kaderbrief?"]) == 0
    out = capsys.readouterr().out
    assert texts.REFUSAL in out and texts.SUGGESTIONS_INTRO in out


def test_check_human_output_has_dutch_label(capsys):
    assert cli.main(["check", "Het zonnepark bij Werklandschap Assen-Zuid is vergund voor 30 jaar."]) == 0
    assert capsys.readouterr().out.startswith("Weerlegd.")


def test_empty_question_is_one_line_and_exit_code_1(capsys):
    assert cli.main(["ask", "  "]) == 1
    err = capsys.readouterr().err
    assert err.startswith("fout: lege vraag") and err.count("\n") == 1


def test_bad_batch_line_names_the_line(tmp_path, capsys):
    batch = tmp_path / "bad.jsonl"
    batch.write_text('{"id": "a", "question": "x"}\nnot json\n', encoding="utf-8")
    assert cli.main(["ask", "--batch", str(batch), "--json"]) == 1
    assert "line 2" in capsys.readouterr().err


def test_ask_json_single(capsys):
    assert cli.main(["ask", "Wanneer gaat de economische agenda in?", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert set(d) >= {"answer", "refused", "citations", "latency_ms"} and not d["refused"]
