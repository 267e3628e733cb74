"""What the answering subcommands share: opening the configured index, filters, --batch files.

Reads settings (commands may); holds no command of its own.
"""

from __future__ import annotations

import json
from pathlib import Path

from index.model import IndexNotFound


class BadBatchLine(ValueError):
    """A line of a --batch file is not {"id": ..., "<field>": ...}; the message names it."""


def open_configured_searcher(backend: str | None = None, embedder: str | None = None, *,
                             partial: bool = True):
    """The searcher for the index under BRONWIJZER_HOME. embedder: a model the user named
    (flag or BRONWIJZER_EMBEDDER); None opens the index with the model it was built with.
    No index yet: partial=True starts the first build and returns a BM25-only searcher
    (answers now, better later); partial=False raises IndexNotFound (eval measures modes)."""
    from app.settings import Settings, explicit_embedder, offline_hub
    from index.searcher import open_searcher

    settings = Settings.from_env()
    offline_hub()
    name = backend or settings.backend
    try:
        return open_searcher(settings.home, backend=name,
                             embedder=embedder or explicit_embedder(),
                             **settings.backend_opts(name))
    except IndexNotFound:
        if not partial or name != "faiss" or embedder:
            raise
        return _partial_searcher(settings)


def _partial_searcher(settings):
    """No index yet: start building it in the background and answer with BM25 meanwhile,
    saying so in one Dutch line on stderr."""
    import sys

    from app import texts
    from app.first_start import LOG_FILE, ensure_build, partial_searcher, wait_until_searchable

    if ensure_build(settings, terminal=False) is None:  # built meanwhile
        return open_configured_searcher()
    status = wait_until_searchable(settings)
    if status is None or not status.searchable:
        reason = status.error if status is not None and status.error else \
            f"see {settings.home / LOG_FILE}"
        raise IndexNotFound(f"no index in {settings.home} and the first build failed ({reason}): "
                            "run 'bronwijzer index'")
    print(texts.BUILD_CLI_PARTIAL.format(left=texts.time_left(status.seconds_left()),
                                         log=settings.home / LOG_FILE),
          file=sys.stderr, flush=True)
    return partial_searcher(settings)


def make_filters(docs: list[str], year: int | None, municipality: str | None = None, *,
                 searcher=None):
    """Filters for the flags; with a searcher, an unknown --doc is an UnknownDocument
    error that lists the documents in the index."""
    from index.model import Filters

    if not docs and year is None and municipality is None:
        return None
    if docs and searcher is not None:
        known = sorted({c.doc for c in searcher.chunks()})
        stems = {d.rsplit(".", 1)[0] for d in known}
        for d in docs:
            if d not in known and d not in stems:
                from app import texts
                from app.errors import UnknownDocument

                raise UnknownDocument(texts.UNKNOWN_DOC.format(
                    name=d, known=", ".join(known) or "(geen documenten)"))
    return Filters(docs=tuple(docs), year=year, municipality=municipality)


def read_batch(path: Path, field: str, *, aliases: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(id, text) pairs from a JSONL file whose lines hold "id" and `field` (or an alias,
    or "question"); a bad line or a repeated id is a BadBatchLine naming the file and line."""
    if not path.exists():
        raise FileNotFoundError(f"batch file not found: {path}")
    keys = tuple(dict.fromkeys((field, *aliases, "question")))
    items = []
    seen: dict[str, int] = {}
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise BadBatchLine(
                    f"{path} line {lineno} is not valid JSON ({exc.msg}): fix or remove that line"
                ) from exc
            text = next((obj[k] for k in keys if k in obj), None) if isinstance(obj, dict) else None
            if not isinstance(text, str) or "id" not in obj:
                raise BadBatchLine(
                    f"{path} line {lineno} needs {{\"id\": ..., \"{field}\": ...}}, "
                    f"got {line.strip()[:80]!r}"
                )
            key = json.dumps(obj["id"], sort_keys=True)
            if key in seen:
                raise BadBatchLine(
                    f"{path} line {lineno}: id {obj['id']!r} was already used on line "
                    f"{seen[key]}; give every line its own id"
                )
            seen[key] = lineno
            items.append((obj["id"], text))
    return items
