"""Run an evaluation set against one or more searchers (backends) in every mode, in one run.

Scores retrieval for each backend x mode and, when app.answer / app.claims exist, the
answers and claim verdicts. It never builds an index and never fakes a score: what it
cannot measure is reported as skipped, with the reason.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from eval import metrics as M
from eval.dataset import EvalItem, collapse
from ingest.model import IngestError

DEFAULT_MODES = ("bm25", "dense", "hybrid")


@dataclass(frozen=True, slots=True)
class Trace:
    """Why one item scored as it did in one backend x mode (for the failure list)."""

    item_id: str
    first_rank: int | None  # rank of the first relevant chunk in the top k
    quotes_found: int
    n_quotes: int
    top: tuple[str, ...]  # "doc: section path, p. N" of the top-3 hits
    gold: tuple[str, ...] = ()  # the same for the chunks holding the evidence quotes

    def to_dict(self) -> dict:
        return {
            "item_id": self.item_id,
            "first_rank": self.first_rank,
            "quotes_found": self.quotes_found,
            "n_quotes": self.n_quotes,
            "top": list(self.top),
            "gold": list(self.gold),
        }

    @classmethod
    def from_dict(cls, d: dict) -> Trace:
        return cls(d["item_id"], d["first_rank"], d["quotes_found"], d["n_quotes"],
                   tuple(d["top"]), tuple(d.get("gold", ())))


@dataclass(frozen=True, slots=True)
class ModeRun:
    backend: str
    mode: str
    scores: dict  # metric name -> value (see metrics.retrieval_scores)
    by_audience: dict  # audience -> scores
    by_kind: dict  # kind -> scores
    curve: tuple  # recall@1..k
    traces: tuple[Trace, ...]

    def to_dict(self) -> dict:
        return {
            "backend": self.backend,
            "mode": self.mode,
            "scores": self.scores,
            "by_audience": self.by_audience,
            "by_kind": self.by_kind,
            "curve": list(self.curve),
            "traces": [t.to_dict() for t in self.traces],
        }

    @classmethod
    def from_dict(cls, d: dict) -> ModeRun:
        return cls(
            d["backend"], d["mode"], d["scores"], d["by_audience"], d["by_kind"],
            tuple(d["curve"]), tuple(Trace.from_dict(t) for t in d["traces"]),
        )


@dataclass(frozen=True, slots=True)
class AnswerRun:
    """Answer and claim scores for one backend, or the reason they were skipped."""

    backend: str
    skipped: str | None
    answers: dict | None = None  # metrics.answer_scores
    answers_by_audience: dict | None = None
    claims: dict | None = None  # metrics.claim_scores
    failures: tuple[dict, ...] = ()  # {"id", "kind", "question", "problem", "answer"}
    answers_by_kind: dict | None = None

    def to_dict(self) -> dict:
        return {
            "backend": self.backend,
            "skipped": self.skipped,
            "answers": self.answers,
            "answers_by_audience": self.answers_by_audience,
            "answers_by_kind": self.answers_by_kind,
            "claims": self.claims,
            "failures": list(self.failures),
        }

    @classmethod
    def from_dict(cls, d: dict) -> AnswerRun:
        return cls(
            d["backend"], d["skipped"], d.get("answers"), d.get("answers_by_audience"),
            d.get("claims"), tuple(d.get("failures", ())), d.get("answers_by_kind"),
        )


@dataclass(frozen=True, slots=True)
class EvalResult:
    set_name: str
    n_items: int
    k: int
    backends: tuple[str, ...]
    modes: tuple[str, ...]
    created: str
    runs: tuple[ModeRun, ...]
    answer_runs: tuple[AnswerRun, ...]
    questions: dict  # item id -> question (for the failure lists)
    notes: tuple[str, ...] = field(default=())

    def run(self, backend: str, mode: str) -> ModeRun | None:
        return next((r for r in self.runs if r.backend == backend and r.mode == mode), None)

    def to_dict(self) -> dict:
        return {
            "set_name": self.set_name,
            "n_items": self.n_items,
            "k": self.k,
            "backends": list(self.backends),
            "modes": list(self.modes),
            "created": self.created,
            "runs": [r.to_dict() for r in self.runs],
            "answer_runs": [a.to_dict() for a in self.answer_runs],
            "questions": self.questions,
            "notes": list(self.notes),
        }

    @classmethod
    def from_dict(cls, d: dict) -> EvalResult:
        return cls(
            d["set_name"], d["n_items"], d["k"], tuple(d["backends"]), tuple(d["modes"]),
            d["created"], tuple(ModeRun.from_dict(r) for r in d["runs"]),
            tuple(AnswerRun.from_dict(a) for a in d["answer_runs"]), d["questions"],
            tuple(d.get("notes", ())),
        )


def evaluate(
    items: Sequence[EvalItem],
    searchers: Mapping,
    *,
    modes: Sequence[str] = DEFAULT_MODES,
    k: int = 10,
    answers: bool = True,
    store=None,
    set_name: str = "eval",
    log: Callable[[str], None] | None = None,
) -> EvalResult:
    """Score items against every searcher (backend name -> Searcher) in every mode.

    store gives each document's normalised text, by file name: an object with .text(doc)
    or a mapping; without it the texts are rebuilt from the first searcher's chunks.
    """
    if not items:
        raise ValueError("no evaluation items: the set is empty")
    if not searchers:
        raise ValueError("no searchers: pass at least one backend")
    if k < 1:
        raise ValueError(f"k must be >= 1, got {k}")
    say = log or (lambda _msg: None)
    notes: list[str] = []
    first_chunks = next(iter(searchers.values())).chunks()
    gold = _locate_all(items, _Documents(store, first_chunks), notes)
    runs: list[ModeRun] = []
    answer_runs: list[AnswerRun] = []
    for backend, searcher in searchers.items():
        chunks = first_chunks if backend == next(iter(searchers)) else searcher.chunks()
        by_id = {c.chunk_id: c for c in chunks}
        n_rel = _relevant_chunks(items, gold, chunks)
        for mode in modes:
            say(f"retrieval: {backend} / {mode} ({len(items)} queries)")
            runs.append(_run_mode(items, gold, n_rel, searcher, backend, mode, k))
        if answers:
            say(f"answers: {backend} ({len(items)} items)")
            answer_runs.append(_run_answers(items, gold, by_id, searcher, backend))
        else:
            answer_runs.append(AnswerRun(backend, "answer scoring skipped: --no-answers given"))
    return EvalResult(
        set_name=set_name,
        n_items=len(items),
        k=k,
        backends=tuple(searchers),
        modes=tuple(modes),
        created=datetime.now(UTC).isoformat(timespec="seconds"),
        runs=tuple(runs),
        answer_runs=tuple(answer_runs),
        questions={it.id: it.question for it in items},
        notes=tuple(notes),
    )


# ---------------------------------------------------------------- gold passages


class _Documents:
    """Normalised text and exact page spans per document: from the chunk store when it has
    the document, else the text rebuilt from the indexed chunks (gaps as spaces)."""

    def __init__(self, store, chunks):
        self.store = store
        self.stale: list[str] = []  # documents whose stored text no longer fits the index
        self.per_doc: dict[str, list] = {}
        for c in chunks:
            self.per_doc.setdefault(c.doc, []).append(c)

    def text(self, doc: str) -> str | None:
        text = None
        if isinstance(self.store, Mapping):
            text = self.store.get(doc)
        elif self.store is not None and hasattr(self.store, "text"):
            try:
                text = self.store.text(doc)
            except (IngestError, LookupError, OSError, ValueError):
                text = None  # not in the store: fall back to the chunks
        if text is not None and self._agrees(doc, text):
            return text
        if text is not None:
            self.stale.append(doc)
        return self._rebuilt(doc)

    def _agrees(self, doc: str, text: str) -> bool:
        """The indexed chunks' offsets point into this text (store and index in sync)."""
        return all(text[c.start:c.end] == c.text for c in self.per_doc.get(doc, ()))

    def _rebuilt(self, doc: str) -> str | None:
        cs = self.per_doc.get(doc)
        if not cs:
            return None
        buf = [" "] * max(c.end for c in cs)
        for c in cs:
            buf[c.start:c.end] = c.text
        return "".join(buf)

    def pages(self, doc: str, spans) -> tuple[int, ...]:
        """Pages a quote's places sit on, only when every page involved is exact.

        From the store's page spans; else from single-page chunks holding the whole quote.
        Both come from ingest's page evidence, not from the evaluation set."""
        found: set[int] = set()
        page_spans = None
        if self.store is not None and hasattr(self.store, "pages"):
            try:
                page_spans = self.store.pages(doc)
            except (IngestError, LookupError, OSError, ValueError):
                page_spans = None
        for s, e in spans:
            if page_spans:
                over = [p for p in page_spans if p.start < e and s < p.end]
                if not over or not all(p.exact and p.page is not None for p in over):
                    return ()
                found.update(p.page for p in over)
                continue
            holders = [c for c in self.per_doc.get(doc, ()) if c.start <= s and e <= c.end]
            exact = [c for c in holders if c.page.exact and c.page.start is not None
                     and c.page.start == c.page.end]
            if not exact:
                return ()
            found.update(c.page.start for c in exact)
        return tuple(sorted(found))


