"""Scoring functions for retrieval and answers: pure, no I/O, no index or model.

Relevance: a chunk is relevant to an evidence quote when its text contains the quote
(whitespace collapsed on both sides, case-sensitive: quotes are verbatim) or when it covers
at least half of the quote's located place in the same document (so a quote split over
two overlapping chunks still counts). The harness locates quotes; this module only scores.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields

from eval.dataset import collapse

MIN_OVERLAP = 0.5  # share of the quote's characters a chunk must cover to count by place
VERDICT_LABELS = ("supported", "refuted", "not_found")
_WS = re.compile(r"\s+")


# ---------------------------------------------------------------- locating quotes


def collapse_with_offsets(text: str) -> tuple[str, list[int]]:
    """Collapse whitespace like collapse(); offsets[i] is where collapsed[i] sits in text."""
    out: list[str] = []
    offsets: list[int] = []
    pending_space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            pending_space = bool(out)
            continue
        if pending_space:
            out.append(" ")
            offsets.append(i - 1)
            pending_space = False
        out.append(ch)
        offsets.append(i)
    return "".join(out), offsets


def locate(collapsed: str, offsets: Sequence[int], quote: str) -> tuple[tuple[int, int], ...]:
    """Every place of quote in the original text as (start, end) offsets.

    Exact match on collapsed whitespace first; when that finds nothing, a case-insensitive
    match (the ingest normaliser may have changed case in a heading). Empty when absent.
    """
    q = collapse(quote)
    if not q:
        return ()
    for hay, needle in ((collapsed, q), (collapsed.lower(), q.lower())):
        if len(hay) != len(collapsed):
            continue  # lower() changed the length: offsets would not map back
        spans, at = [], hay.find(needle)
        while at >= 0:
            spans.append((offsets[at], offsets[at + len(needle) - 1] + 1))
            at = hay.find(needle, at + 1)
        if spans:
            return tuple(spans)
    return ()


@dataclass(frozen=True, slots=True)
class GoldQuote:
    """An evidence quote with its place(s) in the document's normalised text."""

    doc: str
    quote: str  # whitespace collapsed
    spans: tuple[tuple[int, int], ...]  # empty when the quote was not found in the document
    pages: tuple[int, ...] = ()  # physical pages the quote sits on, when exactly known


def covers(doc: str, text: str, start: int, end: int, gold: GoldQuote) -> bool:
    """Does a chunk (its doc, text and offsets) hold this gold quote, by text or by place?"""
    if doc != gold.doc:
        return False
    if gold.quote and gold.quote in collapse(text):
        return True
    for s, e in gold.spans:
        overlap = min(end, e) - max(start, s)
        if overlap > 0 and overlap >= MIN_OVERLAP * (e - s):
            return True
    return False


def quotes_covered(doc: str, text: str, start: int, end: int, gold: Sequence[GoldQuote]) -> frozenset[int]:
    """Indexes of the gold quotes this chunk holds."""
    return frozenset(i for i, g in enumerate(gold) if covers(doc, text, start, end, g))


# ---------------------------------------------------------------- ranking metrics


def recall_at(rels: Sequence[bool], k: int) -> float:
    """1.0 when any of the first k results is relevant (success@k), else 0.0."""
    return 1.0 if any(rels[:k]) else 0.0


def reciprocal_rank(rels: Sequence[bool], k: int = 10) -> float:
    for i, r in enumerate(rels[:k]):
        if r:
            return 1.0 / (i + 1)
    return 0.0


def ndcg_at(rels: Sequence[bool], n_relevant: int, k: int = 10) -> float:
    """Binary-gain nDCG@k; n_relevant = relevant chunks in the whole collection."""
    dcg = sum(1.0 / math.log2(i + 2) for i, r in enumerate(rels[:k]) if r)
    ideal_n = min(max(n_relevant, sum(bool(r) for r in rels[:k])), k)
    if ideal_n == 0:
        return 0.0
    idcg = sum(1.0 / math.log2(i + 2) for i in range(ideal_n))
    return dcg / idcg


