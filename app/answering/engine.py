"""The answer engine: score every candidate unit of the retrieved passages with the fitted
scorer, refuse when nothing answers, else pick and compose. Deterministic: the same
passages and question give the same answer, byte for byte (ties broken by reading order).
"""

from __future__ import annotations

import time

from app import texts
from app.answering import candidates as cands
from app.answering import features, tagger
from app.answering import scorer as scoring
from app.answering.claims import strip_lead_in, verdict
from app.answering.compose import compose
from app.answering.features import coverage
from app.answering.model import Answer, Verdict, elapsed_ms
from app.answering.question import Question, analyse
from app.answering.select import Scored, select
from app.answering.terms import CorpusStats, body_of, content_terms, covers, name_stem, term_set
from index.lexical import fold
from index.model import Hit

REFUSE_DEFAULT = 0.25  # used only when the weights file carries no fitted threshold
ADD_DEFAULT = 0.5
FORM_DEFAULT = 1.01  # off unless the weights file carries a fitted ratio
FORM_TYPES = frozenset({"amount", "percent", "count", "date", "period"})
RATIO_DEFAULT = 0.5
MISSING_DEFAULT = 1.01  # off unless the weights file carries a fitted share
UNKNOWN_DEFAULT = 1.01  # off unless the weights file carries a fitted share


class Engine:
    """Answers and claim checks over given passages. Build once per index (the corpus
    statistics are computed once); `answer` and `check` are cheap."""

    def __init__(self, stats: CorpusStats, scorer: scoring.Scorer | None = None) -> None:
        self.stats = stats
        self.scorer = scorer if scorer is not None else scoring.load()

    def analyse(self, text: str) -> Question:
        return analyse(text, self.stats)

    def rank(self, q: Question, hits: list[Hit], *, form_ratio: float | None = None) -> list[Scored]:
        """Every candidate about the names asked, best first (see `order`)."""
        pool = cands.from_hits(hits)
        probs = self.scorer.proba(features.matrix(q, pool, self.stats))
        return order(q, pool, probs, form_ratio)

    def answer(self, question: str, hits: list[Hit], *, t0: float | None = None,
               notice: str = "") -> Answer:
        t0 = time.perf_counter() if t0 is None else t0
        q = self.analyse(question)
        suggestions = tuple(hits[:3])
        if q.unknown_names:
            text = texts.refusal_unknown_names(list(q.unknown_names), list(self.stats.bodies))
            return Answer(text, (), True, elapsed_ms(t0), suggestions, notice)
        ranked = self.rank(q, hits, form_ratio=self.scorer.threshold("form_ratio", FORM_DEFAULT))
        if unanswered(q, ranked, self.scorer):
            text = texts.REFUSAL
            bodies = " ".join(fold(b) for b in self.stats.bodies)
            if q.names and bodies and not any(fold(n) in bodies for n in q.names):
                text = texts.refusal_other_body(list(q.names), list(self.stats.bodies))
            return Answer(text, (), True, elapsed_ms(t0), suggestions, notice,
                          confidence=ranked[0].p if ranked else 0.0)
        picked = select(ranked, add_min=self.scorer.threshold("add", ADD_DEFAULT),
                        ratio=self.scorer.threshold("add_ratio", RATIO_DEFAULT),
                        wants_list=q.kind == "list", has_form=form_test(q))
        text, citations = compose(picked, q.years)
        return Answer(text, citations, False, elapsed_ms(t0), (), notice, confidence=ranked[0].p)

    def check(self, claim: str, hits: list[Hit], *, t0: float | None = None) -> Verdict:
        t0 = time.perf_counter() if t0 is None else t0
        q = self.analyse(strip_lead_in(claim))
        if q.unknown_names:
            return Verdict("not_found", texts.CLAIM_NOT_FOUND, (), elapsed_ms(t0))
        ranked = self.rank(q, hits)
        return verdict(q, ranked, self.scorer, t0)


def missing(q: Question, best: Scored) -> float:
    """IDF-weighted share of what the question asks (its topic words, and the noun a list
    question names) that the best unit's passage (its text, heading, column labels and body)
    does not hold: a question whose key words the passage lacks asks about something else.
    The names the question holds are left out: which place or body it is about is checked
    apart (`order`), and a passage naming the place says nothing of what is asked about it
    ('de burgemeester van Groningen')."""
    named = {t for n in q.names for t in content_terms(n)}
    asked = [(alts, w) for t, alts, w in q.terms if t not in named]
    asked += [(alts, w) for _, alts, w in q.listed_terms]  # 'Welke partijen': named there
    total = sum(w for _, w in asked)
    if not asked or total <= 0:
        return 0.0
    c = best.cand
    held = (term_set(c.chunk.text) | term_set(c.heading) | term_set(c.header)
            | term_set(body_of(c.chunk)))
    return sum(w for alts, w in asked if not covers(alts, held)) / total


