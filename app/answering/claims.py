"""Claim checks: align the claim with evidence on subject, unit, period and value.

- `supported` only when one evidence unit itself holds every number of the claim (same
  unit: percent with percent, amount with amount), its year or period, and no opposite
  direction; a claim without numbers needs the unit to cover its content words.
- `refuted` only when a unit about the same subject and period carries another value of
  the same unit, or the opposite direction; the explanation quotes it.
- otherwise `not_found`. A number from an unrelated sentence never refutes.
"""

from __future__ import annotations

import re
from dataclasses import replace

from app import texts
from app.answering import polarity, tagger
from app.answering.features import coverage
from app.answering.model import Citation, Verdict, elapsed_ms
from app.answering.question import Question
from app.answering.select import Scored
from app.answering.terms import stem, term_set

RELEVANT_DEFAULT = 0.15  # the scorer's probability below which a unit is not considered
SUBJECT_DEFAULT = 0.6  # share of the claim's content words a unit (with header) must hold
SUPPORT_WORDS_DEFAULT = 0.75  # ... for a claim without numbers, in the unit itself
CONSIDERED = 8  # units looked at, best first

_UP = re.compile(r"\b(stijg\w*|steeg|gestegen|toename|toenemen|neemt toe|groei\w*|hoger|verhog\w*|"
                 r"verhoogd|meer|omhoog)\b", re.I)
_DOWN = re.compile(r"\b(daal\w*|daling|gedaald|afname|afnemen|neemt af|krimp\w*|lager|verlag\w*|"
                   r"verlaagd|minder|omlaag|bezuinig\w*)\b", re.I)
_MONTH_STEMS = frozenset(stem(m) for m in tagger.MONTHS)
LEAD_IN = re.compile(r"^(klopt het dat|is het waar dat|klopt het,? dat|het is waar dat)\s+", re.I)


def direction(text: str) -> str | None:
    up, down = bool(_UP.search(text)), bool(_DOWN.search(text))
    return "up" if up and not down else "down" if down and not up else None


def strip_lead_in(claim: str) -> str:
    return LEAD_IN.sub("", claim).rstrip(" ?")


def _values(q: Question, s: Scored) -> list[tagger.Quantity] | None:
    """The unit's numbers; for a table row with year columns, those of the claimed years.
    None for a row of several values whose column for the claimed year is unknown: which
    value belongs to that year cannot be told, so the row neither supports nor refutes."""
    c = s.cand
    if c.row is not None and q.years and len(c.row.values) > 1:
        chosen = [v for col, v in zip(c.row.columns, c.row.values, strict=False)
                  if col and any(str(y) in col for y in q.years)]
        if not chosen:
            return None
        return [x for v in chosen for x in tagger.quantities(v, c.scale)]
    return tagger.quantities(c.unit.text, c.scale)


def _holds_all(values: list[tagger.Quantity] | None, claimed: list[tagger.Quantity]) -> bool:
    """The unit's values hold every claimed number."""
    return bool(values) and all(any(tagger.same_value(x, v) for v in values) for x in claimed)


def _period_ok(q: Question, s: Scored) -> bool:
    """The claimed years are the unit's: its own years when it names any ('zal in 2026
    afnemen' is about 2026 in a Kadernota 2027), else those of its header and heading."""
    if not q.years:
        return True
    c = s.cand
    for context in (c.unit.text, f"{c.unit.text} {c.header} {c.heading}"):
        near = set(tagger.years(context))
        for a, b in tagger.periods(context):
            near.update(range(a, b + 1))
        if near:
            return set(q.years) <= near
    return False


def _same_kind(x: tagger.Quantity, y: tagger.Quantity) -> bool:
    if x.kind == "percent" or y.kind == "percent":
        return x.kind == y.kind
    return True


def _cite(s: Scored) -> tuple[Citation, ...]:
    c = s.cand
    return (Citation(1, c.chunk, c.chunk.text[c.unit.start:c.unit.end]),)


def _short(text: str, n: int = 300) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= n else text[:n].rsplit(" ", 1)[0] + " …"