def _locate_all(items, docs: _Documents, notes: list[str]) -> dict[str, tuple[M.GoldQuote, ...]]:
    cache: dict[str, tuple[str, list[int]] | None] = {}
    out: dict[str, tuple[M.GoldQuote, ...]] = {}
    missing_docs: set[str] = set()
    unlocated = []
    for it in items:
        quotes = []
        for e in it.evidence:
            if e.doc not in cache:
                text = docs.text(e.doc)
                cache[e.doc] = M.collapse_with_offsets(text) if text is not None else None
            located = cache[e.doc]
            spans: tuple = ()
            if located is None:
                missing_docs.add(e.doc)
            else:
                spans = M.locate(located[0], located[1], e.quote)
                if not spans:
                    unlocated.append(f"{it.id} ({e.doc}: {collapse(e.quote)[:60]!r})")
            pages = docs.pages(e.doc, spans) if spans else ()
            quotes.append(M.GoldQuote(e.doc, collapse(e.quote), spans, pages))
        out[it.id] = tuple(quotes)
    if docs.stale:
        notes.append(
            f"the chunk store's text of {sorted(docs.stale)} does not match the indexed chunks "
            "(store re-ingested after the index was built?): texts rebuilt from the index"
        )
    if missing_docs:
        notes.append(
            f"documents not in the index: {sorted(missing_docs)}; their quotes count only "
            "by text containment"
        )
    if unlocated:
        notes.append(
            f"{len(unlocated)} evidence quotes not found in the normalised document text "
            f"(they count only by text containment): {'; '.join(unlocated)}"
        )
    return out


