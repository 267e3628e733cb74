"""`bronwijzer ingest [PATH ...]`: read documents into the chunk store and print a summary.

Defaults to the bundled corpus. Exit code 1 only when nothing could be ingested.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def add_arguments(parser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, metavar="PAD",
                        help="bestanden of mappen (.pdf, .txt, .md); standaard de meegeleverde documenten")
    parser.add_argument("--municipality", default=None,
                        help="gemeente of orgaan waar de documenten bij horen "
                             "(standaard: wat elk document zelf noemt)")
    parser.add_argument("--title", default=None, help="titel voor de documenten (standaard: hun eigen)")
    parser.add_argument("--year", default=None, metavar="JJJJ[-JJJJ]",
                        help="jaar of periode van de documenten (standaard: uit elk document)")
    parser.add_argument("--json", action="store_true", help="toon het verslag als JSON")
    parser.add_argument("--no-progress", action="store_true", help="geen voortgangsbalk")


def store_root():
    from app.settings import Settings

    return Settings.from_env().home / "store"


def run(args) -> int:
    from app.settings import BUNDLED_CORPUS
    from index.lock import change
    from ingest.pipeline import ingest_paths
    from ingest.store import ChunkStore

    paths = args.paths or [BUNDLED_CORPUS]
    home = store_root().parent
    # The store changes under the same lock and journal as `index` and page uploads.
    with change(home, on_wait=lambda: _say_waiting(home)) as ch:
        report = ingest_paths(paths, ChunkStore(ch.store, backup=ch.backup),
                              municipality=args.municipality, title=args.title, year=args.year,
                              progress=not args.no_progress and sys.stderr.isatty())
    if args.json:
        print(json.dumps({**report.to_dict(), "summary": report.summary()}, ensure_ascii=False, indent=1))
    else:
        print(format_report(report))
    for w in report.warnings:
        print(f"warning: {w}", file=sys.stderr)
    return 0 if report.ingested else 1


def _say_waiting(home) -> None:
    from app.texts import CLI

    print(CLI.WAITING_FOR_WRITER.format(home=home), file=sys.stderr, flush=True)


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
