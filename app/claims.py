"""Claim checks: find the sentences that speak to a claim and compare what can differ
explicitly: numbers, percentages, years, direction (stijgt/daalt), quantifiers and
negation. The verdict says what the source says instead.

Conservative by design: a claim is only "supported" when the evidence covers it and
nothing in it contradicts the claim; doubt becomes "not_found", never "supported".
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, replace

from app import texts
from app.answer import Citation, _ms, clean_question
from app.evidence import Evidence, Scored
from app.sentences import Quantity, content_terms, quantities, stem, words, years
from index.model import Filters, Hit

VERDICTS = ("supported", "refuted", "not_found")
SUPPORT_MIN = 0.7  # weighted share of the claim's words the best sentence must cover
SUPPORT_OWN_MIN = 0.55  # ... counting that sentence's own words only (no neighbours)
RELEVANT_MIN = 0.45  # below this nothing in the documents speaks to the claim

# Word pairs that contradict each other (prefixes of lowercased words).
OPPOSITES = (
    (("stijg", "steeg", "gestegen", "toename", "toeneem", "neemt toe", "groei", "hoger", "verhoog"),
     ("daal", "dalen", "daling", "gedaald", "afname", "afneem", "neemt af", "krimp", "lager", "verlaag")),
    (("boven",), ("onder", "beneden")),
    (("meer dan",), ("minder dan",)),
    (("permanent",), ("tijdelijk",)),
    (("structure",), ("incidente", "eenmalig")),
    (("jaarlijks", "elk jaar", "ieder jaar"), ("eenmalig",)),
    (("alle ",), ("sommige", "enkele", "een deel")),
    (("positie",), ("negatie",)),
)
NEGATIONS = ("niet", "geen", "nooit", "nergens", "niets")
_QUESTION = re.compile(r"^(wie|wat|waar|wanneer|waarom|hoe|hoeveel|welke|welk|is|zijn|kan|kunnen|mag|moet|wordt|komt)\b", re.I)
_LEAD_IN = re.compile(r"^(klopt het dat|is het waar dat|klopt het,? dat|waar is dat|het is waar dat)\s+", re.I)


@dataclass(frozen=True, slots=True)
class Verdict:
    verdict: str  # "supported", "refuted" or "not_found"
    explanation: str  # Dutch
    evidence: tuple[Citation, ...]
    latency_ms: float

    def to_dict(self) -> dict:
        return {
            "verdict": self.verdict,
            "explanation": self.explanation,
            "evidence": [c.to_dict() for c in self.evidence],
            "latency_ms": round(self.latency_ms, 1),
        }

    @classmethod
    def from_dict(cls, d: dict) -> Verdict:
        return cls(
            verdict=d["verdict"],
            explanation=d["explanation"],
            evidence=tuple(Citation.from_dict(c) for c in d["evidence"]),
            latency_ms=d["latency_ms"],
        )

    @property
    def label(self) -> str:
        return texts.VERDICT_LABELS[self.verdict]


class ClaimChecker:
    """Checks claims against a Searcher. Build once per process."""

    # Wider than an answer's k=8: the passage that refutes a claim (a framework line with
    # the real percentage) often ranks below passages that merely share the claim's topic.
    def __init__(self, searcher, *, k: int = 10) -> None:
        self.searcher = searcher
        self.k = k
        self.evidence = Evidence(searcher)

    def check(self, claim: str, filters: Filters | None = None) -> Verdict:
        t0 = time.perf_counter()
        text, _notice = clean_question(claim)
        if text.endswith("?") and not _LEAD_IN.match(text) and _QUESTION.match(text):
            return Verdict("not_found", texts.CLAIM_NOT_A_CLAIM, (), _ms(t0))
        text = _LEAD_IN.sub("", text).rstrip(" ?")
        q = self.evidence.analyse(text, numbers_as_terms=False)
        hits = self.evidence.retrieve(q, self.k, filters)
        hits += _keyword_hits(self.searcher, text, filters, {h.chunk.chunk_id for h in hits}, len(hits))
        scored = _with_row_trends(text, q, self.evidence.score(q, hits))
        by_cov = sorted(scored, key=lambda s: (-s.coverage, -s.score))
        if len(content_terms(text)) < 2:  # one word is a topic, not a claim that can be true or false
            return Verdict("not_found", texts.CLAIM_NOT_A_CLAIM, (), _ms(t0))
        if not by_cov or by_cov[0].coverage < RELEVANT_MIN or self.evidence.refuse_unknown(q):
            return Verdict("not_found", texts.CLAIM_NOT_FOUND, (), _ms(t0))
        best = by_cov[0]
        close = [s for s in by_cov[:6] if s.coverage >= max(RELEVANT_MIN, best.coverage - 0.15)]
        wide = [s for s in by_cov[:8] if s.coverage >= max(RELEVANT_MIN, best.coverage - 0.25)]
        near_text = [s.unit.text for s in wide]
        for s in wide:
            conflict = contradiction(text, s.unit.text)
            if conflict is not None and conflict.kind == "value" and any(
                _found(x, near_text) for x in quantities(text) if x.raw == conflict.claimed
            ):
                continue  # the claimed number is in another close sentence: no contradiction
            if conflict is not None:
                return Verdict("refuted", _explain(conflict, s), _cite([s]), _ms(t0))
        claimed = [x for x in quantities(text) if x.kind != "year"]
        near = [s.unit.text for s in close]
        claim_years = set(years(text))
        chunk_years = {
            y for s in close
            for y in years(f"{s.chunk.title} {' '.join(s.chunk.section)} {s.chunk.context} {s.chunk.text}")
        }
        if (
            best.coverage >= SUPPORT_MIN
            and best.own >= SUPPORT_OWN_MIN
            and all(_found(x, near) for x in claimed)
            and claim_years <= chunk_years
        ):
            src = texts.source_name(best.chunk.title, best.chunk.section)
            return Verdict("supported", texts.CLAIM_SUPPORTED.format(source=src, quote=_short(best.unit.text)), _cite([best]), _ms(t0))
        src = texts.source_name(best.chunk.title, best.chunk.section)
        return Verdict("not_found", texts.CLAIM_UNCERTAIN.format(source=src, quote=_short(best.unit.text)), _cite([best]), _ms(t0))


def _keyword_hits(searcher, claim: str, filters, seen: set[str], offset: int) -> list[Hit]:
    """BM25 on the claim's words without its numbers: a refuted claim's wrong number must
    not steer the search away from the passage that holds the right one."""
    from app.sentences import STOPWORDS, expand

    kept = expand([w for w in words(claim) if not w[:1].isdigit() and w.lower() not in STOPWORDS])
    if len(kept) < 2:
        return []
    try:
        found = searcher.search(" ".join(kept), k=4, filters=filters, mode="bm25")
    except (TypeError, ValueError):
        return []
    fresh = [h for h in found if h.chunk.chunk_id not in seen]
    return [Hit(h.chunk, h.score, offset + i + 1, h.source) for i, h in enumerate(fresh)]


def claim_direction(claim: str) -> str | None:
    """'up' or 'down' when the claim says something rises or falls."""
    low = f" {claim.lower()} "
    up = any(_has(low, w) for w in OPPOSITES[0][0])
    down = any(_has(low, w) for w in OPPOSITES[0][1])
    return "up" if up and not down else "down" if down and not up else None


def row_trend(row: str) -> str | None:
    """'Solvabiliteitsratio 44% 45% 40% 35% 33% 31%' -> 'down': the direction of a table
    row's values from first to last, when most steps agree."""
    vals = []
    for tok in row.split()[::-1]:
        m = re.fullmatch(r"\(?(-?\d[\d.]*(?:,\d+)?)\)?%?", tok)
        if not m:
            break
        try:
            vals.append(float(m.group(1).replace(".", "").replace(",", ".")))
        except ValueError:
            break
    vals.reverse()
    if len(vals) < 3 or vals[0] == vals[-1]:
        return None
    steps = [b - a for a, b in zip(vals, vals[1:], strict=False) if b != a]
    down = sum(1 for d in steps if d < 0)
    if vals[-1] < vals[0] and down >= 0.6 * len(steps):
        return "down"
    if vals[-1] > vals[0] and len(steps) - down >= 0.6 * len(steps):
        return "up"
    return None


