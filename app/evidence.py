"""Evidence finding shared by answers and claim checks: analyse a question, retrieve
passages, score every sentence/row of them against the question, decide whether the
evidence covers the question at all, and pick the units worth showing.

Scoring is lexical and rule based (stemmed content words weighted by corpus IDF, numbers,
years, question type) and never embeds a sentence, so it costs milliseconds; only the
searcher's own query embedding is paid. It does not write text: answer.py and claims.py do.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from app.sentences import (
    STOPWORDS,
    Quantity,
    Unit,
    content_terms,
    expand,
    has_number,
    idf,
    quantities,
    split_units,
    synonyms,
    term_set,
    words,
    years,
)
from index.model import Filters, Hit
from ingest.model import Chunk

# Tuned on the dev set (bench/README.md, "Answers and claim checks"). REFUSE_BELOW: the share
# of the question's weighted words that the best sentence (with its neighbours) must cover;
# UNKNOWN_SHARE: the share carried by words the corpus does not know that makes us refuse.
REFUSE_BELOW = 0.35
UNKNOWN_SHARE = 0.4
RANK_PRIOR = 0.2  # the retriever's order counts: added to a unit of the hit ranked r as 0.2 / r
LEXICAL_EXTRA = 3  # BM25 hits added after the hybrid ones
CAPTION_CREDIT = 1.0  # a question word in a table's caption/header, for each of its rows
CHUNK_CREDIT = 0.6  # a question word elsewhere in the same passage counts for this much
NUMBER_WORDS = re.compile(r"\b(hoeveel|hoe hoog|hoe groot|hoe veel|welk bedrag|wat kost|hoeveelheid|percentage|ratio|\w*tarief|rente|\w*quote|saldo|stand|bedraagt|aantal|welk budget|\w*budget)\b", re.I)
DATE_WORDS = re.compile(r"\b(wanneer|welke datum|per wanneer|vanaf wanneer|hoe lang|welk jaar|op welke dag|welke dagen)\b", re.I)
LIST_WORDS = re.compile(r"\b(welke\s+(?:twee|drie|vier|vijf|zes|zeven|acht|\w+(?:en|s))\b|wat zijn de|noem|waar gaat .* naartoe|opsomming)", re.I)
WHY_WORDS = re.compile(r"\b(waarom|hoe komt|wat bedoelen|wat betekent|leg uit)\b", re.I)
COMPARE_WORDS = re.compile(r"\b(versus|vs\.?|verhoudt|verschil|verschillen|vergeleken|ten opzichte|tegenover|nog steeds|nog volgens|geldt .* nog)\b", re.I)


@dataclass(frozen=True, slots=True)
class Question:
    text: str
    terms: tuple[str, ...]
    weights: tuple[float, ...]
    years: tuple[int, ...]
    numbers: tuple[Quantity, ...]  # non-year numbers asked about
    kind: str  # "number", "date", "list", "why", "general"
    compare: bool
    docs: tuple[str, ...]  # source file names the question names, in order of mention
    # "Welke rente ..., en hoeveel wil de gemeente lenen?": (terms, weights, kind) per part
    parts: tuple[tuple[tuple[str, ...], tuple[float, ...], str], ...] = ()


@dataclass(frozen=True, slots=True)
class Scored:
    chunk: Chunk
    unit: Unit
    rank: int  # rank of the chunk's hit, 1-based
    score: float  # for ordering
    coverage: float  # weighted share of question terms in the unit (+ neighbours)
    own: float = 0.0  # the same, counting the unit's own words only


class Evidence:
    """Corpus statistics (built once from searcher.chunks()) plus the scoring rules."""

    def __init__(self, searcher) -> None:
        self.searcher = searcher
        self._df: dict[str, int] | None = None
        self._n = 1
        self._doc_keys: list[tuple[str, str]] = []
        self._units: dict[str, list[Unit]] = {}
        self._all: list[Chunk] = []
        self._pos: dict[str, int] = {}

    # -- corpus statistics --
    def _stats(self) -> dict[str, int]:
        if self._df is None:
            df: dict[str, int] = {}
            chunks = self.searcher.chunks()
            seen_docs: dict[str, str] = {}
            for c in chunks:
                for t in term_set(c.indexed_text):
                    df[t] = df.get(t, 0) + 1
                seen_docs.setdefault(c.doc, c.title)
            self._n = max(1, len(chunks))
            self._all = list(chunks)
            self._pos = {c.chunk_id: i for i, c in enumerate(chunks)}
            self._df = df
            self._doc_keys = [(doc, _doc_key(title, doc)) for doc, title in seen_docs.items()]
        return self._df

    def weight(self, term: str) -> float:
        df = self._stats()
        if term[:1].isdigit():
            return 2.0 if len(years(term)) == 0 else 0.6
        d = df.get(term, 0)
        if d == 0:
            d = df.get(self.correct(term) or "", 0)
        return idf(d, self._n) if d else idf(0, self._n)

    def unknown(self, term: str) -> bool:
        """True when the corpus has no word for this term: not as is, nor as a compound
        part, a synonym or one typo away ('hondenbelasting', 'openingstijden')."""
        df = self._stats()
        if term in df or term[:1].isdigit() or len(term) < 4:
            return False
        if any(s in df for s in synonyms().get(term, ())):
            return False
        if self.correct(term):
            return False
        if term.startswith("ge") and len(term) >= 5 and any(
            t.startswith(term[2:]) and len(t) - len(term) <= 1 for t in df
        ):
            return False
        if any(t.startswith("ge" + term) and len(t) - len(term) <= 4 for t in self._long_terms()):
            return False  # 'schaats' ~ 'geschaatst'

        if len(term) >= 7 and any(_compound_part(t, term) for t in self._long_terms()):
            return False
        return True

    def _long_terms(self) -> list[str]:
        if not hasattr(self, "_long"):
            self._long = [t for t in self._stats() if len(t) >= 5 and not t[0].isdigit()]
        return self._long

    def correct(self, term: str) -> str | None:
        """A corpus term one typo away ('economise' -> 'economisch'), for unknown terms only."""
        df = self._stats()
        if term in df or len(term) < 5:
            return None
        cands = [t for t in df if t[:2] == term[:2] and abs(len(t) - len(term)) <= 2]
        best = difflib.get_close_matches(term, cands, n=1, cutoff=0.84)
        return best[0] if best else None

    # -- question --
    def analyse(self, text: str, *, numbers_as_terms: bool = True) -> Question:
        """Question words, weights and type. Claims pass numbers_as_terms=False: a refuted
        claim differs in its number, so the number must not decide what is relevant."""
        df = self._stats()
        raw_terms = content_terms(text)
        if not numbers_as_terms:
            raw_terms = [t for t in raw_terms if not t[:1].isdigit()]
        # 'ozb-tarieven' also yields 'ozb' and 'tarief': keep the whole only when the corpus knows it
        raw_terms = [
            t for t in raw_terms
            if "-" not in t or t in df or not all(p in raw_terms for p in t.split("-") if len(p) > 2)
        ]
        terms: list[str] = []
        for t in raw_terms:
            fixed = self.correct(t)
            t = fixed or t
            if t not in terms:
                terms.append(t)
        qs = [q for q in quantities(text) if q.kind != "year"]
        low = text.lower()
        docs = tuple(doc for doc, key in self._doc_keys if key and _mentions(low, key))
        docs = tuple(sorted(docs, key=lambda d: _first_mention(low, dict(self._doc_keys)[d])))
        doc_terms = {t for d in docs for t in content_terms(dict(self._doc_keys)[d])}
        terms = [t for t in terms if t not in doc_terms] or terms
        # "Het bestuursakkoord maakte 4 miljoen vrij. Hoe lang loopt het Preventiefonds?":
        # the last sentence asks, the ones before set the scene and weigh half.
        parts = [p for p in re.split(r"(?<=[.?!])\s+(?=[A-Z])", text) if p.strip()]
        ask = parts[-1] if len(parts) > 1 else text
        ask_terms = set(content_terms(ask)) | {self.correct(t) for t in content_terms(ask)}
        factor = [1.0 if (len(parts) == 1 or t in ask_terms) else 0.5 for t in terms]
        kind = _kind(ask)
        if kind == "general":
            kind = _kind(text)
        compare = len(docs) >= 2 or bool(COMPARE_WORDS.search(text))
        parts = []
        pieces = _PART_SPLIT.split(text)
        if len(pieces) > 1:
            weight_of = dict(zip(terms, (self.weight(t) for t in terms), strict=True))
            for piece in pieces:
                pt = [self.correct(t) or t for t in content_terms(piece)]
                pt = [t for t in dict.fromkeys(pt) if t in weight_of]
                if pt:
                    parts.append((tuple(pt), tuple(weight_of[t] for t in pt), _kind(piece)))
        return Question(
            text=text,
            terms=tuple(terms),
            weights=tuple(self.weight(t) * f for t, f in zip(terms, factor, strict=True)),
            years=tuple(years(text)),
            numbers=tuple(qs),
            kind=kind,
            compare=compare,
            docs=docs,
            parts=tuple(parts),
        )

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

    def doc_sentence(self, q: Question, doc: str) -> str | None:
        """The sentence of a compare question that names this document ('Wat zegt de
        begroting 2026 over ...?'), when the question has more than one sentence."""
        parts = [p for p in re.split(r"(?<=[.?!])\s+", q.text) if p.strip()]
        if len(parts) < 2:
            return None
        key = dict(self._doc_keys).get(doc)
        key = _doc_key(key, doc) if key else ""
        for p in parts:
            if key and _mentions(p.lower(), key):
                return p
        return None

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

    def units(self, chunk: Chunk) -> list[Unit]:
        u = self._units.get(chunk.chunk_id)
        if u is None:
            u = split_units(chunk.text)
            if len(self._units) > 5000:
                self._units.clear()
            self._units[chunk.chunk_id] = u
        return u

    # -- scoring --
    def score(self, q: Question, hits: list[Hit]) -> list[Scored]:
        total = sum(q.weights) or 1.0
        m = re.search(r"['‘’\"“”]([^'‘’\"“”]{4,80})['‘’\"“”]", q.text)
        quoted = m.group(1).lower().strip() if m else ""
        out: list[Scored] = []
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
            for i, u in enumerate(units):
                mine = own_m[i]
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
                    s = s + 0.12 if has_number(u.text) else s * 0.8
                if quoted and quoted in u.text.lower():  # "wat bedoelen ze met 'X'": X defined
                    s += 0.1 + (0.1 if u.text.lower().startswith(quoted) else 0.0)
                if q.kind == "list" and (inline_list(u.text, loose=True) or u.text.rstrip().endswith(":")):
                    s += 0.1
                if q.kind == "date":  # 'wanneer' is answered by a sentence with a date or year
                    s = s + 0.12 if (years(u.text) or _DATE.search(u.text)) else s * 0.8
                if q.years:
                    unit_years = set(years(u.text)) | row_years
                    if unit_years & set(q.years):
                        s += 0.05
                    elif unit_years:
                        s -= 0.12  # speaks about other years than asked
                if q.docs and c.doc in q.docs:
                    s += 0.08
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

    def _with_context(self, picked: list[Scored]) -> list[Scored]:
        """A sentence that leans on its neighbour comes with it: 'Dit betekent ...' brings
        the sentence before, '... de volgende punten:' the one after."""
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
            if idx + 1 < len(units) and _ANAPHOR.match(units[idx + 1].text) and len(out) < 5:
                extra.append(units[idx + 1])  # 'Met het E-team ...' + 'Zij adviseren ...'
            if p.unit.text.rstrip().endswith(":") and idx + 1 < len(units):
                extra.append(units[idx + 1])
            for u in extra:
                if (p.chunk.chunk_id, u.start) not in have and not _heading_like(u.text):
                    have.add((p.chunk.chunk_id, u.start))
                    out.append(Scored(p.chunk, u, p.rank, p.score - 0.01, p.coverage, p.own))
        return out

    def _answer_part(self, terms, weights, kind, scored: list[Scored], picked: list[Scored]) -> list[Scored]:
        """Make sure one part of a two-part question has its own sentence."""
        total = sum(weights) or 1.0
        part_years = {int(t) for t in terms if re.fullmatch(r"(?:19|20)\d\d", t)}

        def part_score(s: Scored) -> tuple[float, float]:
            own = term_set(_URL.sub(" ", s.unit.text)) | term_set(" ".join(s.chunk.section))
            cov = sum(w * _match(t, own) for t, w in zip(terms, weights, strict=True)) / total
            if part_years and not part_years & set(years(f"{s.unit.text} {s.chunk.context}")):
                cov *= 0.5  # 'hoe ontwikkelt die zich tot 2029?' is about 2029
            bonus = 0.0
            if kind == "number" and has_number(s.unit.text):
                bonus = 0.25
            elif kind == "date" and (years(s.unit.text) or _DATE.search(s.unit.text)):
                bonus = 0.25
            return cov + bonus, cov

        needs_value = kind in ("number", "date")
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

    def _with_list(self, q: Question, scored: list[Scored], picked: list[Scored]) -> list[Scored]:
        """For 'welke vier ...': the bullets or numbered headings after a top sentence,
        continued into the next chunk when the list runs past the chunk's end."""
        want = next((n for w, n in COUNT_WORDS.items() if re.search(rf"\b{w}\b", q.text.lower())), None)
        for s in scored[:6]:
            if inline_list(s.unit.text) and s.coverage >= 0.8 * scored[0].coverage:
                return [s]
            items = self._items_after(s)
            if len(items) >= 2:
                head = [] if (is_item_start(s.unit) or _NUMBERED.match(s.unit.text)) else [s]
                return head + items[: want or 8]
        return picked

    def _items_after(self, s: Scored) -> list[Scored]:
        out: list[Scored] = []
        chunk, units = s.chunk, self.units(s.chunk)
        idx = next((i for i, u in enumerate(units) if u.start == s.unit.start), None)
        if idx is None:
            return out
        m = _NUMBERED.match(s.unit.text)
        prefix = m.group(1) + "." if m else None
        seq = [(chunk, u) for u in units[idx:]]
        nxt = self.next_chunk(chunk)
        if nxt is not None:
            seq += [(nxt, u) for u in self.units(nxt)]
        if prefix:  # numbered siblings '5.1 ...', '5.2 ...' around the best heading
            prv = self.next_chunk(chunk, -1)
            around = ([(prv, u) for u in self.units(prv)] if prv is not None else [])
            around += [(chunk, u) for u in units[:idx]] + seq
            seen: set[str] = set()
            for c, u in around:
                if _heading_like(u.text) and u.text.startswith(prefix) and u.text not in seen:
                    seen.add(u.text)
                    out.append(Scored(c, u, s.rank, s.score - 0.01, s.coverage, s.own))
            return out
        for c, u in seq:
            if is_item_start(u):
                out.append(Scored(c, u, s.rank, s.score - 0.01, s.coverage, s.own))
            elif u.kind != "item" and u is not s.unit and out:
                break  # the list ended
            elif u.kind != "item" and u is not s.unit and not out and u.start - s.unit.end > 400:
                break
        return out

    def next_chunk(self, chunk: Chunk, step: int = 1) -> Chunk | None:
        self._stats()
        pos = self._pos.get(chunk.chunk_id)
        if pos is None or not 0 <= pos + step < len(self._all):
            return None
        nxt = self._all[pos + step]
        return nxt if nxt.doc == chunk.doc else None

    def refuse_unknown(self, q: Question) -> bool:
        """Words the corpus does not know carry much of the question ('hondenbelasting')."""
        return self.unknown_share(q) >= UNKNOWN_SHARE

    def unknown_share(self, q: Question) -> float:
        total = sum(q.weights) or 1.0
        return sum(w for t, w in zip(q.terms, q.weights, strict=True) if self.unknown(t)) / total

    # -- selection --
    def select(self, q: Question, scored: list[Scored], max_units: int = 4) -> list[Scored]:
        """The best unit, more of its chunk when they score close, and another chunk only
        when it scores nearly as well (every extra source is a chance to cite noise)."""
        if not scored:
            return []
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
            if s.unit.kind == "row" and best.unit.kind == "row" and s.score < 0.95 * best.score:
                continue  # one table row answers; its neighbours are other quantities
            picked.append(s)
            per_chunk[s.chunk.chunk_id] = per_chunk.get(s.chunk.chunk_id, 0) + 1
        if q.kind != "list":
            picked = self._with_context(picked)
        parts = q.parts
        if not parts and q.kind in ("number", "date"):  # the asked value must be in the answer
            parts = ((q.terms, q.weights, q.kind),)
        for terms, weights, kind in parts:
            picked = self._answer_part(terms, weights, kind, scored, picked)
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
                    if side is not None and fit(side) >= 0.25:
                        picked.append(side)
                    continue
                if side is not None and side.coverage >= max(REFUSE_BELOW, 0.6 * best.coverage):
                    picked.append(side)
        return _reading_order(q, picked)


_DAY_ASKED = re.compile(r"\b(welke|op welke)\s+(dag|dagen|datum|data)\b", re.I)
_WEEKDAY = re.compile(r"\b(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)\b", re.I)
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.I)
_ANAPHOR = re.compile(r"^(dit|dat|deze|die|daarmee|hiermee|daarom|daardoor|hierdoor|zo|ook dit|het gaat|zij|ze|hij)\b", re.I)
_DATE = re.compile(r"\b\d{1,2}[- ](?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|\d{1,2})\b", re.I)


