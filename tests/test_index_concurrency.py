"""Two or more writers at once: `bronwijzer index` processes and page uploads run together
and every document ends up in the store and in a loadable, searchable index."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = ("parkeren", "afval", "zwembad", "bibliotheek", "fietspad", "speeltuin", "markt", "haven")


def doc_text(i: int) -> str:
    w = WORDS[i % len(WORDS)]
    return (f"Notitie {w} {i}\n\n1. Inleiding\n\nDe gemeente besteedt in 2026 aandacht aan {w} "
            f"nummer {i}. Het budget voor {w} is {100 + i} duizend euro per jaar.\n")


def index_process(home: Path, path: Path) -> subprocess.Popen:
    env = {**os.environ, "BRONWIJZER_HOME": str(home), "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "app", "index", str(path), "--embedder", "fake", "--json"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)


def stored_and_indexed(home: Path) -> tuple[set[str], set[str]]:
    from index.searcher import open_searcher
    from ingest.store import ChunkStore

    stored = {r.doc for r in ChunkStore(home / "store").documents()}
    searcher = open_searcher(home, embedder="fake")
    return stored, {c.doc for c in searcher.chunks()}


def test_concurrent_index_processes_lose_no_document(tmp_path):
    home = tmp_path / "home"
    expected: set[str] = set()
    for round_ in range(3):
        procs = []
        for j in range(3):
            i = round_ * 3 + j
            src = tmp_path / f"src{i}"
            src.mkdir()
            (src / f"notitie-{i}.txt").write_text(doc_text(i), encoding="utf-8")
            expected.add(f"notitie-{i}.txt")
            procs.append(index_process(home, src))
        for p in procs:
            out, err = p.communicate(timeout=300)
            assert p.returncode == 0, err
            assert "Traceback" not in err
            json.loads(out)
        stored, indexed = stored_and_indexed(home)
        assert stored == indexed == expected
    from index.searcher import open_searcher

    hits = open_searcher(home, embedder="fake").search("zwembad nummer 2", k=3, mode="bm25")
    assert hits and hits[0].chunk.doc == "notitie-2.txt"


def test_old_version_stays_while_a_reader_holds_it(tmp_path):
    """A version a reader is loading is not removed under it; the next writer removes it."""
    from index.build import index_paths
    from index.versions import current_version, reader_lock

    home = tmp_path / "home"
    for i in range(3):
        src = tmp_path / f"src{i}"
        src.mkdir()
        (src / f"notitie-{i}.txt").write_text(doc_text(i), encoding="utf-8")
    index_paths([tmp_path / "src0"], home, embedder="fake", progress=False)
    first = current_version(home)
    fd = reader_lock(first)  # a reader in the middle of loading the first version
    try:
        index_paths([tmp_path / "src1"], home, embedder="fake", progress=False)
        second = current_version(home)
        assert second != first and (first / "manifest.json").exists()
    finally:
        os.close(fd)
    index_paths([tmp_path / "src2"], home, embedder="fake", progress=False)
    assert not first.exists() and not second.exists() and current_version(home).exists()
    assert [p.name for p in (home / "faiss").iterdir() if p.is_dir()] == [current_version(home).name]
