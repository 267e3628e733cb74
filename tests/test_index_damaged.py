"""Every damaged index file gives one Dutch line naming the file and the fix, on the CLI
and on the page (no traceback, no server path there), and the fix works: `index --rebuild`
rebuilds from the user's stored documents, also when the manifest is broken."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_index_concurrency import doc_text

from app.cli import main

FILES = ("manifest.json", "chunks.jsonl", "vectors.npy", "dense.faiss",
         "bm25/params.index.json", "bm25/data.csc.index.npy", "CURRENT")


def build(home: Path, tmp_path: Path) -> set[str]:
    from index.build import index_paths

    src = tmp_path / "own"
    src.mkdir()
    for i in range(3):
        (src / f"eigen-notitie-{i}.txt").write_text(doc_text(i), encoding="utf-8")
    index_paths([src], home, embedder="fake", progress=False)
    return {f"eigen-notitie-{i}.txt" for i in range(3)}


def damage(home: Path, name: str) -> Path:
    from index.versions import current_version

    path = home / "faiss" / "CURRENT" if name == "CURRENT" else current_version(home) / name
    data = path.read_bytes()
    path.write_bytes(b"\x00garbage" if name == "CURRENT" else data[: len(data) // 2])
    return path


@pytest.mark.parametrize("name", FILES)
def test_damaged_file_gives_one_dutch_line_and_rebuild_fixes_it(name, tmp_path, capsys,
                                                                 _isolated_home):
    home = _isolated_home
    own = build(home, tmp_path)
    path = damage(home, name)
    for argv in (["search", "zwembad"], ["ask", "Wat is het budget voor afval?"]):
        assert main(argv) == 1
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and "Traceback" not in err
        assert path.name in err and "bronwijzer index --rebuild" in err
        assert "beschadigd" in err
    assert main(["index", "--rebuild", "--embedder", "fake", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["documents"] == 3 and report["rebuilt"]
    assert main(["search", "zwembad", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)["hits"]
    assert hits and {h["doc"] for h in hits} <= own


def test_page_names_the_damaged_file_without_a_server_path(tmp_path, monkeypatch, _isolated_home):
    from test_streamlit_app import app_test

    home = _isolated_home
    build(home, tmp_path)
    damage(home, "dense.faiss")
    monkeypatch.setenv("BRONWIJZER_EMBEDDER", "fake")
    at = app_test()
    errors = [e.value for e in at.error]
    assert len(errors) == 1
    assert "dense.faiss" in errors[0] and "bronwijzer index --rebuild" in errors[0]
    assert str(home) not in errors[0] and "faiss/" not in errors[0] and "Error" not in errors[0]


def test_rebuild_without_path_never_swaps_in_the_bundled_corpus(tmp_path, capsys, _isolated_home):
    home = _isolated_home
    own = build(home, tmp_path)
    (home / "faiss" / "CURRENT").unlink()  # even with no index left at all
    assert main(["index", "--rebuild", "--embedder", "fake", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["documents"] == 3 and report["removed"] == []
    from ingest.store import ChunkStore

    assert {r.doc for r in ChunkStore(home / "store").documents()} == own


def test_huge_text_file_is_refused_with_the_override_named(tmp_path, capsys, _isolated_home):
    home = _isolated_home
    own = build(home, tmp_path)
    big = tmp_path / "big"
    big.mkdir()
    para = doc_text(5).split("\n\n", 1)[1]
    (big / "enorm.txt").write_text("Enorm stuk\n\n" + "\n\n".join(
        f"{i}. Hoofdstuk {i}\n\n{para}" for i in range(1, 60)), encoding="utf-8")
    assert main(["index", str(big), "--embedder", "fake", "--max-chunks", "5"]) == 1
    err = capsys.readouterr().err
    assert "enorm.txt" in err and "--max-chunks" in err and len(err.strip().splitlines()) == 1
    from ingest.store import ChunkStore

    assert {r.doc for r in ChunkStore(home / "store").documents()} == own  # nothing changed
    (big / "enorm.txt").write_text("x" * (5 * 4096 + 1), encoding="utf-8")
    assert main(["index", str(big), "--embedder", "fake", "--max-chunks", "5"]) == 1
    err = capsys.readouterr().err
    assert "enorm.txt" in err and "MB" in err and "--max-chunks" in err
    assert main(["index", str(big), "--embedder", "fake", "--max-chunks", "100"]) == 0
