"""Score answers and claim verdicts of any engine, item by item.

The engine is any pair of objects with `.ask(question, filters=None, history=None)` and
`.check(claim, filters=None)`, shaped like app.answer.Answer (text, citations of n /
chunk / quote, refused) and app.claims.Verdict (verdict or label, explanation, evidence
or citations). Objects that only offer to_dict() (the dict shapes of those classes) work
too. Follow-ups replay their history through the same answerer first, as a chat does.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from eval import metrics as M
from eval.dataset import EvalItem, collapse
from eval.gold import GoldPlaces, page_matches, section_matches
from eval.readability import Readability

IN_SAMPLE = "in-sample"
CROSS_VALIDATED = "cross-validated"


@dataclass(frozen=True, slots=True)
class AnswerRun:
    """Answer and claim scores for one backend and one variant, or why they were skipped."""

    backend: str
    skipped: str | None
    answers: dict | None = None  # metrics.answer_scores
    answers_by_audience: dict | None = None
    claims: dict | None = None  # metrics.claim_scores
    failures: tuple[dict, ...] = ()  # {"id", "kind", "question", "problem", "answer", "doc"}
    answers_by_kind: dict | None = None
    variant: str = IN_SAMPLE  # or CROSS_VALIDATED: each item answered by an engine fit without its document
    answers_by_doc: dict | None = None
    claims_by_audience: dict | None = None
    claims_by_doc: dict | None = None
    answered: tuple[M.Answered, ...] = ()  # per item, so that sets can be pooled later
    checked: tuple[M.Checked, ...] = ()

    def to_dict(self) -> dict:
        return {
            "backend": self.backend,
            "skipped": self.skipped,
            "variant": self.variant,
            "answers": self.answers,
            "answers_by_audience": self.answers_by_audience,
            "answers_by_kind": self.answers_by_kind,
            "answers_by_doc": self.answers_by_doc,
            "claims": self.claims,
            "claims_by_audience": self.claims_by_audience,
            "claims_by_doc": self.claims_by_doc,
            "failures": list(self.failures),
            "answered": [M.to_record(o) for o in self.answered],
            "checked": [M.to_record(o) for o in self.checked],
        }

    @classmethod
    def from_dict(cls, d: dict) -> AnswerRun:
        return cls(
            d["backend"], d["skipped"], d.get("answers"), d.get("answers_by_audience"),
            d.get("claims"), tuple(d.get("failures", ())), d.get("answers_by_kind"),
            d.get("variant", IN_SAMPLE), d.get("answers_by_doc"), d.get("claims_by_audience"),
            d.get("claims_by_doc"),
            tuple(M.from_record(M.Answered, o) for o in d.get("answered", ())),
            tuple(M.from_record(M.Checked, o) for o in d.get("checked", ())),
        )


# ---------------------------------------------------------------- the engine's replies


@dataclass(frozen=True, slots=True)
class Cited:
    """One citation as the scorer needs it, whatever shape the engine returned."""

    chunk_id: str | None
    section: tuple[str, ...]
    page_start: int | None
    page_end: int | None
    page_label: str | None


@dataclass(frozen=True, slots=True)
class Reply:
    text: str  # the answer, or the verdict's explanation
    refused: bool
    citations: tuple[Cited, ...]
    verdict: str | None = None  # claims: supported / refuted / not_found (or what came back)


def _cited(c) -> Cited:
    if isinstance(c, dict):
        return Cited(c.get("chunk_id"), tuple(c.get("section") or ()), c.get("page_start"),
                     c.get("page_end"), c.get("page_label"))
    ch = c.chunk
    page = getattr(ch, "page", None)
    return Cited(getattr(ch, "chunk_id", None), tuple(getattr(ch, "section", ()) or ()),
                 getattr(page, "start", None), getattr(page, "end", None),
                 getattr(page, "label", None))


def read_answer(a) -> Reply:
    """An Answer-shaped object (text, refused, citations) or its to_dict()."""
    if hasattr(a, "text") and hasattr(a, "citations"):
        return Reply(str(a.text), bool(a.refused), tuple(_cited(c) for c in a.citations))
    d = a.to_dict()
    return Reply(d["answer"], bool(d["refused"]), tuple(_cited(c) for c in d["citations"]))


def read_verdict(v) -> Reply:
    """A Verdict-shaped object (verdict or label; evidence or citations) or its to_dict()."""
    if hasattr(v, "explanation"):
        label = getattr(v, "verdict", None)
        if label not in M.VERDICT_LABELS and getattr(v, "label", None) in M.VERDICT_LABELS:
            label = v.label
        cites = getattr(v, "citations", None)
        if cites is None:
            cites = getattr(v, "evidence", ())
        return Reply(str(v.explanation), False, tuple(_cited(c) for c in cites), str(label))
    d = v.to_dict()
    label = d.get("verdict", d.get("label"))
    cites = d.get("evidence", d.get("citations", ()))
    return Reply(d.get("explanation", ""), False, tuple(_cited(c) for c in cites), label)


def ask(answerer, item: EvalItem) -> tuple[Reply, float]:
    """(reply, ms) for a question; a follow-up's earlier questions are asked first through
    the same answerer, each with the turns before it, and their answers form the history
    of (question, answer) pairs. Only the last ask is timed."""
    history: list[tuple[str, str]] = []
    for q in item.history:
        try:
            earlier = read_answer(answerer.ask(q, history=list(history)) if history else answerer.ask(q))
            history.append((q, earlier.text))
        except Exception:  # noqa: BLE001 - a crash on an earlier turn leaves its answer empty
            history.append((q, ""))
    t0 = time.perf_counter()
    raw = answerer.ask(item.question, history=history) if history else answerer.ask(item.question)
    return read_answer(raw), (time.perf_counter() - t0) * 1000.0


# ---------------------------------------------------------------- scoring


Engines = Callable[[EvalItem], tuple[object, object]]  # item -> (answerer, checker)


def run_answers(
    items: Sequence[EvalItem],
    gold: dict,
    places: dict[str, GoldPlaces],
    by_id: dict,
    engines: Engines,
    backend: str,
    variant: str = IN_SAMPLE,
    readability: Readability | None = None,
    before_each: Callable[[], None] | None = None,
) -> AnswerRun:
    """Ask or check every item with engines(item) and score the replies."""
    answered: list[M.Answered] = []
    checked: list[M.Checked] = []
    failures: list[dict] = []
    for it in items:
        g, where = gold[it.id], places[it.id]
        answerer, checker = engines(it)
        if before_each:
            before_each()
        if it.kind == "claim":
            t0 = time.perf_counter()
            try:
                v = read_verdict(checker.check(it.statement))
            except Exception as exc:  # noqa: BLE001 - one crash must not hide the other scores
                v = Reply(_crash(exc), False, (), "error")
            ms = (time.perf_counter() - t0) * 1000.0
            flags = tuple(_citation_ok(c, g, it.answer_terms, by_id) for c in v.citations)
            exp = M.gold_verdict(it.verdict)
            shown = v.verdict != "not_found" and bool(v.citations)
            checked.append(M.Checked(
                it.id, exp, v.verdict, flags, ms,
                section_hit=_section_hit(v.citations, where, by_id) if shown else None,
                page_hit=_page_hit(v.citations, where, by_id) if shown else None,
                audience=it.audience, doc=it.doc_group,
            ))
            if v.verdict != exp:
                failures.append(_failure(it, f"verdict {v.verdict}, gold {exp}", v.text))
            continue
        try:
            a, ms = ask(answerer, it)
        except Exception as exc:  # noqa: BLE001 - scored as a wrong, uncited answer
            a, ms = Reply(_crash(exc), False, ()), 0.0
        flags = tuple(_citation_ok(c, g, it.answer_terms, by_id) for c in a.citations)
        tr = M.term_recall(a.text, it.answer_terms)
        shown = not a.refused and bool(a.citations)
        answered.append(M.Answered(
            item_id=it.id, audience=it.audience, kind=it.kind, answerable=it.answerable,
            refused=a.refused, term_recall=tr, citations=flags,
            page_hit=_page_hit(a.citations, where, by_id) if shown else None,
            latency_ms=ms,
            section_hit=_section_hit(a.citations, where, by_id) if shown else None,
            words=M.word_count(a.text),
            readability=readability.score(a.text) if readability and not a.refused else None,
            doc=it.doc_group,
        ))
        problem = _answer_problem(it, a, tr, flags)
        if problem and it.history and it.standalone_question:
            problem += _standalone(answerer, it)
        if problem:
            failures.append(_failure(it, problem, a.text))
    return answer_run(backend, variant, answered, checked, failures)


def answer_run(backend: str, variant: str, answered: Sequence[M.Answered],
               checked: Sequence[M.Checked], failures: Sequence[dict]) -> AnswerRun:
    """Scores and breakdowns from per-item outcomes (also used to pool sets)."""
    return AnswerRun(
        backend=backend,
        skipped=None,
        answers=M.answer_scores(answered),
        answers_by_audience=M.grouped(answered, lambda o: o.audience, M.answer_scores),
        claims=M.claim_scores(checked),
        failures=tuple(failures),
        answers_by_kind=M.grouped(answered, lambda o: o.kind, M.answer_scores),
        variant=variant,
        answers_by_doc=M.grouped(answered, lambda o: o.doc, M.answer_scores),
        claims_by_audience=M.grouped(checked, lambda o: o.audience, M.claim_scores),
        claims_by_doc=M.grouped(checked, lambda o: o.doc, M.claim_scores),
        answered=tuple(answered),
        checked=tuple(checked),
    )


def _standalone(answerer, it: EvalItem) -> str:
    """For a failed follow-up: how the set's standalone rewrite fares, so a failure of the
    follow-up rewriting shows apart from one of answering (diagnostic only, not scored)."""
    try:
        a = read_answer(answerer.ask(it.standalone_question))
    except Exception as exc:  # noqa: BLE001 - a diagnostic must not hide the failure itself
        return f"; asked standalone: {_crash(exc)}"
    if a.refused:
        return "; asked standalone: refused too"
    tr = M.term_recall(a.text, it.answer_terms)
    return f"; asked standalone: term recall {tr:.2f}" if tr is not None else ""


def _crash(exc: Exception) -> str:
    return f"CRASH {type(exc).__name__}: {exc}"


def _citation_ok(c: Cited, gold, terms, by_id) -> bool:
    """The cited chunk exists in the index and holds a gold quote or an answer term."""
    chunk = by_id.get(c.chunk_id)
    if chunk is None:
        return False  # a citation to a chunk the index does not have is an invented source
    if M.quotes_covered(chunk.doc, chunk.text, chunk.start, chunk.end, gold):
        return True
    return any(M.has_term(chunk.text, t) for t in terms)


def _place(c: Cited, by_id) -> Cited:
    """Where the citation points, from the index's own chunk when it has it."""
    chunk = by_id.get(c.chunk_id)
    if chunk is None:
        return c
    return Cited(chunk.chunk_id, tuple(chunk.section), chunk.page.start, chunk.page.end,
                 chunk.page.label)


