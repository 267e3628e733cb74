"""Is the candidate about the year or period asked? A year counts in the unit, in a row's
column header, or as the period of the document the passage comes from."""

from __future__ import annotations

from app.answering import tagger

NAMES = ("year_match", "year_other", "doc_period_match")


def compute(q, c, stats) -> list[float]:
    if not q.years:
        return [0.0, 0.0, 0.0]
    asked = set(q.years)
    near = set(tagger.years(c.unit.text)) | set(tagger.years(c.header))
    for a, b in tagger.periods(c.unit.text + " " + c.header):
        near.update(range(a, b + 1))
    lo = c.chunk.year_from
    hi = c.chunk.year_to if c.chunk.year_to is not None else lo
    in_doc = lo is not None and any(lo <= y <= (hi or lo) for y in asked)
    return [float(bool(asked & near)), float(bool(near) and not asked & near), float(in_doc)]
