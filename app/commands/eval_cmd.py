"""`bronwijzer eval`: score retrieval (and answers) on an evaluation set, all modes in one run;
with --cross-validate, the answers also cross-validated by document, side by side.

Prints the backend x mode table; --report writes Markdown plus a recall@k PNG beside it,
--json the full result. It reads the index under BRONWIJZER_HOME and never builds one.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DEFAULT_TRAINER = "eval.fit:engines"


def _csv(value: str) -> tuple[str, ...]:
    parts = tuple(p.strip() for p in value.split(",") if p.strip())
    if not parts:
        raise argparse.ArgumentTypeError(f"expected a comma-separated list, got {value!r}")
    return parts


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--set", dest="eval_set", metavar="BESTAND.jsonl",
                   help="evaluatieset (indeling van ../shared/eval/dev.jsonl of van "
                        "dev_municipalities.jsonl; onbekende velden worden overgeslagen)")
    p.add_argument("--add-set", dest="extra_sets", action="append", default=[],
                   metavar="BESTAND.jsonl", help="meet deze set ook, samen met --set "
                   "(bijvoorbeeld beide ontwikkelsets op een index van beide corpora)")
    p.add_argument("--cross-validate", dest="cross_validate", nargs="?", type=int, const=0,
                   default=None, metavar="K",
                   help="meet elk antwoord ook gekruisvalideerd per document: elk item "
                        "beantwoord door een model dat zonder zijn document is getraind (een "
                        "vouw per document, of K vouwen van hele documenten)")
    p.add_argument("--trainer", default=DEFAULT_TRAINER, metavar="MODULE:FUNCTIE",
                   help="bij --cross-validate: FUNCTIE(searcher, train_items) -> "
                        f"(answerer, checker) (standaard {DEFAULT_TRAINER})")
    p.add_argument("--combine", nargs="+", default=None, metavar="RESULTAAT.json",
                   help="voeg de --json-resultaten van eerdere runs samen (bijvoorbeeld elke "
                        "ontwikkelset op zijn eigen index) tot één rapport; leest geen index")
    p.add_argument("--json", dest="json_out", metavar="OUT.json", help="schrijf het hele resultaat als JSON")
    p.add_argument("--report", metavar="OUT.md",
                   help="schrijf een Markdown-rapport met OUT-recall.png ernaast")
    p.add_argument("--backend", type=_csv, default=None, metavar="faiss[,milvus]",
                   help="opslag naast elkaar vergelijken (standaard: BRONWIJZER_BACKEND of faiss)")
    p.add_argument("--modes", type=_csv, default=("bm25", "dense", "hybrid"),
                   metavar="bm25,dense,hybrid", help="zoekmanieren om te vergelijken")
    p.add_argument("--no-answers", action="store_true", help="meet alleen het zoeken")
    p.add_argument("-k", type=int, default=10, help="resultaten per vraag (standaard 10)")
    p.add_argument("--structure", action="store_true",
                   help="meet hoofdstukken, paragrafen en pagina's van de opgeslagen documenten "
                        "tegen doc/page/section van de set (indeling van dev_municipalities.jsonl); "
                        "geen index nodig")


def run(args: argparse.Namespace) -> int:
    from eval.dataset import EvalSetError

    # eval/ sits above app/, so app.errors cannot name EvalSetError: the command reports it.
    try:
        return _structure(args) if getattr(args, "structure", False) else _run(args)
    except EvalSetError as exc:
        from app import texts

        print(texts.CLI_ERROR.format(message=exc), file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    from app.commands.common import open_configured_searcher
    from app.settings import Settings
    from eval.dataset import EvalSetError, load_eval_sets
    from eval.harness import evaluate
    from eval.readability import Readability
    from eval.report import write_json, write_report
    from index.model import MODES

    if args.combine:
        return _combine(args)
    if not args.eval_set:
        raise EvalSetError("pass --set FILE.jsonl (or --combine RESULT.json ... to pool runs)")
    if args.k < 1:
        raise EvalSetError(f"-k must be at least 1, got {args.k}")
    bad = [m for m in args.modes if m not in MODES]
    if bad:
        raise EvalSetError(f"unknown mode(s) {bad}; use a comma-separated subset of {list(MODES)}")
    settings = Settings.from_env()
    items = load_eval_sets([args.eval_set, *args.extra_sets])
    trainer = None
    if args.cross_validate is not None and not args.no_answers:
        trainer = _trainer(args.trainer)
    backends = args.backend or (settings.backend,)
    # partial=False: a BM25-only stand-in would be scored as dense and hybrid.
    searchers = {b: open_configured_searcher(b, partial=False) for b in backends}
    store = _open_store(settings.home)

    def say(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    crossed = {}
    if trainer is not None:
        from eval.folds import per_fold

        searcher = next(iter(searchers.values()))
        try:
            engines = per_fold(items, lambda train: trainer(searcher, train),
                               k=args.cross_validate or None, log=say)
        except ValueError as exc:
            raise EvalSetError(f"--cross-validate: {exc}") from exc
        crossed = {"answerer_for": lambda it: engines(it)[0],
                   "checker_for": lambda it: engines(it)[1]}

    result = evaluate(
        items,
        searchers,
        modes=args.modes,
        k=args.k,
        answers=not args.no_answers,
        store=store,
        set_name=" + ".join(Path(p).name for p in [args.eval_set, *args.extra_sets]),
        log=say,
        readability=Readability(settings.home / "cache" / "readsight"),
        **crossed,
    )
    _print(result)
    if args.json_out:
        say(f"wrote {write_json(result, args.json_out)}")
    if args.report:
        md, png = write_report(result, args.report)
        say(f"wrote {md} and {png}")
    return 0


def _print(result) -> None:
    """The retrieval table and one line per answer run on stdout; notes on stderr."""
    from eval.report import main_table

    print(main_table(result))
    for a in result.answer_runs:
        if a.skipped:
            print(f"{a.backend}: {a.skipped}")
        else:
            s, c = a.answers, a.claims
            print(
                f"{a.backend} answers ({a.variant}): term recall {_f(s['answer_term_recall'])}, "
                f"citation precision {_f(s['citation_precision'])}, recall "
                f"{_f(s['citation_recall'])}, section {_f(s.get('section_accuracy'))}, page "
                f"{_f(s.get('page_accuracy'))}, refusal {_f(s['refusal_rate_unanswerable'])}"
                f", false refusals {_f(s['false_refusal_rate'])}, median "
                f"{_f(s.get('median_words'), 0)} words, Flesch-Douma "
                f"{_f(s.get('readability_median'), 1)}, p95 {_f(s['latency_p95_ms'], 0)} ms;"
                f" claims accuracy {_f(c['accuracy'])}, supported-on-refuted "
                f"{_f(c['supported_on_refuted'])}"
            )
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)


def _combine(args: argparse.Namespace) -> int:
    """--combine: one report over the items of several earlier --json results."""
    import json

    from eval.combine import combine
    from eval.dataset import EvalSetError
    from eval.harness import EvalResult
    from eval.report import write_json, write_report

    results = []
    for p in args.combine:
        try:
            results.append(EvalResult.from_dict(json.loads(Path(p).read_text(encoding="utf-8"))))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise EvalSetError(f"--combine {p}: not a result written by 'bronwijzer eval "
                               f"--json' ({type(exc).__name__}: {exc})") from exc
    try:
        result = combine(results)
    except ValueError as exc:
        raise EvalSetError(f"--combine: {exc}") from exc
    _print(result)
    if args.json_out:
        print(f"wrote {write_json(result, args.json_out)}", file=sys.stderr)
    if args.report:
        md, png = write_report(result, args.report)
        print(f"wrote {md} and {png}", file=sys.stderr)
    return 0


def _trainer(spec: str):
    """The function behind --trainer MODULE:FUNCTION, or a clear error before any work."""
    import importlib

    from eval.dataset import EvalSetError

    module, _, name = spec.partition(":")
    hint = ("--cross-validate needs FUNCTION(searcher, train_items) -> (answerer, checker); "
            "pass --trainer MODULE:FUNCTION")
    if not module or not name:
        raise EvalSetError(f"--trainer {spec!r} is not MODULE:FUNCTION; {hint}")
    try:
        fn = getattr(importlib.import_module(module), name, None)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            raise EvalSetError(f"--trainer {spec}: module {module} not found; {hint}") from exc
        raise
    if not callable(fn):
        raise EvalSetError(f"--trainer {spec}: {module} has no function {name}; {hint}")
    return fn


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