_PART_SPLIT = re.compile(
    r"(?:,\s*|\s+)en\s+(?=(?:hoeveel|hoe|wat|wanneer|waar|welke|welk|per wanneer|vanaf wanneer|is|zijn|tot)\b)"
    r"|(?<=\?)\s+(?=\S)",
    re.I,
)


def _kind(text: str) -> str:
    if WHY_WORDS.search(text):
        return "why"
    if LIST_WORDS.search(text):
        return "list"
    if DATE_WORDS.search(text):
        return "date"
    if NUMBER_WORDS.search(text):
        return "number"
    return "general"


_NOT_COUNTED = frozenset(
    "bedraagt kost kosten is zijn was waren wordt worden heeft hebben krijgt krijg krijgen "
    "moet moeten mag mogen wil willen gaat gaan komt komen kan kunnen ontvangt betaalt "
    "betaal geeft geven telt tellen mensen personen geld euro keer".split()
)


def _counted_term(question: str) -> str | None:
    """The stem of what 'hoeveel' counts ('hoeveel Woo-verzoeken' -> 'woo-verzoek')."""
    m = re.search(r"\bhoeveel\s+([A-Za-zÀ-ÿ][\w-]*)", question, re.I)
    word = m.group(1).lower() if m else ""
    # a counted thing is a plural noun ('Woo-verzoeken', 'inwoners'); 'hoeveel stijgt' asks
    # for an amount of change, not a count
    if not m or word in _NOT_COUNTED or not word.endswith(("en", "s")):
        return None
    terms = content_terms(m.group(1))
    return terms[0] if terms else None


