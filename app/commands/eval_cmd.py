"""`bronwijzer eval`: score retrieval (and answers) on an evaluation set, all modes in one run.

Prints the backend x mode table; --report writes Markdown plus a recall@k PNG beside it,
--json the full result. It reads the index under BRONWIJZER_HOME and never builds one.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _csv(value: str) -> tuple[str, ...]:
    parts = tuple(p.strip() for p in value.split(",") if p.strip())
    if not parts:
        raise argparse.ArgumentTypeError(f"expected a comma-separated list, got {value!r}")
    return parts


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--set", dest="eval_set", required=True, metavar="FILE.jsonl",
                   help="evaluation set (format of ../shared/eval/dev.jsonl)")
    p.add_argument("--json", dest="json_out", metavar="OUT.json", help="write the full result as JSON")
    p.add_argument("--report", metavar="OUT.md",
                   help="write a Markdown report and OUT-recall.png beside it")
    p.add_argument("--backend", type=_csv, default=None, metavar="faiss[,milvus]",
                   help="backends side by side (default: BRONWIJZER_BACKEND or faiss)")
    p.add_argument("--modes", type=_csv, default=("bm25", "dense", "hybrid"),
                   metavar="bm25,dense,hybrid", help="search modes to compare")
    p.add_argument("--no-answers", action="store_true", help="score retrieval only")
    p.add_argument("-k", type=int, default=10, help="results per query (default 10)")
    p.add_argument("--structure", action="store_true",
                   help="score the chunk store's sections and pages against the gold doc/page/"
                        "section of the set (format of dev_municipalities.jsonl); no index needed")


def run(args: argparse.Namespace) -> int:
    from eval.dataset import EvalSetError

    # eval/ sits above app/, so app.errors cannot name EvalSetError: the command reports it.
    try:
        return _structure(args) if getattr(args, "structure", False) else _run(args)
    except EvalSetError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    from app.commands.common import open_configured_searcher
    from app.settings import Settings
    from eval.dataset import EvalSetError, load_eval_set
    from eval.harness import evaluate
    from eval.report import main_table, write_json, write_report
    from index.model import MODES

    if args.k < 1:
        raise EvalSetError(f"-k must be at least 1, got {args.k}")
    bad = [m for m in args.modes if m not in MODES]
    if bad:
        raise EvalSetError(f"unknown mode(s) {bad}; use a comma-separated subset of {list(MODES)}")
    settings = Settings.from_env()
    items = load_eval_set(args.eval_set)
    backends = args.backend or (settings.backend,)
    searchers = {b: open_configured_searcher(b) for b in backends}
    store = _open_store(settings.home)

    def say(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    result = evaluate(
        items,
        searchers,
        modes=args.modes,
        k=args.k,
        answers=not args.no_answers,
        store=store,
        set_name=Path(args.eval_set).name,
        log=say,
    )
    print(main_table(result))
    for a in result.answer_runs:
        if a.skipped:
            print(f"{a.backend}: {a.skipped}")
        else:
            s, c = a.answers, a.claims
            print(
                f"{a.backend} answers: term recall {_f(s['answer_term_recall'])}, citation "
                f"precision {_f(s['citation_precision'])}, refusal {_f(s['refusal_rate_unanswerable'])}"
                f", false refusals {_f(s['false_refusal_rate'])}, p95 {_f(s['latency_p95_ms'], 0)} ms;"
                f" claims accuracy {_f(c['accuracy'])}, supported-on-refuted "
                f"{_f(c['supported_on_refuted'])}"
            )
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    if args.json_out:
        say(f"wrote {write_json(result, args.json_out)}")
    if args.report:
        md, png = write_report(result, args.report)
        say(f"wrote {md} and {png}")
    return 0


def _structure(args: argparse.Namespace) -> int:
    """`--structure`: chapter, section and page accuracy of the ingested store (eval/structure.py)."""
    import json

    from app.settings import Settings
    from eval.dataset import EvalSetError
    from eval.structure import (
        StructureSetError,
        evaluate_structure,
        load_structure_set,
        structure_table,
    )
    from ingest.store import ChunkStore

    try:
        places = load_structure_set(args.eval_set)
    except StructureSetError as exc:
        raise EvalSetError(str(exc)) from exc
    result = evaluate_structure(places, ChunkStore(Settings.from_env().home / "store"))
    print(structure_table(result))
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(result.to_dict(), ensure_ascii=False, indent=1))
        print(f"wrote {args.json_out}", file=sys.stderr)
    return 0


def _f(v, digits: int = 3) -> str:
    return "-" if v is None else f"{v:.{digits}f}"


def _open_store(home: Path):
    """The chunk store gives each document's normalised text; None makes the harness
    rebuild the texts from the indexed chunks."""
    try:
        from ingest.store import ChunkStore
    except ModuleNotFoundError:
        return None
    try:
        return ChunkStore(home / "store")  # where index.build keeps it
    except Exception:  # noqa: BLE001 - an unreadable store only weakens quote location
        return None
