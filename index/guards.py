"""Guards of a change, checked before or while it runs: a text file too big to read,
a document of too many chunks, a file that would silently replace a stored document.
Each raises an IngestError whose message names the file and the way out.
"""

from __future__ import annotations

from pathlib import Path

from ingest.model import IngestError

MAX_CHUNKS = 3000  # per document, unless --max-chunks says otherwise
TEXT_BYTES_PER_CHUNK = 4096  # a text file above max_chunks x this is refused unread


class DocumentExists(IngestError):
    """A file would replace a stored document of the same name, and replacing was not asked."""

    def __init__(self, names: list[str]):
        self.names = names
        super().__init__(f"{', '.join(names)} already stored; nothing was changed "
                         "(pass replace=True to replace)")


def check_new(paths: list[Path], store) -> None:
    from ingest.pipeline import discover

    stored = {r.doc for r in store.documents()}
    taken = sorted({f.name for f in discover(paths)} & stored)
    if taken:
        raise DocumentExists(taken)


def check_sizes(paths: list[Path], max_chunks: int) -> None:
    """Refuse a plain-text file too big for max_chunks before reading it."""
    from ingest.pipeline import discover

    limit = max_chunks * TEXT_BYTES_PER_CHUNK
    for f in discover(paths):
        if f.suffix.lower() in (".txt", ".md") and f.stat().st_size > limit:
            raise IngestError(
                f"{f} is {f.stat().st_size / 1e6:.1f} MB of text, more than the "
                f"{limit / 1e6:.1f} MB allowed for {max_chunks} chunks per document: "
                "split it, or raise the limit with --max-chunks N; nothing was changed"
            )


def check_chunks(records, ingest_report, max_chunks: int) -> None:
    new = {d.doc for d in getattr(ingest_report, "documents", ())
           if getattr(d, "status", "") != "skipped"}
    for rec in records:
        if rec.doc in new and rec.n_chunks > max_chunks:
            raise IngestError(
                f"{rec.doc} has {rec.n_chunks} chunks, more than the limit of {max_chunks} "
                "per document: split it, or raise the limit with --max-chunks N; "
                "nothing was changed"
            )
