"""`bronwijzer chunks [--doc NAME]`: print the stored chunks as JSON lines."""

from __future__ import annotations

import json
import sys


def add_arguments(parser) -> None:
    parser.add_argument("--doc", metavar="NAAM", help="alleen dit document (bestandsnaam)")


def run(args) -> int:
    from app.commands.ingest_cmd import store_root
    from ingest.model import IngestError
    from ingest.store import ChunkStore

    store = ChunkStore(store_root())
    if not store.documents():
        raise IngestError(f"the chunk store {store.root} is empty; run 'bronwijzer ingest' first")
    try:
        for c in store.chunks(args.doc):
            sys.stdout.write(json.dumps(c.to_dict(), ensure_ascii=False) + "\n")
        sys.stdout.flush()
    except BrokenPipeError:  # `bronwijzer chunks | head`
        sys.stderr.close()
    return 0
