"""How much of the question's content the candidate holds, IDF-weighted: in the unit
itself, with its header (column labels, lead-in) and heading path, and in its passage;
and a BM25 score of the unit alone (term frequency saturated, length normalised)."""

from __future__ import annotations

from collections import Counter

from app.answering.terms import body_of, content_terms, covers, term_set

NAMES = ("cov_unit", "cov_near", "cov_passage", "rarest_near", "cov_unit_x_near", "bm25_unit",
         "unknown_share", "label_asked")
K1, B, AVG_TERMS = 1.2, 0.75, 15.0  # the usual BM25 constants; average unit length in terms


def share(q, terms: frozenset[str]) -> float:
    """IDF-weighted share of the question's words that `terms` cover."""
    got = sum(w for _, alts, w in q.terms if covers(alts, terms))
    return got / q.total_weight


def _bm25(q, text: str) -> float:
    terms = content_terms(text)
    tf = Counter(terms)
    norm = K1 * (1 - B + B * len(terms) / AVG_TERMS)
    score = 0.0
    for _, alts, w in q.terms:
        f = sum(tf.get(a, 0) for a in alts)
        if f:
            score += w * f * (K1 + 1) / (f + norm)
    return score / q.total_weight


def compute(q, c, stats) -> list[float]:
    if not q.terms:
        return [0.0] * len(NAMES)
    unit = term_set(c.unit.text)
    near = unit | term_set(c.header) | term_set(c.heading) | term_set(_body(c))
    passage = near | term_set(c.chunk.text)
    rarest = max(q.terms, key=lambda t: t[2])
    cu, cn = share(q, unit), share(q, near)
    return [cu, cn, share(q, passage), float(covers(rarest[1], near)), cu * cn,
            _bm25(q, c.unit.text + " " + c.header), q.unknown_share, _label_asked(q, c)]


def _label_asked(q, c) -> float:
    """For a table row: the share of its label's words the question holds. Of the rows of
    one table, the one whose label is what is asked ('Toezicht Kinderopvang', not 'subtotaal
    Dronten'; 'Personeelskosten', not 'Overige personeelskosten'). 0 for other units."""
    if c.row is None:
        return 0.0
    label = content_terms(c.row.label)
    if not label:
        return 0.0
    asked = set(content_terms(q.text))
    return sum(t in asked or any(t in alts for _, alts, _ in q.terms) for t in label) / len(label)


def _body(c) -> str:
    """The body the passage's document is of ('zwolle'): a question naming it is answered."""
    return body_of(c.chunk)
