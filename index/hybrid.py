"""Fusion of dense and lexical candidate lists, plus query-analysis boosts; pure functions.

Scores: a convex mix of normalised dense and BM25 scores (measured better than reciprocal
rank fusion on the dev set, which is kept as an option), plus small boosts when the
question's numbers occur in a chunk and when its words name the document (title) or the
chapter (section path). Deterministic: ties break on chunk_id. No I/O, no models.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from index import vocabulary
from index.lexical import fold, numbers_in, tokenize
from ingest.model import Chunk


@lru_cache(maxsize=1)
def _generic() -> frozenset[str]:
    """Words that name no particular document or chapter in a municipal corpus (data file)."""
    return frozenset(tokenize(" ".join(sorted(vocabulary.load().generic))))


_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class FusionParams:
    method: str = "convex"  # "convex" (normalised scores) or "rrf" (reciprocal ranks)
    alpha: float = 0.5  # convex: weight of the dense score; 1 - alpha for BM25
    # Adaptive alpha: weigh each ranking by how clearly its best candidate stands out
    # (z-score of the top score within the list), so a confident BM25 hit on a rare term,
    # or a confident dense hit on a paraphrase, is not averaged away by the other list.
    adaptive: bool = True
    confidence_power: float = 2.0
    alpha_min: float = 0.2
    alpha_max: float = 0.8
    rrf_k: float = 60.0
    w_dense: float = 1.0  # rrf weights
    w_lexical: float = 1.0
    # Boosts are in convex-score units (a fused score lies in [0, 1]); for rrf scale them
    # down (~1/100), since an rrf score lies in [0, 2 / (rrf_k + 1)].
    number_boost: float = 0.05  # per question number (not a year) found in the chunk, capped
    year_boost: float = 0.0  # per question year in the chunk (measured: costs R@5 on dev; off)
    title_boost: float = 0.04  # the question names the chunk's document
    section_boost: float = 0.03  # times the share of question words in the section path
    max_number_hits: int = 3


DEFAULT_PARAMS = FusionParams()


@dataclass(frozen=True, slots=True)
class QueryInfo:
    """What the question itself tells: its numbers, years and content words (stemmed)."""

    numbers: frozenset[str]  # amounts, percents ("60.693", "4,2")
    years: frozenset[str]  # four-digit years 1900-2099
    terms: frozenset[str]  # stemmed content words, stopwords and generic words out


def analyse(query: str, bodies: frozenset[str] = frozenset()) -> QueryInfo:
    """`bodies`: BM25 tokens of the bodies the indexed documents come from ('assen' in an
    Assen corpus): naming them names no particular document, like the generic words."""
    nums = numbers_in(query)
    years = frozenset(n for n in nums if len(n) == 4 and n.isdigit() and n[:2] in ("19", "20"))
    # bare small integers ("4 miljoen", "drie") say little on their own; keep decimals,
    # thousands-separated amounts and numbers of 3+ digits.
    numbers = frozenset(
        n for n in nums - years if ("." in n or "," in n or len(n) >= 3) and "-" not in n
    )
    generic = _generic() | bodies
    terms = frozenset(t for t in tokenize(query) if not t[0].isdigit() and t not in generic)
    return QueryInfo(numbers=numbers, years=years, terms=terms)


def _contains_term(term: str, tokens: frozenset[str], folded: str) -> bool:
    # A question word matches a title/section word exactly, or inside a compound
    # ("begroting" in "programmabegroting") when it is long enough to be specific.
    return term in tokens or (len(term) >= 5 and term in folded)


@lru_cache(maxsize=65536)
def _numbers(text: str) -> frozenset[str]:
    return frozenset(numbers_in(text))


@lru_cache(maxsize=4096)
def _words(text: str) -> tuple[frozenset[str], str]:
    return frozenset(tokenize(text)), fold(text)


def boost(chunk: Chunk, info: QueryInfo, params: FusionParams = DEFAULT_PARAMS) -> float:
    """Additive query-analysis bonus for one candidate chunk."""
    score = 0.0
    if info.numbers or info.years:
        chunk_numbers = _numbers(chunk.context + "\n" + chunk.text)
        hits = len(info.numbers & chunk_numbers)
        score += params.number_boost * min(hits, params.max_number_hits)
        score += params.year_boost * len(info.years & chunk_numbers)
    if info.terms:
        title_tokens, title_folded = _words(chunk.title + " " + chunk.doc.replace("-", " "))
        if any(_contains_term(t, title_tokens, title_folded) for t in info.terms
               if t not in _generic()):
            score += params.title_boost
        if chunk.section:
            sec_tokens, sec_folded = _words(" ".join(chunk.section))
            shared = sum(1 for t in info.terms if _contains_term(t, sec_tokens, sec_folded))
            score += params.section_boost * shared / len(info.terms)
    return score


def max_boost(info: QueryInfo, params: FusionParams = DEFAULT_PARAMS) -> float:
    """The largest bonus boost() can give any chunk for this question."""
    top = 0.0
    if info.numbers or info.years:
        top += params.number_boost * min(len(info.numbers), params.max_number_hits)
        top += params.year_boost * len(info.years)
    if info.terms:
        top += params.title_boost + params.section_boost
    return top


def confidence(ranking: list[tuple[Chunk, float]]) -> float:
    """How far the best score stands above the rest of the list (z-score; 1.0 if too short)."""
    if len(ranking) < 3:
        return 1.0
    scores = [s for _, s in ranking]
    mean = sum(scores) / len(scores)
    std = (sum((s - mean) ** 2 for s in scores) / len(scores)) ** 0.5
    return max((scores[0] - mean) / std, 1e-3) if std > 0 else 1e-3


def adaptive_alpha(dense: list[tuple[Chunk, float]], lexical: list[tuple[Chunk, float]],
                   params: FusionParams = DEFAULT_PARAMS) -> float:
    """The dense weight for this query: each list's confidence ** power, shares, clipped."""
    if not lexical:
        return 1.0
    if not dense:
        return 0.0
    zd = confidence(dense) ** params.confidence_power
    zl = confidence(lexical) ** params.confidence_power
    return min(params.alpha_max, max(params.alpha_min, zd / (zd + zl)))


