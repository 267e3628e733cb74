"""Question analysis over the corpus vocabulary: which words a question asks about and
how much each weighs (IDF), what it asks for (number, date, list, why), which documents it
names; plus the Question and Scored types the evidence modules pass around.

No retrieval, no sentence scoring, no word matching: app/evidence.py, app/selection.py and
app/matching.py do those.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from app.matching import _compound_part
from app.sentences import (
    Quantity,
    Unit,
    content_terms,
    idf,
    quantities,
    split_units,
    synonyms,
    term_set,
    years,
)
from ingest.model import Chunk

UNKNOWN_SHARE = 0.4  # the share carried by words the corpus does not know that makes us refuse
NUMBER_WORDS = re.compile(r"\b(hoeveel|hoe hoog|hoe groot|hoe veel|welk bedrag|wat kost|hoeveelheid|percentage|ratio|\w*tarief|rente|\w*quote|saldo|stand|bedraagt|aantal|welk budget|\w*budget)\b", re.I)
DATE_WORDS = re.compile(r"\b(wanneer|welke datum|die datum|deze datum|per wanneer|vanaf wanneer|hoe lang|welk jaar|op welke dag|welke dagen)\b", re.I)
LIST_WORDS = re.compile(r"\b(welke\s+(?:twee|drie|vier|vijf|zes|zeven|acht|\w+(?:en|s))\b|wat zijn de|noem\b|waar gaat .* naartoe|opsomming)", re.I)
WHY_WORDS = re.compile(r"\b(waarom|hoe komt|wat bedoelen|wat betekent|leg uit)\b", re.I)
COMPARE_WORDS = re.compile(r"\b(versus|vs\.?|verhoudt|verschil|verschillen|vergeleken|ten opzichte|tegenover|nog steeds|nog volgens|geldt .* nog)\b", re.I)
_AMOUNT_ASKED = re.compile(r"\b(hoeveel|welk bedrag|hoe hoog)\b", re.I)
_RATE_ASKED = re.compile(r"\b(procent|percentage|rente|ratio|quote|tarief|stijg\w*|dal\w*)\b|%", re.I)
_PART_SPLIT = re.compile(
    r"(?:,\s*|\s+)en\s+(?=(?:hoeveel|hoe|wat|wanneer|waar|welke|welk|per wanneer|vanaf wanneer|is|zijn|tot)\b)"
    r"|(?<=\?)\s+(?=\S)",
    re.I,
)


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


class Vocabulary:
    """Corpus statistics (built once from searcher.chunks()) and question analysis."""

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

    def split_compound(self, term: str) -> tuple[str, str] | None:
        """A compound the corpus never uses, as two parts it does use, both asked:
        'woningbouwdoelstell' -> ('woningbouw', 'doelstell'). None when it cannot."""
        df = self._stats()
        if term in df or len(term) < 10 or term[:1].isdigit() or "-" in term:
            return None
        for i in range(len(term) - 4, 3, -1):  # longest head first
            head, tail = term[:i], term[i:]
            for h in (head, head[:-1] if head.endswith("s") else None):
                if h and len(h) >= 4 and h in df and tail in df:
                    return h, tail
        return None

    def units(self, chunk: Chunk) -> list[Unit]:
        u = self._units.get(chunk.chunk_id)
        if u is None:
            u = split_units(chunk.text)
            if len(self._units) > 5000:
                self._units.clear()
            self._units[chunk.chunk_id] = u
        return u

    def next_chunk(self, chunk: Chunk, step: int = 1) -> Chunk | None:
        self._stats()
        pos = self._pos.get(chunk.chunk_id)
        if pos is None or not 0 <= pos + step < len(self._all):
            return None
        nxt = self._all[pos + step]
        return nxt if nxt.doc == chunk.doc else None

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
            for part in self.split_compound(t) or (t,):  # 'woningbouwdoelstelling'
                if part not in terms:
                    terms.append(part)
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
        ask_terms |= {p for t in list(ask_terms) if t for p in (self.split_compound(t) or ())}
        factor = [1.0 if (len(parts) == 1 or t in ask_terms) else 0.5 for t in terms]
        kind = _kind(ask)
        if kind == "general":
            kind = _kind(text)
        compare = bool(COMPARE_WORDS.search(text)) or (
            len(docs) >= 2 and _sides_apart(low, [dict(self._doc_keys)[d] for d in docs[:2]]))
        parts = []
        pieces = _PART_SPLIT.split(text)
        if len(pieces) > 1:
            weight_of = dict(zip(terms, (self.weight(t) for t in terms), strict=True))
            for piece in pieces:
                pt = [self.correct(t) or t for t in content_terms(piece)]
                pt = [t for t in dict.fromkeys(pt) if t in weight_of]
                if pt:
                    kind = _kind(piece)
                    if kind == "number" and _AMOUNT_ASKED.search(piece) and not _RATE_ASKED.search(piece):
                        kind = "amount"  # 'hoeveel wil de gemeente lenen': euros, not a percentage
                    parts.append((tuple(pt), tuple(weight_of[t] for t in pt), kind))
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

    def refuse_unknown(self, q: Question) -> bool:
        """Words the corpus does not know carry much of the question ('hondenbelasting')."""
        return self.unknown_share(q) >= UNKNOWN_SHARE

    def unknown_share(self, q: Question) -> float:
        total = sum(q.weights) or 1.0
        return sum(w for t, w in zip(q.terms, q.weights, strict=True) if self.unknown(t)) / total


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


def _doc_key(title: str, doc: str) -> str:
    m = re.match(r"[A-Za-zÀ-ÿ]+", title or "") or re.match(r"[A-Za-z]+", doc)
    return m.group(0).lower() if m else ""


def _mentions(low: str, key: str) -> bool:
    if key in low:
        return True
    # "begroting" for "programmabegroting", "akkoord" for "bestuursakkoord"
    return any(len(w) >= 7 and key.endswith(w) for w in re.findall(r"[a-zà-ÿ]+", low))


def _sides_apart(low: str, keys: list[str]) -> bool:
    """Two named documents are two sides ('... de Kaderbrief 2024, en met welke de begroting',
    'Het bestuursakkoord ... . Staat er in de begroting ...'), not one route ('via de
    kaderbrief in de begroting opgenomen'): a sentence end or 'en'/'of' lies between them."""
    tokens = re.findall(r"[a-zà-ÿ]+|[.?!;]", low)
    at = [next((i for i, w in enumerate(tokens) if w == k or (len(w) >= 7 and k.endswith(w))), -1)
          for k in keys]
    if min(at) < 0:
        return True
    a, b = sorted(at)
    between = tokens[a + 1 : b]
    return any(t in (".", "?", "!", ";", "en", "of", "ook", "tot") for t in between)


def _first_mention(low: str, title: str) -> int:
    key = _doc_key(title, "")
    for i, w in enumerate(re.findall(r"[a-zà-ÿ]+", low)):
        if w == key or (len(w) >= 7 and key.endswith(w)):
            return i
    return 10_000


