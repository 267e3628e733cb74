"""The retriever's own opinion: the passage's rank and its score relative to the best."""

from __future__ import annotations

NAMES = ("rank_inv", "score_rel")


def compute(q, c, stats) -> list[float]:
    return [1.0 / c.rank, c.score_rel]
