"""Selection of the units worth showing from scored evidence: the best sentence, its close
neighbours, the value a 'hoeveel'/'wanneer' part asks for, list items after a lead-in, and
one side per document for compare questions. Mixed into Evidence (app/evidence.py).

Picks units only; it neither scores them from scratch nor writes text (answer.py does).
"""

from __future__ import annotations

import re

from app.lists import Lists, _heading_like, is_heading
from app.matching import _match
from app.question import Question, Scored
from app.sentences import has_amount, has_number, other_period, periods, term_set, years

REFUSE_BELOW = 0.35  # share of the question's weighted words the best sentence must cover
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.I)
# '15% in 2024.' + 'De verwachting is dat dit toeneemt naar 26% in 2050.': the number's sequel
_TREND = re.compile(r"^(?:\S+\s+){1,5}(dit|deze|dat aantal|dat aandeel|dat bedrag)\b", re.I)
_DEFINE = re.compile(r"\b(wat bedoel\w*|wat betekent|wat houdt .{1,60} in|wat is (?:een|het|de) ['‘\"])", re.I)
_ANAPHOR = re.compile(r"^(dit|dat|deze|die|daarmee|hiermee|daarom|daardoor|hierdoor|zo|ook dit|het gaat|zij|ze|hij)\b", re.I)
_DATE = re.compile(r"\b\d{1,2}[- ](?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|\d{1,2})\b", re.I)
_FOOTNOTE_TEXT = re.compile(r"^\s*(?:\[\d{1,2}\]|[¹²³⁴⁵⁶⁷⁸⁹]+)\s")
LEAD_IN_ITEMS = 5  # lines a sentence ending in ':' brings along
_FULL_DATE = re.compile(
    r"\b\d{1,2}\s+(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|"
    r"november|december)\s+((?:19|20)\d\d)\b", re.I)
SIDE_FIT = 0.35  # share of topic + ask words a compare side must cover (dev-set tuned)
_NORM_ASKED = re.compile(r"\b(norm\w*|signaalwaarde\w*|grens\w*|categorie\w*|boven|onder)\b", re.I)