def verdict(q: Question, ranked: list[Scored], scorer, t0: float) -> Verdict:
    relevant_at = scorer.threshold("claim_relevant", RELEVANT_DEFAULT)
    subject_at = scorer.threshold("claim_subject", SUBJECT_DEFAULT)
    words_at = scorer.threshold("claim_words", SUPPORT_WORDS_DEFAULT)
    claimed = list(q.quantities)
    claim_dir = direction(q.text)
    relevant = [s for s in ranked if s.p >= relevant_at]
    # every relevant unit may support a claim with numbers (the same number with the same
    # subject is rare by chance); only the best CONSIDERED may refute or support without one
    considered = relevant if claimed else relevant[:CONSIDERED]
    conflict: tuple[Scored, tagger.Quantity, tagger.Quantity] | None = None
    opposite: Scored | None = None
    blocker: Scored | None = None  # an opposing unit about the claim itself
    about = _subject(q)
    for i, s in enumerate(considered):
        c = s.cand
        values = _values(q, s)
        if i >= CONSIDERED and not _holds_all(values, claimed):
            continue
        # the unit's subject: its words, its column labels, its heading and its body; a
        # claim word whose opposite the unit holds is about the same thing. With its line's
        # earlier sentences, a sentence that goes on may oppose; a number supports or
        # conflicts only with its own subject ('De OZB stijgt met 4%. De
        # afvalstoffenheffing stijgt met 3%.': the 3% is not the OZB's)
        opp = polarity.opposed_terms(q.text, c.unit.text)
        held_terms = (term_set(c.unit.text) | term_set(c.header) | term_set(c.heading)
                      | term_set(coverage._body(c)) | opp)
        subject = coverage.share(about, held_terms) if about.terms else 0.0
        with_line = coverage.share(about, held_terms | term_set(_line_before(c))) \
            if about.terms else 0.0
        if with_line < subject_at or not _period_ok(q, s):
            continue
        own_subject = subject >= subject_at
        unit_dir = direction(c.unit.text)
        # the unit itself (with its body) must be about the claim before its wording can
        # oppose it: a 'geen' in a sentence on something else says nothing
        own = coverage.share(about, term_set(c.unit.text) | term_set(coverage._body(c)) | opp)
        opposed = (claim_dir is not None and unit_dir is not None and unit_dir != claim_dir) \
            or (own >= words_at and polarity.contradicts(q.text, c.unit.text))
        if claimed and values is None:
            continue
        if claimed:
            held = _holds_all(values, claimed)
            if held and not opposed and own_subject:
                return _supported(s, t0)
            if conflict is None and not held and own_subject:
                for x in claimed:
                    if any(tagger.same_value(x, v) for v in values):
                        continue
                    rival = next((v for v in values if _same_kind(x, v)), None)
                    if rival is not None:
                        conflict = (s, x, rival)
                        break
        else:
            # a claim without numbers: one of the two negated anywhere and the other not
            # neither supports nor leaves it open ('is niet sluitend' / 'is sluitend'); a word
            # of both negated in one only, or a claim word's opposite, opposes on the subject
            # alone ('nog geen middelen beschikbaar gesteld' under the claim's heading; 'Deze
            # is tijdelijk vergund' after the line named the zonnepark). A unit ranked below
            # one that opposes in the claim's own words (a shared word negated, an opposite,
            # the other direction) does not support: conflicting evidence is no support. One
            # that opposes on the subject alone, or holds a 'niet' elsewhere ('tekorten die
            # niet kunnen worden opgevangen'), refutes only when nothing supports
            negated = polarity.has_negator(q.text) != polarity.has_negator(c.unit.text)
            strong = opposed  # the other direction, or the claim's own words negated/opposite
            opposed = strong or (own >= words_at and negated) \
                or polarity.contradicts(q.text, c.unit.text)
            if own >= words_at and not opposed and blocker is None:
                return _supported(s, t0)
            if strong and blocker is None and i < CONSIDERED:
                blocker = s

        if opposed and opposite is None and i < CONSIDERED:  # only the best may refute
            opposite = s
    if conflict is not None:
        s, x, rival = conflict
        src = texts.source_name(s.cand.chunk.title, s.cand.chunk.section)
        text = texts.CLAIM_REFUTED_VALUE.format(source=src, found=rival.raw, claimed=x.raw,
                                                quote=_short(s.cand.unit.text))
        return Verdict("refuted", text, _cite(s), elapsed_ms(t0))
    if opposite is not None:
        src = texts.source_name(opposite.cand.chunk.title, opposite.cand.chunk.section)
        text = texts.CLAIM_REFUTED_NEGATION.format(source=src, quote=_short(opposite.cand.unit.text))
        return Verdict("refuted", text, _cite(opposite), elapsed_ms(t0))
    return Verdict("not_found", texts.CLAIM_NOT_FOUND, (), elapsed_ms(t0))


def _line_before(c) -> str:
    """The sentences before the unit on its own line (paragraph or list item): a sentence
    that goes on ('In 2027 ... zal het budget toenemen.') is about what its line names
    first ('Budget voor het centrum zal in 2026 afnemen.')."""
    text = c.chunk.text
    return text[text.rfind("\n", 0, c.unit.start) + 1:c.unit.start]


def _subject(q: Question) -> Question:
    """The claim's topic words: without direction words (checked apart) and month names."""
    skip = {t for t in q.terms if _UP.fullmatch(t[0]) or _DOWN.fullmatch(t[0])
            or t[0] in _MONTH_STEMS}
    return replace(q, terms=tuple(t for t in q.terms if t not in skip))


def _supported(s: Scored, t0: float) -> Verdict:
    src = texts.source_name(s.cand.chunk.title, s.cand.chunk.section)
    text = texts.CLAIM_SUPPORTED.format(source=src, quote=_short(s.cand.unit.text))
    return Verdict("supported", text, _cite(s), elapsed_ms(t0))

