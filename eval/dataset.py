"""Evaluation sets: one JSON object per line, in either of the two shared formats.

- the plain format of ../shared/eval/dev.jsonl (and of the exported *.bronwijzer.jsonl):
  audience, verdict (supported / refuted / not_in_sources), evidence as {doc, quote};
- the rich format of ../shared/eval/dev_municipalities.jsonl: persona, kind "definition"
  and "followup", claim + label (supported / refuted / not_found), evidence as quote strings
  on the item's doc / page / page_label / section path, evidence_more, history,
  standalone_question.

Both load into one EvalItem. Fields either format does not know are ignored, not
rejected. Values are validated with the rules of check_eval.py / check_dev_municipalities.py;
quotes are not checked against the corpus here (the harness locates them).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

AUDIENCES = ("resident", "staff", "journalist")
KINDS = ("fact", "number", "list", "explain", "claim", "compare", "unanswerable", "followup")
KIND_ALIASES = {"definition": "explain"}
VERDICTS = ("supported", "refuted", "not_found")
VERDICT_ALIASES = {"not_in_sources": "not_found"}
REQUIRED = ("id", "kind", "question", "answer", "answer_terms", "evidence", "section")
NO_DOC = "(geen)"  # the group of items without a gold document (unanswerable, not_found)
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
    page: int | None = None  # physical page, 1-based, when the set says
    page_label: str | None = None  # printed page number; None when none is printed / unknown
    section: str | None = None  # heading path as printed ("7. Financiën > 7.1 ..."), when known

    def to_dict(self) -> dict:
        return {"doc": self.doc, "quote": self.quote, "page": self.page,
                "page_label": self.page_label, "section": self.section}

    @classmethod
    def from_dict(cls, d: dict) -> Evidence:
        return cls(doc=d["doc"], quote=d["quote"], page=d.get("page"),
                   page_label=d.get("page_label"), section=d.get("section"))


@dataclass(frozen=True, slots=True)
class EvalItem:
    id: str
    audience: str  # resident / staff / journalist (the rich format's "persona")
    kind: str  # one of KINDS ("definition" is read as "explain")
    question: str  # as asked; for claims of the plain format the claim itself
    answer: str  # reference answer; "" when the documents do not say it
    answer_terms: tuple[str, ...]  # terms a good answer contains
    verdict: str | None  # claims only: supported / refuted / not_found
    evidence: tuple[Evidence, ...]  # empty for unanswerable and not_found
    section: str | None  # heading path (rich) or heading (plain) of the evidence, when known
    doc: str | None = None  # gold document as the set names it (rich format)
    page: int | None = None  # physical page of the evidence (rich format)
    page_label: str | None = None  # printed page number of that page, None if none printed
    claim: str | None = None  # the statement to check (rich format); None: question is it
    history: tuple[str, ...] = ()  # follow-ups: the earlier questions, oldest first
    standalone_question: str | None = None  # follow-ups: the question rewritten to stand alone
    evidence_more: tuple[Evidence, ...] = ()  # further quotes elsewhere, each with its place

    @property
    def persona(self) -> str:
        return self.audience

    @property
    def all_evidence(self) -> tuple[Evidence, ...]:
        """Every gold quote: evidence, then evidence_more."""
        return self.evidence + self.evidence_more

    @property
    def answerable(self) -> bool:
        """True when the documents hold evidence (everything but unanswerable / not_found)."""
        return bool(self.all_evidence)

    @property
    def statement(self) -> str:
        """What a claim check is given: the claim, else the question."""
        return self.claim or self.question

    @property
    def search_text(self) -> str:
        """What retrieval is scored on: the claim for claims, the set's standalone rewrite
        for follow-ups (retrieval has no chat history; the answers do)."""
        if self.kind == "followup" and self.standalone_question:
            return self.standalone_question
        return self.statement

    @property
    def gold_doc(self) -> str | None:
        """The item's document: the one the set names, else that of the first quote."""
        if self.doc:
            return self.doc
        return self.all_evidence[0].doc if self.all_evidence else None

    @property
    def doc_group(self) -> str:
        return self.gold_doc or NO_DOC

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
            "doc": self.doc,
            "page": self.page,
            "page_label": self.page_label,
            "claim": self.claim,
            "history": list(self.history),
            "standalone_question": self.standalone_question,
            "evidence_more": [e.to_dict() for e in self.evidence_more],
        }

    @classmethod
    def from_dict(cls, d: dict) -> EvalItem:
        """From a validated line of either format (or from to_dict)."""
        doc = d.get("doc")
        kind = KIND_ALIASES.get(d["kind"], d["kind"])
        verdict = d.get("label") if d.get("label") is not None else d.get("verdict")
        ev = tuple(
            Evidence(doc, e, d.get("page"), d.get("page_label"), d.get("section"))
            if isinstance(e, str) else Evidence.from_dict(e)
            for e in d["evidence"]
        )
        return cls(
            id=d["id"],
            audience=d["audience"] if d.get("audience") is not None else d["persona"],
            kind=kind,
            question=d["question"],
            answer=d["answer"],
            answer_terms=tuple(d["answer_terms"]),
            verdict=VERDICT_ALIASES.get(verdict, verdict) if kind == "claim" else None,
            evidence=ev,
            section=d["section"],
            doc=doc,
            page=d.get("page"),
            page_label=d.get("page_label"),
            claim=d.get("claim"),
            history=tuple(d.get("history") or ()),
            standalone_question=d.get("standalone_question"),
            evidence_more=tuple(Evidence.from_dict(e) for e in d.get("evidence_more") or ()),
        )


def load_eval_set(path: str | Path) -> list[EvalItem]:
    """Read and validate a JSONL evaluation set; the first problem raises EvalSetError."""
    from eval.validation import problem  # it imports this module's constants

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
        bad = problem(obj, seen, prefix or "dev")
        if bad:
            iid = obj.get("id", "?") if isinstance(obj, dict) else "?"
            raise EvalSetError(f"{where} ({iid}): {bad}")
        seen.add(obj["id"])
        items.append(EvalItem.from_dict(obj))
    if not items:
        raise EvalSetError(f"{path}: no items; expected one JSON object per line")
    return items


def load_eval_sets(paths) -> list[EvalItem]:
    """Several sets as one (e.g. both development sets); ids must stay unique across them."""
    items: list[EvalItem] = []
    where: dict[str, Path] = {}
    for p in paths:
        for it in load_eval_set(p):
            if it.id in where:
                raise EvalSetError(f"{p}: id {it.id} also in {where[it.id]}; ids must be unique "
                                   "across the sets given together")
            where[it.id] = Path(p)
            items.append(it)
    if not items:
        raise EvalSetError("no evaluation set given (pass --set FILE.jsonl)")
    return items
