"""Bulk ingest into Milvus Lite with worker processes: counts, skip by hash, change, crash + resume."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index.bulk import BulkReport, bulk_index
from index.milvus_backend import MilvusBackend
from index.model import Filters

ROOT = Path(__file__).resolve().parent.parent
TOPICS = ["sport", "wonen", "zwembad", "parkeren", "afval", "cultuur", "groen", "jeugd",
          "verkeer", "armoede", "onderwijs", "energie"]


def _write_folder(folder: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        topic = TOPICS[i % len(TOPICS)]
        body = "\n\n".join(
            f"De gemeente werkt in {2024 + i % 3} aan {topic} in wijk {j} van Assen. "
            f"Het budget voor {topic} bedraagt {1000 + 17 * i + j}.000 euro per jaar. " * 6
            for j in range(4)
        )
        (folder / f"nota-{i:03d}-{topic}.txt").write_text(
            f"Nota {topic} {i}\n\n1. Inleiding\n\n{body}\n", encoding="utf-8")


def _run(folder: Path, home: Path, **kw) -> BulkReport:
    return bulk_index([folder], home, embedder="fake", backend="milvus", workers=2,
                      progress=False, commit_every=3, **kw)


def test_bulk_indexes_a_folder_then_skips_unchanged_and_replaces_changed(tmp_path):
    folder, home = tmp_path / "docs", tmp_path / "home"
    _write_folder(folder, 8)
    (folder / "kapot.pdf").write_bytes(b"%PDF-1.4 this is not a real pdf")
    first = _run(folder, home, municipality="assen")
    assert first.files == 9 and len(first.indexed) == 8 and first.unchanged == 0
    assert [name for name, _ in first.failed] == ["kapot.pdf"]
    assert "8 indexed" in first.summary() and "kapot.pdf" in first.summary()
    assert BulkReport.from_dict(first.to_dict()) == first

    b = MilvusBackend(home, 64, embedder="fake", must_exist=True)
    assert b.count() == first.chunks and len(b.indexed_docs()) == 8
    hits = b.search_lexical("zwembad", 20, Filters(municipality="assen"))
    assert hits and all("zwembad" in c.doc for c, _ in hits)

    again = _run(folder, home)
    assert again.unchanged == 8 and again.indexed == () and again.chunks == 0

    changed = folder / "nota-002-zwembad.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nHet buitenzwembad sluit.\n",
                       encoding="utf-8")
    third = _run(folder, home)
    assert third.indexed == ("nota-002-zwembad.txt",) and third.unchanged == 7
    b = MilvusBackend(home, 64, embedder="fake", must_exist=True)
    assert len(b.indexed_docs()) == 8  # the old version of the changed file is gone
    assert len({c.doc_id for c in b.chunks() if c.doc == "nota-002-zwembad.txt"}) == 1
    assert [c.doc for c, _ in b.search_lexical("buitenzwembad", 5, Filters())] == \
        ["nota-002-zwembad.txt"]


def test_bulk_tags_every_chunk_with_the_municipality(tmp_path):
    _write_folder(tmp_path / "assen", 2)
    _write_folder(tmp_path / "emmen", 3)
    for p in (tmp_path / "emmen").iterdir():
        p.rename(p.with_name("emmen-" + p.name))
    home = tmp_path / "home"
    _run(tmp_path / "assen", home, municipality="assen")
    _run(tmp_path / "emmen", home, municipality="emmen")
    b = MilvusBackend(home, 64, embedder="fake", must_exist=True)
    by_town = {c.municipality for c in b.chunks()}
    assert by_town == {"assen", "emmen"}
    hits = b.search_lexical("budget", 100, Filters(municipality="emmen"))
    assert hits and all(c.doc.startswith("emmen-") for c, _ in hits)


CRASHER = """
import sys
from pathlib import Path
from index.bulk import bulk_index

def on_doc(name, n):
    print("DONE", name, flush=True)

bulk_index([Path(sys.argv[1])], Path(sys.argv[2]), embedder="fake", backend="milvus",
           workers=1, progress=False, commit_every=1, on_document=on_doc)
"""


def test_bulk_resumes_after_being_killed(tmp_path):
    folder, home = tmp_path / "docs", tmp_path / "home"
    _write_folder(folder, 10)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", CRASHER, str(folder), str(home)],
                            stdout=subprocess.PIPE, text=True, env=env, cwd=tmp_path,
                            start_new_session=True)
    done = []
    deadline = time.monotonic() + 120
    while len(done) < 3 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        if line.startswith("DONE"):
            done.append(line.split()[1])
    os.killpg(proc.pid, signal.SIGKILL)  # the whole run, workers included, mid-folder
    proc.wait()
    assert len(done) == 3, f"the bulk run did not get going: {done}"

    resumed = _run(folder, home)
    assert resumed.unchanged >= 3  # what was durable before the kill is not redone
    assert resumed.unchanged + len(resumed.indexed) == 10
    b = MilvusBackend(home, 64, embedder="fake", must_exist=True)
    chunks = b.chunks()
    assert len(b.indexed_docs()) == 10
    assert len(chunks) == len({c.chunk_id for c in chunks}) == b.count()


@pytest.mark.parametrize("workers", [0, -1])
def test_bulk_rejects_a_nonsense_worker_count(tmp_path, workers):
    with pytest.raises(ValueError, match="workers"):
        bulk_index([tmp_path], tmp_path, embedder="fake", workers=workers, progress=False)


def test_index_command_bulk_mode(tmp_path, monkeypatch, capsys):
    from app.cli import main

    folder = tmp_path / "docs"
    _write_folder(folder, 3)
    monkeypatch.setenv("BRONWIJZER_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("BRONWIJZER_BACKEND", "milvus")
    monkeypatch.setenv("BRONWIJZER_EMBEDDER", "fake")
    monkeypatch.delenv("BRONWIJZER_MILVUS_URI", raising=False)
    assert main(["index", "--workers", "1", "--municipality", "emmen", str(folder)]) == 0
    assert "3 files: 3 indexed" in capsys.readouterr().out
    assert main(["index", "--workers", "1", str(folder)]) == 0
    assert "3 unchanged" in capsys.readouterr().out
    b = MilvusBackend(tmp_path / "home", 64, embedder="fake", must_exist=True)
    assert {c.municipality for c in b.chunks()} == {"emmen"}


def test_bulk_stores_the_abbreviations_each_document_writes_out(tmp_path):
    from ingest.store import ChunkStore

    folder = tmp_path / "docs"
    _write_folder(folder, 2)
    (folder / "nota-900-milieu.txt").write_text(
        "Milieu\n\nDe Regionale Uitvoeringsdienst (RUD) houdt toezicht.\n", encoding="utf-8")
    home = tmp_path / "home"
    _run(folder, home)
    path = home / "store" / "documents.json"
    assert '"abbreviations"' in path.read_text(encoding="utf-8")  # kept in the record itself
    store = ChunkStore(home / "store")
    assert store.abbreviations("nota-900-milieu.txt") == {"RUD": "Regionale Uitvoeringsdienst"}
    assert store.abbreviations("nota-000-wonen.txt") == {}
