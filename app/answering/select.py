"""Pick the units that answer: the best one first, then others that add something
(redundancy-aware, MMR-style) with a cap per passage; a list lead-in brings its items."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.answering.candidates import Candidate
from app.answering.terms import term_set
from app.answering.units import continues_item, enumerates, is_heading_line, is_lead, refers_back

MAX_UNITS = 4  # sentences in an answer that is not a list
MAX_WORDS = 90  # an answer stops adding sentences past this many words
MAX_ITEMS = 8  # list items a lead-in brings along
PER_PASSAGE = 3  # units of one passage (items of a list count as one)
REDUNDANT = 0.6  # word overlap (Jaccard) above which a unit adds nothing new
FOLLOW_WORDS = 40  # a heading brings the lines after it up to about this many words
FORM_AHEAD = 2  # units after a best unit without the asked form that may hold it


@dataclass(frozen=True, slots=True)
class Scored:
    cand: Candidate
    p: float  # the scorer's probability that the unit holds the answer


def _overlap(a: Candidate, b: Candidate) -> float:
    x, y = term_set(a.unit.text), term_set(b.unit.text)
    return len(x & y) / max(len(x | y), 1)


def _passage(s: Scored, pool: list[Scored]) -> dict[int, Scored]:
    """The pool's units of s's passage by their index in it."""
    cid = s.cand.chunk.chunk_id
    return {x.cand.unit.index: x for x in pool if x.cand.chunk.chunk_id == cid}


def _words(units: list[Scored]) -> int:
    return sum(len(s.cand.unit.text.split()) for s in units)


def _following(lead: Scored, pool: list[Scored], *, items_only: bool) -> list[Scored]:
    """What a lead-in or heading introduces: the units of its passage that directly follow
    it, in reading order. Sentences and rows until FOLLOW_WORDS words or the next heading;
    a list (up to MAX_ITEMS lines) ends it, a short line under an item ending in ':' counting
    as part of it. With items_only, only a list right after the lead."""
    same = _passage(lead, pool)
    out: list[Scored] = []
    words = items = 0
    i = lead.cand.unit.index + 1
    while i in same:
        u = same[i].cand.unit
        if u.kind == "item" or (out and continues_item(out[-1].cand.unit, u)):
            if items >= MAX_ITEMS:
                break
            items += 1
        elif items or items_only or is_heading_line(u) or words >= FOLLOW_WORDS:
            break
        out.append(same[i])
        words += len(u.text.split())
        i += 1
    return out


def _enumeration_after(s: Scored, pool: list[Scored]) -> list[Scored]:
    """For a list question: the sentence right after a picked one in its passage, when it
    names several things ('In het akkoord staan vijf aanpakken.' 'Dit zijn A, B, C en D.')."""
    nxt = _passage(s, pool).get(s.cand.unit.index + 1)
    if nxt is None or nxt.cand.unit.kind != "sentence" or not enumerates(nxt.cand.unit):
        return []
    return [nxt]


def _list_run(item: Scored, pool: list[Scored]) -> list[Scored]:
    """The whole list an item belongs to, in reading order, after the sentence that leads
    into it (when that sentence is in the pool)."""
    same = _passage(item, pool)
    lo = hi = item.cand.unit.index
    while lo - 1 in same and same[lo - 1].cand.unit.kind == "item":
        lo -= 1
    while hi + 1 in same and same[hi + 1].cand.unit.kind == "item" and hi - lo < MAX_ITEMS:
        hi += 1
    lead = [same[lo - 1]] if lo - 1 in same else []
    return lead + [same[i] for i in range(lo, hi + 1)]


def _form_ahead(best: Scored, pool: list[Scored], has_form: Callable[[Scored], bool]) \
        -> list[Scored]:
    """The sentences after a best sentence in its passage up to the first with the asked
    form, when one of the next FORM_AHEAD has it and opens by pointing back ('... met één
    integraal uurtarief.' 'Hiermee komt het tarief uit op € 120.'); none at a heading. A
    list item or table row brings nothing: the next item or row is about something else, as
    is a sentence that does not point back ('De toeristenbelasting stijgt met € 0,05.')."""
    if best.cand.unit.kind != "sentence":
        return []
    same = _passage(best, pool)
    out: list[Scored] = []
    for i in range(best.cand.unit.index + 1, best.cand.unit.index + 1 + FORM_AHEAD):
        s = same.get(i)
        if s is None or s.cand.unit.kind != "sentence" or is_heading_line(s.cand.unit):
            return []
        out.append(s)
        if has_form(s):
            return out if refers_back(s.cand.unit) else []
    return []


def select(ranked: list[Scored], *, add_min: float, ratio: float = 0.5,
           wants_list: bool = False, has_form: Callable[[Scored], bool] | None = None) \
        -> list[Scored]:
    """ranked: best first. Returns the picked units, best first (items after their lead-in).
    A best unit that only introduces (a lead-in ending in ':', a bare heading) brings what
    follows it in its passage; the best sentence of a list question brings the list items
    or the enumerating sentence that follow it. With `has_form` (the question asks an
    amount, count or date), a best sentence without that form brings the next sentence (of
    at most FORM_AHEAD) that has it and points back to it."""
    if not ranked:
        return []
    best = ranked[0]
    picked = [best]
    if has_form is not None and not has_form(best) and not is_lead(best.cand.unit):
        picked += _form_ahead(best, ranked, has_form)
    if wants_list and best.cand.unit.kind == "item":
        run = _list_run(best, ranked)
        if len(run) > 1:
            return run
    lead = is_lead(best.cand.unit)
    if lead or (wants_list and best.cand.unit.kind != "item"):
        follow = _following(best, ranked, items_only=not lead)
        if any(f.cand.unit.kind == "item" for f in follow):
            return picked + follow
        picked += follow  # a heading with its sentences: others may still add to it
        if wants_list and not follow:
            picked += _enumeration_after(best, ranked)
    cap = MAX_UNITS + len(picked) - 1  # the lines a heading brings count as one unit
    per_passage = {best.cand.chunk.chunk_id: 1}
    for s in ranked[1:]:
        if len([p for p in picked if p.cand.unit.kind != "item"]) >= cap:
            break
        if s.p < max(add_min, ratio * best.p):
            break
        cid = s.cand.chunk.chunk_id
        if per_passage.get(cid, 0) >= PER_PASSAGE:
            continue
        if any(s is p or _overlap(s.cand, p.cand) > REDUNDANT for p in picked):
            continue
        if _words(picked) + _words([s]) > MAX_WORDS:
            continue
        per_passage[cid] = per_passage.get(cid, 0) + 1
        picked.append(s)
        if s.cand.unit.text.rstrip().endswith(":"):  # a lead-in is read with its list
            picked += [f for f in _following(s, ranked, items_only=True)
                       if not any(f is p for p in picked)]
        elif wants_list and s.cand.unit.kind != "item":
            extra = [f for f in _enumeration_after(s, ranked) if not any(f is p for p in picked)]
            if _words(picked + extra) <= MAX_WORDS:
                picked += extra
    return picked
