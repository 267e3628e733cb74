"""One writer at a time, and a change that is committed whole or rolled back.

`change(home)` takes an inter-process lock (filelock) on <home>/.write.lock, rolls back
what a killed writer left, and journals the start state: documents.json, the store folders
it replaces (moved aside, not deleted) and the index version CURRENT points at. The journal's
removal is the commit point; only then are the old store folders and index versions
removed (index versions only when no reader holds them). An exception, a stopped page
script or a kill -9 therefore leaves the store and the index as they were before.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_FILE = ".write.lock"
TXN = ".change"
JOURNAL = "journal.json"
DEFAULT_WAIT = 3600.0  # seconds a writer waits for another before giving up


class IndexBusy(Exception):
    """Another writer held the lock longer than this one may wait; the message says so."""


@contextmanager
def write_lock(home: Path, *, wait: float = DEFAULT_WAIT,
               on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the write lock of home. A second writer calls on_wait() once, then waits up to
    `wait` seconds (0: fail fast) and raises IndexBusy after that."""
    from filelock import FileLock, Timeout

    home = Path(home)
    home.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(home / LOCK_FILE), thread_local=False)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if on_wait is not None:
            on_wait()
        try:
            lock.acquire(timeout=wait)
        except Timeout:
            raise IndexBusy(f"another Bronwijzer writer is still changing {home} after "
                            f"{wait:.0f} s; try again later") from None
    try:
        yield
    finally:
        lock.release()


class Change:
    """The journal of one change; made by change(), used by ChunkStore(backup=...)."""

    def __init__(self, home: Path):
        self.home = Path(home)
        self.dir = self.home / TXN
        self.backup = self.dir / "docs"  # store folders this change replaced or removed

    @property
    def store(self) -> Path:
        return self.home / "store"

    def begin(self) -> None:
        from index.versions import current_stamp

        shutil.rmtree(self.dir, ignore_errors=True)
        self.backup.mkdir(parents=True)
        records = self.store / "documents.json"
        if records.exists():
            shutil.copy2(records, self.dir / "documents.json")
        try:
            stamp = current_stamp(self.home)
        except Exception:  # noqa: BLE001 - a damaged CURRENT: a rollback leaves it as it is
            stamp = "?"
        journal = {"current": stamp, "had_records": records.exists(), "started": time.time()}
        tmp = self.dir / f".{JOURNAL}"
        tmp.write_text(json.dumps(journal), encoding="utf-8")
        os.replace(tmp, self.dir / JOURNAL)  # from here a crash is rolled back

    def replace_store(self, fresh: Path) -> None:
        """Swap a freshly ingested store in for the whole store (index --rebuild PATH)."""
        if self.store.exists():
            os.replace(self.store, self.dir / "store")
        os.replace(fresh, self.store)

    def commit(self) -> None:
        from index.versions import prune_versions

        (self.dir / JOURNAL).unlink()  # the commit point
        shutil.rmtree(self.dir, ignore_errors=True)
        prune_versions(self.home)

    def rollback(self) -> None:
        """Put the store and CURRENT back as the journal found them. Idempotent: a kill
        during a rollback is finished by the next writer."""
        from index.versions import set_current

        journal = json.loads((self.dir / JOURNAL).read_text(encoding="utf-8"))
        docs = self.store / "docs"
        if (self.dir / "store").exists():
            if self.store.exists():
                os.replace(self.store, self.dir / "store.failed")
            os.replace(self.dir / "store", self.store)
        else:
            for saved in sorted(self.backup.iterdir()) if self.backup.exists() else ():
                target = docs / saved.name
                if target.exists():
                    shutil.rmtree(target)
                os.replace(saved, target)
            records = self.store / "documents.json"
            if journal["had_records"]:
                tmp = self.store / ".documents.json.rollback"
                shutil.copy2(self.dir / "documents.json", tmp)
                os.replace(tmp, records)
            else:
                records.unlink(missing_ok=True)
            known = _stored_names(records)
            for folder in docs.iterdir() if docs.exists() else ():
                if folder.name not in known:  # added by the change (or a half-written put)
                    shutil.rmtree(folder, ignore_errors=True)
        if journal["current"] != "?":
            set_current(self.home, journal["current"])
        (self.dir / JOURNAL).unlink()
        shutil.rmtree(self.dir, ignore_errors=True)


def _stored_names(records: Path) -> set[str]:
    if not records.exists():
        return set()
    data = json.loads(records.read_text(encoding="utf-8"))
    return {d["doc"] for d in data.get("documents", [])}


def recover(home: Path) -> bool:
    """Roll back what a killed writer left (call with the write lock held). True if it did."""
    ch = Change(home)
    if (ch.dir / JOURNAL).exists():
        ch.rollback()
        return True
    if ch.dir.exists():  # killed before its journal was written: nothing changed yet
        shutil.rmtree(ch.dir, ignore_errors=True)
    return False


@contextmanager
def change(home: Path, *, wait: float = DEFAULT_WAIT,
           on_wait: Callable[[], None] | None = None) -> Iterator[Change]:
    """Lock, recover, journal; commit when the block ends, roll back when it raises
    (any BaseException: a stopped page script too)."""
    with write_lock(home, wait=wait, on_wait=on_wait):
        recover(home)
        ch = Change(home)
        ch.begin()
        try:
            yield ch
        except BaseException:
            ch.rollback()
            raise
        ch.commit()


def recover_if_idle(home: Path) -> bool:
    """For readers (the page): roll back an abandoned change when no writer is running."""
    if not (Path(home) / TXN / JOURNAL).exists():
        return False
    try:
        with write_lock(home, wait=0):
            return recover(home)
    except IndexBusy:
        return False
