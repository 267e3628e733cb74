"""The first minute on the command line: an empty BRONWIJZER_HOME, one question.

    .venv/bin/python bench/bench_first_start.py [--question "..."]

Runs `bronwijzer ask` on a fresh home (it ingests the bundled corpus, starts the background
build and answers with BM25), then waits for the build and asks again (hybrid). Prints one
JSON line: seconds to the first answer, to the finished index, the build's chunks/s, and
whether each answer cited a source. The browser's figures come from
tests/test_browser.py::test_fresh_start_answers_while_building_then_switches_to_hybrid.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def ask(question: str, env: dict) -> tuple[float, dict, str]:
    t0 = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "app", "ask", question, "--json"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=1800)
    if done.returncode != 0:
        raise SystemExit(f"ask failed ({done.returncode}): {done.stderr[-500:]}")
    return time.monotonic() - t0, json.loads(done.stdout), done.stderr


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--question",
                    default="Wat is de vrij besteedbare ruimte in de algemene reserve in 2026?")
    args = ap.parse_args()

    from index.staged import read_status

    home = Path(tempfile.mkdtemp(prefix="bench-first-start-"))
    env = dict(os.environ, BRONWIJZER_HOME=str(home), PYTHONPATH=str(ROOT))
    env.pop("BRONWIJZER_EMBEDDER", None)
    t0 = time.monotonic()
    first_s, first, said = ask(args.question, env)
    status = read_status(home)
    while status is not None and status.phase not in ("done", "failed") and status.alive():
        time.sleep(1)
        status = read_status(home)
    built_s = time.monotonic() - t0
    if status is None or status.phase != "done":
        raise SystemExit(f"build did not finish: {status}")
    second_s, second, said_after = ask(args.question, env)
    embed_s = status.updated - (status.embed_started or status.started)
    print(json.dumps({
        "first_answer_s": round(first_s, 1),
        "first_answer_cited": bool(first.get("citations")),
        "said_partial": "zoekindex wordt nog gebouwd" in said,
        "index_ready_s": round(built_s, 1),
        "build_chunks": status.total,
        "build_chunks_per_s": round(status.total / max(embed_s, 1e-3), 2),
        "hybrid_answer_s": round(second_s, 1),
        "hybrid_answer_cited": bool(second.get("citations")),
        "hybrid_said_partial": "zoekindex wordt nog gebouwd" in said_after,
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
