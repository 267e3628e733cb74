"""The document the question names by kind ('volgens de begroting', 'in de kadernota') and
the body it names, matched against the passage's metadata (title, type, body)."""

from __future__ import annotations

from app.answering.terms import body_of
from index.lexical import fold

NAMES = ("doc_named_match", "doc_named_other", "body_named_match")


def compute(q, c, stats) -> list[float]:
    meta = fold(f"{c.chunk.title} {getattr(c.chunk, 'doc_type', '') or ''} {c.chunk.doc}")
    match = other = 0.0
    if q.doc_types:
        match = float(any(t in meta for t in q.doc_types))
        other = 1.0 - match
    body = fold(body_of(c.chunk))
    named_body = float(bool(body) and any(fold(n) in body.split() for n in q.names))
    return [match, other, named_body]