def fuse(
    dense: list[tuple[Chunk, float]],
    lexical: list[tuple[Chunk, float]],
    info: QueryInfo,
    k: int,
    params: FusionParams = DEFAULT_PARAMS,
) -> list[tuple[Chunk, float]]:
    """Fuse two best-first candidate lists, add boosts; top k, best first.

    convex: alpha * minmax(dense) + (1 - alpha) * bm25 / max(bm25), a list's missing
    chunk counting 0 there; rrf: sum of weight / (rrf_k + rank).
    """
    if params.method not in ("convex", "rrf"):
        raise ValueError(f"unknown fusion method {params.method!r}: use 'convex' or 'rrf'")
    fused: dict[str, float] = {}
    by_id: dict[str, Chunk] = {}
    if params.method == "rrf":
        for weight, ranking in ((params.w_dense, dense), (params.w_lexical, lexical)):
            for rank, (chunk, _score) in enumerate(ranking, start=1):
                by_id[chunk.chunk_id] = chunk
                fused[chunk.chunk_id] = fused.get(chunk.chunk_id, 0.0) + weight / (params.rrf_k + rank)
    else:
        alpha = adaptive_alpha(dense, lexical, params) if params.adaptive else params.alpha
        for weight, ranking, lo in ((alpha, dense, None), (1.0 - alpha, lexical, 0.0)):
            if not ranking:
                continue
            scores = [s for _, s in ranking]
            low = min(scores) if lo is None else lo
            span = max(scores) - low
            for chunk, s in ranking:
                by_id[chunk.chunk_id] = chunk
                norm = (s - low) / span if span > 0 else 1.0
                fused[chunk.chunk_id] = fused.get(chunk.chunk_id, 0.0) + weight * norm
    # Boosts are >= 0, so the k-th best fused score is a floor for the final top k: a
    # candidate below it even with every boost cannot enter, and is not boosted (same result).
    floor = sorted(fused.values(), reverse=True)[k - 1] if len(fused) >= k else float("-inf")
    reach = max_boost(info, params)
    scored = [(cid, s + boost(by_id[cid], info, params)) for cid, s in fused.items()
              if s + reach >= floor]
    scored.sort(key=lambda item: (-item[1], item[0]))
    return [(by_id[cid], s) for cid, s in scored[:k]]


def named_documents(query: str, titles: dict[str, str]) -> tuple[str, ...]:
    """Documents (keys of titles: doc -> title) the question names by the head word of their
    title or its compound tail ("begroting 2026" names "Programmabegroting 2026"); sorted."""
    words = {w for w in _WORD.findall(fold(query)) if len(w) >= 5}
    named = []
    for doc, title in titles.items():
        heads = [w for w in _WORD.findall(fold(title)) if len(w) >= 5][:1]
        if any(h.endswith(w) for h in heads for w in words):
            named.append(doc)
    return tuple(sorted(named))


def cover(ranked: list[tuple[Chunk, float]], per_doc: list[list[tuple[Chunk, float]]], k: int,
          per: int = 2) -> list[tuple[Chunk, float]]:
    """Top k of ranked that holds the best `per` chunks of every per-document ranking.

    For a question naming several documents (a comparison), each named document's best
    passages take the places of the weakest others; per-document scores are normalised
    within that document. Best first, ties on chunk_id; pure.
    """
    must: dict[str, tuple[Chunk, float]] = {}
    for ranking in per_doc:
        for chunk, score in ranking[:per]:
            if chunk.chunk_id not in must or must[chunk.chunk_id][1] < score:
                must[chunk.chunk_id] = (chunk, score)
    rest = [(c, s) for c, s in ranked if c.chunk_id not in must]
    merged = list(must.values()) + rest[: max(0, k - len(must))]
    merged.sort(key=lambda item: (-item[1], item[0].chunk_id))
    return merged[:k]


def single(ranking: list[tuple[Chunk, float]], k: int) -> list[tuple[Chunk, float]]:
    """One backend ranking as is (dense-only or bm25-only mode), ties broken by chunk_id."""
    ordered = sorted(ranking, key=lambda item: (-item[1], item[0].chunk_id))
    return ordered[:k]