class Selection(Lists):
    """select() and its helpers; needs units(), next_chunk(), analyse(), weight() and
    doc_sentence() from the class it is mixed into."""

    def select(self, q: Question, scored: list[Scored], max_units: int = 4) -> list[Scored]:
        """The best unit, more of its chunk when they score close, and another chunk only
        when it scores nearly as well (every extra source is a chance to cite noise)."""
        if not scored:
            return []
        scored = [s for s in scored if not unusable(s, q)] or scored
        best = scored[0]
        limit = 4 if q.compare else max_units
        picked = [best]
        per_chunk: dict[str, int] = {best.chunk.chunk_id: 1}
        for s in scored[1:]:
            if len(picked) >= limit or s.score < 0.6 * best.score:
                break
            same = s.chunk.chunk_id == best.chunk.chunk_id
            if not same and (s.score < 0.9 * best.score or len(per_chunk) >= (3 if q.compare else 1)):
                continue
            if per_chunk.get(s.chunk.chunk_id, 0) >= (3 if same else 2) or _duplicate(s, picked):
                continue
            if s.own == 0 and s.unit.kind == "item" and q.kind != "list":
                continue  # a bullet that names nothing asked rides on its neighbours' words
            if s.unit.kind == "row" and best.unit.kind == "row" and s.score < 0.95 * best.score:
                continue  # one table row answers; its neighbours are other quantities
            picked.append(s)
            per_chunk[s.chunk.chunk_id] = per_chunk.get(s.chunk.chunk_id, 0) + 1
        if q.kind != "list":
            picked = self._with_context(picked, _DEFINE.search(q.text) is not None)
        parts = q.parts
        if not parts and q.kind in ("number", "date"):  # the asked value must be in the answer
            parts = ((q.terms, q.weights, q.kind),)
        own_source: set[str] = set()  # passages that answer a part's number or date
        for terms, weights, kind in parts:
            n = len(picked)
            picked = self._answer_part(terms, weights, kind, scored, picked, set(periods(q.text)))
            if len(picked) > n and q.parts and kind in ("number", "amount", "date"):
                own_source.add(picked[-1].chunk.chunk_id)
        if q.kind == "list":
            picked = self._with_list(q, scored, picked)
        if q.compare and q.docs:
            for doc in q.docs:
                if any(p.chunk.doc == doc for p in picked):
                    continue
                side = next((s for s in scored if s.chunk.doc == doc), None)
                sentence = self.doc_sentence(q, doc)
                if sentence is not None:  # the side is what the question asks of this document
                    sub = self.analyse(sentence)
                    tw = [(t, self.weight(t)) for t in q.terms]  # topic and ask alike
                    tw += [(t, w) for t, w in zip(sub.terms, sub.weights, strict=True) if t not in q.terms]
                    total = sum(w for _, w in tw) or 1.0
                    own = [s for s in scored if s.chunk.doc == doc]

                    def fit(s: Scored, sub=sub, tw=tw, total=total) -> float:
                        ts = term_set(s.unit.text) | term_set(" ".join(s.chunk.section))
                        cov = sum(w * _match(t, ts) for t, w in tw) / total
                        if sub.kind == "date" and (years(s.unit.text) or _DATE.search(s.unit.text)):
                            cov += 0.2
                        if sub.kind == "number" and has_number(s.unit.text):
                            cov += 0.2
                        return cov + 0.05 / s.rank

                    side = max(own, key=fit, default=None)
                    if side is not None and fit(side) >= SIDE_FIT:
                        picked.append(side)
                    continue
                floor = max(REFUSE_BELOW, 0.6 * best.coverage)
                if side is not None and side.unit.kind == "row" and q.kind != "number":
                    # a sentence of the same passage says it in words, not a bare table row
                    worded = next((s for s in scored if s.chunk.chunk_id == side.chunk.chunk_id
                                   and s.unit.kind != "row" and s.coverage >= 0.9 * floor), None)
                    if worded is not None:
                        side, floor = worded, 0.9 * floor
                if side is not None and side.coverage >= floor:
                    picked.append(side)
        if q.compare and q.years:
            picked = self._newer_date(q, picked)
        picked = self._lead_ins(q, picked) or picked
        return _reading_order(q, _one_passage_per_source(q, picked, own_source))

    def _newer_date(self, q: Question, picked: list[Scored]) -> list[Scored]:
        """'Geldt die datum nog volgens de begroting?': a cited passage that names a later
        day than any year in the question ('per 1 januari 2027') says what changed."""
        latest = max(q.years)
        have = {(p.chunk.chunk_id, p.unit.start) for p in picked}
        for chunk in {p.chunk.chunk_id: p.chunk for p in picked}.values():
            for u in self.units(chunk):
                m = _FULL_DATE.search(u.text)
                if m and int(m.group(1)) > latest and (chunk.chunk_id, u.start) not in have:
                    p = next(p for p in picked if p.chunk.chunk_id == chunk.chunk_id)
                    return [*picked, Scored(chunk, u, p.rank, p.score - 0.01, p.coverage, p.own)]
        return picked

    def _lead_ins(self, q: Question, picked: list[Scored]) -> list[Scored]:
        """A sentence ending in ':' brings the lines it introduces, or goes: alone it
        promises a list the reader never sees. A number or date question drops it."""
        have = {(p.chunk.chunk_id, p.unit.start) for p in picked}
        out: list[Scored] = []
        for p in picked:
            if not p.unit.text.rstrip().endswith(":") or p.unit.kind == "row":
                out.append(p)
                continue
            units = self.units(p.chunk)
            idx = next((i for i, u in enumerate(units) if u.start == p.unit.start), len(units))
            items = []
            for u in units[idx + 1 : idx + 1 + LEAD_IN_ITEMS]:
                if u.kind != "item" and (items or (p.chunk.chunk_id, u.start) not in have):
                    break
                items.append(u)
            if q.kind in ("number", "date") or not items:
                continue
            out.append(p)
            for u in items:
                if (p.chunk.chunk_id, u.start) not in have:
                    have.add((p.chunk.chunk_id, u.start))
                    out.append(Scored(p.chunk, u, p.rank, p.score - 0.01, p.coverage, p.own))
        return out

    def _with_context(self, picked: list[Scored], define: bool = False) -> list[Scored]:
        """A sentence that leans on its neighbour comes with it: 'Dit betekent ...' brings
        the sentence before, '... de volgende punten:' the one after. For 'wat bedoelen ze
        met ...' the defining sentence brings the next one of its paragraph."""
        out = list(picked)
        have = {(p.chunk.chunk_id, p.unit.start) for p in picked}
        for p in picked:
            units = self.units(p.chunk)
            idx = next((i for i, u in enumerate(units) if u.start == p.unit.start), None)
            if idx is None:
                continue
            extra = []
            if _ANAPHOR.match(p.unit.text) and idx > 0:
                extra.append(units[idx - 1])
            nxt = units[idx + 1] if idx + 1 < len(units) else None
            if nxt is not None and len(out) < 5 and (_ANAPHOR.match(nxt.text) or (
                    _TREND.match(nxt.text) and has_number(nxt.text) and has_number(p.unit.text))):
                extra.append(units[idx + 1])  # 'Met het E-team ...' + 'Zij adviseren ...'
            if p.unit.text.rstrip().endswith(":") and idx + 1 < len(units):
                extra.append(units[idx + 1])
            if define and p is picked[0] and nxt is not None and "\n" not in p.chunk.text[p.unit.end:nxt.start]:
                extra.append(nxt)
            for u in extra:
                if (p.chunk.chunk_id, u.start) not in have and not _heading_like(u.text):
                    have.add((p.chunk.chunk_id, u.start))
                    out.append(Scored(p.chunk, u, p.rank, p.score - 0.01, p.coverage, p.own))
        return out

    def _answer_part(self, terms, weights, kind, scored: list[Scored], picked: list[Scored],
                     asked_periods: frozenset | set = frozenset()) -> list[Scored]:
        """Make sure one part of a two-part question has its own sentence. A unit naming
        another period of a plan than the question ('Agenda 2020-2025' for 2026-2030) counts half."""
        total = sum(weights) or 1.0
        part_years = {int(t) for t in terms if re.fullmatch(r"(?:19|20)\d\d", t)}

        def part_score(s: Scored) -> tuple[float, float]:
            own = term_set(_URL.sub(" ", s.unit.text)) | term_set(" ".join(s.chunk.section))
            cov = sum(w * _match(t, own) for t, w in zip(terms, weights, strict=True)) / total
            if part_years and not part_years & set(years(f"{s.unit.text} {s.chunk.context}")):
                cov *= 0.5  # 'hoe ontwikkelt die zich tot 2029?' is about 2029
            if other_period(s.unit.text, asked_periods):
                cov *= 0.5
            bonus = 0.0
            if kind == "amount" and has_amount(s.unit.text):
                bonus = 0.25
            elif kind == "number" and has_number(s.unit.text):
                bonus = 0.25
            elif kind == "date" and (years(s.unit.text) or _DATE.search(s.unit.text)):
                bonus = 0.25
            return cov + bonus, cov

        needs_value = kind in ("number", "amount", "date")
        # a part that asks 'hoeveel' or 'wanneer' is answered by a unit with that value first
        ranked = sorted(
            ((part_score(s), s) for s in scored[:150]),
            key=lambda x: (-(needs_value and x[0][0] > x[0][1] and x[0][1] >= 0.5), -x[0][0]),
        )
        if not ranked:
            return picked
        (best_score, best_cov), best = ranked[0]
        cited = {p.chunk.chunk_id for p in picked}
        # a new source only when it clearly answers the part; an already cited one sooner
        if needs_value and best_score <= best_cov:
            return picked  # no unit with the number or date asked for: adding one cannot help
        if best_cov < (0.5 if best.chunk.chunk_id in cited else 0.8) or any(p.unit is best.unit for p in picked):
            return picked
        scores = [part_score(p) for p in picked]
        if needs_value:
            answered = any(sc > cov and cov >= 0.5 for sc, cov in scores)
        else:
            answered = any(sc >= best_score - 0.05 for sc, _ in scores)
        if answered:
            return picked  # already answered (with the number or date the part asks for)
        return [*picked, best]



