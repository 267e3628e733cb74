"""index/staged.py: the build status file and the BM25-only searcher of the first minutes."""

from __future__ import annotations

import os
import time

from hypothesis import given
from hypothesis import strategies as st

from index.model import Filters
from index.staged import BuildStatus, LexicalSearcher, read_status, write_status


def test_status_round_trip_and_atomic_file(tmp_path):
    s = BuildStatus(phase="embed", pid=os.getpid(), started=100.0, done=32, total=643,
                    embed_started=110.0)
    assert BuildStatus.from_dict(s.to_dict()) == s
    write_status(tmp_path, s)
    back = read_status(tmp_path)
    assert back.phase == "embed" and back.done == 32 and back.updated > 0
    assert [p.name for p in tmp_path.iterdir()] == ["build-status.json"]  # no temp left
    assert read_status(tmp_path / "nothing") is None
    (tmp_path / "build-status.json").write_text("{half", encoding="utf-8")
    assert read_status(tmp_path) is None


@given(st.integers(0, 5000), st.integers(1, 5000), st.floats(1, 10_000))
def test_estimate_is_remaining_work_at_the_rate_so_far(done, total, elapsed):
    done = min(done, total)
    s = BuildStatus("embed", 1, started=0.0, done=done, total=total, embed_started=1000.0)
    left = s.seconds_left(now=1000.0 + elapsed)
    if done < 16:
        assert left is None  # no estimate before there is a rate
    else:
        assert abs(left - (total - done) * elapsed / done) < 1e-6 * max(1.0, left)
        assert 0.0 <= s.fraction() <= 1.0


def test_a_dead_builder_is_not_alive():
    import subprocess
    import sys

    assert BuildStatus("embed", os.getpid(), time.time()).alive()
    assert not BuildStatus("done", os.getpid(), time.time()).alive()
    assert not BuildStatus("embed", 2 ** 22 + 12345, time.time()).alive()
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    deadline = time.monotonic() + 30
    while BuildStatus("embed", child.pid, time.time()).alive():  # exited, not yet reaped
        assert time.monotonic() < deadline
        time.sleep(0.05)
    child.wait()


def test_lexical_searcher_answers_every_mode_with_bm25_and_filters(tmp_path):
    from conftest import CORPUS

    from index.staged import store_chunks
    from ingest.pipeline import ingest_paths
    from ingest.store import ChunkStore

    ingest_paths([CORPUS], ChunkStore(tmp_path / "store"), progress=False)
    searcher = LexicalSearcher(store_chunks(tmp_path / "store"))
    for mode in ("hybrid", "dense", "bm25"):
        hits = searcher.search("OZB woningen", k=5, mode=mode)
        assert len(hits) == 5 and all(h.source == "bm25" for h in hits)
        assert [h.rank for h in hits] == [1, 2, 3, 4, 5]
        assert hits[0].score >= hits[-1].score
    doc = "kaderbrief-2024.txt"
    only = searcher.search("reserve", k=5, filters=Filters(docs=(doc,)))
    assert only and all(h.chunk.doc == doc for h in only)
    assert searcher.search("   ") == [] and searcher.search("x", k=0) == []
    assert len(searcher.chunks()) > 500


def test_concurrent_starts_spawn_one_build(tmp_path, monkeypatch):
    """Two callers at once (the page and a CLI call): one worker, both get its status."""
    from concurrent.futures import ThreadPoolExecutor

    from app import first_start
    from app.settings import Settings

    monkeypatch.setenv("BRONWIJZER_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("BRONWIJZER_EMBEDDER", "fake")
    settings = Settings.from_env()
    with ThreadPoolExecutor(4) as pool:
        statuses = list(pool.map(lambda _: first_start.ensure_build(settings, terminal=False),
                                 range(4)))
    assert len({s.pid for s in statuses}) == 1
    deadline = time.monotonic() + 300
    while (status := read_status(settings.home)).alive():
        assert time.monotonic() < deadline
        time.sleep(0.3)
    assert status.phase == "done"
    assert first_start.ensure_build(settings, terminal=False) is None  # the index exists now
