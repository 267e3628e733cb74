"""fuse() boosts only candidates that can still reach the top k: same result as boosting all."""

from __future__ import annotations

import random

from index import hybrid
from ingest.model import Chunk, PageRef


def _chunk(i: int, text: str, section: str, doc: str) -> Chunk:
    return Chunk(chunk_id=f"{doc[:6]}000000:{i:04d}", doc_id=f"{doc[:6]}000000", doc=doc,
                 title=doc.split(".")[0].replace("-", " ").title(), section=(section,),
                 page=PageRef(1, 1, "1", True), text=text, start=i, end=i + len(text),
                 year_from=2026, year_to=2026)


def test_pruned_fusion_equals_fusion_of_every_candidate():
    rng = random.Random(7)
    words = ["reserve", "sport", "woningen", "tarief", "2026", "45.150", "4,2%", "begroting", "wonen"]
    docs = ["programmabegroting-2026.txt", "kaderbrief-2024.txt"]
    chunks = [_chunk(i, " ".join(rng.choices(words, k=8)), rng.choice(["Wonen", "Sport", "Reserves"]),
                     rng.choice(docs)) for i in range(60)]
    params = hybrid.FusionParams(year_boost=0.03)
    for trial in range(40):
        dense = sorted(((c, rng.random()) for c in rng.sample(chunks, 30)), key=lambda t: -t[1])
        lexical = sorted(((c, rng.random() * 9) for c in rng.sample(chunks, 25)), key=lambda t: -t[1])
        info = hybrid.analyse(" ".join(rng.choices(words, k=4)) + " kaderbrief")
        for k in (1, 5, 10):
            assert hybrid.fuse(dense, lexical, info, k, params) == \
                hybrid.fuse(dense, lexical, info, 10_000, params)[:k], (trial, k)


def test_max_boost_bounds_every_boost():
    info = hybrid.analyse("reserve 45.150 in 2026 volgens de begroting")
    params = hybrid.FusionParams(year_boost=0.02)
    c = _chunk(1, "De reserve is 45.150 in 2026.", "Reserves", "programmabegroting-2026.txt")
    assert 0 < hybrid.boost(c, info, params) <= hybrid.max_boost(info, params)
    assert hybrid.max_boost(hybrid.analyse("de het een"), params) == 0.0
