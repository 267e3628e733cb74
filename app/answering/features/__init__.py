"""General features of a (question, candidate) pair, one small module each, computed the
same way for every document. None names a document, a body or an evaluation item.

`vector(q, c)` returns the values in the order of `NAMES`; the fitted scorer
(app/answering/scorer.py) weighs them.
"""

from __future__ import annotations

from app.answering.features import answer_type, coverage, entity, form, period, retrieval, source

MODULES = (coverage, answer_type, period, retrieval, entity, source, form)
BASE: tuple[str, ...] = tuple(n for m in MODULES for n in m.NAMES)
# Relative to the best candidate of the same question: what matters is being the best
# match among the passages found, not an absolute level that differs per question.
RELATIVE = ("cov_unit", "cov_near", "bm25_unit", "type_match", "year_match", "name_near")
# A unit's neighbours in its passage: the sentence after a matching lead sentence often
# holds the answer ('Weerstandsvermogen ratio 4' -> 'De ratio is uitstekend.').
NEIGHBOUR = ("cov_unit", "type_match")
# Form counts only together with topic: a number of the asked kind in a sentence on topic.
PRODUCTS = (("type_match", "cov_near"), ("counted_match", "cov_near"), ("year_match", "cov_near"),
            ("heading_like", "cov_unit"), ("is_row", "cov_near"))
NAMES: tuple[str, ...] = (BASE + tuple(f"{n}_gap" for n in RELATIVE)
                          + tuple(f"{n}_{side}" for n in NEIGHBOUR for side in ("prev", "next"))
                          + tuple(f"{a}_x_{b}" for a, b in PRODUCTS))
_PRODUCT_INDEX = tuple((BASE.index(a), BASE.index(b)) for a, b in PRODUCTS)
_REL_INDEX = tuple(BASE.index(n) for n in RELATIVE)
_NB_INDEX = tuple(BASE.index(n) for n in NEIGHBOUR)


def vector(q, c, stats) -> list[float]:
    """The base features of one candidate (relative ones are added by `matrix`)."""
    out: list[float] = []
    for m in MODULES:
        out.extend(m.compute(q, c, stats))
    return out


def matrix(q, pool, stats) -> list[list[float]]:
    """Feature rows of all candidates of one question, in NAMES order."""
    rows = [vector(q, c, stats) for c in pool]
    if not rows:
        return rows
    best = [max(r[i] for r in rows) for i in _REL_INDEX]
    out = []
    for j, (c, r) in enumerate(zip(pool, rows, strict=True)):
        prev = rows[j - 1] if j > 0 and pool[j - 1].chunk.chunk_id == c.chunk.chunk_id else None
        nxt = rows[j + 1] if j + 1 < len(rows) and pool[j + 1].chunk.chunk_id == c.chunk.chunk_id \
            else None
        extra = [r[i] - b for i, b in zip(_REL_INDEX, best, strict=True)]
        for i in _NB_INDEX:
            extra += [prev[i] if prev else 0.0, nxt[i] if nxt else 0.0]
        extra += [r[a] * r[b] for a, b in _PRODUCT_INDEX]
        out.append(r + extra)
    return out