def unanswered(q: Question, ranked: list[Scored], scorer: scoring.Scorer,
               refuse_at: float | None = None, missing_at: float | None = None) -> bool:
    """The one no-answer decision: nothing scored, the best unit's probability is below the
    fitted threshold, its passage lacks too much of what the question asks, or too much of
    what it asks is in no document at all ('hondenbelasting' in an index without it)."""
    refuse_at = scorer.threshold("refuse", REFUSE_DEFAULT) if refuse_at is None else refuse_at
    missing_at = scorer.threshold("refuse_missing", MISSING_DEFAULT) if missing_at is None \
        else missing_at
    if not ranked:
        return True
    return refuses(ranked[0].p, missing(q, ranked[0]), q.unknown_share, refuse_at=refuse_at,
                   missing_at=missing_at,
                   unknown_at=scorer.threshold("refuse_unknown", UNKNOWN_DEFAULT))


def refuses(top: float, lack: float, unknown: float, *, refuse_at: float, missing_at: float,
            unknown_at: float) -> bool:
    """The rule itself, on the measured values: the best probability, the share the best
    passage lacks, the share no document holds. eval/fit.py calls it with precomputed values
    over its threshold grid."""
    return top < refuse_at or lack > missing_at or unknown > unknown_at


def order(q: Question, pool, probs, form_ratio: float | None = None) -> list[Scored]:
    """Candidates by probability (ties in reading order), keeping those about the names the
    question holds. With `form_ratio`, a question asking an amount, percentage, count or date
    gets first the best unit that has that form and is as much on topic, when its
    probability is at least form_ratio times the best one's: the asked fact comes first.
    form_ratio 0 keeps only units with that form (none left: the question is refused)."""
    scored = [Scored(c, float(p)) for c, p in zip(pool, probs, strict=True)]
    scored.sort(key=lambda s: (-round(s.p, 9), s.cand.key))
    scored = [s for s in scored if _about_names(q, s)]
    if form_ratio is None or not scored or q.kind not in FORM_TYPES:
        return scored
    if form_ratio <= 0.0:  # the asked form is required: a 'hoeveel' answer holds a number
        return [s for s in scored if _has_form(q, s)]
    top_topic = _topic(q, scored[0])
    for i, s in enumerate(scored):
        if s.p < form_ratio * scored[0].p:
            break
        if _has_form(q, s) and _topic(q, s) >= top_topic:
            return [s, *scored[:i], *scored[i + 1:]]
    return scored


def _topic(q: Question, s: Scored) -> float:
    """IDF share of the question's words the unit (with its lead-in or column header) holds:
    a unit moved first for its form must be as much on topic as the best one (the tourist
    tax line's '€ 0,05' does not answer how much the OZB rises)."""
    return coverage.share(q, term_set(s.cand.unit.text) | term_set(s.cand.header))


def form_test(q: Question):
    """For a question asking an amount, percentage, count or date: does a unit have that
    form? None for other questions."""
    if q.kind not in FORM_TYPES:
        return None
    return lambda s: _has_form(q, s)


def _has_form(q: Question, s: Scored) -> bool:
    have = tagger.unit_types(s.cand.unit.text, s.cand.scale)
    if q.kind in ("date", "period"):
        return tagger.serves_when(q.text, s.cand.unit.text, have)
    return bool(have & {"amount", "percent", "count"})


def _about_names(q: Question, s: Scored) -> bool:
    """A unit answers a question naming a place or body only when its passage names it; of
    names joined by 'en' or 'of' ('Zwolle en Kampen'), one will do. The entity features
    still count every name: a unit naming both ranks above one naming one."""
    if not q.names:
        return True
    c = s.cand
    where = fold(f"{c.heading} {c.chunk.text} {body_of(c.chunk)}")
    return all(any(all(name_stem(part) in where for w in name for part in fold(w).split("-") if part)
                   for name in group) for group in q.name_groups)



def answer(question: str, passages: list[Hit], *, stats: CorpusStats | None = None,
           scorer: scoring.Scorer | None = None) -> Answer:
    """The small contract: a question and its passages -> Answer (statistics from the
    passages themselves when none are given)."""
    stats = stats or CorpusStats.from_chunks(h.chunk for h in passages)
    return Engine(stats, scorer).answer(question, passages)


def check(claim: str, passages: list[Hit], *, stats: CorpusStats | None = None,
          scorer: scoring.Scorer | None = None) -> Verdict:
    """The small contract for claims: a claim and its passages -> Verdict."""
    stats = stats or CorpusStats.from_chunks(h.chunk for h in passages)
    return Engine(stats, scorer).check(claim, passages)