def percentile(values: Sequence[float], p: float) -> float | None:
    """Linear-interpolated percentile (numpy's default); None for no values."""
    if not values:
        return None
    xs = sorted(values)
    pos = (len(xs) - 1) * p / 100.0
    lo = math.floor(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def mean(values: Iterable[float]) -> float | None:
    xs = list(values)
    return sum(xs) / len(xs) if xs else None


@dataclass(frozen=True, slots=True)
class Ranked:
    """One item's retrieval outcome in one mode: what the ranking metrics need."""

    item_id: str
    audience: str
    kind: str
    rels: tuple[bool, ...]  # relevance per rank, best first (length <= k)
    quotes: tuple[frozenset[int], ...]  # gold quotes held per rank
    n_quotes: int  # evidence quotes of the item (0: not scored for recall)
    n_relevant: int  # relevant chunks in the whole collection (for nDCG)
    words: tuple[int, ...]  # words per retrieved chunk
    latency_ms: float  # query embedding + search
    embed_ms: float = 0.0  # the query-embedding part of latency_ms
    doc: str = "(geen)"  # the item's gold document, for the breakdown by document


def retrieval_scores(outcomes: Sequence[Ranked], k: int = 10) -> dict:
    """Recall@1/5/10, MRR@k, nDCG@k, evidence recall@k, words per chunk, latency."""
    scored = [o for o in outcomes if o.n_quotes > 0]
    n_quotes = sum(o.n_quotes for o in scored)
    found = sum(len(frozenset().union(*o.quotes[:k])) for o in scored)
    words = [w for o in outcomes for w in o.words]
    lat = [o.latency_ms for o in outcomes]
    embed = [o.embed_ms for o in outcomes]
    search = [o.latency_ms - o.embed_ms for o in outcomes]
    out = {
        "n": len(scored),
        "n_skipped": len(outcomes) - len(scored),
        "recall@1": mean(recall_at(o.rels, 1) for o in scored),
        "recall@5": mean(recall_at(o.rels, 5) for o in scored),
        f"recall@{k}": mean(recall_at(o.rels, k) for o in scored),
        f"mrr@{k}": mean(reciprocal_rank(o.rels, k) for o in scored),
        f"ndcg@{k}": mean(ndcg_at(o.rels, o.n_relevant, k) for o in scored),
        f"evidence_recall@{k}": found / n_quotes if n_quotes else None,
        "words_per_chunk": mean(words),
        "latency_p50_ms": percentile(lat, 50),
        "latency_p95_ms": percentile(lat, 95),
        "search_p50_ms": percentile(search, 50),
        "search_p95_ms": percentile(search, 95),
        "embed_p50_ms": percentile(embed, 50),
    }
    return out


def recall_curve(outcomes: Sequence[Ranked], k: int = 10) -> list[float | None]:
    """Recall@1..k over the scored items (for the plot)."""
    scored = [o for o in outcomes if o.n_quotes > 0]
    return [mean(recall_at(o.rels, j) for o in scored) for j in range(1, k + 1)]


def grouped(outcomes: Sequence, key: Callable, score: Callable) -> dict:
    """score() applied to each group of outcomes, groups sorted by name."""
    groups: dict[str, list] = {}
    for o in outcomes:
        groups.setdefault(key(o), []).append(o)
    return {g: score(groups[g]) for g in sorted(groups)}


# ---------------------------------------------------------------- answer metrics


def _norm(s: str) -> str:
    return _WS.sub(" ", s).strip().lower()


def has_term(text: str, term: str) -> bool:
    """Case- and whitespace-insensitive; a number must match as written, not inside a
    longer number ("45.150" is not in "145.150" nor in "45.150.000")."""
    t = _norm(term)
    if not t:
        return False
    pat = re.escape(t)
    if t[0].isdigit():
        pat = r"(?<![\d.,])" + pat
    if t[-1].isdigit():
        pat = pat + r"(?![.,]?\d)"
    return re.search(pat, _norm(text)) is not None


def term_recall(answer: str, terms: Sequence[str]) -> float | None:
    """Share of answer_terms present in the answer; None when the item has no terms."""
    if not terms:
        return None
    return sum(has_term(answer, t) for t in terms) / len(terms)


@dataclass(frozen=True, slots=True)
class Answered:
    """One question item's answer outcome (claims are scored with Checked)."""

    item_id: str
    audience: str
    kind: str
    answerable: bool
    refused: bool
    term_recall: float | None  # None for unanswerable items
    citations: tuple[bool, ...]  # per citation: holds a gold quote or an answer term
    page_hit: bool | None  # a citation on a gold page; None when no gold page is known
    latency_ms: float
    section_hit: bool | None = None  # a citation in a gold section; None when none is known
    words: int | None = None  # words of the answer text (citation marks left out)
    readability: float | None = None  # Flesch-Douma of the answer; None when not measured
    doc: str = "(geen)"  # the item's gold document, for the breakdown by document


_CITE_MARK = re.compile(r"\[\d+\]")


def word_count(text: str) -> int:
    """Words of an answer as a reader sees them: citation marks [n] and bare punctuation
    left out, figures counted."""
    return sum(1 for w in _CITE_MARK.sub(" ", text).split() if any(ch.isalnum() for ch in w))


def answer_scores(outcomes: Sequence[Answered]) -> dict:
    """Term recall over answerable items (a refusal scores 0); citation precision over the
    citations of answered (not refused) answerable items; citation recall = answered items
    with at least one correct citation; page accuracy over items whose gold page is known;
    refusal rate on unanswerable and false-refusal rate on answerable items."""
    answerable = [o for o in outcomes if o.answerable]
    unanswerable = [o for o in outcomes if not o.answerable]
    cites = [c for o in answerable if not o.refused for c in o.citations]
    pages = [o.page_hit for o in answerable if o.page_hit is not None]
    sections = [o.section_hit for o in answerable if o.section_hit is not None]
    lat = [o.latency_ms for o in outcomes]
    shown = [o for o in outcomes if not o.refused]
    words = [o.words for o in shown if o.words is not None]
    reads = [o.readability for o in shown if o.readability is not None]
    return {
        "n": len(outcomes),
        "n_answerable": len(answerable),
        "n_unanswerable": len(unanswerable),
        # refused answers score 0: a refusal does not contain the terms
        "answer_term_recall": mean(o.term_recall or 0.0 for o in answerable),
        "n_citations": len(cites),
        "citation_precision": mean(1.0 if c else 0.0 for c in cites),
        "citation_recall": mean(
            1.0 if any(o.citations) and not o.refused else 0.0 for o in answerable
        ),
        "n_page_known": len(pages),
        "page_accuracy": mean(1.0 if p else 0.0 for p in pages),
        "n_section_known": len(sections),
        "section_accuracy": mean(1.0 if x else 0.0 for x in sections),
        "median_words": percentile(words, 50),
        "n_readability": len(reads),
        "readability_median": percentile(reads, 50),
        "refusal_rate_unanswerable": mean(1.0 if o.refused else 0.0 for o in unanswerable),
        "false_refusal_rate": mean(1.0 if o.refused else 0.0 for o in answerable),
        "latency_p50_ms": percentile(lat, 50),
        "latency_p95_ms": percentile(lat, 95),
    }


def gold_verdict(verdict: str) -> str:
    """The dataset's not_in_sources is the checker's not_found."""
    return "not_found" if verdict == "not_in_sources" else verdict


@dataclass(frozen=True, slots=True)
class Checked:
    item_id: str
    gold: str  # supported / refuted / not_found (already mapped)
    predicted: str
    evidence: tuple[bool, ...]  # per evidence citation: holds a gold quote or answer term
    latency_ms: float
    section_hit: bool | None = None  # evidence cited in a gold section (None: not scored)
    page_hit: bool | None = None  # evidence cited on a gold page (None: not scored)
    audience: str = ""
    doc: str = "(geen)"


def confusion(pairs: Iterable[tuple[str, str]], labels: Sequence[str] = VERDICT_LABELS) -> list[list[int]]:
    """Rows gold, columns predicted, in the order of labels; unknown labels are ignored."""
    m = [[0] * len(labels) for _ in labels]
    idx = {lab: i for i, lab in enumerate(labels)}
    for g, p in pairs:
        if g in idx and p in idx:
            m[idx[g]][idx[p]] += 1
    return m


def claim_scores(outcomes: Sequence[Checked]) -> dict:
    """Verdict accuracy, confusion matrix, share of refuted claims called "supported", and
    the precision of the evidence cited by verdicts other than not_found."""
    refuted = [o for o in outcomes if o.gold == "refuted"]
    ev = [e for o in outcomes if o.predicted != "not_found" for e in o.evidence]
    lat = [o.latency_ms for o in outcomes]
    sections = [o.section_hit for o in outcomes if o.section_hit is not None]
    pages = [o.page_hit for o in outcomes if o.page_hit is not None]
    return {
        "n": len(outcomes),
        "accuracy": mean(1.0 if o.gold == o.predicted else 0.0 for o in outcomes),
        "labels": list(VERDICT_LABELS),
        "confusion": confusion((o.gold, o.predicted) for o in outcomes),
        "supported_on_refuted": mean(1.0 if o.predicted == "supported" else 0.0 for o in refuted),
        "n_refuted": len(refuted),
        "evidence_precision": mean(1.0 if e else 0.0 for e in ev),
        "n_section_known": len(sections),
        "section_accuracy": mean(1.0 if x else 0.0 for x in sections),
        "n_page_known": len(pages),
        "page_accuracy": mean(1.0 if x else 0.0 for x in pages),
        "latency_p50_ms": percentile(lat, 50),
        "latency_p95_ms": percentile(lat, 95),
    }


# ---------------------------------------------------------------- per-item outcomes as JSON


def to_record(o) -> dict:
    """An outcome (Ranked, Answered, Checked) as plain JSON values, for results that are
    combined later (eval/combine.py)."""
    d = {f.name: getattr(o, f.name) for f in fields(o)}
    if isinstance(o, Ranked):
        d["quotes"] = [sorted(q) for q in o.quotes]
    return {k: list(v) if isinstance(v, tuple) else v for k, v in d.items()}


def from_record(cls, d: dict):
    """The inverse of to_record for cls (fields it does not know are ignored)."""
    kw = {}
    for f in fields(cls):
        if f.name not in d:
            continue
        v = d[f.name]
        if f.name == "quotes" and cls is Ranked:
            v = tuple(frozenset(q) for q in v)
        elif isinstance(v, list):
            v = tuple(v)
        kw[f.name] = v
    return cls(**kw)
