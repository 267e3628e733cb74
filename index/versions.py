"""The version folders of the FAISS index under <home>/faiss/: which one CURRENT names,
reader locks, and pruning.

A reader holds a shared flock on <version>/.readers while it loads that version; the
writer (holding index/lock.py's write lock) removes an old version only after its change
committed and only when it can take that flock exclusively. An unreadable CURRENT or
manifest raises IndexDamaged naming the file.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import numpy as np

from index.model import IndexDamaged

try:
    import fcntl
except ImportError:  # not on POSIX: readers take no lock, pruning keeps the last versions
    fcntl = None

FOLDER = "faiss"
READERS = ".readers"  # in each version folder: readers hold a shared flock while loading


def write_atomic(path: Path, data: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def current_stamp(home: Path) -> str | None:
    """The name of the version CURRENT points at (None when there is no CURRENT)."""
    pointer = Path(home) / FOLDER / "CURRENT"
    try:
        stamp = pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise IndexDamaged(pointer, str(exc)) from exc
    if not stamp or "/" in stamp or stamp.startswith("."):
        raise IndexDamaged(pointer, f"it names no version ({stamp[:40]!r})")
    return stamp


def set_current(home: Path, stamp: str | None) -> None:
    """Point CURRENT at a version (None: no index). Atomic."""
    pointer = Path(home) / FOLDER / "CURRENT"
    if stamp is None:
        pointer.unlink(missing_ok=True)
    else:
        pointer.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(pointer, stamp + "\n")


def current_version(home: Path) -> Path | None:
    """The version folder CURRENT points at, or None when no index was committed."""
    stamp = current_stamp(home)
    while stamp is not None:
        folder = Path(home) / FOLDER / stamp
        if (folder / "manifest.json").exists():
            return folder
        again = current_stamp(home)  # a writer may just have moved on and pruned it
        if again == stamp:
            raise IndexDamaged(Path(home) / FOLDER / "CURRENT",
                               f"it names version {stamp[:40]!r}, which is missing")
        stamp = again
    return None


def read_manifest(home: Path) -> dict | None:
    for _ in range(20):
        folder = current_version(home)
        if folder is None:
            return None
        try:
            return version_manifest(folder)
        except IndexDamaged:
            if current_stamp(home) == folder.name:
                raise
            # a writer moved CURRENT on and pruned this version meanwhile: read the new one
    return version_manifest(folder)


def version_manifest(folder: Path) -> dict:
    path = folder / "manifest.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IndexDamaged(path, f"{type(exc).__name__}: {exc}") from exc
    if not isinstance(data, dict):
        raise IndexDamaged(path, "not a JSON object")
    return data


def reader_lock(folder: Path):
    """A shared lock on a version folder, or None when the folder is gone (pruned)."""
    if fcntl is None:
        return os.open(os.devnull, os.O_RDONLY)
    try:
        fd = os.open(folder / READERS, os.O_RDWR | os.O_CREAT, 0o644)
    except PermissionError:  # a read-only index: nobody prunes it while we read
        return os.open(os.devnull, os.O_RDONLY)
    except (FileNotFoundError, NotADirectoryError):
        return None
    fcntl.flock(fd, fcntl.LOCK_SH)
    if not (folder / "manifest.json").exists():  # pruned while we waited
        os.close(fd)
        return None
    return fd


def unreadable_in(folder: Path) -> Path:
    """The first file of a folder (the BM25 index) that does not load, else the folder."""
    for f in sorted(folder.iterdir()):
        try:
            if f.suffix == ".npy":
                np.load(f, allow_pickle=False)
            elif f.suffix == ".json":
                json.loads(f.read_text(encoding="utf-8"))
        except Exception:  # noqa: BLE001 - any failure marks the file
            return f
    return folder


def prune_versions(home: Path) -> list[str]:
    """Remove every version but the current one that no reader holds, and the leftovers
    of crashed writers. Call only while holding the write lock (index/lock.py)."""
    root = Path(home) / FOLDER
    if not root.is_dir():
        return []
    keep = current_stamp(home)
    removed = []
    for old in sorted(root.iterdir()):
        if not old.is_dir() or old.name == keep or old.name.startswith(".trash-"):
            continue
        fd = None
        if fcntl is not None and (old / "manifest.json").exists():
            fd = os.open(old / READERS, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue  # a reader is loading it: the next writer removes it
        elif fcntl is None and not old.name.startswith(".tmp-"):
            continue
        trash = root / f".trash-{old.name}-{os.getpid()}"
        try:
            os.replace(old, trash)
        finally:
            if fd is not None:
                os.close(fd)
        removed.append(old.name)
    for trash in root.glob(".trash-*"):
        shutil.rmtree(trash, ignore_errors=True)
    return removed
