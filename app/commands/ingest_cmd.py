"""`bronwijzer ingest [PATH ...]`: read documents into the chunk store and print a summary.

Defaults to the bundled corpus. Exit code 1 only when nothing could be ingested.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def add_arguments(parser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="files or folders (.pdf, .txt, .md); default: the bundled corpus")
    parser.add_argument("--municipality", default=None,
                        help="body the documents belong to (default: the one each document names)")
    parser.add_argument("--title", default=None, help="title for the documents (default: their own)")
    parser.add_argument("--year", default=None, metavar="YYYY[-YYYY]",
                        help="year or period the documents cover (default: from each document)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")


def store_root():
    from app.settings import Settings

    return Settings.from_env().home / "store"


def run(args) -> int:
    from app.settings import BUNDLED_CORPUS
    from ingest.pipeline import ingest_paths
    from ingest.store import ChunkStore

    paths = args.paths or [BUNDLED_CORPUS]
    report = ingest_paths(paths, ChunkStore(store_root()), municipality=args.municipality,
                          title=args.title, year=args.year,
                          progress=not args.no_progress and sys.stderr.isatty())
    if args.json:
        print(json.dumps({**report.to_dict(), "summary": report.summary()}, ensure_ascii=False, indent=1))
    else:
        print(format_report(report))
    for w in report.warnings:
        print(f"warning: {w}", file=sys.stderr)
    return 0 if report.ingested else 1


def format_report(report) -> str:
    from app.texts import image_page_note

    head = f"{'document':<48} {'status':<9} {'pages':>5} {'sections':>8} {'chunks':>6}  page exact/est/unknown"
    rows = [head, "-" * len(head)]
    for d in report.documents:
        if d.status == "skipped":
            rows.append(f"{d.doc:<48} {'skipped':<9} {d.reason}")
            continue
        pages = "-" if d.pages is None else ("~" if d.pages_estimated else "") + str(d.pages)
        rows.append(f"{d.doc:<48} {d.status:<9} {pages:>5} {d.sections:>8} {d.chunks:>6}  "
                    f"{d.exact_pages}/{d.estimated_pages}/{d.unknown_pages}")
        rows.extend(f"    warning: {w}" for w in d.warnings)
        rows.extend(f"    {image_page_note(p)}" for p in d.image_pages)
    rows.append(report.summary())
    return "\n".join(rows)
