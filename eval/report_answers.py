"""The answers-and-claims part of the Markdown report: every figure in-sample and, when
the run has one, cross-validated by document beside it; broken down by kind, persona and
document; readability and answer length per persona. Formats only what was measured.
"""

from __future__ import annotations

from eval.answers import CROSS_VALIDATED, IN_SAMPLE, AnswerRun

TARGETS = {  # issue 9 targets (cross-validated by document), shown beside the figures
    "answer_term_recall": 0.75,
    "median_words": 90.0,
    "citation_precision": 0.90,
    "citation_recall": 0.90,
    "refusal_rate_unanswerable": 0.80,
    "false_refusal_rate": 0.10,
    "accuracy": 0.80,
    "supported_on_refuted": 0.0,
}
LOWER_IS_BETTER = {"false_refusal_rate", "supported_on_refuted", "median_words"}
ANSWER_METRICS = (
    "answer_term_recall", "citation_precision", "citation_recall", "section_accuracy",
    "page_accuracy", "refusal_rate_unanswerable", "false_refusal_rate", "median_words",
    "readability_median", "latency_p50_ms", "latency_p95_ms",
)
CLAIM_METRICS = ("accuracy", "supported_on_refuted", "evidence_precision", "section_accuracy",
                 "page_accuracy", "latency_p50_ms", "latency_p95_ms")
GROUP_COLUMNS = (  # (header, "answers" or "claims", metric)
    ("term recall", "answers", "answer_term_recall"),
    ("citation precision", "answers", "citation_precision"),
    ("citation recall", "answers", "citation_recall"),
    ("section", "answers", "section_accuracy"),
    ("page", "answers", "page_accuracy"),
    ("refused (unanswerable)", "answers", "refusal_rate_unanswerable"),
    ("false refusals", "answers", "false_refusal_rate"),
    ("claim accuracy", "claims", "accuracy"),
)


def fmt(name: str, v) -> str:
    if v is None:
        return "-"
    if name.endswith("_ms") or name in ("median_words", "readability_median"):
        return f"{v:.1f}"
    return f"{v:.3f}"


def table(head: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)] + [
        "| " + " | ".join(r) + " |" for r in rows
    ]


def target(name: str) -> str:
    t = TARGETS.get(name)
    if t is None:
        return ""
    shown = f"{t:.0f}" if name == "median_words" else f"{t:.2f}"
    return f"<= {shown}" if name in LOWER_IS_BETTER else f">= {shown}"


def section(runs: tuple[AnswerRun, ...], backends: tuple[str, ...]) -> list[str]:
    out = ["", "## Answers and claim checks", ""]
    for b in backends:
        ins = next((a for a in runs if a.backend == b and a.variant == IN_SAMPLE), None)
        cv = next((a for a in runs if a.backend == b and a.variant == CROSS_VALIDATED), None)
        if ins is None:
            continue
        out += [f"### Backend `{b}`", ""]
        if ins.skipped:
            out += [f"**Not measured**: {ins.skipped}.", ""]
            continue
        pair = [ins] + ([cv] if cv is not None and not cv.skipped else [])
        out += _main(pair)
        out += _confusions(pair)
        out += _groups(pair)
        out += _readability(pair)
        for a in pair:
            out += _failures(a, len(pair) > 1)
        out.append("")
    return out


def _main(pair: list[AnswerRun]) -> list[str]:
    head = ["metric"] + [a.variant for a in pair] + ["target"]
    rows = [[m] + [fmt(m, a.answers.get(m)) for a in pair] + [target(m)] for m in ANSWER_METRICS]
    rows += [[f"claim {m}"] + [fmt(m, a.claims.get(m)) for a in pair] + [target(m)]
             for m in CLAIM_METRICS]
    out = []
    if len(pair) > 1:
        out += ["In-sample: the engine as shipped, fit on these items. Cross-validated: each "
                "item answered by an engine fit without its document (the estimate that "
                "counts).", ""]
    out += table(head, rows)
    s, c = pair[0].answers, pair[0].claims
    return out + [
        "",
        f"n = {s['n']} questions ({s['n_answerable']} answerable, {s['n_unanswerable']} "
        f"unanswerable), {s['n_citations']} citations, gold page known for "
        f"{s['n_page_known']}, gold section for {s.get('n_section_known', '-')}; {c['n']} claims "
        f"({c['n_refuted']} refuted). Section: a citation's heading path holds the gold "
        "section and chapter; page: a citation on the gold page (printed number where "
        "printed). Words and readability (Flesch-Douma, higher is easier) are medians over "
        "the answers shown (not refused).",
    ]


