"""kill -9 at seeded random moments inside a change (new documents plus a replaced one, by
`index_paths` and by the page's upload function): after the next writer's recovery, the
store and the index agree and hold the state before or the state after the change, never
a mix. The kill moment is drawn inside the change's window (from its journal to its end,
as one uncut run measured it), so every kill lands in the middle of real writes."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from test_index_concurrency import doc_text

ROOT = Path(__file__).resolve().parent.parent
SEEDS = range(8)
CHANGE = """
import sys
from pathlib import Path
from index.build import index_paths
index_paths([Path(sys.argv[2])], Path(sys.argv[1]), embedder="fake", progress=False)
print("done", flush=True)
"""


JOURNAL = Path(".change") / "journal.json"


def change_window(proc: subprocess.Popen, home: Path) -> tuple[float, float | None]:
    """Run a change to its end: (seconds from start to exit, seconds from its journal's
    appearance to exit, None when it kept no journal)."""
    t0 = time.monotonic()
    began = None
    while proc.poll() is None:
        if began is None and (home / JOURNAL).exists():
            began = time.monotonic()
        time.sleep(0.002)
    proc.communicate(timeout=60)
    end = time.monotonic()
    return end - t0, None if began is None else max(end - began, 0.05)


def kill_inside(proc: subprocess.Popen, home: Path, times: tuple[float, float | None],
                rng: random.Random) -> None:
    """kill -9 at a seeded moment: that fraction of the change's window after its journal
    appears (or of the whole run, for a writer that keeps no journal)."""
    total, window = times
    u = rng.random()
    t0 = time.monotonic()
    while not (home / JOURNAL).exists() and proc.poll() is None \
            and (window is not None or time.monotonic() - t0 < u * total):
        time.sleep(0.002)
    if window is not None:
        time.sleep(u * window)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)


def state(home: Path) -> dict[str, tuple[str, int]]:
    """doc -> (sha256, chunks) as the store says, after checking the index says the same."""
    from index.faiss_backend import FaissBackend
    from index.lock import recover, write_lock
    from ingest.store import ChunkStore

    with write_lock(home, wait=0):
        recover(home)
    store = ChunkStore(home / "store")
    stored = {r.doc: (r.sha256, r.n_chunks) for r in store.documents()}
    for doc in stored:
        assert store.chunks(doc), doc  # every listed document's files are there
    backend = FaissBackend(home, 64, embedder="fake", must_exist=True)
    indexed: dict[str, int] = {}
    for c in backend.chunks():
        indexed[c.doc] = indexed.get(c.doc, 0) + 1
    assert indexed == {d: n for d, (_, n) in stored.items()}
    hashes = backend.indexed_docs()
    assert {h.split("+")[0] for h in hashes.values()} == {sha[:47] for sha, _ in stored.values()}
    return stored


def test_kill_9_during_a_change_leaves_store_and_index_agreeing(tmp_path):
    from index.build import index_paths

    base = tmp_path / "base"
    first = tmp_path / "first"
    first.mkdir()
    for i in range(2):
        (first / f"notitie-{i}.txt").write_text(doc_text(i), encoding="utf-8")
    index_paths([first], base, embedder="fake", progress=False)
    before = state(base)
    change = tmp_path / "change"
    change.mkdir()
    for i in range(2, 8):
        (change / f"notitie-{i}.txt").write_text(doc_text(i) * 40, encoding="utf-8")
    (change / "notitie-1.txt").write_text(doc_text(1).replace("aandacht", "geld"), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def start(home: Path) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-c", CHANGE, str(home), str(change)], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    full = tmp_path / "full"
    shutil.copytree(base, full)
    window = change_window(start(full), full)
    after = state(full)
    assert set(after) == set(before) | {f"notitie-{i}.txt" for i in range(2, 8)}
    assert after["notitie-1.txt"] != before["notitie-1.txt"]

    for seed in SEEDS:
        home = tmp_path / f"kill-{seed}"
        shutil.copytree(base, home)
        kill_inside(start(home), home, window, random.Random(seed))
        got = state(home)
        assert got in (before, after), seed
        # and the next change still works on what is left
        index_paths([change], home, embedder="fake", progress=False)
        assert state(home) == after


UPLOAD = """
import sys
from pathlib import Path
from app.settings import Settings
from app.ui_resources import Services
from app.ui_sidebar import add_pdf
from ingest.store import ChunkStore
home = Path(sys.argv[1])
services = Services(Settings.from_env(), None, None, None, ChunkStore(home / "store"))
ok, message = add_pdf(services, "upload.pdf", Path(sys.argv[2]).read_bytes(), token=sys.argv[3],
                      replace=True)
print("done" if ok else message, flush=True)
"""


def test_kill_9_during_a_page_upload_leaves_store_and_index_agreeing(tmp_path, monkeypatch):
    from pdf_factory import FakePage, FakePdf, write_pdf

    from app.settings import Settings, hash_token
    from app.ui_resources import Services
    from app.ui_sidebar import add_pdf
    from index.build import index_paths
    from ingest.store import ChunkStore

    token = "kill-test-token"
    base = tmp_path / "base"
    monkeypatch.setenv("BRONWIJZER_HOME", str(base))
    monkeypatch.setenv("BRONWIJZER_EMBEDDER", "fake")
    monkeypatch.setenv("BRONWIJZER_STAFF_TOKEN_HASH", hash_token(token, iterations=1000))
    first = tmp_path / "first"
    first.mkdir()
    (first / "notitie-0.txt").write_text(doc_text(0), encoding="utf-8")
    index_paths([first], base, embedder="fake", progress=False)

    def pdf(name: str, pages: int, tarief: int) -> Path:
        spec = FakePdf(pages=tuple(FakePage(lines=(f"{p}. Parkeren {doc_text(p)[:20]}",
                       *doc_text(p).splitlines()[4:], f"Een vergunning kost {tarief + p} euro.")
                       ) for p in range(1, pages + 1)))
        return write_pdf(spec, tmp_path / name)

    services = Services(Settings.from_env(), None, None, None, ChunkStore(base / "store"))
    ok, message = add_pdf(services, "upload.pdf", pdf("v1.pdf", 1, 120).read_bytes(), token=token)
    assert ok, message
    before = state(base)
    new = pdf("v2.pdf", 30, 500)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def start(home: Path) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-c", UPLOAD, str(home), str(new), token],
                                env={**env, "BRONWIJZER_HOME": str(home)},
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    full = tmp_path / "full"
    shutil.copytree(base, full)
    window = change_window(start(full), full)
    after = state(full)
    assert after["upload.pdf"] != before["upload.pdf"]
    for seed in SEEDS:
        home = tmp_path / f"kill-{seed}"
        shutil.copytree(base, home)
        kill_inside(start(home), home, window, random.Random(100 + seed))
        assert state(home) in (before, after), seed
