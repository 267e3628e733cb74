"""Grounded answers: retrieve passages, pick the sentences that answer the question,
cite each one as [n], or refuse with the closest passages as suggestions.

Offline and extractive by default: every sentence shown is a sentence of a cited chunk
(table rows restated with their column header and unit). The optional language-model
summary lives in app/generate.py and is only shown when it passes its check.
"""

from __future__ import annotations

import re
import time
import unicodedata
from dataclasses import dataclass, field

from app import texts
from app.errors import EmptyQuestion
from app.evidence import Evidence, Question, Scored, is_item_start
from app.source_text import addresses_assistant, neutralise_markers
from index.model import Filters, Hit
from ingest.model import Chunk

MAX_QUESTION_CHARS = 1000
MAX_SENTENCE_CHARS = 400


@dataclass(frozen=True, slots=True)
class Citation:
    n: int
    chunk: Chunk
    quote: str  # the exact sentence(s) of chunk.text that support the answer

    def to_dict(self) -> dict:
        return {"n": self.n, **self.chunk.source_fields(), "quote": self.quote}

    @classmethod
    def from_dict(cls, d: dict) -> Citation:
        # The dict does not carry the chunk's full text: the quote stands in for it.
        chunk = Chunk.from_source_fields(d, d.get("text", d["quote"]))
        return cls(n=d["n"], chunk=chunk, quote=d["quote"])

    @property
    def label(self) -> str:
        c = self.chunk
        return texts.citation_text(c.title, c.section, c.page.start, c.page.label, c.page.exact)


def _hit_from_dict(d: dict) -> Hit:
    chunk = Chunk.from_source_fields(d, d["text"])
    return Hit(chunk=chunk, score=d["score"], rank=d["rank"], source=d.get("source", "hybrid"))


@dataclass(frozen=True, slots=True)
class Answer:
    text: str
    citations: tuple[Citation, ...]
    refused: bool
    latency_ms: float
    suggestions: tuple[Hit, ...] = ()
    notice: str = ""  # Dutch, e.g. that an over-long question was cut
    generated: bool = field(default=False)  # text written by the checked language-model layer

    def to_dict(self) -> dict:
        d = {
            "answer": self.text,
            "refused": self.refused,
            "citations": [c.to_dict() for c in self.citations],
            "latency_ms": round(self.latency_ms, 1),
        }
        if self.suggestions:
            d["suggestions"] = [h.to_dict() for h in self.suggestions]
        if self.notice:
            d["notice"] = self.notice
        if self.generated:
            d["generated"] = True
        return d

    @classmethod
    def from_dict(cls, d: dict) -> Answer:
        return cls(
            text=d["answer"],
            citations=tuple(Citation.from_dict(c) for c in d["citations"]),
            refused=d["refused"],
            latency_ms=d["latency_ms"],
            suggestions=tuple(_hit_from_dict(h) for h in d.get("suggestions", ())),
            notice=d.get("notice", ""),
            generated=d.get("generated", False),
        )


# --- input ----------------------------------------------------------------------------


def clean_question(question: str, max_chars: int = MAX_QUESTION_CHARS) -> tuple[str, str]:
    """Strip control characters and cut to max_chars. Returns (question, Dutch notice or '')."""
    if question is None:
        raise EmptyQuestion("the question is empty: type a question, e.g. 'Wanneer begint de economische agenda?'")
    text = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in str(question)
    )
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        raise EmptyQuestion(
            "the question is empty or only whitespace/control characters: type a question, "
            "e.g. 'Wanneer begint de economische agenda?'"
        )
    notice = ""
    if len(text) > max_chars:
        cut = text[:max_chars]
        text = cut.rsplit(" ", 1)[0] if " " in cut[-50:] else cut
        notice = texts.TRUNCATED_NOTICE.format(n=max_chars)
    return text, notice


_FOLLOWUP_START = re.compile(r"^(en|of|maar|ook|en wat|wat als|hoe zit het met|hoe zit dat met|en voor|en bij|en in)\b", re.I)
_ENGLISH = frozenset("the what is are how much many when where who which does do of in for to and you i".split())
_DUTCH = frozenset("de het een is zijn wat hoe hoeveel wanneer waar wie welke van in voor op en ik u er".split())


