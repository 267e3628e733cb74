"""Run an evaluation set against one or more searchers (backends) in every mode, in one run.

Scores retrieval for each backend x mode and, when app.answer / app.claims exist (or an
engine is passed in), the answers and claim verdicts: in-sample, and cross-validated by
document when per-item engines are given (see eval/folds.py). It never builds an index and never fakes a score: what it
cannot measure is reported as skipped, with the reason.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from eval import metrics as M
from eval.answers import CROSS_VALIDATED, IN_SAMPLE, AnswerRun, run_answers
from eval.dataset import EvalItem
from eval.gold import Documents, locate_all, places
from eval.readability import Readability

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
    by_doc: dict = field(default_factory=dict)  # gold document -> scores
    outcomes: tuple[M.Ranked, ...] = ()  # per item, so that sets can be pooled later

    def to_dict(self) -> dict:
        return {
            "backend": self.backend,
            "mode": self.mode,
            "scores": self.scores,
            "by_audience": self.by_audience,
            "by_kind": self.by_kind,
            "curve": list(self.curve),
            "traces": [t.to_dict() for t in self.traces],
            "by_doc": self.by_doc,
            "outcomes": [M.to_record(o) for o in self.outcomes],
        }

    @classmethod
    def from_dict(cls, d: dict) -> ModeRun:
        return cls(
            d["backend"], d["mode"], d["scores"], d["by_audience"], d["by_kind"],
            tuple(d["curve"]), tuple(Trace.from_dict(t) for t in d["traces"]),
            d.get("by_doc", {}),
            tuple(M.from_record(M.Ranked, o) for o in d.get("outcomes", ())),
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

    def answer_run(self, backend: str, variant: str = IN_SAMPLE) -> AnswerRun | None:
        return next((a for a in self.answer_runs
                     if a.backend == backend and a.variant == variant), None)

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
    answerer=None,
    checker=None,
    answerer_for: Callable[[EvalItem], object] | None = None,
    checker_for: Callable[[EvalItem], object] | None = None,
    readability: Readability | None = None,
) -> EvalResult:
    """Score items against every searcher (backend name -> Searcher) in every mode.

    store gives each document's normalised text, by file name: an object with .text(doc)
    or a mapping; without it the texts are rebuilt from the first searcher's chunks.

    Answers: the in-sample run asks `answerer` / `checker` (default: app.answer.Answerer
    and app.claims.ClaimChecker on each backend's searcher). When answerer_for or
    checker_for is given, a second, cross-validated run asks answerer_for(item) /
    checker_for(item) for each item (e.g. eval.folds.per_fold: an engine fit without the
    item's document); a side left out there uses the in-sample engine, and a note says so.
    That run is made for the first backend only (the engines are bound to a searcher).
    """
    if not items:
        raise ValueError("no evaluation items: the set is empty")
    if not searchers:
        raise ValueError("no searchers: pass at least one backend")
    if k < 1:
        raise ValueError(f"k must be >= 1, got {k}")
    say = log or (lambda _msg: None)
    notes: list[str] = []
    first = next(iter(searchers))
    first_chunks = searchers[first].chunks()
    gold = locate_all(items, Documents(store, first_chunks), notes)
    where = {it.id: places(it, gold[it.id]) for it in items}
    runs: list[ModeRun] = []
    answer_runs: list[AnswerRun] = []
    crossed = answerer_for is not None or checker_for is not None
    for backend, searcher in searchers.items():
        chunks = first_chunks if backend == first else searcher.chunks()
        by_id = {c.chunk_id: c for c in chunks}
        n_rel = _relevant_chunks(items, gold, chunks)
        for mode in modes:
            say(f"retrieval: {backend} / {mode} ({len(items)} queries)")
            runs.append(_run_mode(items, gold, n_rel, searcher, backend, mode, k))
        if not answers:
            answer_runs.append(AnswerRun(backend, "answer scoring skipped: --no-answers given"))
            continue
        engine, reason = _engine(searcher, answerer, checker)
        if reason:
            answer_runs.append(AnswerRun(backend, reason))
            continue
        reads = readability if readability is not None else Readability()

        def forget(s=searcher):
            _forget_queries(s)

        say(f"answers: {backend}, in-sample ({len(items)} items)")
        answer_runs.append(run_answers(items, gold, where, by_id, lambda _it, e=engine: e,
                                       backend, IN_SAMPLE, reads, forget))
        if reads.missing:
            notes.append(reads.missing)
        if crossed and backend == first:
            say(f"answers: {backend}, cross-validated by document ({len(items)} items)")
            answer_runs.append(run_answers(
                items, gold, where, by_id, _crossed(engine, answerer_for, checker_for),
                backend, CROSS_VALIDATED, reads, forget))
            if answerer_for is None or checker_for is None:
                side = "questions" if answerer_for is None else "claims"
                notes.append(f"cross-validated run: the {side} used the in-sample engine "
                             "(no per-item engine was given for them)")
    if crossed and len(searchers) > 1:
        notes.append(f"the cross-validated answers were measured on backend {first} only")
    return EvalResult(
        set_name=set_name,
        n_items=len(items),
        k=k,
        backends=tuple(searchers),
        modes=tuple(modes),
        created=datetime.now(UTC).isoformat(timespec="seconds"),
        runs=tuple(runs),
        answer_runs=tuple(answer_runs),
        questions={it.id: it.statement for it in items},
        notes=tuple(dict.fromkeys(notes)),
    )


def _engine(searcher, answerer, checker):
    """((answerer, checker), None) or (None, reason) when app/ lacks the default ones."""
    if answerer is not None and checker is not None:
        return (answerer, checker), None
    answerer_cls, checker_cls, reason = _load_answering()
    if reason:
        return None, reason
    return (answerer or answerer_cls(searcher), checker or checker_cls(searcher)), None


def _crossed(engine, answerer_for, checker_for):
    def engines(item: EvalItem):
        a = answerer_for(item) if answerer_for is not None and item.kind != "claim" else engine[0]
        c = checker_for(item) if checker_for is not None and item.kind == "claim" else engine[1]
        return a, c

    return engines


# ---------------------------------------------------------------- gold passages


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
            searcher.embed_query(it.search_text)
        t1 = time.perf_counter()
        hits = searcher.search(it.search_text, k=k, mode=mode)
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
                doc=it.doc_group,
            )
        )
        first = next((i + 1 for i, r in enumerate(rels) if r), None)
        found = len(frozenset().union(*held)) if held else 0
        top = tuple(_where(h.chunk) for h in hits[:3])
        traces.append(Trace(it.id, first, found, len(g), top, n_rel[it.id][1]))
    return mode_run(backend, mode, outcomes, traces, k)


def mode_run(backend: str, mode: str, outcomes: list[M.Ranked], traces: list[Trace],
             k: int) -> ModeRun:
    """Scores of one backend x mode from its per-item outcomes (also used to pool sets)."""
    return ModeRun(
        backend=backend,
        mode=mode,
        scores=M.retrieval_scores(outcomes, k),
        by_audience=M.grouped(outcomes, lambda o: o.audience, lambda g: M.retrieval_scores(g, k)),
        by_kind=M.grouped(outcomes, lambda o: o.kind, lambda g: M.retrieval_scores(g, k)),
        curve=tuple(M.recall_curve(outcomes, k)),
        traces=tuple(traces),
        by_doc=M.grouped(outcomes, lambda o: o.doc, lambda g: M.retrieval_scores(g, k)),
        outcomes=tuple(outcomes),
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