def _with_row_trends(claim: str, q, scored: list[Scored]) -> list[Scored]:
    """A row whose values fall covers 'daalt' (and rise: 'stijgt'), though it has no such word."""
    direction = claim_direction(claim)
    if direction is None:
        return scored
    words_ = OPPOSITES[0][0] if direction == "up" else OPPOSITES[0][1]
    dir_w = sum(w for t, w in zip(q.terms, q.weights, strict=True) if any(t.startswith(x[:4]) for x in words_))
    total = sum(q.weights) or 1.0
    out = []
    for s in scored:
        if s.unit.kind == "row" and row_trend(s.unit.text) == direction and dir_w:
            s = replace(s, coverage=min(1.0, s.coverage + dir_w / total), own=min(1.0, s.own + dir_w / total))
        out.append(s)
    return out


@dataclass(frozen=True, slots=True)
class Conflict:
    kind: str  # "value", "word", "negation"
    claimed: str
    found: str


def contradiction(claim: str, evidence: str) -> Conflict | None:
    """What in the evidence contradicts the claim: a different number of the same kind,
    an opposite direction or quantifier, or a negation the claim lacks (or vice versa)."""
    c_low, e_low = f" {claim.lower()} ", f" {evidence.lower()} "
    c_years, e_years = set(years(claim)), set(years(evidence))
    other_period = bool(c_years and e_years and not c_years & e_years)
    c_q = [x for x in quantities(claim) if x.kind != "year"]
    e_q = [x for x in quantities(evidence) if x.kind != "year"]
    for x in c_q:
        same_kind = [y for y in e_q if _comparable(x, y)]
        if same_kind and not any(_equal(x, y) for y in same_kind):
            return Conflict("value", x.raw, same_kind[0].raw)
    if other_period:  # the evidence speaks about other years: words cannot contradict
        return None
    direction, trend = claim_direction(claim), row_trend(evidence)
    if direction and trend and direction != trend:
        said = "daalt" if trend == "down" else "stijgt"
        return Conflict("word", _word_at(c_low, next(w for w in OPPOSITES[0][0 if direction == "up" else 1] if _has(c_low, w))), said)
    for side_a, side_b in OPPOSITES:
        for mine, other in ((side_a, side_b), (side_b, side_a)):
            has_mine_c = any(_has(c_low, w) for w in mine)
            has_other_c = any(_has(c_low, w) for w in other)
            has_mine_e = any(_has(e_low, w) for w in mine)
            other_e = next((w for w in other if _has(e_low, w)), None)
            if has_mine_c and not has_other_c and other_e and not has_mine_e:
                claimed = next(w for w in mine if _has(c_low, w))
                return Conflict("word", _word_at(c_low, claimed), _word_at(e_low, other_e))
    c_neg = _negated_terms(claim)
    e_neg = _negated_terms(evidence)
    c_terms = set(content_terms(claim))
    if e_neg & c_terms and not c_neg:
        return Conflict("negation", "", "")
    if c_neg and not e_neg and c_neg & set(content_terms(evidence)):
        return Conflict("negation", "", "")
    return None


