"""The exceptions the CLI turns into one line and exit code 1."""

from __future__ import annotations

from index.embedder import EmbedderError
from index.lock import IndexBusy
from index.model import IndexMismatch, IndexNotFound
from ingest.model import IngestError


class EmptyQuestion(ValueError):
    """The question was empty or only whitespace."""


class UnknownDocument(ValueError):
    """A --doc names no document of the index; the message lists those that exist."""


# Every exception whose message is written for the user.
UserFacingError = (
    IngestError,
    IndexNotFound,
    IndexMismatch,
    EmptyQuestion,
    FileNotFoundError,
    EmbedderError,
    IndexBusy,
    UnknownDocument,
)
