"""Soak: N concurrent writers and M readers on one BRONWIJZER_HOME for a bounded time.

Writers: `bronwijzer index <new document>` processes (the CLI, one new text document per
run) and page uploaders (processes calling app.ui_sidebar.add_pdf with the staff token,
adding new PDFs and replacing their first one). Readers: processes that, in a loop, load
the index from disk the way the page does after a change (open_searcher), search, and
list the stored documents. Everything runs on this machine (loopback; no network).

At the end every document a writer was told was added must be in the store and in the
index, with the content of its last successful version: `lost` must be 0, and so must
`reader_errors`. The fake embedder (default) keeps the run about locking and commits, not
embedding speed.

    .venv/bin/python bench/bench_soak.py --writers 2 --uploaders 2 --readers 3 --seconds 90
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = ("parkeren", "afval", "zwembad", "bibliotheek", "fietspad", "speeltuin", "markt",
         "haven", "kermis", "begraafplaats", "sporthal", "schoolplein")
TOKEN = "soak-staff-token-123"


def text_for(name: str, version: int = 0) -> str:
    w = WORDS[sum(map(ord, name)) % len(WORDS)]
    return (f"Notitie {name}\n\n1. Inleiding\n\nDe gemeente besteedt aandacht aan {w} in "
            f"document {name}. Het budget is {1000 + version} euro per jaar.\n\n2. Uitvoering\n\n"
            f"Het plan voor {w} ({name}) loopt tot 2030 en wordt elk jaar bekeken.\n")


def env(home: Path, uploads: bool = True) -> dict:
    out = {**os.environ, "BRONWIJZER_HOME": str(home), "PYTHONPATH": str(ROOT),
           "BRONWIJZER_EMBEDDER": "fake", "HF_HUB_OFFLINE": "1"}
    if uploads:
        from app.settings import hash_token

        out["BRONWIJZER_STAFF_TOKEN_HASH"] = hash_token(TOKEN, iterations=1000)
    return out


# --- roles (each runs in its own process) -------------------------------------------------


def cli_writer(home: Path, ident: str, seconds: float, work: Path) -> dict:
    added, failures, k = [], [], 0
    stop = time.monotonic() + seconds
    while time.monotonic() < stop:
        name = f"{ident}-{k}.txt"
        folder = work / f"{ident}-{k}"
        folder.mkdir(parents=True)
        (folder / name).write_text(text_for(name), encoding="utf-8")
        proc = subprocess.run([sys.executable, "-m", "app", "index", str(folder), "--embedder",
                               "fake", "--json"], env=env(home, False), capture_output=True, text=True,
                              cwd=ROOT, timeout=600)
        if proc.returncode == 0:
            added.append({"doc": name, "version": 0})
        else:
            failures.append(proc.stderr.strip()[-300:])
        k += 1
    return {"role": "cli", "added": added, "failures": failures}


def uploader(home: Path, ident: str, seconds: float, work: Path) -> dict:
    os.environ.update(env(home))
    from fpdf import FPDF

    from app.settings import Settings
    from app.ui_resources import Services
    from app.ui_sidebar import add_pdf
    from ingest.store import ChunkStore

    def pdf(name: str, version: int) -> bytes:
        doc = FPDF()
        doc.add_page()
        doc.set_font("helvetica", size=11)
        for line in text_for(name, version).splitlines():
            doc.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
        return bytes(doc.output())

    settings = Settings.from_env()
    services = Services(settings, None, None, None, ChunkStore(home / "store"))
    added, failures, k, version = [], [], 0, 0
    first = f"{ident}-0.pdf"
    stop = time.monotonic() + seconds
    while time.monotonic() < stop:
        if k and k % 3 == 0:  # replace the first upload with a new version
            version += 1
            ok, msg = add_pdf(services, first, pdf(first, version), token=TOKEN, replace=True)
            name = first
        else:
            name = f"{ident}-{k}.pdf"
            ok, msg = add_pdf(services, name, pdf(name, 0), token=TOKEN)
        if ok:
            added.append({"doc": name, "version": version if name == first else 0})
        else:
            failures.append(msg)
        k += 1
    return {"role": "upload", "added": added, "failures": failures}


def reader(home: Path, ident: str, seconds: float, work: Path) -> dict:
    from index.searcher import open_searcher
    from ingest.store import ChunkStore

    rng = random.Random(ident)
    loads = searches = 0
    errors: list[str] = []
    stop = time.monotonic() + seconds
    while time.monotonic() < stop:
        try:
            searcher = open_searcher(home, embedder="fake")
            loads += 1
            for _ in range(5):
                searcher.search(f"budget {rng.choice(WORDS)} document", k=5)
                searches += 1
            ChunkStore(home / "store").documents()
        except Exception as exc:  # noqa: BLE001 - every failure counts
            errors.append(f"{type(exc).__name__}: {exc}"[:300])
    return {"role": "reader", "loads": loads, "searches": searches, "errors": errors}


ROLES = {"cli": cli_writer, "upload": uploader, "reader": reader}


# --- the run ----------------------------------------------------------------------------


def final_state(home: Path) -> tuple[dict[str, str], set[str]]:
    from index.searcher import open_searcher
    from ingest.store import ChunkStore

    store = ChunkStore(home / "store")
    texts = {r.doc: store.text(r.doc) for r in store.documents()}
    indexed = {c.doc for c in open_searcher(home, embedder="fake").chunks()}
    return texts, indexed


def soak(writers: int, uploaders: int, readers: int, seconds: float) -> dict:
    from index.build import index_paths

    with tempfile.TemporaryDirectory(prefix="bw-soak-") as tmp:
        tmp = Path(tmp)
        home = tmp / "home"
        seed = tmp / "seed"
        seed.mkdir()
        (seed / "start.txt").write_text(text_for("start.txt"), encoding="utf-8")
        index_paths([seed], home, embedder="fake", progress=False)
        roles = [("cli", f"w{i}") for i in range(writers)]
        roles += [("upload", f"u{i}") for i in range(uploaders)]
        roles += [("reader", f"r{i}") for i in range(readers)]
        t0 = time.monotonic()
        procs = [subprocess.Popen(
            [sys.executable, __file__, "--role", role, "--id", ident, "--home", str(home),
             "--seconds", str(seconds), "--work", str(tmp / "work" / ident)],
            env=env(home, uploaders > 0), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
            for role, ident in roles]
        results = []
        for p in procs:
            out, err = p.communicate(timeout=seconds + 900)
            lines = out.strip().splitlines()
            results.append(json.loads(lines[-1]) if p.returncode == 0 and lines else
                           {"role": "crashed", "errors": [err[-500:]]})
        wall = time.monotonic() - t0
        texts, indexed = final_state(home)
        expected: dict[str, int] = {"start.txt": 0}
        for r in results:
            for a in r.get("added", ()):
                expected[a["doc"]] = a["version"]  # in order: the last success counts
        lost = sorted(d for d, v in expected.items()
                      if d not in texts or d not in indexed
                      or f"{1000 + v} euro" not in texts[d])
        return {
            "cli_writers": writers, "uploaders": uploaders, "readers": readers,
            "seconds": seconds,
            "wall_seconds": round(wall, 1),
            "writes_ok": sum(len(r.get("added", ())) for r in results),
            "writes_failed": sum(len(r.get("failures", ())) for r in results
                                 if r["role"] != "reader"),
            "documents": len(texts), "lost": len(lost), "lost_docs": lost[:10],
            "store_equals_index": set(texts) == indexed,
            "reader_loads": sum(r.get("loads", 0) for r in results),
            "reader_searches": sum(r.get("searches", 0) for r in results),
            "reader_errors": sum(len(r.get("errors", ())) for r in results
                                 if r["role"] in ("reader", "crashed")),
            "samples": [e for r in results for e in (r.get("errors") or r.get("failures") or [])][:5],
        }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--writers", type=int, default=2, help="`bronwijzer index` writers")
    p.add_argument("--uploaders", type=int, default=2, help="page upload writers (add_pdf)")
    p.add_argument("--readers", type=int, default=3)
    p.add_argument("--seconds", type=float, default=60.0)
    p.add_argument("--role", choices=sorted(ROLES), help=argparse.SUPPRESS)
    p.add_argument("--id", help=argparse.SUPPRESS)
    p.add_argument("--home", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.role:
        sys.path.insert(0, str(ROOT))
        print(json.dumps(ROLES[args.role](args.home, args.id, args.seconds, args.work)))
        return 0
    report = soak(args.writers, args.uploaders, args.readers, args.seconds)
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0 if report["lost"] == 0 and report["reader_errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
