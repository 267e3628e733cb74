"""Evidence finding shared by answers and claim checks: retrieve passages for an analysed
question, score every sentence/row of them against it, and decide whether the evidence
covers the question at all. Analysis lives in app/question.py, picking in app/selection.py.

Scoring is lexical and rule based (stemmed content words weighted by corpus IDF, numbers,
years, question type) and never embeds a sentence, so it costs milliseconds; only the
searcher's own query embedding is paid. It does not write text: answer.py and claims.py do.
"""

from __future__ import annotations

import re

from app.lists import _heading_like, inline_list, is_item_start
from app.matching import _match, counted_number, counted_words
from app.question import _PART_SPLIT, Question, Scored, Vocabulary, _counted_term
from app.selection import _DATE, _URL, REFUSE_BELOW, Selection
from app.sentences import (
    STOPWORDS,
    content_terms,
    expand,
    has_number,
    other_period,
    periods,
    term_set,
    words,
    years,
)
from index.model import Filters, Hit

__all__ = ["Evidence", "Question", "Scored", "is_item_start", "inline_list", "REFUSE_BELOW"]

# Tuned on the dev set (bench/README.md, "Answers and claim checks").
RANK_PRIOR = 0.2  # the retriever's order counts: added to a unit of the hit ranked r as 0.2 / r
LEXICAL_EXTRA = 3  # BM25 hits added after the hybrid ones
CAPTION_CREDIT = 1.0  # a question word in a table's caption/header, for each of its rows
CHUNK_CREDIT = 0.6  # a question word elsewhere in the same passage counts for this much
COUNTED_BONUS = 0.15  # 'hoeveel huizen': a number followed by 'woningen' (what is counted)
DAY_BONUS = 0.15  # 'op welke datum': a unit naming a day ('16 oktober 2025')
NAMED_DOC_BONUS = 0.3  # a unit of the one document the question names ('volgens de begroting')
_DAY_ASKED = re.compile(r"\b(welke|op welke)\s+(dag|dagen|datum|data)\b", re.I)
EDITION_PENALTY = 0.25  # a unit naming another period of a plan than the question names
_WEEKDAY = re.compile(r"\b(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)\b", re.I)


def _lead_ins(units) -> list[int | None]:
    """Per unit, the index of the sentence ending in ':' that introduces it, when the
    unit is one of the list lines right after it; else None."""
    out: list[int | None] = []
    lead = None
    for i, u in enumerate(units):
        out.append(lead if u.kind == "item" else None)
        if u.text.rstrip().endswith(":"):
            lead = i
        elif u.kind != "item":
            lead = None
    return out