def _page_hit(cites, where: GoldPlaces, by_id) -> bool | None:
    """A citation on a gold page; None when no gold page is known."""
    if not where.pages:
        return None
    return any(
        page_matches(p.page_start, p.page_end, p.page_label, page, label)
        for p in (_place(c, by_id) for c in cites)
        for page, label in where.pages
    )


def _section_hit(cites, where: GoldPlaces, by_id) -> bool | None:
    """A citation in a gold section; None when the set names no section."""
    if not where.sections:
        return None
    return any(
        section_matches(p.section, s)
        for p in (_place(c, by_id) for c in cites)
        for s in where.sections
    )


def _answer_problem(it: EvalItem, a: Reply, tr, flags) -> str | None:
    if a.text.startswith("CRASH ") and not a.citations:
        return "the answerer raised an exception"
    if not it.answerable:
        return None if a.refused else "answered an unanswerable question"
    if a.refused:
        return "refused an answerable question"
    if tr is not None and tr < 1.0:
        return f"term recall {tr:.2f} (terms: {', '.join(it.answer_terms)})"
    if not any(flags):
        return "no correct citation"
    return None


def _failure(it: EvalItem, problem: str, text: str) -> dict:
    short = collapse(text)
    return {
        "id": it.id,
        "kind": it.kind,
        "doc": it.doc_group,
        "question": it.statement,
        "problem": problem,
        "answer": short[:240] + ("..." if len(short) > 240 else ""),
    }