def _relevant_chunks(items, gold, chunks) -> dict[str, tuple[int, tuple[str, ...]]]:
    """Per item: how many chunks of the collection are relevant (for nDCG), and where the
    gold passages sit ("doc: section path, p. N" of the first chunk holding each quote)."""
    per_doc: dict[str, list] = {}
    for c in chunks:
        per_doc.setdefault(c.doc, []).append(c)
    out = {}
    for it in items:
        g = gold[it.id]
        n, where = 0, {}
        for d in dict.fromkeys(q.doc for q in g):
            for c in per_doc.get(d, ()):
                held = M.quotes_covered(c.doc, c.text, c.start, c.end, g)
                if held:
                    n += 1
                    for i in held:
                        where.setdefault(i, _where(c))
        out[it.id] = (n, tuple(dict.fromkeys(where[i] for i in sorted(where))))
    return out


# ---------------------------------------------------------------- retrieval


def _run_mode(items, gold, n_rel, searcher, backend: str, mode: str, k: int) -> ModeRun:
    searcher.search("warm-up", k=k, mode=mode)  # load models outside the timed queries
    outcomes: list[M.Ranked] = []
    traces: list[Trace] = []
    embeds = mode != "bm25" and callable(getattr(searcher, "embed_query", None))
    for it in items:
        _forget_queries(searcher)
        # Time the query embedding apart from the search proper (which then finds it cached):
        # on a loaded 2-core machine the embedding dominates and hides the index's speed.
        t0 = time.perf_counter()
        if embeds:
            searcher.embed_query(it.question)
        t1 = time.perf_counter()
        hits = searcher.search(it.question, k=k, mode=mode)
        t2 = time.perf_counter()
        ms = (t2 - t0) * 1000.0
        embed_ms = (t1 - t0) * 1000.0 if embeds else 0.0
        g = gold[it.id]
        held = tuple(
            M.quotes_covered(h.chunk.doc, h.chunk.text, h.chunk.start, h.chunk.end, g)
            for h in hits[:k]
        )
        rels = tuple(bool(q) for q in held)
        outcomes.append(
            M.Ranked(
                item_id=it.id,
                audience=it.audience,
                kind=it.kind,
                rels=rels,
                quotes=held,
                n_quotes=len(g),
                n_relevant=n_rel[it.id][0],
                words=tuple(len(h.chunk.text.split()) for h in hits[:k]),
                latency_ms=ms,
                embed_ms=embed_ms,
            )
        )
        first = next((i + 1 for i, r in enumerate(rels) if r), None)
        found = len(frozenset().union(*held)) if held else 0
        top = tuple(_where(h.chunk) for h in hits[:3])
        traces.append(Trace(it.id, first, found, len(g), top, n_rel[it.id][1]))
    return ModeRun(
        backend=backend,
        mode=mode,
        scores=M.retrieval_scores(outcomes, k),
        by_audience=M.grouped(outcomes, lambda o: o.audience, lambda g: M.retrieval_scores(g, k)),
        by_kind=M.grouped(outcomes, lambda o: o.kind, lambda g: M.retrieval_scores(g, k)),
        curve=tuple(M.recall_curve(outcomes, k)),
        traces=tuple(traces),
    )