def _heading_like(text: str) -> bool:
    """'5.2 Onzekerheden in de externe context', 'Reservepositie': a title, not an answer."""
    t = text.strip()
    return len(t) < 70 and (t[-1:] not in ".!?:" or bool(re.match(r"^\d+(\.\d+)*\.?\s", t)))


def _doc_key(title: str, doc: str) -> str:
    m = re.match(r"[A-Za-zÀ-ÿ]+", title or "") or re.match(r"[A-Za-z]+", doc)
    return m.group(0).lower() if m else ""


def _mentions(low: str, key: str) -> bool:
    if key in low:
        return True
    # "begroting" for "programmabegroting", "akkoord" for "bestuursakkoord"
    return any(len(w) >= 7 and key.endswith(w) for w in re.findall(r"[a-zà-ÿ]+", low))


def _first_mention(low: str, title: str) -> int:
    key = _doc_key(title, "")
    for i, w in enumerate(re.findall(r"[a-zà-ÿ]+", low)):
        if w == key or (len(w) >= 7 and key.endswith(w)):
            return i
    return 10_000


def _match(term: str, terms: frozenset[str]) -> float:
    if term in terms:
        return 1.0
    if term.startswith("ge") and len(term) >= 5:  # participle: 'gerekend' ~ 'rekenen'
        bare = term[2:]
        if any(t.startswith(bare) and len(t) - len(bare) <= 3 for t in terms):
            return 0.8
    if len(term) >= 4 and any(t.startswith("ge" + term) and len(t) - len(term) <= 4 for t in terms):
        return 0.8  # 'schaats' ~ 'geschaatst'
    for syn in synonyms().get(term, ()):
        if syn in terms or any(t.startswith(syn) for t in terms):
            return 0.9
    if len(term) >= 3 and not term[0].isdigit():
        for t in terms:
            if len(t) >= 5 and (_compound_part(term, t) or _compound_part(t, term)):
                return 0.7
            if len(t) >= 5 and _same_root(term, t):
                return 0.8
    return 0.0


