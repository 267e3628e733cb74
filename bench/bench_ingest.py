"""Time the ingest stage: parse + chunk + store for the bundled corpus and the fixture PDFs.

Usage: .venv/bin/python bench/bench_ingest.py [--repeat 3] [--pdf-dir ../shared/fixtures/pdf]
       [--mun-dir ../shared/fixtures/municipalities] [--long-pages 120]
Prints one row per document (best of --repeat runs) and totals; writes into a temporary
store, never into $BRONWIJZER_HOME. Does not embed anything (see bench_search.py for that).
--long-pages N also times one PDF of at least N pages, made by joining the fixture PDFs
(largest first), as a stand-in for a long begroting.
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
    cpu = float("inf")
    n_pages = n_chunks = 0
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as tmp:
            c0 = time.process_time()
            t0 = time.perf_counter()
            doc = parse(path)
            t1 = time.perf_counter()
            chunks = chunk_document(doc)
            t2 = time.perf_counter()
            ChunkStore(Path(tmp)).put(doc, chunks)
            t3 = time.perf_counter()
            c1 = time.process_time()
        if t3 - t0 < sum(best):
            best = (t1 - t0, t2 - t1, t3 - t2)
        cpu = min(cpu, c1 - c0)  # CPU time: what a quiet machine would take, about
        n_pages = doc.n_pages or len(doc.pages)
        n_chunks = len(chunks)
    return (*best, n_pages, n_chunks, cpu)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--pdf-dir", type=Path, default=ROOT.parent / "shared" / "fixtures" / "pdf")
    ap.add_argument("--mun-dir", type=Path,
                    default=ROOT.parent / "shared" / "fixtures" / "municipalities")
    ap.add_argument("--long-pages", type=int, default=120)
    args = ap.parse_args()
    from ingest.model import IngestError

    groups = [("corpus", sorted((ROOT / "data" / "corpus").glob("*.txt")))]
    if args.pdf_dir.exists():
        groups.append(("fixture PDFs", sorted(args.pdf_dir.glob("*.pdf"))))
    if args.mun_dir.exists():
        groups.append(("municipal PDFs", sorted(args.mun_dir.glob("*.pdf"))))
    tmp = tempfile.TemporaryDirectory()
    pdfs = [f for _, fs in groups[1:] for f in fs]
    if args.long_pages and pdfs:
        groups.append((f"{args.long_pages}+ pages", [_joined(pdfs, args.long_pages, Path(tmp.name))]))
    print(f"{'document':<46} {'pages':>5} {'chunks':>6} {'parse s':>8} {'chunk s':>8} "
          f"{'store s':>8} {'cpu s':>7}")
    for label, files in groups:
        total = [0.0, 0.0, 0.0, 0.0]
        for f in files:
            try:
                parse_s, chunk_s, store_s, pages, chunks, cpu = _time_one(f, args.repeat)
            except IngestError as exc:
                print(f"{f.name:<46} skipped: {exc}")
                continue
            total = [total[0] + parse_s, total[1] + chunk_s, total[2] + store_s, total[3] + cpu]
            print(f"{f.name:<46} {pages:>5} {chunks:>6} {parse_s:>8.3f} {chunk_s:>8.3f} "
                  f"{store_s:>8.3f} {cpu:>7.2f}")
        print(f"{'total ' + label:<46} {'':>5} {'':>6} {total[0]:>8.3f} {total[1]:>8.3f} "
              f"{total[2]:>8.3f} {total[3]:>7.2f}  = {sum(total[:3]):.2f} s")
    return 0


def _joined(pdfs: list[Path], pages: int, folder: Path) -> Path:
    """One PDF of at least `pages` pages from the given PDFs, largest first."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    readers = sorted((PdfReader(str(f)) for f in pdfs), key=lambda r: -len(r.pages))
    for r in readers:
        if len(writer.pages) >= pages:
            break
        if len((r.pages[0].extract_text() or "").strip()) < 20:
            continue  # a scan is refused by ingest: no stand-in for a begroting
        for p in r.pages:
            writer.add_page(p)
    out = folder / f"joined_{len(writer.pages)}_pages.pdf"
    with out.open("wb") as f:
        writer.write(f)
    return out


if __name__ == "__main__":
    raise SystemExit(main())
