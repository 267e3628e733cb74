"""The rules one line of an evaluation set must meet, for both formats (see eval/dataset.py).

Returns the first problem as text (the loader adds file and line), never raises. Fields no
rule names are ignored, so a set may carry more than this reader uses.
"""

from __future__ import annotations

import re

from eval.dataset import (
    AUDIENCES,
    KIND_ALIASES,
    KINDS,
    REQUIRED,
    VERDICT_ALIASES,
    VERDICTS,
    collapse,
)


def problem(obj: object, seen: set[str], prefix: str) -> str | None:
    """The first thing wrong with one parsed line, or None."""
    if not isinstance(obj, dict):
        return "not a JSON object"
    missing = [f for f in REQUIRED if f not in obj]
    if "audience" not in obj and "persona" not in obj:
        missing.insert(1, "audience (or persona)")
    if missing:
        return f"missing fields {missing}"
    iid = obj["id"]
    if not isinstance(iid, str) or not re.fullmatch(re.escape(prefix) + r"-\d{3,}", iid):
        return f"bad id {iid!r} (expected {prefix}-NNN)"
    if iid in seen:
        return f"duplicate id {iid}"
    audience = obj["audience"] if obj.get("audience") is not None else obj.get("persona")
    if audience not in AUDIENCES:
        return f"bad audience {audience!r}; use one of {list(AUDIENCES)}"
    kind = KIND_ALIASES.get(obj["kind"], obj["kind"])
    if kind not in KINDS:
        return f"bad kind {obj['kind']!r}; use one of {list(KINDS) + list(KIND_ALIASES)}"
    q = obj["question"]
    if not isinstance(q, str) or not q.strip():
        return "empty question"
    bad = _claim_problem(obj, kind) or _followup_problem(obj, kind)
    if bad:
        return bad
    verdict = _verdict(obj)
    no_support = kind == "unanswerable" or verdict == "not_found"
    return _answer_problem(obj, kind, no_support) or _evidence_problem(obj, kind, no_support)


def _verdict(obj: dict) -> str | None:
    v = obj.get("label") if obj.get("label") is not None else obj.get("verdict")
    return VERDICT_ALIASES.get(v, v)


def _claim_problem(obj: dict, kind: str) -> str | None:
    verdict = _verdict(obj)
    accepted = list(VERDICTS) + list(VERDICT_ALIASES)
    if kind == "claim" and verdict not in VERDICTS:
        return f"claim needs verdict (or label) in {accepted}, got {verdict!r}"
    if kind != "claim" and verdict is not None:
        return f"verdict must be null for kind {kind}, got {verdict!r}"
    claim = obj.get("claim")
    if claim is not None and (kind != "claim" or not isinstance(claim, str) or not claim.strip()):
        return "'claim' must be a non-empty statement, and only on claims"
    return None


def _followup_problem(obj: dict, kind: str) -> str | None:
    hist = obj.get("history")
    if hist is not None and (
        not isinstance(hist, list) or not all(isinstance(h, str) and h.strip() for h in hist)
    ):
        return "history must be a list of earlier questions (non-empty strings)"
    if kind == "followup" and not hist:
        return "followup needs 'history': a non-empty list of earlier questions"
    sq = obj.get("standalone_question")
    if sq is not None and (not isinstance(sq, str) or not sq.strip()):
        return "standalone_question must be null or a non-empty string"
    return None


def _answer_problem(obj: dict, kind: str, no_support: bool) -> str | None:
    ans = obj["answer"]
    if not isinstance(ans, str):
        return "answer must be a string"
    if kind == "unanswerable" and ans != "":
        return 'answer must be "" for unanswerable'
    if not no_support and not ans.strip():
        return "empty answer"
    terms = obj["answer_terms"]
    if not isinstance(terms, list) or not all(isinstance(t, str) and t.strip() for t in terms):
        return "answer_terms must be a list of non-empty strings"
    if no_support and terms:
        return "answer_terms must be [] for unanswerable / not_found"
    if not no_support:
        if not 1 <= len(terms) <= 4:
            return f"answer_terms must have 1-4 entries, has {len(terms)}"
        for t in terms:
            if t.lower() not in ans.lower():
                return f"answer_term {t!r} not contained in answer"
    return None


def _place_problem(where: str, d: dict) -> str | None:
    doc, page, label, sec = d.get("doc"), d.get("page"), d.get("page_label"), d.get("section")
    if doc is not None and (not isinstance(doc, str) or not doc.strip()):
        return f"{where} doc must be a file name"
    if page is not None and (isinstance(page, bool) or not isinstance(page, int) or page < 1):
        return f"{where} page must be null or a physical page number (1-based), got {page!r}"
    if label is not None and (not isinstance(label, str) or not label.strip()):
        return f"{where} page_label must be null or the printed page number as text"
    if sec is not None and (not isinstance(sec, str) or not sec.strip()):
        return f"{where} section must be null or a non-empty string"
    return None


def _quote_problem(where: str, quote: object) -> str | None:
    if not isinstance(quote, str):
        return f"{where} quote must be a string"
    n_words = len(collapse(quote).split())
    if not 5 <= n_words <= 25:
        return f"{where} quote has {n_words} words (need 5-25)"
    return None


def _evidence_problem(obj: dict, kind: str, no_support: bool) -> str | None:
    ev, more = obj["evidence"], obj.get("evidence_more") or []
    if not isinstance(ev, list):
        return "evidence must be a list"
    if not isinstance(more, list):
        return "evidence_more must be a list"
    bad = _place_problem("item", obj)
    if bad:
        return bad
    if no_support and (ev or more):
        return "evidence must be [] for unanswerable / not_found"
    if not no_support and not ev:
        return "answerable item needs at least one evidence passage"
    quotes = []
    for i, e in enumerate(ev):
        if isinstance(e, str):
            if not obj.get("doc"):
                return f"evidence[{i}] is a bare quote, so the item needs a 'doc'"
            quote, doc = e, obj["doc"]
        elif isinstance(e, dict) and "doc" in e and "quote" in e:
            quote, doc = e["quote"], e["doc"]
            if not isinstance(doc, str) or not doc.strip():
                return f"evidence[{i}] doc must be a file name"
            bad = _place_problem(f"evidence[{i}]", e)
            if bad:
                return bad
        else:
            return f"evidence[{i}] must be an object with keys doc, quote (or a quote string)"
        bad = _quote_problem(f"evidence[{i}]", quote)
        if bad:
            return bad
        quotes.append((doc, collapse(quote)))
    for i, m in enumerate(more):
        if not isinstance(m, dict) or not isinstance(m.get("doc"), str) or "quote" not in m:
            return f"evidence_more[{i}] must be an object with doc, quote (page, page_label, section)"
        bad = _place_problem(f"evidence_more[{i}]", m) or _quote_problem(f"evidence_more[{i}]", m["quote"])
        if bad:
            return bad
        quotes.append((m["doc"], collapse(m["quote"])))
    if kind == "compare" and len(set(quotes)) < 2:
        return "compare item needs at least two distinct evidence passages"
    if obj["section"] is not None and not ev:
        return "section given but no evidence"
    return None