def rewrite_followup(question: str, history: list[tuple[str, str]] | None) -> str:
    """'en in 2027?' after 'Hoeveel ... in 2026?' -> 'Hoeveel ... in 2027?'. Pure."""
    if not history:
        return question
    # the previous turn may itself have been a follow-up: resolve it first
    prev = rewrite_followup(history[-1][0].strip(), history[:-1])
    q = question.strip()
    from app.sentences import content_terms, years

    terms = [t for t in content_terms(q) if not t.isdigit()]
    short = len(q.split()) <= 5
    if not (_FOLLOWUP_START.match(q) or (short and len(terms) <= 1)):
        return question
    new_years = years(q)
    old_years = years(prev)
    if new_years and old_years:
        rewritten = prev
        for old, new in zip(old_years, new_years, strict=False):
            rewritten = rewritten.replace(str(old), str(new))
        if len(new_years) > len(old_years):
            rewritten = f"{rewritten} {' '.join(str(y) for y in new_years[len(old_years):])}"
        return rewritten
    rest = _FOLLOWUP_START.sub("", q).strip(" ?")
    return f"{prev.rstrip(' ?')} {rest}?".strip() if rest else prev


def looks_foreign(question: str) -> bool:
    toks = [w.lower() for w in re.findall(r"[A-Za-z]+", question)]
    en = sum(t in _ENGLISH for t in toks)
    nl = sum(t in _DUTCH for t in toks)
    return len(toks) >= 3 and en >= 2 and en > 2 * nl


# --- answering ------------------------------------------------------------------------


class Answerer:
    """Answers questions from a Searcher. Build once per process; ask() is cheap."""

    def __init__(self, searcher, *, k: int = 8, generator=None) -> None:
        self.searcher = searcher
        self.k = k
        self.generator = generator
        self.evidence = Evidence(searcher)

    def ask(
        self,
        question: str,
        filters: Filters | None = None,
        history: list[tuple[str, str]] | None = None,
    ) -> Answer:
        t0 = time.perf_counter()
        q, notice = clean_question(question)
        q = rewrite_followup(q, history)
        if looks_foreign(q):
            hits = self.searcher.search(q, k=3, filters=filters)
            return Answer(texts.REFUSAL_OTHER_LANGUAGE, (), True, _ms(t0), tuple(hits[:3]), notice)
        question_ = self.evidence.analyse(q)
        hits = self.evidence.retrieve(question_, self.k, filters)
        scored = self.evidence.score(question_, hits)
        if self.evidence.should_refuse(question_, scored):
            return Answer(texts.REFUSAL, (), True, _ms(t0), tuple(hits[:3]), notice)
        # Source text is data: a sentence that speaks to an assistant is never the answer.
        picked = [s for s in self.evidence.select(question_, scored)
                  if not addresses_assistant(s.unit.text)]
        if not picked:
            return Answer(texts.REFUSAL, (), True, _ms(t0), tuple(hits[:3]), notice)
        text, citations = compose(question_, picked)
        answer = Answer(text, citations, False, _ms(t0), (), notice)
        if self.generator is not None:
            answer = self.generator.apply(q, answer)  # the checked summary, or a notice why not
        return answer


def _ms(t0: float) -> float:
    return (time.perf_counter() - t0) * 1000.0


def compose(question: Question, picked: list[Scored]) -> tuple[str, tuple[Citation, ...]]:
    """Join the picked units into the answer text with [n] after each; number by first use."""
    numbers: dict[str, int] = {}
    by_chunk: dict[str, list[Scored]] = {}
    for s in picked:
        by_chunk.setdefault(s.chunk.chunk_id, []).append(s)
    sentences: list[str] = []
    multi_doc = len({s.chunk.doc for s in picked}) > 1 and question.compare
    last_doc = None
    groups: list[list[Scored]] = []
    for s in picked:  # a lead-in ending in ':' and the bullet items of one chunk: one sentence
        prev = groups[-1][-1] if groups else None
        same = prev is not None and prev.chunk.chunk_id == s.chunk.chunk_id
        if same and is_item_start(s.unit) and (
            is_item_start(prev.unit) or prev.unit.text.rstrip().endswith(":")
        ):
            groups[-1].append(s)
        else:
            groups.append([s])
    for group in groups:
        s = group[0]
        n = numbers.setdefault(s.chunk.chunk_id, len(numbers) + 1)
        lead = ""
        if len(group) > 1 and not is_item_start(s.unit):
            lead, group = _plain(s.unit.text), group[1:]
        if len(group) > 1 or lead or (question.kind == "list" and is_item_start(s.unit)):
            label = item_label if question.kind == "list" else _item_text
            body = "; ".join(label(g.unit.text) for g in group) + "."
            body = f"{lead} {body}" if lead else body
        else:
            body = render_unit(s, question)
        body = neutralise(body)
        if multi_doc and s.chunk.doc != last_doc:
            body = f"{texts.ACCORDING_TO.format(title=texts.with_article(s.chunk.title))}: {_lower_first(body)}"
        last_doc = s.chunk.doc
        sentences.append(f"{body} [{n}]")
    citations = []
    for chunk_id, n in numbers.items():
        units = sorted(by_chunk[chunk_id], key=lambda s: s.unit.start)
        chunk = units[0].chunk
        citations.append(Citation(n, chunk, _quote(chunk, [s.unit for s in units])))
    return " ".join(sentences), tuple(sorted(citations, key=lambda c: c.n))


