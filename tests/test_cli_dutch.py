"""The command line speaks Dutch (argparse's own words too), names unknown documents,
reads both batch field names for `check`, and ends quietly when its reader leaves."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from answer_fakes import FakeSearcher

from app import cli
from app.commands import common

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def fake_index(monkeypatch):
    monkeypatch.setattr(common, "open_configured_searcher",
                        lambda backend=None, embedder=None: FakeSearcher())


@pytest.mark.parametrize("argv", [["--help"], ["search", "--help"], ["ask", "--help"],
                                  ["check", "--help"], ["index", "--help"], ["serve", "--help"]])
def test_help_is_dutch_including_argparse_words(argv, capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(argv)
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("gebruik: bronwijzer") and "opties:" in out
    assert "toon deze hulp en stop" in out
    for english in ("usage:", "options:", "show this help", "positional arguments", "default"):
        assert english not in out, english


def test_argparse_errors_are_dutch(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["search", "x", "--mode", "fuzzy"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "fout: argument --mode: ongeldige keuze: 'fuzzy'" in err and "gebruik:" in err


@pytest.mark.parametrize("command", ["search", "ask", "check"])
def test_unknown_doc_names_the_documents_that_exist(fake_index, capsys, command):
    assert cli.main([command, "OZB 2026", "--doc", "begroting-2099"]) == 1
    err = capsys.readouterr().err
    known = sorted({c.doc for c in FakeSearcher().chunks()})
    assert err.count("\n") == 1 and "'begroting-2099'" in err
    assert all(doc in err for doc in known)


def test_known_doc_by_stem_is_accepted(fake_index, capsys):
    doc = FakeSearcher().chunks()[0].doc
    assert cli.main(["search", "reserve", "--doc", doc.rsplit(".", 1)[0], "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)["hits"]
    assert hits and all(h["doc"] == doc for h in hits)


@pytest.mark.parametrize("field", ["claim", "question"])
def test_check_batch_reads_claim_or_question(fake_index, tmp_path, capsys, field):
    batch = tmp_path / "claims.jsonl"
    batch.write_text(json.dumps({"id": "c1", field: "De OZB stijgt in 2026 met 10%."}) + "\n",
                     encoding="utf-8")
    assert cli.main(["check", "--batch", str(batch), "--json"]) == 0
    line = json.loads(capsys.readouterr().out)
    assert line["id"] == "c1" and line["verdict"]


def test_search_into_a_closed_pipe_ends_quietly(tmp_path):
    """`bronwijzer search ... | head -1`: no BrokenPipeError traceback, exit code 0.
    The reading end is closed before the command writes, so every run hits the pipe."""
    script = (
        "import sys; sys.path.insert(0, 'tests')\n"
        "from answer_fakes import FakeSearcher\n"
        "from app import cli\nfrom app.commands import common\n"
        "common.open_configured_searcher = lambda backend=None, embedder=None: FakeSearcher()\n"
        "sys.exit(cli.main(['search', 'reserve OZB woningen']))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT), BRONWIJZER_HOME=str(tmp_path))
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, stdout=write_end,
                              stderr=subprocess.PIPE, text=True, timeout=120)
    finally:
        os.close(write_end)
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr, done.stderr
    assert done.returncode == 0
