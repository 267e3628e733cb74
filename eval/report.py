"""Render an EvalResult: Markdown tables, a recall@k plot (PNG), and the stdout table.

Only formats what the harness measured; a metric that was not measured shows as "-".
Files are written atomically (temp file + rename).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from eval import report_answers
from eval.harness import EvalResult, ModeRun


def _f(v, digits: int = 3) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.{digits}f}"
    return str(v)


def _table(head: list[str], rows: list[list]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(_f(c) if not isinstance(c, str) else c for c in r) + " |" for r in rows]
    return out


def _label(result: EvalResult, run: ModeRun) -> str:
    return run.mode if len(result.backends) == 1 else f"{run.backend}/{run.mode}"


def _main_metrics(k: int) -> list[str]:
    return ["recall@1", "recall@5", f"recall@{k}", f"mrr@{k}", f"ndcg@{k}", f"evidence_recall@{k}"]


def main_table(result: EvalResult) -> str:
    """Backend x mode rows with the retrieval metrics (what `bronwijzer eval` prints)."""
    k = result.k
    cols = _main_metrics(k) + ["words_per_chunk", "latency_p50_ms", "latency_p95_ms",
                               "search_p50_ms", "search_p95_ms"]
    head = ["backend", "mode", "n"] + [_short(c) for c in cols]
    rows = []
    for r in result.runs:
        s = r.scores
        rows.append([r.backend, r.mode, str(s["n"])] + [_fmt_metric(c, s.get(c)) for c in cols])
    return "\n".join(_table(head, rows))


def _short(col: str) -> str:
    """Column header: latency = embedding + search; search = with the embedding cached."""
    return col.replace("latency_", "total ").replace("search_", "search ").replace("_ms", " ms")


def _fmt_metric(name: str, v) -> str:
    if v is None:
        return "-"
    if name.endswith("_ms") or name == "words_per_chunk":
        return f"{v:.1f}"
    return f"{v:.3f}"


def _ratios(result: EvalResult) -> list[str]:
    k = result.k
    names = ["recall@5", f"recall@{k}", f"mrr@{k}", f"evidence_recall@{k}"]
    lines = []
    for b in result.backends:
        hyb = result.run(b, "hybrid")
        for base in ("bm25", "dense"):
            ref = result.run(b, base)
            if hyb is None or ref is None:
                continue
            cells = []
            for n in names:
                x, y = hyb.scores.get(n), ref.scores.get(n)
                cells.append(f"{x / y:.2f}x" if x is not None and y else "-")
            lines.append([b, f"hybrid / {base}"] + cells)
    if not lines:
        return []
    return ["", "Improvement ratios measured in this run:", ""] + _table(["backend", "ratio"] + names, lines)


def _backends_side_by_side(result: EvalResult) -> list[str]:
    if len(result.backends) < 2:
        return []
    k = result.k
    names = _main_metrics(k) + ["latency_p50_ms", "latency_p95_ms", "search_p50_ms",
                                "search_p95_ms", "embed_p50_ms"]
    out = ["", "## Backends side by side", ""]
    base = result.backends[0]
    for other in result.backends[1:]:
        diffs = [
            abs(a.scores[n] - b.scores[n])
            for mode in result.modes
            if (a := result.run(base, mode)) and (b := result.run(other, mode))
            for n in _main_metrics(k)
            if a.scores.get(n) is not None and b.scores.get(n) is not None
        ]
        if diffs:
            worst = max(diffs)
            verdict = "within 0.02" if worst <= 0.02 else "MORE than 0.02: explain the difference"
            out += [f"Largest retrieval-metric difference {other} vs {base} over all modes: "
                    f"{worst:.3f} ({verdict}).", ""]
    for mode in result.modes:
        runs = [result.run(b, mode) for b in result.backends]
        if any(r is None for r in runs):
            continue
        out += [f"Mode `{mode}`:", ""]
        head = ["metric"] + list(result.backends) + [f"{result.backends[1]} - {result.backends[0]}"]
        rows = []
        for n in names:
            vals = [r.scores.get(n) for r in runs]
            diff = vals[1] - vals[0] if vals[0] is not None and vals[1] is not None else None
            rows.append([n] + [_fmt_metric(n, v) for v in vals] + [_fmt_metric(n, diff)])
        out += _table(head, rows) + [""]
    return out


def _grouped(result: EvalResult, attr: str, title: str) -> list[str]:
    k = result.k
    out = ["", f"## By {title}", ""]
    head = [title, "n"] + [_label(result, r) + f" R@5 / R@{k} / MRR" for r in result.runs]
    groups = sorted({g for r in result.runs for g in getattr(r, attr)})
    rows = []
    for g in groups:
        first = getattr(result.runs[0], attr).get(g, {})
        row = [g, str(first.get("n", 0))]
        for r in result.runs:
            s = getattr(r, attr).get(g)
            if not s or not s.get("n"):
                row.append("-")
            else:
                row.append(" / ".join(_f(s.get(m), 2) for m in ("recall@5", f"recall@{k}", f"mrr@{k}")))
        rows.append(row)
    return out + _table(head, rows)


def _failures(result: EvalResult) -> list[str]:
    out = ["", "## Retrieval failures (no relevant chunk in the top 5)", ""]
    for b in result.backends:
        focus = result.run(b, "hybrid") or result.run(b, result.modes[-1])
        others = [result.run(b, m) for m in result.modes]
        ranks = {r.mode: {t.item_id: t.first_rank for t in r.traces} for r in others if r}
        failed = [t for t in focus.traces if t.n_quotes and (t.first_rank is None or t.first_rank > 5)]
        out += [f"Backend `{b}`, mode `{focus.mode}`: {len(failed)} items.", ""]
        for t in failed:
            where = ", ".join(f"{m} {_f(ranks[m].get(t.item_id)) if ranks[m].get(t.item_id) else '-'}"
                              for m in ranks)
            out.append(f"- **{t.item_id}** {result.questions.get(t.item_id, '')}  ")
            out.append(f"  first relevant rank: {where}; evidence {t.quotes_found}/{t.n_quotes}; top 3:")
            out += [f"  {i}. {s}" for i, s in enumerate(t.top, 1)]
            if t.gold:
                out.append(f"  evidence sits in: {' | '.join(t.gold)}")
        out.append("")
    return out


def render(result: EvalResult, plot_name: str | None = None) -> str:
    k = result.k
    lines = [
        f"# Evaluation: {result.set_name}",
        "",
        f"{result.n_items} items, k = {k}, backends {', '.join(result.backends)}, "
        f"modes {', '.join(result.modes)}; run {result.created}. Recall@k = share of items with "
        "evidence that have a relevant chunk in the top k; evidence recall = share of all "
        "evidence quotes held by the top k; per query, total ms = query embedding + search "
        "(no cached embeddings), search ms = the search alone.",
        "",
        "## Retrieval",
        "",
        main_table(result),
    ]
    lines += _ratios(result)
    if plot_name:
        lines += ["", f"![recall@k]({plot_name})"]
    lines += _backends_side_by_side(result)
    lines += _grouped(result, "by_audience", "audience")
    lines += _grouped(result, "by_kind", "kind")
    if any(r.by_doc for r in result.runs):
        lines += _grouped(result, "by_doc", "document")
    lines += report_answers.section(result.answer_runs, result.backends)
    lines += _failures(result)
    if result.notes:
        lines += ["## Notes", ""] + [f"- {n}" for n in result.notes]
    return "\n".join(lines) + "\n"


def plot_recall(result: EvalResult, path: Path) -> Path:
    """Recall@1..k, one line per backend/mode, as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.5), dpi=110)
    xs = list(range(1, result.k + 1))
    styles = ("-", "--", ":", "-.")
    colors = {m: f"C{i}" for i, m in enumerate(result.modes)}
    for r in result.runs:
        ys = [float("nan") if v is None else v for v in r.curve]
        style = styles[result.backends.index(r.backend) % len(styles)]
        ax.plot(xs, ys, style, marker="o", markersize=3, color=colors.get(r.mode),
                label=_label(result, r))
    ax.set_xlabel("k")
    ax.set_ylabel("recall@k")
    ax.set_xticks(xs)
    ax.set_ylim(0, 1.02)
    ax.grid(alpha=0.3)
    ax.set_title(f"Recall@k, {result.set_name}")
    ax.legend(loc="lower right")
    fig.tight_layout()
    _atomic(path, lambda tmp: fig.savefig(tmp, format="png"))
    plt.close(fig)
    return path


def write_report(result: EvalResult, path: str | Path) -> tuple[Path, Path]:
    """Write the Markdown report and, beside it, <stem>-recall.png; returns both paths."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    png = path.with_name(f"{path.stem}-recall.png")
    plot_recall(result, png)
    text = render(result, png.name)
    _atomic(path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))
    return path, png


def write_json(result: EvalResult, path: str | Path) -> Path:
    import json

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(result.to_dict(), ensure_ascii=False, indent=1)
    _atomic(path, lambda tmp: Path(tmp).write_text(data + "\n", encoding="utf-8"))
    return path


def _atomic(path: Path, write) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