_FOOTNOTE_MARK = re.compile(r"(?<=[^\W\d])\[\d{1,2}\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]+")
_SECTION_NUMBER = re.compile(r"^\d+(?:\.\d+)+\.?\s+(?=[A-Z])")


def neutralise(text: str) -> str:
    """Only our [n] markers may look like citations: drop the source's footnote markers
    ('uitgiftetempo[1] van' -> 'uitgiftetempo van') and a leading section number that
    the layout glued to a sentence ('4.5 De agenda is ...' -> 'De agenda is ...')."""
    return _SECTION_NUMBER.sub("", neutralise_markers(_FOOTNOTE_MARK.sub("", text)))


def _quote(chunk: Chunk, units) -> str:
    contiguous = all(
        not chunk.text[a.end : b.start].strip() for a, b in zip(units, units[1:], strict=False)
    )
    if contiguous:
        return chunk.text[units[0].start : units[-1].end]
    return " … ".join(u.text for u in units)


def _lower_first(s: str) -> str:
    if len(s) > 1 and s[0].isupper() and not s[1].isupper():
        return s[0].lower() + s[1:]
    return s


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _item_text(text: str) -> str:
    """'• Versterken van de kade.' -> 'Versterken van de kade' (the whole item, no bullet)."""
    text = _plain(re.sub(r"^\s*(?:[•\-–*·]|\d+[.)]|[a-z][.)])\s+", "", text)).rstrip(".;")
    return text if len(text) <= MAX_SENTENCE_CHARS else text[:MAX_SENTENCE_CHARS].rsplit(" ", 1)[0] + " …"


def item_label(text: str) -> str:
    """'• Voorzorgsbeginsel: De gemeente kan ...' -> 'Voorzorgsbeginsel'."""
    text = re.sub(r"^\s*(?:[•\-–*·]|\d+[.)]|[a-z][.)])\s+", "", text).strip()
    head = text.split(":", 1)[0]
    if ":" in text and len(head) <= 80:
        return head.strip()
    return text.rstrip(".;") if len(text) <= 160 else text[:160].rsplit(" ", 1)[0] + " …"


def render_unit(s: Scored, question: Question) -> str:
    """A unit as the reader sees it: rows with header and unit, bullets as plain text."""
    from app.sentences import column_labels, header_lines, parse_row

    u = s.unit
    if u.kind == "row":
        header = header_lines(s.chunk.text, s.chunk.context, u.start)
        row = parse_row(u.text, header)
        # name the columns only when the header gives exactly one label per value
        exact = len(column_labels(header)) == len(row.values)
        if not exact or not all(row.columns) or re.search(r"[<>]", u.text):
            # columns we cannot name: the row as written, with its caption or unit
            tail = row.caption or row.unit
            return f"{u.text} ({tail})." if tail else u.text + "."
        pairs = list(zip(row.columns, row.values, strict=False))
        wanted = [p for p in pairs if p[0] and any(str(y) in p[0] for y in question.years)]
        if len(wanted) == 1:
            return texts.table_value(row.label, wanted[0][0], wanted[0][1], row.unit) + "."
        if wanted:
            return texts.table_values(row.label, wanted, row.unit) + "."
        if any(c for c, _ in pairs):
            return texts.table_values(row.label, [p for p in pairs if p[0]] or pairs, row.unit) + "."
        return f"{u.text} ({row.caption or row.unit})." if (row.caption or row.unit) else u.text
    text = re.sub(r"^\s*(?:[•\-–*·]|\d+[.)])\s+", "", u.text)
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) > MAX_SENTENCE_CHARS:
        text = text[:MAX_SENTENCE_CHARS].rsplit(" ", 1)[0] + " …"
    if text and text[-1] not in ".!?:;…":
        text += "."
    return text
