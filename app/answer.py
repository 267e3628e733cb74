"""Grounded answers: retrieve passages, then let the answer engine (app/answering/) pick
the sentences that answer the question and cite each one as [n], or refuse with the
closest passages as suggestions.

Offline and extractive by default: every sentence shown is a sentence of a cited chunk
(table rows restated with their column header and unit). The optional language-model
summary lives in app/generate.py and is only shown when it passes its check.
"""

from __future__ import annotations

import re
import time
import unicodedata

from app import texts
from app.answering.engine import Engine
from app.answering.model import Answer, Citation, elapsed_ms
from app.answering.tagger import years
from app.answering.terms import CorpusStats, content_terms
from app.errors import EmptyQuestion
from index.model import Filters, Hit

__all__ = ["Answer", "Answerer", "Citation", "clean_question", "rewrite_followup", "retrieve"]

MAX_QUESTION_CHARS = 1000
LEXICAL_EXTRA = 3  # BM25 passages added after the hybrid ones: exact words fusion may bury


# --- input ----------------------------------------------------------------------------


def clean_question(question: str, max_chars: int = MAX_QUESTION_CHARS) -> tuple[str, str]:
    """Strip control characters and cut to max_chars. Returns (question, Dutch notice or '')."""
    if question is None:
        raise EmptyQuestion("the question is empty: type a question, e.g. 'Wanneer begint de economische agenda?'")
    text = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in str(question)
    )
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        raise EmptyQuestion(
            "the question is empty or only whitespace/control characters: type a question, "
            "e.g. 'Wanneer begint de economische agenda?'"
        )
    notice = ""
    if len(text) > max_chars:
        cut = text[:max_chars]
        text = cut.rsplit(" ", 1)[0] if " " in cut[-50:] else cut
        notice = texts.TRUNCATED_NOTICE.format(n=max_chars)
    return text, notice


_FOLLOWUP_START = re.compile(r"^(en|of|maar|ook|en wat|wat als|hoe zit het met|hoe zit dat met|en voor|en bij|en in)\b", re.I)
_ENGLISH = frozenset("the what is are how much many when where who which does do of in for to and you i".split())
_DUTCH = frozenset("de het een is zijn wat hoe hoeveel wanneer waar wie welke van in voor op en ik u er".split())


def rewrite_followup(question: str, history: list[tuple[str, str]] | None) -> str:
    """'en in 2027?' after 'Hoeveel ... in 2026?' -> 'Hoeveel ... in 2027?'. Pure."""
    if not history:
        return question
    # the previous turn may itself have been a follow-up: resolve it first
    prev = rewrite_followup(history[-1][0].strip(), history[:-1])
    q = question.strip()

    terms = [t for t in content_terms(q) if not t.isdigit()]
    short = len(q.split()) <= 5
    if not (_FOLLOWUP_START.match(q) or (short and len(terms) <= 1)):
        return question
    new_years = years(q)
    old_years = years(prev)
    if new_years and old_years:
        rewritten = prev
        for old, new in zip(old_years, new_years, strict=False):
            rewritten = rewritten.replace(str(old), str(new))
        if len(new_years) > len(old_years):
            rewritten = f"{rewritten} {' '.join(str(y) for y in new_years[len(old_years):])}"
        return rewritten
    rest = _FOLLOWUP_START.sub("", q).strip(" ?")
    return f"{prev.rstrip(' ?')} {rest}?".strip() if rest else prev


def looks_foreign(question: str) -> bool:
    toks = [w.lower() for w in re.findall(r"[A-Za-z]+", question)]
    en = sum(t in _ENGLISH for t in toks)
    nl = sum(t in _DUTCH for t in toks)
    return len(toks) >= 3 and en >= 2 and en > 2 * nl


class EngineHolder:
    """A searcher plus the answer engine over its corpus, built on first use."""

    def __init__(self, searcher, *, k: int, scorer=None) -> None:
        self.searcher = searcher
        self.k = k
        self._scorer = scorer
        self._engine: Engine | None = None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = Engine(corpus_stats(self.searcher), self._scorer)
        return self._engine


class Answerer(EngineHolder):
    """Answers questions from a Searcher. Build once per process; ask() is cheap."""

    def __init__(self, searcher, *, k: int = 8, generator=None, scorer=None) -> None:
        super().__init__(searcher, k=k, scorer=scorer)
        self.generator = generator

    def ask(
        self,
        question: str,
        filters: Filters | None = None,
        history: list[tuple[str, str]] | None = None,
    ) -> Answer:
        t0 = time.perf_counter()
        q, notice = clean_question(question)
        q = rewrite_followup(q, history)
        if looks_foreign(q):
            hits = self.searcher.search(q, k=3, filters=filters)
            return Answer(texts.REFUSAL_OTHER_LANGUAGE, (), True, elapsed_ms(t0), tuple(hits[:3]), notice)
        hits = retrieve(self.searcher, q, self.k, filters)
        answer = self.engine.answer(q, hits, t0=t0, notice=notice)
        if self.generator is not None and not answer.refused:
            answer = self.generator.apply(q, answer)  # the checked summary, or a notice why not
        return answer


def corpus_stats(searcher) -> CorpusStats:
    """Statistics over every indexed chunk (once per searcher)."""
    cached = getattr(searcher, "_bronwijzer_stats", None)
    if cached is not None:
        return cached
    chunks = searcher.chunks() if hasattr(searcher, "chunks") else []
    stats = CorpusStats.from_chunks(chunks)
    try:
        searcher._bronwijzer_stats = stats
    except AttributeError:  # a searcher with __slots__: compute again next time
        pass
    return stats


def retrieve(searcher, text: str, k: int, filters: Filters | None) -> list[Hit]:
    """The hybrid top k, then up to LEXICAL_EXTRA BM25 passages not among them."""
    hits = list(searcher.search(text, k=k, filters=filters))
    try:
        lexical = searcher.search(text, k=k, filters=filters, mode="bm25")
    except (TypeError, ValueError):
        lexical = []
    seen = {h.chunk.chunk_id for h in hits}
    extra = [h for h in lexical if h.chunk.chunk_id not in seen][:LEXICAL_EXTRA]
    return [Hit(h.chunk, h.score, i + 1, h.source) for i, h in enumerate(hits + extra)]