def _forget_queries(searcher) -> None:
    """Drop cached query embeddings, so every timed query pays its embedding like a user's
    first question does (the modes and the answers ask the same questions in turn)."""
    clear = getattr(searcher, "clear_cache", None)
    if callable(clear):
        clear()
        return
    cache = getattr(searcher, "_qcache", None)
    if cache is not None and hasattr(cache, "clear"):
        cache.clear()


def _where(chunk) -> str:
    path = " > ".join(chunk.section) if chunk.section else "(no section)"
    page = f", p. {chunk.page.start}" if chunk.page.start is not None else ""
    return f"{chunk.doc}: {path}{page}"


# ---------------------------------------------------------------- answers and claims


def _load_answering():
    """(Answerer, ClaimChecker, None) or (None, None, reason) when app/ lacks them."""
    import importlib

    found = {}
    for mod, cls in (("app.answer", "Answerer"), ("app.claims", "ClaimChecker")):
        try:
            found[cls] = getattr(importlib.import_module(mod), cls)
        except ModuleNotFoundError as exc:
            if exc.name == mod:
                return None, None, f"answer scoring skipped: {mod} is missing (not built yet)"
            raise
        except AttributeError:
            return None, None, f"answer scoring skipped: {mod} has no {cls}"
    return found["Answerer"], found["ClaimChecker"], None


