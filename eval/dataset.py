"""The evaluation set: one JSON object per line (the format of ../shared/eval/dev.jsonl).

Loads and validates items with the field and value rules of check_eval.py; it does not
check quotes against the corpus (the metrics locate them in the indexed documents).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

FIELDS = (
    "id",
    "audience",
    "kind",
    "question",
    "answer",
    "answer_terms",
    "verdict",
    "evidence",
    "section",
)
AUDIENCES = ("resident", "staff", "journalist")
KINDS = ("fact", "number", "list", "explain", "claim", "compare", "unanswerable")
VERDICTS = ("supported", "refuted", "not_in_sources")
_WS = re.compile(r"\s+")


class EvalSetError(ValueError):
    """The evaluation file is missing or malformed; the message names file, line and problem."""


def collapse(text: str) -> str:
    """Every run of whitespace becomes one space, ends stripped (as check_eval.py does)."""
    return _WS.sub(" ", text).strip()


@dataclass(frozen=True, slots=True)
class Evidence:
    doc: str  # corpus file name, e.g. "programmabegroting-2026.txt"
    quote: str  # verbatim passage, 5-25 words

    def to_dict(self) -> dict:
        return {"doc": self.doc, "quote": self.quote}

    @classmethod
    def from_dict(cls, d: dict) -> Evidence:
        return cls(doc=d["doc"], quote=d["quote"])


@dataclass(frozen=True, slots=True)
class EvalItem:
    id: str
    audience: str  # resident / staff / journalist
    kind: str  # fact / number / list / explain / claim / compare / unanswerable
    question: str  # a question, or the claim itself for kind "claim"
    answer: str  # reference answer; "" for unanswerable
    answer_terms: tuple[str, ...]  # terms a good answer contains
    verdict: str | None  # claims only: supported / refuted / not_in_sources
    evidence: tuple[Evidence, ...]  # empty for unanswerable and not_in_sources
    section: str | None  # heading of the first evidence passage, when known

    @property
    def answerable(self) -> bool:
        """True when the documents hold evidence (everything but unanswerable/not_in_sources)."""
        return bool(self.evidence)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "audience": self.audience,
            "kind": self.kind,
            "question": self.question,
            "answer": self.answer,
            "answer_terms": list(self.answer_terms),
            "verdict": self.verdict,
            "evidence": [e.to_dict() for e in self.evidence],
            "section": self.section,
        }

    @classmethod
    def from_dict(cls, d: dict) -> EvalItem:
        return cls(
            id=d["id"],
            audience=d["audience"],
            kind=d["kind"],
            question=d["question"],
            answer=d["answer"],
            answer_terms=tuple(d["answer_terms"]),
            verdict=d["verdict"],
            evidence=tuple(Evidence.from_dict(e) for e in d["evidence"]),
            section=d["section"],
        )


def load_eval_set(path: str | Path) -> list[EvalItem]:
    """Read and validate a JSONL evaluation set; the first problem raises EvalSetError."""
    path = Path(path)
    if not path.is_file():
        raise EvalSetError(f"evaluation set not found: {path} (pass --set FILE.jsonl)")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise EvalSetError(f"{path}: not UTF-8 text ({exc.reason}); save it as UTF-8") from exc
    items: list[EvalItem] = []
    seen: set[str] = set()
    prefix: str | None = None
    for lineno, line in enumerate(lines, 1):
        where = f"{path}, line {lineno}"
        if not line.strip():
            raise EvalSetError(f"{where}: empty line; remove it (one JSON object per line)")
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalSetError(f"{where}: invalid JSON ({exc.msg} at column {exc.colno})") from exc
        if prefix is None and isinstance(obj, dict):
            m = re.match(r"([a-z]+)-\d+$", str(obj.get("id", "")))
            prefix = m.group(1) if m else "dev"
        problem = _problem(obj, seen, prefix or "dev")
        if problem:
            iid = obj.get("id", "?") if isinstance(obj, dict) else "?"
            raise EvalSetError(f"{where} ({iid}): {problem}")
        seen.add(obj["id"])
        items.append(EvalItem.from_dict(obj))
    if not items:
        raise EvalSetError(f"{path}: no items; expected one JSON object per line")
    return items


def _problem(obj: object, seen: set[str], prefix: str) -> str | None:
    """The first thing wrong with one parsed line, or None (rules of check_eval.py)."""
    if not isinstance(obj, dict):
        return "not a JSON object"
    missing = [f for f in FIELDS if f not in obj]
    if missing:
        return f"missing fields {missing}"
    extra = [k for k in obj if k not in FIELDS]
    if extra:
        return f"unexpected fields {extra}; allowed: {list(FIELDS)}"
    iid = obj["id"]
    if not isinstance(iid, str) or not re.fullmatch(re.escape(prefix) + r"-\d{3}", iid):
        return f"bad id {iid!r} (expected {prefix}-NNN)"
    if iid in seen:
        return f"duplicate id {iid}"
    if obj["audience"] not in AUDIENCES:
        return f"bad audience {obj['audience']!r}; use one of {list(AUDIENCES)}"
    kind = obj["kind"]
    if kind not in KINDS:
        return f"bad kind {kind!r}; use one of {list(KINDS)}"
    q = obj["question"]
    if not isinstance(q, str) or not q.strip():
        return "empty question"
    verdict = obj["verdict"]
    if kind == "claim" and verdict not in VERDICTS:
        return f"claim needs verdict in {list(VERDICTS)}, got {verdict!r}"
    if kind != "claim" and verdict is not None:
        return f"verdict must be null for kind {kind}, got {verdict!r}"
    no_support = kind == "unanswerable" or verdict == "not_in_sources"
    ans = obj["answer"]
    if not isinstance(ans, str):
        return "answer must be a string"
    if kind == "unanswerable" and ans != "":
        return 'answer must be "" for unanswerable'
    if kind != "unanswerable" and not ans.strip():
        return "empty answer"
    terms = obj["answer_terms"]
    if not isinstance(terms, list) or not all(isinstance(t, str) and t.strip() for t in terms):
        return "answer_terms must be a list of non-empty strings"
    if no_support and terms:
        return "answer_terms must be [] for unanswerable / not_in_sources"
    if not no_support:
        if not 1 <= len(terms) <= 4:
            return f"answer_terms must have 1-4 entries, has {len(terms)}"
        for t in terms:
            if t.lower() not in ans.lower():
                return f"answer_term {t!r} not contained in answer"
    return _evidence_problem(obj, kind, no_support)


def _evidence_problem(obj: dict, kind: str, no_support: bool) -> str | None:
    ev = obj["evidence"]
    if not isinstance(ev, list):
        return "evidence must be a list"
    if no_support and ev:
        return "evidence must be [] for unanswerable / not_in_sources"
    if not no_support and not ev:
        return "answerable item needs at least one evidence passage"
    for i, e in enumerate(ev):
        if not isinstance(e, dict) or set(e) != {"doc", "quote"}:
            return f"evidence[{i}] must be an object with keys doc, quote"
        if not isinstance(e["doc"], str) or not e["doc"].strip():
            return f"evidence[{i}] doc must be a file name"
        if not isinstance(e["quote"], str):
            return f"evidence[{i}] quote must be a string"
        n_words = len(collapse(e["quote"]).split())
        if not 5 <= n_words <= 25:
            return f"evidence[{i}] quote has {n_words} words (need 5-25)"
    if kind == "compare" and len({(e["doc"], collapse(e["quote"])) for e in ev}) < 2:
        return "compare item needs at least two distinct evidence passages"
    sec = obj["section"]
    if sec is not None:
        if not isinstance(sec, str) or not sec.strip():
            return "section must be null or a non-empty string"
        if not ev:
            return "section given but no evidence"
    return None
