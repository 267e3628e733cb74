"""The first start: build the index in a background process, answer with BM25 meanwhile.

`ensure_build` starts `python -m app.first_start` when no index exists and none is being
built; that worker ingests the bundled corpus (seconds), then embeds it (minutes), writing
its progress to <home>/build-status.json (index/staged.py) and, for `bronwijzer serve`, in
Dutch to the terminal. The index itself is committed atomically by index/build.py, so a
reader sees either no index or a whole one. `partial_searcher` is the BM25-only stand-in.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time
from dataclasses import replace

from app.settings import BUNDLED_CORPUS, PROJECT_ROOT, Settings, offline_hub

LOG_FILE = "build.log"
TERMINAL_EVERY_S = 5.0
_start_lock = threading.Lock()


def index_exists(settings: Settings) -> bool:
    from index.searcher import recorded_embedder

    return recorded_embedder(settings.home, settings.backend) is not None


def ensure_build(settings: Settings, *, terminal: bool):
    """The running (or just started) first build's status; None when an index exists.

    terminal=True: the worker writes its progress to this process's stderr and stops when
    this process ends (`bronwijzer serve`). Else it runs on its own, logging to
    <home>/build.log (the CLI returns while it builds). Only the faiss backend is staged.
    """
    from index.staged import BuildStatus, read_status, write_status

    if settings.backend != "faiss" or index_exists(settings):
        return None
    settings.home.mkdir(parents=True, exist_ok=True)
    with _start_lock, open(settings.home / ".build-start.lock", "w") as lock:
        import fcntl

        fcntl.flock(lock, fcntl.LOCK_EX)  # the page and a CLI call may start at once
        status = read_status(settings.home)
        if status is not None and status.alive():
            return status
        cmd = [sys.executable, "-m", "app.first_start"]
        if terminal:
            cmd += ["--terminal", "--parent", str(os.getpid())]
            out = None
        else:
            out = open(settings.home / LOG_FILE, "a", encoding="utf-8")  # noqa: SIM115
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(PROJECT_ROOT), env.get("PYTHONPATH", "")) if p)
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=out, env=env,
                                start_new_session=not terminal)
        if out is not None:
            out.close()
        status = BuildStatus(phase="starting", pid=proc.pid, started=time.time())
        write_status(settings.home, status)
        return status


def wait_until_searchable(settings: Settings, timeout: float = 120.0):
    """Block until the chunk store is complete (ingest takes seconds); the last status."""
    from index.staged import read_status

    deadline = time.monotonic() + timeout
    while True:
        status = read_status(settings.home)
        if index_exists(settings) or (status is not None and (
                status.searchable or status.phase == "failed" or not status.alive())):
            return status
        if time.monotonic() > deadline:
            return status
        time.sleep(0.2)


def partial_searcher(settings: Settings):
    """A BM25-only searcher over the ingested chunks (index/staged.LexicalSearcher)."""
    from index.staged import LexicalSearcher, store_chunks

    return LexicalSearcher(store_chunks(settings.home / "store"))


# --- the worker process ------------------------------------------------------------------


class _Reporter:
    """Dutch progress lines on stderr, at most one per TERMINAL_EVERY_S."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self._last = 0.0

    def show(self, status, *, force: bool = False) -> None:
        from app import texts

        now = time.monotonic()
        if not self.enabled or (not force and now - self._last < TERMINAL_EVERY_S):
            return
        self._last = now
        if status.total:
            print(texts.BUILD_CLI_PROGRESS.format(
                done=status.done, total=status.total, pct=round(100 * status.fraction()),
                left=texts.time_left(status.seconds_left())), file=sys.stderr, flush=True)


def build(settings: Settings, *, terminal: bool, parent: int | None) -> int:
    from app import texts
    from index.build import index_paths
    from index.staged import BuildStatus, write_status

    home = settings.home
    status = BuildStatus(phase="ingest", pid=os.getpid(), started=time.time())
    write_status(home, status)
    reporter = _Reporter(terminal)
    if terminal:
        print(texts.BUILD_CLI_STARTED, file=sys.stderr, flush=True)

    def on_progress(done: int, total: int, message: str) -> None:
        nonlocal status
        if parent and os.getppid() != parent:
            raise SystemExit(0)  # the server stopped; the cache keeps what was embedded
        if status.phase == "ingest":
            status = replace(status, phase="embed", embed_started=time.time())
        status = replace(status, done=done, total=total)
        write_status(home, status)
        reporter.show(status)

    try:
        index_paths([BUNDLED_CORPUS], home, embedder=settings.embedder, backend=settings.backend,
                    progress=False, on_progress=on_progress, **settings.backend_opts())
    except Exception as exc:  # noqa: BLE001 - reported on the page and in the terminal
        write_status(home, replace(status, phase="failed", error=f"{type(exc).__name__}: {exc}"))
        print(texts.BUILD_CLI_FAILED.format(reason=exc), file=sys.stderr, flush=True)
        return 1
    write_status(home, replace(status, phase="done", done=status.total))
    print(texts.BUILD_CLI_DONE.format(seconds=round(time.time() - status.started)),
          file=sys.stderr, flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m app.first_start")
    ap.add_argument("--terminal", action="store_true")
    ap.add_argument("--parent", type=int, default=None)
    args = ap.parse_args(argv)
    offline_hub()
    return build(Settings.from_env(), terminal=args.terminal, parent=args.parent)


if __name__ == "__main__":
    raise SystemExit(main())