def _same_root(a: str, b: str) -> bool:
    """Stems the stemmer left apart: 'totaal'/'total', 'bijdraagt'/'bijdrag'."""
    n = min(len(a), len(b))
    k = 0
    while k < n and a[k] == b[k]:
        k += 1
    return k >= max(4, n - 1) and abs(len(a) - len(b)) <= 3


def _compound_part(part: str, whole: str) -> bool:
    """'tekort' in 'macrotekort', 'zwembad' in 'buitenzwembad'; not 'sport' in 'pasport'."""
    if len(part) < 3:
        return False
    rest = len(whole) - len(part)
    # short parts only in a clear compound: 'led' in 'ledverlichting', 'gas' in 'aardgas'
    if whole.startswith(part) and rest >= (3 if len(part) >= 5 else 5):
        return True
    return whole.endswith(part) and rest >= (3 if len(part) >= 5 else 4)


def _duplicate(s: Scored, picked: list[Scored]) -> bool:
    a = term_set(s.unit.text)
    for p in picked:
        b = term_set(p.unit.text)
        if a and b and len(a & b) / len(a | b) > 0.7:
            return True
    return False


_MARKER = re.compile(r"^\s*(?:[•\-–*·]|\d+[.)]|[a-z][.)])\s+")
_NUMBERED = re.compile(r"^(\d+)\.(\d+)\.?\s+\S")
COUNT_WORDS = {"twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8}


def is_item_start(u: Unit) -> bool:
    """The first piece of a bullet or numbered line ('• Voorzorgsbeginsel: ...')."""
    return u.kind == "item" and bool(_MARKER.match(u.text))


def inline_list(text: str, *, loose: bool = False) -> bool:
    """'... drie principes geformuleerd: Groene stad, Dynamische hoofdstad en Verbonden stad.'"""
    tail = text.split(":", 1)[1] if ":" in text else ""
    if tail:
        return tail.count(",") >= 1 and " en " in tail
    if not loose:
        return False
    # 'gericht op onze werklocaties, de krachtsectoren, het organiserend vermogen en ...'
    return text.count(", ") >= 2 and " en " in text.rsplit(", ", 1)[-1]


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