def _run_answers(items, gold, by_id, searcher, backend: str) -> AnswerRun:
    answerer_cls, checker_cls, reason = _load_answering()
    if reason:
        return AnswerRun(backend, reason)
    answerer, checker = answerer_cls(searcher), checker_cls(searcher)
    answered: list[M.Answered] = []
    checked: list[M.Checked] = []
    failures: list[dict] = []
    for it in items:
        g = gold[it.id]
        _forget_queries(searcher)
        t0 = time.perf_counter()
        if it.kind == "claim":
            try:
                v = checker.check(it.question).to_dict()
            except Exception as exc:  # noqa: BLE001 - one crash must not hide the other scores
                v = {"verdict": "error", "explanation": _crash(exc), "evidence": []}
            ms = (time.perf_counter() - t0) * 1000.0
            flags = tuple(_citation_ok(c, g, it.answer_terms, by_id) for c in v["evidence"])
            exp = M.gold_verdict(it.verdict)
            checked.append(M.Checked(it.id, exp, v["verdict"], flags, ms))
            if v["verdict"] != exp:
                failures.append(_failure(it, f"verdict {v['verdict']}, gold {exp}", v["explanation"]))
            continue
        try:
            a = answerer.ask(it.question).to_dict()
        except Exception as exc:  # noqa: BLE001 - scored as a wrong, uncited answer
            a = {"answer": _crash(exc), "refused": False, "citations": []}
        ms = (time.perf_counter() - t0) * 1000.0
        flags = tuple(_citation_ok(c, g, it.answer_terms, by_id) for c in a["citations"])
        tr = M.term_recall(a["answer"], it.answer_terms)
        answered.append(
            M.Answered(
                item_id=it.id,
                audience=it.audience,
                kind=it.kind,
                answerable=it.answerable,
                refused=bool(a["refused"]),
                term_recall=tr,
                citations=flags,
                page_hit=_page_hit(a, g),
                latency_ms=ms,
            )
        )
        problem = _answer_problem(it, a, tr, flags)
        if problem:
            failures.append(_failure(it, problem, a["answer"]))
    return AnswerRun(
        backend=backend,
        skipped=None,
        answers=M.answer_scores(answered),
        answers_by_audience=M.grouped(answered, lambda o: o.audience, M.answer_scores),
        claims=M.claim_scores(checked),
        failures=tuple(failures),
        answers_by_kind=M.grouped(answered, lambda o: o.kind, M.answer_scores),
    )


def _crash(exc: Exception) -> str:
    return f"CRASH {type(exc).__name__}: {exc}"


def _citation_ok(citation: dict, gold, terms, by_id) -> bool:
    """The cited chunk exists and holds a gold quote or one of the answer terms."""
    chunk = by_id.get(citation.get("chunk_id"))
    if chunk is None:
        return False  # a citation to a chunk the index does not have is an invented source
    if M.quotes_covered(chunk.doc, chunk.text, chunk.start, chunk.end, gold):
        return True
    return any(M.has_term(chunk.text, t) for t in terms)


def _page_hit(answer: dict, gold) -> bool | None:
    """A citation on a page a gold quote sits on; None when refused or no page is known."""
    pages = {p for q in gold for p in q.pages}
    if answer["refused"] or not answer["citations"] or not pages:
        return None
    for c in answer["citations"]:
        lo, hi = c.get("page_start"), c.get("page_end")
        if lo is not None and any(lo <= p <= (hi if hi is not None else lo) for p in pages):
            return True
    return False


def _answer_problem(it: EvalItem, a: dict, tr, flags) -> str | None:
    if a["answer"].startswith("CRASH ") and not a["citations"]:
        return "the answerer raised an exception"
    if not it.answerable:
        return None if a["refused"] else "answered an unanswerable question"
    if a["refused"]:
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
        "question": it.question,
        "problem": problem,
        "answer": short[:240] + ("..." if len(short) > 240 else ""),
    }
