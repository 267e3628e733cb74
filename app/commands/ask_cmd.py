"""`bronwijzer ask "vraag"`: a short Dutch answer with numbered sources, or an honest refusal.

`--batch FILE.jsonl --json` answers one JSON line per input line ({"id", "question"}):
{"id", "answer", "refused", "citations", "latency_ms"}. Models load once per process.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app import texts


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("question", nargs="?", metavar="VRAAG", help="de vraag, in het Nederlands")
    p.add_argument("--doc", action="append", default=[], metavar="NAAM",
                   help="alleen dit document (bestandsnaam, met of zonder extensie); mag vaker")
    p.add_argument("--year", type=int, metavar="JAAR", help="alleen documenten over dit jaar")
    p.add_argument("--municipality", metavar="GEMEENTE", help="alleen deze gemeente of dit orgaan")
    p.add_argument("-k", type=int, default=8, help="aantal passages om te lezen (standaard 8)")
    p.add_argument("--batch", type=Path, metavar="BESTAND.jsonl",
                   help='vragen, één JSON-object per regel: {"id": ..., "question": ...}')
    p.add_argument("--llm", action="store_true",
                   help="voeg een gecontroleerde samenvatting toe door het taalmodel uit BRONWIJZER_LLM_URL/_MODEL")
    p.add_argument("--backend", choices=("faiss", "milvus"), default=None,
                   help="opslag van de index (standaard faiss)")
    p.add_argument("--json", action="store_true", help="uitvoer als JSON")


def run(args: argparse.Namespace) -> int:
    from app.answer import Answerer
    from app.commands.common import BadBatchLine, make_filters, open_configured_searcher, read_batch
    from app.errors import EmptyQuestion

    if args.batch is None and not (args.question or "").strip():
        raise EmptyQuestion(texts.EMPTY_QUESTION)
    try:
        batch = read_batch(args.batch, "question") if args.batch is not None else None
    except BadBatchLine as exc:
        print(texts.CLI_ERROR.format(message=exc), file=sys.stderr)
        return 1
    searcher = open_configured_searcher(args.backend)
    answerer = Answerer(searcher, k=max(1, args.k), generator=_generator(args.llm))
    filters = make_filters(args.doc, args.year, args.municipality, searcher=searcher)
    if batch is not None:
        for qid, question in batch:
            try:
                out = {"id": qid, **answerer.ask(question, filters).to_dict()}
            except EmptyQuestion as exc:
                out = {"id": qid, "answer": "", "refused": True, "citations": [],
                       "latency_ms": 0.0, "error": str(exc)}
            print(json.dumps(out, ensure_ascii=False), flush=True)
        return 0
    answer = answerer.ask(args.question, filters)
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False))
        return 0
    print(format_answer(answer))
    return 0


def format_answer(answer) -> str:

    lines = []
    if answer.notice:
        lines += [answer.notice, ""]
    lines.append(answer.text)
    if answer.citations:
        lines += ["", texts.SOURCES_HEADER]
        for c in answer.citations:
            lines.append(f"[{c.n}] {c.label}")
            lines.append(f"    “{_snippet(c.quote)}”")
    if answer.suggestions:
        lines += ["", texts.SUGGESTIONS_INTRO]
        for h in answer.suggestions:
            ch = h.chunk
            lines.append("- " + texts.citation_text(ch.title, ch.section, ch.page.start,
                                                     ch.page.label, ch.page.exact, ch.page.end))
    return "\n".join(lines)


def _snippet(text: str, n: int = 220) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n].rsplit(" ", 1)[0] + " …"


def _generator(wanted: bool):
    if not wanted:
        return None
    from app.generate import Generator
    from app.settings import Settings

    s = Settings.from_env()
    if not (s.llm_base_url and s.llm_model):
        print("warning: --llm needs BRONWIJZER_LLM_URL and BRONWIJZER_LLM_MODEL; "
              "showing the grounded answer only", file=sys.stderr)
        return None
    return Generator(s.llm_base_url, s.llm_model, s.llm_api_key, deadline=s.llm_deadline)

