"""`ask`/`check` take --municipality like `search`; a --batch file with a repeated id is
refused with a line naming both lines (answers would otherwise be matched to the wrong id)."""

from __future__ import annotations

import json

import pytest
from answer_fakes import FakeSearcher

from app import cli
from app.commands import common


@pytest.fixture(autouse=True)
def fake_index(monkeypatch):
    monkeypatch.setattr(common, "open_configured_searcher",
                        lambda backend=None, embedder=None: FakeSearcher())


QUESTION = "Hoeveel stijgen de OZB-tarieven in 2026?"
CLAIM = "De OZB-tarieven stijgen per 1 januari 2026 met 10 procent."


def test_ask_and_check_filter_by_municipality(capsys):
    municipality = FakeSearcher().chunks()[0].municipality
    assert cli.main(["ask", QUESTION, "--municipality", municipality, "--json"]) == 0
    assert not json.loads(capsys.readouterr().out)["refused"]
    assert cli.main(["ask", QUESTION, "--municipality", "elders", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["refused"]
    assert cli.main(["check", CLAIM, "--municipality", municipality, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["verdict"] == "refuted"
    assert cli.main(["check", CLAIM, "--municipality", "elders", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["verdict"] == "not_found"


@pytest.mark.parametrize("command", ["ask", "check", "search"])
def test_repeated_batch_id_is_refused_naming_both_lines(command, tmp_path, capsys):
    batch = tmp_path / "b.jsonl"
    rows = [{"id": "q1", "question": QUESTION, "claim": CLAIM},
            {"id": "q2", "question": QUESTION, "claim": CLAIM},
            {"id": "q1", "question": "Wat kost een paspoort?", "claim": CLAIM}]
    batch.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    assert cli.main([command, "--batch", str(batch), "--json"]) == 1
    out = capsys.readouterr()
    assert out.out == ""
    assert "line 3" in out.err and "line 1" in out.err and "'q1'" in out.err
