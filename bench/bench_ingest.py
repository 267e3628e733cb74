"""Time the ingest stage: parse + chunk + store for the bundled corpus and the fixture PDFs.

Usage: .venv/bin/python bench/bench_ingest.py [--repeat 3] [--pdf-dir ../shared/fixtures/pdf]
Prints one row per document (best of --repeat runs) and totals; writes into a temporary
store, never into $BRONWIJZER_HOME. Does not embed anything (see bench_search.py for that).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _time_one(path: Path, repeat: int) -> tuple[float, float, float, int, int]:
    from ingest.chunking import chunk_document
    from ingest.pipeline import parse
    from ingest.store import ChunkStore

    best = (float("inf"), 0.0, 0.0)
    n_pages = n_chunks = 0
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            doc = parse(path)
            t1 = time.perf_counter()
            chunks = chunk_document(doc)
            t2 = time.perf_counter()
            ChunkStore(Path(tmp)).put(doc, chunks, "assen")
            t3 = time.perf_counter()
        if t3 - t0 < sum(best):
            best = (t1 - t0, t2 - t1, t3 - t2)
        n_pages = doc.n_pages or len(doc.pages)
        n_chunks = len(chunks)
    return (*best, n_pages, n_chunks)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--pdf-dir", type=Path, default=ROOT.parent / "shared" / "fixtures" / "pdf")
    args = ap.parse_args()
    from ingest.model import IngestError

    groups = [("corpus", sorted((ROOT / "data" / "corpus").glob("*.txt")))]
    if args.pdf_dir.exists():
        groups.append(("fixture PDFs", sorted(args.pdf_dir.glob("*.pdf"))))
    print(f"{'document':<46} {'pages':>5} {'chunks':>6} {'parse s':>8} {'chunk s':>8} {'store s':>8}")
    for label, files in groups:
        total = [0.0, 0.0, 0.0]
        for f in files:
            try:
                parse_s, chunk_s, store_s, pages, chunks = _time_one(f, args.repeat)
            except IngestError as exc:
                print(f"{f.name:<46} skipped: {exc}")
                continue
            total = [total[0] + parse_s, total[1] + chunk_s, total[2] + store_s]
            print(f"{f.name:<46} {pages:>5} {chunks:>6} {parse_s:>8.3f} {chunk_s:>8.3f} {store_s:>8.3f}")
        print(f"{'total ' + label:<46} {'':>5} {'':>6} {total[0]:>8.3f} {total[1]:>8.3f} "
              f"{total[2]:>8.3f}  = {sum(total):.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