def _one_passage_per_source(q: Question, picked: list[Scored], keep: set[str]) -> list[Scored]:
    """Cite one passage per document for a compare question, one in all otherwise: a
    second passage that merely scores close is more often noise than a second answer.
    Kept apart: list items (a list may run into the next passage) and the passage that
    answers a separate part's number or date ('... en per wanneer treedt het in werking?')."""
    first: dict[str, str] = {}
    for p in picked:
        first.setdefault(p.chunk.doc if q.compare else "", p.chunk.chunk_id)
    keep = keep | set(first.values())
    keep |= {p.chunk.chunk_id for p in picked if p.unit.kind == "item" or q.kind == "list"}
    return [p for p in picked if p.chunk.chunk_id in keep]


def unusable(s: Scored, q: Question) -> bool:
    """Never an answer sentence by itself: a heading ('6 Kosten, baten en dekking') or the
    text of a footnote ('[1] gebaseerd op ...'). Numbered headings still serve as list items."""
    text = s.unit.text
    if _FOOTNOTE_TEXT.match(text):
        return True
    if s.unit.kind == "row" and re.search(r"[<>]", text) and not _NORM_ASKED.search(q.text):
        return True  # a norm row ('Netto schuldquote < 90% > 130%') is not the value asked for
    if q.kind in ("number", "date") and text.rstrip().endswith(":"):
        return True  # a lead-in holds no value; the lines after it are scored themselves
    if s.unit.kind == "row" or q.kind == "list":
        return False
    return is_heading(text, s.chunk.section)




def _duplicate(s: Scored, picked: list[Scored]) -> bool:
    a = term_set(s.unit.text)
    for p in picked:
        b = term_set(p.unit.text)
        if a and b and len(a & b) / len(a | b) > 0.7:
            return True
    return False




def _reading_order(q: Question, picked: list[Scored]) -> list[Scored]:
    chunk_order: dict[str, int] = {}
    for p in picked:
        chunk_order.setdefault(p.chunk.chunk_id, len(chunk_order))
    doc_rank = {d: i for i, d in enumerate(q.docs)}
    return sorted(
        picked,
        key=lambda p: (
            doc_rank.get(p.chunk.doc, len(doc_rank)) if q.compare else 0,
            chunk_order[p.chunk.chunk_id],
            p.unit.start,
        ),
    )