def _confusions(pair: list[AnswerRun]) -> list[str]:
    out = []
    for a in pair:
        c = a.claims
        title = "" if len(pair) == 1 else f", {a.variant}"
        out += ["", f"Claim verdicts{title} (rows gold, columns predicted; gold not_in_sources "
                "= not_found):", ""]
        out += table(["gold \\ predicted"] + c["labels"],
                     [[g] + [str(x) for x in row] for g, row in zip(c["labels"], c["confusion"], strict=True)])
    return out


def _groups(pair: list[AnswerRun]) -> list[str]:
    out = []
    both = " (in-sample / cross-validated)" if len(pair) > 1 else ""
    for title, ans_attr, claim_attr in (
        ("kind", "answers_by_kind", None),
        ("persona", "answers_by_audience", "claims_by_audience"),
        ("document", "answers_by_doc", "claims_by_doc"),
    ):
        if getattr(pair[0], ans_attr) is None:
            continue  # a result from before this breakdown existed
        per = [(getattr(a, ans_attr) or {}, (getattr(a, claim_attr) or {}) if claim_attr else
                ({"claim": a.claims} if a.claims and a.claims.get("n") else {})) for a in pair]
        groups = sorted(set(per[0][0]) | set(per[0][1]))
        if not groups:
            continue
        rows = []
        for g in groups:
            n = (per[0][0].get(g, {}).get("n") or 0) + (per[0][1].get(g, {}).get("n") or 0)
            row = [g, str(n)]
            for _h, part, m in GROUP_COLUMNS:
                vals = [(ans if part == "answers" else cl).get(g, {}).get(m) for ans, cl in per]
                row.append(" / ".join(fmt(m, v) for v in vals) if any(v is not None for v in vals) else "-")
            rows.append(row)
        out += ["", f"By {title}{both}:", ""]
        out += table([title, "n"] + [h for h, _p, _m in GROUP_COLUMNS], rows)
    return out


def _readability(pair: list[AnswerRun]) -> list[str]:
    per = [a.answers_by_audience or {} for a in pair]
    if not per[0] or all(s.get("n_readability") is None for s in per[0].values()):
        return []
    both = " (in-sample / cross-validated)" if len(pair) > 1 else ""
    rows = []
    for g in sorted(per[0]):
        cells = [g, str(per[0][g].get("n_readability", 0))]
        for m in ("median_words", "readability_median"):
            cells.append(" / ".join(fmt(m, p.get(g, {}).get(m)) for p in per))
        rows.append(cells)
    total = ["all", str(pair[0].answers.get("n_readability", 0))] + [
        " / ".join(fmt(m, a.answers.get(m)) for a in pair)
        for m in ("median_words", "readability_median")]
    return ["", f"Readability per persona{both}: median Flesch-Douma of the answers shown "
            "(60-70 is plain Dutch; lower is harder):", ""] + table(
        ["persona", "answers", "median words", "median Flesch-Douma"], rows + [total])


def _failures(a: AnswerRun, label: bool) -> list[str]:
    if not a.failures:
        return []
    title = f", {a.variant}" if label else ""
    out = ["", f"Failed answers and verdicts{title} ({len(a.failures)}):", ""]
    for f in a.failures:
        doc = f" [{f['doc']}]" if f.get("doc") else ""
        out.append(f"- **{f['id']}** ({f['kind']}){doc} {f['question']}  ")
        out.append(f"  {f['problem']}: _{f['answer']}_")
    return out
