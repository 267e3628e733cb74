"""Claim checks: retrieve the passages that speak to a claim, then let the answer engine
align claim and evidence on subject, unit, period and value (app/answering/claims.py)."""

from __future__ import annotations

import re
import time

from app import texts
from app.answer import EngineHolder, clean_question, retrieve
from app.answering.claims import LEAD_IN
from app.answering.model import VERDICTS, Citation, Verdict, elapsed_ms
from index.model import Filters, Hit

__all__ = ["ClaimChecker", "Verdict", "Citation", "VERDICTS"]

_QUESTION = re.compile(r"^(wie|wat|waar|wanneer|waarom|hoe|hoeveel|welke|welk|is|zijn|kan|kunnen|"
                       r"mag|moet|wordt|komt)\b", re.I)
_NUMBER = re.compile(r"\d[\d.,]*%?")


class ClaimChecker(EngineHolder):
    """Checks claims against a Searcher. Build once per process."""

    # Wider than an answer's k=8: the passage that refutes a claim often ranks below
    # passages that merely share the claim's topic.
    def __init__(self, searcher, *, k: int = 10, scorer=None) -> None:
        super().__init__(searcher, k=k, scorer=scorer)

    def check(self, claim: str, filters: Filters | None = None) -> Verdict:
        t0 = time.perf_counter()
        text, _notice = clean_question(claim)
        if text.endswith("?") and not LEAD_IN.match(text) and _QUESTION.match(text):
            return Verdict("not_found", texts.CLAIM_NOT_A_CLAIM, (), elapsed_ms(t0))
        hits = claim_passages(self.searcher, text, self.k, filters)
        return self.engine.check(text, hits, t0=t0)


def claim_passages(searcher, claim: str, k: int, filters: Filters | None) -> list[Hit]:
    """The passages for a claim: as for a question, plus BM25 on the claim's words without
    its numbers, so a wrong number does not steer the search away from the right one."""
    hits = retrieve(searcher, claim, k, filters)
    seen = {h.chunk.chunk_id for h in hits}
    try:
        more = [h for h in searcher.search(_NUMBER.sub(" ", claim), k=5, filters=filters,
                                           mode="bm25") if h.chunk.chunk_id not in seen]
    except (TypeError, ValueError):
        more = []
    return hits + [Hit(h.chunk, h.score, len(hits) + i + 1, h.source) for i, h in enumerate(more)]