class Evidence(Vocabulary, Selection):
    """Retrieval, unit scoring and the refusal decision over one Searcher."""

    # -- retrieval --
    def retrieve(self, q: Question, k: int, filters: Filters | None) -> list[Hit]:
        hits = list(self.searcher.search(q.text, k=k, filters=filters))
        if LEXICAL_EXTRA:  # BM25 costs no embedding and catches exact words fusion may bury
            try:
                query = " ".join(expand(words(q.text)))
                lexical = self.searcher.search(query, k=LEXICAL_EXTRA, filters=filters, mode="bm25")
            except (TypeError, ValueError):
                lexical = []
            seen = {h.chunk.chunk_id for h in hits}
            hits = hits + [h for h in lexical if h.chunk.chunk_id not in seen]
            hits = [Hit(h.chunk, h.score, i + 1, h.source) for i, h in enumerate(hits)]
        pieces = _PART_SPLIT.split(q.text) if q.parts else []
        if len(pieces) > 1:  # each part of a two-part question gets its own search
            seen = {h.chunk.chunk_id for h in hits}
            for piece in pieces[1:3]:
                for h in self.searcher.search(piece, k=4, filters=filters):
                    if h.chunk.chunk_id not in seen:
                        seen.add(h.chunk.chunk_id)
                        hits.append(Hit(h.chunk, h.score, len(hits) + 1, h.source))
        if q.docs and (q.compare or len(q.docs) == 1):
            seen = {h.chunk.chunk_id for h in hits}
            base = filters or Filters()
            for doc in q.docs:
                if base.docs and doc not in base.docs:
                    continue
                f = Filters(docs=(doc,), year=base.year, municipality=base.municipality)
                for h in self.searcher.search(self._side_query(q, doc), k=4, filters=f):
                    if h.chunk.chunk_id not in seen:
                        seen.add(h.chunk.chunk_id)
                        hits.append(Hit(h.chunk, h.score, len(hits) + 1, h.source))
        return hits

    def _side_query(self, q: Question, doc: str) -> str:
        """The sentence naming the document plus the question's two rarest other words
        (the topic: 'Wat is er volgens de begroting afgesproken?' + 'AZC structurele')."""
        sentence = self.doc_sentence(q, doc)
        if sentence is None:
            return q.text
        mine = set(content_terms(sentence))
        rest = [w for w in words(q.text) if w.lower() not in STOPWORDS and not w[:1].isdigit()
                and content_terms(w) and content_terms(w)[0] not in mine]
        rest.sort(key=lambda w: -self.weight(content_terms(w)[0]))
        return f"{sentence} {' '.join(rest[:2])}".strip()

    # -- scoring --
    def score(self, q: Question, hits: list[Hit]) -> list[Scored]:
        total = sum(q.weights) or 1.0
        m = re.search(r"['‘’\"“”]([^'‘’\"“”]{4,80})['‘’\"“”]", q.text)
        quoted = m.group(1).lower().strip() if m else ""
        out: list[Scored] = []
        counted = counted_words(q.text) if q.kind == "number" else ()
        day_asked = bool(_DAY_ASKED.search(q.text))
        asked_periods = set(periods(q.text))
        # years that name a plan or document ('Agenda 2026-2030', 'volgens de begroting 2026')
        # identify it; only other years ask about a time
        naming = {y for p in asked_periods for y in p} | {y for d in q.docs for y in years(d)}
        time_asked = bool(set(q.years) - naming)
        for hit in hits:
            c = hit.chunk
            units = self.units(c)
            if not units:
                continue
            head_terms = term_set(" ".join(c.section) + " " + c.context)
            from app.sentences import header_lines
            unit_terms = [term_set(_URL.sub(" ", u.text)) for u in units]
            # match each question term once per unit, then combine: a term in the unit
            # counts fully, in a neighbour or the heading 0.8, elsewhere in the passage less
            own_m = [[_match(t, ts) for t in q.terms] for ts in unit_terms]
            head_m = [_match(t, head_terms) for t in q.terms]
            chunk_m = [max(col) for col in zip(*own_m, strict=True)] if own_m else head_m
            title_terms = term_set(c.title)
            chunk_m = [max(m, _match(t, title_terms)) for m, t in zip(chunk_m, q.terms, strict=True)]
            leads = _lead_ins(units)
            for i, u in enumerate(units):
                mine = own_m[i]
                if leads[i] is not None:  # '- € 1.500 voor alleenstaanden' under '... vermogen:'
                    mine = [max(a, b) for a, b in zip(mine, own_m[leads[i]], strict=True)]
                row_years: set[int] = set()
                if u.kind == "row":  # caption and column header belong to every row
                    header = header_lines(c.text, c.context, u.start)
                    caption = term_set(header)
                    mine = [max(m, CAPTION_CREDIT * _match(t, caption)) for m, t in zip(mine, q.terms, strict=True)]
                    row_years = set(years(header))
                else:
                    caption = frozenset()
                got = own_got = 0.0
                for j, w in enumerate(q.weights):
                    m = mine[j]
                    own_got += w * m
                    if m < 1.0:
                        nb = max([head_m[j]] + [own_m[x][j] for x in (i - 1, i + 1) if 0 <= x < len(units)])
                        m = max(m, 0.8 * nb, CHUNK_CREDIT * chunk_m[j])
                    got += w * m
                cov = got / total
                s = cov
                if u.kind == "row" and re.search(r"[<>]", u.text):
                    s -= 0.2  # a norm ('< 90% > 130%'), not the value asked for
                if u.kind == "row":  # the row's own label decides between rows of one table
                    label = [w for t, w in zip(q.terms, q.weights, strict=True)
                             if _match(t, unit_terms[i]) and t not in caption and t not in head_terms]
                    if q.kind == "number":
                        s += 0.3 * sum(label) / total if label else -0.15
                if q.kind == "number":  # 'hoeveel' is answered by a sentence with a number
                    # the number must belong to what is asked: its sentence names some of it
                    s = s + 0.12 if has_number(u.text) and own_got > 0 else s * 0.8
                    if counted and u.kind != "row":
                        s += COUNTED_BONUS * counted_number(u.text, counted)
                if quoted and quoted in u.text.lower():  # "wat bedoelen ze met 'X'": X defined
                    s += 0.1 + (0.1 if u.text.lower().startswith(quoted) else 0.0)
                if q.kind == "list" and (inline_list(u.text, loose=True) or u.text.rstrip().endswith(":")):
                    s += 0.1
                if q.kind == "date":  # 'wanneer' is answered by a sentence with a date or year
                    s = s + 0.12 if (years(u.text) or _DATE.search(u.text)) else s * 0.8
                if day_asked:  # 'op welke datum': a day, not just a year
                    s = s + DAY_BONUS if _DATE.search(u.text) else s * 0.9
                if q.years:
                    unit_years = set(years(u.text)) | row_years
                    if unit_years & set(q.years):
                        s += 0.05
                    elif unit_years and time_asked:
                        s -= 0.12  # speaks about other years than asked
                if other_period(u.text, asked_periods):
                    s -= EDITION_PENALTY  # 'Economische Agenda 2020-2025' when 2026-2030 is asked
                if q.docs and c.doc in q.docs:
                    s += 0.08 if q.compare else NAMED_DOC_BONUS
                if u.kind == "row" and q.kind != "number":
                    s -= 0.1
                if len(u.text) < 25:
                    s -= 0.15
                if u.kind == "sentence" and _heading_like(u.text) and q.kind != "list":
                    s -= 0.15
                s += RANK_PRIOR / hit.rank
                out.append(Scored(c, u, hit.rank, s, cov, own_got / total))
        out.sort(key=lambda s: -s.score)
        return out

    def should_refuse(self, q: Question, scored: list[Scored]) -> bool:
        """Refuse when the evidence does not cover what is asked: too few of the
        question's weighted words in any sentence and its neighbours, or words the
        corpus does not know at all carrying much of the question ('hondenbelasting')."""
        if not scored or not q.terms:
            return True
        best = max(s.coverage for s in scored)
        if best < REFUSE_BELOW:
            return True
        if self.refuse_unknown(q) or (best < 0.5 and self.unknown_share(q) >= 0.25):
            return True
        if _DAY_ASKED.search(q.text) and not any(
            s.coverage >= REFUSE_BELOW and (_DATE.search(s.unit.text) or _WEEKDAY.search(s.unit.text))
            for s in scored
        ):
            return True  # 'op welke dagen / welke datum': no sentence names a day
        counted = _counted_term(q.text)
        if counted is not None:
            counted = self.correct(counted) or counted
        if counted is not None and not self.unknown(counted):  # "hoeveel Woo-verzoeken": a number next to that word
            if not any(
                s.coverage >= REFUSE_BELOW and has_number(s.unit.text)
                and _match(counted, term_set(s.unit.text)) > 0
                for s in scored
            ):
                return True
        return False
