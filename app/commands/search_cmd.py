"""`bronwijzer search "vraag"`: ranked passages with document, chapter, page and a snippet.

`--batch FILE.jsonl --json` answers one JSON line per input line ({"id", "question"}).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from app import texts

SNIPPET = 260


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("query", nargs="?", metavar="ZOEKVRAAG", help="de vraag of zoekwoorden")
    p.add_argument("-k", type=int, default=10, help="aantal passages (standaard 10)")
    p.add_argument("--doc", action="append", default=[], metavar="NAAM",
                   help="alleen dit document (bestandsnaam, met of zonder extensie); mag vaker")
    p.add_argument("--year", type=int, metavar="JAAR", help="alleen documenten over dit jaar")
    p.add_argument("--municipality", metavar="GEMEENTE", help="alleen deze gemeente")
    p.add_argument("--mode", choices=("hybrid", "dense", "bm25"), default="hybrid",
                   help="zoeken op woorden én betekenis (hybrid, standaard), betekenis of woorden")
    p.add_argument("--batch", type=Path, metavar="BESTAND.jsonl",
                   help='vragen, één JSON-object per regel: {"id": ..., "question": ...}')
    p.add_argument("--embedder", default=None, help="taalmodel (standaard: waarmee de index is gebouwd)")
    p.add_argument("--backend", choices=("faiss", "milvus"), default=None,
                   help="opslag van de index (standaard faiss)")
    p.add_argument("--json", action="store_true", help="uitvoer als JSON")


def run(args: argparse.Namespace) -> int:
    from app.commands.common import BadBatchLine, make_filters, open_configured_searcher, read_batch
    from app.errors import EmptyQuestion

    if args.batch is None and not (args.query or "").strip():
        raise EmptyQuestion(texts.EMPTY_SEARCH)
    if args.k <= 0:
        raise EmptyQuestion(texts.BAD_K.format(k=args.k))
    try:
        batch = (read_batch(args.batch, "question", aliases=("query",))
                 if args.batch is not None else None)
    except BadBatchLine as exc:
        print(texts.CLI_ERROR.format(message=exc), file=sys.stderr)
        return 1
    # A model named by flag or BRONWIJZER_EMBEDDER must match the index (IndexMismatch
    # says the fix); without one, the index is opened with the model it was built with.
    searcher = open_configured_searcher(args.backend, args.embedder)
    filters = make_filters(args.doc, args.year, args.municipality, searcher=searcher)
    if batch is not None:
        for qid, question in batch:
            hits = searcher.search(question, k=args.k, filters=filters, mode=args.mode)
            out = {"id": qid, "hits": [h.to_dict() for h in hits]}
            print(json.dumps(out, ensure_ascii=False), flush=True)
        return 0
    hits = searcher.search(args.query, k=args.k, filters=filters, mode=args.mode)
    if args.json:
        print(json.dumps({"query": args.query, "hits": [h.to_dict() for h in hits]},
                         ensure_ascii=False))
        return 0
    if not hits:
        print("no passages found")
        return 0
    bold = sys.stdout.isatty()
    for h in hits:
        print(_format_hit(h, args.query, bold))
    return 0


def page_text(chunk) -> str:
    """'p. 14', 'p. 14-15', 'ca. p. 52' for an estimate, '' when the page is unknown."""
    page = chunk.page
    if page.start is None and not page.label:
        return ""
    label = page.label or str(page.start)
    if page.start is not None and page.end is not None and page.end > page.start:
        offset = page.end - page.start
        label = f"{label}-{int(label) + offset}" if label.isdigit() else f"{label}ff."
    return f"p. {label}" if page.exact else f"ca. p. {label}"


def snippet(text: str, query: str, bold: bool = False, width: int = SNIPPET) -> str:
    """The window of the text with most query words, those words highlighted."""
    from index.lexical import tokenize

    wanted = set(tokenize(query))
    words = list(re.finditer(r"[\w.,%-]+", text))
    marks = [m for m in words if wanted & set(tokenize(m.group(0).strip(".,")))]
    flat = " ".join(text.split())
    if not marks:
        return flat[:width] + ("…" if len(flat) > width else "")
    best, best_n = marks[0].start(), 0
    for m in marks:
        n = sum(1 for o in marks if m.start() <= o.start() < m.start() + width)
        if n > best_n:
            best, best_n = m.start(), n
    start = max(0, best - width // 4)
    end = min(len(text), start + width)
    out, pos = [], start
    for m in marks:
        if m.start() < start or m.end() > end:
            continue
        out.append(text[pos:m.start()])
        out.append(f"\033[1m{m.group(0)}\033[0m" if bold else f"**{m.group(0)}**")
        pos = m.end()
    out.append(text[pos:end])
    body = " ".join("".join(out).split())
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")


def _format_hit(hit, query: str, bold: bool) -> str:
    c = hit.chunk
    where = " > ".join(c.section)
    parts = [c.title] + ([where] if where else []) + ([page_text(c)] if page_text(c) else [])
    head = f"{hit.rank}. " + " | ".join(parts) + f"  [{c.doc}, score {hit.score:.3f}]"
    return head + "\n   " + snippet(c.text, query, bold) + "\n"