def _negated_terms(text: str) -> set[str]:
    """Stems of the words around a negation ('niet gegarandeerd', 'geen middelen',
    'de wielerbaan zijn nu niet meer uitvoerbaar'): three tokens either side."""
    toks = [w.lower() for w in words(text)]
    out: set[str] = set()
    for i, t in enumerate(toks):
        if t in NEGATIONS:
            out.update(stem(w) for w in toks[max(0, i - 3) : i + 4] if len(w) > 3 and w not in NEGATIONS)
    return out


_WHOLE = frozenset({"boven", "onder", "beneden"})  # 'onder' must not match 'onderstaande'


def _has(text: str, w: str) -> bool:
    w = w.strip()
    tail = r"\b" if w in _WHOLE else ""
    return re.search(r"\b" + re.escape(w) + tail, text) is not None


def _word_at(text: str, prefix: str) -> str:
    m = re.search(r"\b" + re.escape(prefix.strip()) + r"\w*", text)
    return m.group(0) if m else prefix.strip()


def _comparable(x: Quantity, y: Quantity) -> bool:
    if x.kind == "percent" or y.kind == "percent":
        return x.kind == y.kind
    return True


def _equal(x: Quantity, y: Quantity) -> bool:
    for a in (x.value,):
        for b in (y.value, y.value * 1000, y.value * 1e6):  # tables in x € 1.000, 'miljoen'
            if abs(a - b) <= max(1e-9, 0.005 * abs(a)):
                return True
    return False


def _found(x: Quantity, texts_: list[str]) -> bool:
    return any(_equal(x, y) for t in texts_ for y in quantities(t))


def _short(text: str, n: int = 300) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= n else text[:n].rsplit(" ", 1)[0] + " …"


def _explain(conflict: Conflict, s: Scored) -> str:
    src = texts.source_name(s.chunk.title, s.chunk.section)
    quote = _short(s.unit.text)
    if conflict.kind == "value":
        return texts.CLAIM_REFUTED_VALUE.format(source=src, found=conflict.found, claimed=conflict.claimed, quote=quote)
    if conflict.kind == "word":
        return texts.CLAIM_REFUTED_WORD.format(source=src, found=conflict.found, claimed=conflict.claimed, quote=quote)
    return texts.CLAIM_REFUTED_NEGATION.format(source=src, quote=quote)


def _cite(units: list[Scored]) -> tuple[Citation, ...]:
    out: list[Citation] = []
    for s in units:
        if any(c.chunk.chunk_id == s.chunk.chunk_id for c in out):
            continue
        out.append(Citation(len(out) + 1, s.chunk, s.unit.text))
    return tuple(out)
