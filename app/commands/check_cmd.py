"""`bronwijzer check "bewering"`: ondersteund / weerlegd / niet gevonden, with the deciding quote.

`--batch FILE.jsonl --json`: one line per input ({"id", "claim"} or {"id", "question"}):
{"id", "verdict", "explanation", "evidence", "latency_ms"}.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app import texts


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("claim", nargs="?", metavar="BEWERING", help="de bewering, in het Nederlands")
    p.add_argument("--doc", action="append", default=[], metavar="NAAM",
                   help="alleen dit document (bestandsnaam, met of zonder extensie); mag vaker")
    p.add_argument("--year", type=int, metavar="JAAR", help="alleen documenten over dit jaar")
    p.add_argument("--municipality", metavar="GEMEENTE", help="alleen deze gemeente of dit orgaan")
    p.add_argument("--batch", type=Path, metavar="BESTAND.jsonl",
                   help='beweringen, één JSON-object per regel: {"id": ..., "claim": ...} '
                        '(of "question" in plaats van "claim")')
    p.add_argument("--backend", choices=("faiss", "milvus"), default=None,
                   help="opslag van de index (standaard faiss)")
    p.add_argument("--json", action="store_true", help="uitvoer als JSON")


def run(args: argparse.Namespace) -> int:
    from app.claims import ClaimChecker
    from app.commands.common import (
        BadBatchLine,
        make_filters,
        open_configured_searcher,
        read_batch,
    )
    from app.errors import EmptyQuestion

    if args.batch is None and not (args.claim or "").strip():
        raise EmptyQuestion(texts.EMPTY_CLAIM)
    try:
        batch = read_batch(args.batch, "claim") if args.batch is not None else None
    except BadBatchLine as exc:
        print(texts.CLI_ERROR.format(message=exc), file=sys.stderr)
        return 1
    searcher = open_configured_searcher(args.backend)
    checker = ClaimChecker(searcher)
    filters = make_filters(args.doc, args.year, args.municipality, searcher=searcher)
    if batch is not None:
        for qid, claim in batch:
            try:
                out = {"id": qid, **checker.check(claim, filters).to_dict()}
            except EmptyQuestion as exc:
                out = {"id": qid, "verdict": "not_found", "explanation": "", "evidence": [],
                       "latency_ms": 0.0, "error": str(exc)}
            print(json.dumps(out, ensure_ascii=False), flush=True)
        return 0
    verdict = checker.check(args.claim, filters)
    if args.json:
        print(json.dumps(verdict.to_dict(), ensure_ascii=False))
        return 0
    print(format_verdict(verdict))
    return 0


def format_verdict(verdict) -> str:

    lines = [f"{texts.VERDICT_LABELS[verdict.verdict].capitalize()}. {verdict.explanation}"]
    if verdict.evidence:
        lines += ["", texts.SOURCES_HEADER]
        lines += [f"[{c.n}] {c.label}" for c in verdict.evidence]
    return "\n".join(lines)
