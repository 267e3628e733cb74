"""Names in the question (a place, body or person: 'Zwolle', 'Utrecht') must be what the
candidate is about: found in the unit or its header, else at least in its passage."""

from __future__ import annotations

from app.answering.terms import name_stem
from index.lexical import fold

NAMES = ("names_asked", "name_near", "name_passage")


def compute(q, c, stats) -> list[float]:
    if not q.names:
        return [0.0, 1.0, 1.0]
    near = fold(f"{c.unit.text} {c.header} {c.heading}")
    passage = near + " " + fold(c.chunk.text)
    names = [name_stem(fold(n)) for n in q.names]
    return [
        1.0,
        sum(n in near for n in names) / len(names),
        sum(n in passage for n in names) / len(names),
    ]
