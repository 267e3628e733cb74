"""Pool the results of several evaluation runs (e.g. the Assen set on the Assen index and the
municipal set on theirs) into one result, as if the items had been one set.

Every figure is recomputed from the per-item outcomes the runs kept, so pooled means are
over items, not means of means. Nothing is re-run: a figure that only some runs measured
is reported as not measured, with the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from eval.answers import AnswerRun, answer_run
from eval.harness import EvalResult, mode_run


def combine(results: Sequence[EvalResult]) -> EvalResult:
    """One EvalResult over the items of all results (ids must not repeat)."""
    if len(results) < 2:
        raise ValueError("combine needs at least two results")
    ks = {r.k for r in results}
    if len(ks) > 1:
        raise ValueError(f"results were run with different k {sorted(ks)}; re-run with one -k")
    seen: dict[str, str] = {}
    for r in results:
        for iid in r.questions:
            if iid in seen:
                raise ValueError(f"item {iid} is in both {seen[iid]} and {r.set_name}")
            seen[iid] = r.set_name
    first = results[0]
    backends = tuple(b for b in first.backends if all(b in r.backends for r in results))
    modes = tuple(m for m in first.modes if all(m in r.modes for r in results))
    if not backends or not modes:
        raise ValueError("the results share no backend and mode")
    k = first.k
    notes = [f"{r.set_name}: {n}" for r in results for n in r.notes]
    runs = []
    for b in backends:
        for m in modes:
            parts = [r.run(b, m) for r in results]
            if any(not p.outcomes for p in parts):
                raise ValueError(
                    "a result has no per-item outcomes (written by an older bronwijzer eval): "
                    "re-run eval on each set with --json, then combine"
                )
            runs.append(mode_run(b, m, [o for p in parts for o in p.outcomes],
                                 [t for p in parts for t in p.traces], k))
    answer_runs = []
    variants = list(dict.fromkeys(a.variant for r in results for a in r.answer_runs))
    for b in backends:
        for v in variants:
            parts = [r.answer_run(b, v) for r in results]
            if all(p is None for p in parts):
                continue
            missing = [r.set_name for r, p in zip(results, parts, strict=True) if p is None or p.skipped]
            if missing:
                reasons = {p.skipped for p in parts if p is not None and p.skipped}
                why = "; ".join(sorted(reasons)) or f"no {v} run"
                answer_runs.append(AnswerRun(b, f"not measured for {', '.join(missing)} ({why})",
                                             variant=v))
                continue
            if any(p.answers and not (p.answered or p.checked) for p in parts):
                raise ValueError(
                    "a result has no per-item answer outcomes (written by an older bronwijzer "
                    "eval): re-run eval on each set with --json, then combine"
                )
            answer_runs.append(answer_run(
                b, v, [o for p in parts for o in p.answered], [o for p in parts for o in p.checked],
                [f for p in parts for f in p.failures]))
    return EvalResult(
        set_name=" + ".join(r.set_name for r in results),
        n_items=sum(r.n_items for r in results),
        k=k,
        backends=backends,
        modes=modes,
        created=datetime.now(UTC).isoformat(timespec="seconds"),
        runs=tuple(runs),
        answer_runs=tuple(answer_runs),
        questions={iid: q for r in results for iid, q in r.questions.items()},
        notes=tuple(notes),
    )
