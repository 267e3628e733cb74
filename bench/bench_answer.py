"""Grounded answer and claim-check latency, with a quick quality read-out, on an existing index.

    BRONWIJZER_HOME=/path .venv/bin/python bench/bench_answer.py [--set FILE] [--repeat 2]

Times Answerer.ask for every non-claim item and ClaimChecker.check for every claim of the
set. The search, including the query embedding (its cache is cleared before each call), is
inside the timing; "compose" is the answer's own share (ask minus the time spent in search).
The first call is a warm-up (corpus statistics are built once per process). Also prints answer term recall, citation precision (the cited chunk holds a gold
quote or an answer term), refusal rates and claim accuracy, so a tuning step shows its cost
and its effect in one run. `bronwijzer eval` is the reference scorer; this is the quick loop.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def percentile(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    pos = (len(xs) - 1) * p / 100
    lo = int(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


class _Timed:
    """The searcher, counting the time spent inside search() (embedding included)."""

    def __init__(self, inner) -> None:
        self._inner = inner
        self.spent = 0.0

    def search(self, *args, **kwargs):
        t = time.perf_counter()
        try:
            return self._inner.search(*args, **kwargs)
        finally:
            self.spent += time.perf_counter() - t

    def __getattr__(self, name):
        return getattr(self._inner, name)


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().lower()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--set", default=str(ROOT.parent / "shared" / "eval" / "dev.jsonl"))
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--backend", default="faiss")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every answer")
    args = ap.parse_args()

    from app.answer import Answerer
    from app.claims import ClaimChecker
    from app.settings import Settings, offline_hub
    from eval.metrics import has_term
    from index.searcher import open_searcher

    offline_hub()
    t0 = time.perf_counter()
    searcher = _Timed(open_searcher(Settings.from_env().home, backend=args.backend))
    answerer, checker = Answerer(searcher), ClaimChecker(searcher)
    answerer.ask("Wanneer begint de economische agenda?")  # warm-up: corpus statistics, model
    load_s = time.perf_counter() - t0
    items = [json.loads(line) for line in open(args.set, encoding="utf-8") if line.strip()]

    lat_a: list[float] = []
    own_a: list[float] = []
    lat_c: list[float] = []
    recall: list[float] = []
    cites: list[bool] = []
    refused_unans: list[bool] = []
    refused_ans: list[bool] = []
    confusion: Counter = Counter()
    def forget():  # every timed call pays its query embedding, as a new question would
        inner = searcher._inner
        cache = getattr(inner, "clear_cache", None)
        if callable(cache):
            cache()
        elif isinstance(getattr(inner, "_qcache", None), dict):
            inner._qcache.clear()

    for rep in range(args.repeat):
        for it in items:
            forget()
            if it["kind"] == "claim":
                t = time.perf_counter()
                v = checker.check(it["question"])
                lat_c.append((time.perf_counter() - t) * 1000)
                if rep == 0:
                    gold = "not_found" if it["verdict"] == "not_in_sources" else it["verdict"]
                    confusion[(gold, v.verdict)] += 1
                    if args.verbose:
                        print(f"{it['id']} {gold} -> {v.verdict}: {v.explanation[:200]}")
                continue
            searcher.spent = 0.0
            t = time.perf_counter()
            a = answerer.ask(it["question"])
            lat_a.append((time.perf_counter() - t) * 1000)
            own_a.append(lat_a[-1] - searcher.spent * 1000)
            if rep:
                continue
            if it["kind"] == "unanswerable":
                refused_unans.append(a.refused)
                continue
            refused_ans.append(a.refused)
            terms = it["answer_terms"]
            recall.append(0.0 if a.refused else sum(has_term(a.text, x) for x in terms) / len(terms))
            for c in a.citations:
                text = _norm(c.chunk.text)
                cites.append(any(_norm(e["quote"]) in text for e in it["evidence"])
                             or any(has_term(c.chunk.text, x) for x in terms))
            if args.verbose:
                print(f"{it['id']} {it['kind']} refused={a.refused} terms={terms}\n  {a.text[:400]}")
    n_claims = sum(confusion.values())
    refuted = sum(v for (g, _), v in confusion.items() if g == "refuted")
    out = {
        "load_s": round(load_s, 2),
        "answer_p50_ms": round(percentile(lat_a, 50), 1),
        "answer_p95_ms": round(percentile(lat_a, 95), 1),
        "compose_p50_ms": round(percentile(own_a, 50), 1),
        "compose_p95_ms": round(percentile(own_a, 95), 1),
        "claim_p50_ms": round(percentile(lat_c, 50), 1) if lat_c else None,
        "claim_p95_ms": round(percentile(lat_c, 95), 1) if lat_c else None,
        "answer_term_recall": round(sum(recall) / max(1, len(recall)), 3),
        "citation_precision": round(sum(cites) / max(1, len(cites)), 3),
        "n_citations": len(cites),
        "refusal_rate_unanswerable": round(sum(refused_unans) / max(1, len(refused_unans)), 3),
        "false_refusal_rate": round(sum(refused_ans) / max(1, len(refused_ans)), 3),
        "claim_accuracy": round(sum(v for (g, p), v in confusion.items() if g == p) / max(1, n_claims), 3),
        "supported_on_refuted": round(confusion[("refuted", "supported")] / max(1, refuted), 3),
        "claim_confusion": {f"{g}->{p}": v for (g, p), v in sorted(confusion.items())},
    }
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
