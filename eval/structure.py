"""Structure accuracy of the ingested store: are evidence quotes cited with the right chapter,
section and page?

For an eval set whose items carry gold `doc`, `page`, `page_label`, `section` ("7. Financiën >
7.1 Gemeentelijke bijdrage") and verbatim `evidence` quotes (the format of
../shared/eval/dev_municipalities.jsonl; `evidence_more` entries carry their own gold), every
quote is located in the stored document text and the chunk that holds it is scored:

- section: the chunk's section path contains the gold section (the last heading of the path);
- chapter: the chunk's section path contains the gold chapter (the first heading);
- page: the page the chunk cites (printed label where printed, else the physical page) is the
  gold page (printed label where printed).

It also counts chunks that cite a page ingest reported as image-only (should be zero). Reads
the chunk store only; it never ingests or builds an index.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

_WS = re.compile(r"\s+")


class StructureSetError(ValueError):
    """The structure eval set is missing or malformed; the message names file and line."""


@dataclass(frozen=True, slots=True)
class GoldPlace:
    item: str
    doc: str
    page: int
    page_label: str | None
    section: tuple[str, ...]
    quote: str


@dataclass(frozen=True, slots=True)
class QuoteScore:
    gold: GoldPlace
    found: bool
    section_ok: bool = False
    chapter_ok: bool = False
    page_ok: bool = False
    cited_section: tuple[str, ...] = ()
    cited_page: str | None = None


@dataclass(frozen=True, slots=True)
class DocumentFacts:
    doc: str
    title: str
    body: str
    year_from: int | None
    year_to: int | None
    doc_type: str | None
    image_pages: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class StructureResult:
    quotes: tuple[QuoteScore, ...]
    image_pages_cited: int  # chunks whose cited page is an image-only page
    documents: tuple[DocumentFacts, ...]
    missing_docs: tuple[str, ...] = ()
    per_item: dict = field(default_factory=dict)  # item id -> (section, chapter, page) shares

    def score(self, what: str, doc: str | None = None) -> float | None:
        """Mean over items (each item: the share of its quotes right) of 'section',
        'chapter' or 'page'; only items of `doc` when given."""
        by_item: dict[str, list[bool]] = {}
        for q in self.quotes:
            if doc is None or q.gold.doc == doc:
                by_item.setdefault(q.gold.item, []).append(getattr(q, f"{what}_ok"))
        if not by_item:
            return None
        return sum(sum(v) / len(v) for v in by_item.values()) / len(by_item)

    def to_dict(self) -> dict:
        docs = sorted({q.gold.doc for q in self.quotes})
        return {
            "section": self.score("section"), "chapter": self.score("chapter"),
            "page": self.score("page"), "image_pages_cited": self.image_pages_cited,
            "items": len({q.gold.item for q in self.quotes}), "quotes": len(self.quotes),
            "not_found": sum(not q.found for q in self.quotes),
            "per_document": {d: {w: self.score(w, d) for w in ("section", "chapter", "page")}
                             for d in docs},
            "documents": [vars_of(d) for d in self.documents],
            "missing_docs": list(self.missing_docs),
            "failures": [
                {"item": q.gold.item, "doc": q.gold.doc, "quote": q.gold.quote[:80],
                 "gold_section": list(q.gold.section), "cited_section": list(q.cited_section),
                 "gold_page": q.gold.page_label or str(q.gold.page), "cited_page": q.cited_page}
                for q in self.quotes if not (q.section_ok and q.chapter_ok and q.page_ok)
            ],
        }


def vars_of(d: DocumentFacts) -> dict:
    return {k: getattr(d, k) for k in d.__slots__}


def norm_heading(s: str) -> str:
    """Headings compare without case, punctuation, accents' forms or spacing."""
    s = unicodedata.normalize("NFKC", s).casefold()
    s = re.sub(r"(?<=\w)-\s*(?=\w)", "", s)  # "toekomst- bestendige" = "toekomstbestendige"
    return " ".join(re.sub(r"[^\w]+", " ", s).split())


def load_structure_set(path: str | Path) -> list[GoldPlace]:
    """Gold places of every answerable item (and of its `evidence_more`)."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise StructureSetError(f"{path}: cannot be read ({exc.strerror}); check the path") from exc
    out: list[GoldPlace] = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise StructureSetError(f"{path}:{n}: not JSON ({exc.msg})") from exc
        if not isinstance(obj, dict) or "id" not in obj:
            raise StructureSetError(f"{path}:{n}: expected an object with an 'id'")
        places = []
        if obj.get("doc") and obj.get("section") and obj.get("page"):
            places += [(obj, q) for q in obj.get("evidence") or [] if isinstance(q, str)]
        places += [(m, m.get("quote")) for m in obj.get("evidence_more") or []
                   if isinstance(m, dict) and m.get("doc") and m.get("section") and m.get("page")]
        for src, quote in places:
            if not quote:
                continue
            label = src.get("page_label")
            out.append(GoldPlace(
                item=str(obj["id"]), doc=src["doc"], page=int(src["page"]),
                page_label=str(label) if label is not None else None,
                section=tuple(p.strip() for p in str(src["section"]).split(" > ") if p.strip()),
                quote=_WS.sub(" ", quote).strip(),
            ))
    if not out:
        raise StructureSetError(
            f"{path}: no item with doc, page, section and evidence; this needs the format of "
            "dev_municipalities.jsonl")
    return out


def _holder(chunks, spans):
    """The chunk a quote is cited from: one holding the whole quote, else the one holding
    its start."""
    for s, e in spans:
        for c in chunks:
            if c.start <= s and e <= c.end:
                return c
    for s, _e in spans:
        for c in chunks:
            if c.start <= s < c.end:
                return c
    return None


def cited_page(chunk) -> str | None:
    p = chunk.page
    if p.label:
        return str(p.label)
    return str(p.start) if p.start is not None else None


def evaluate_structure(places: list[GoldPlace], store) -> StructureResult:
    """Score every gold place against the chunks of the store."""
    from eval.metrics import collapse_with_offsets, locate

    docs = {r.doc: r for r in store.documents()}
    cache: dict[str, tuple] = {}
    scores: list[QuoteScore] = []
    missing: set[str] = set()
    for g in places:
        if g.doc not in docs:
            missing.add(g.doc)
            scores.append(QuoteScore(g, False))
            continue
        if g.doc not in cache:
            text = store.text(g.doc)
            cache[g.doc] = (collapse_with_offsets(text), store.chunks(g.doc))
        (collapsed, offsets), chunks = cache[g.doc]
        spans = locate(collapsed, offsets, g.quote)
        c = _holder(chunks, spans) if spans else None
        if c is None:
            scores.append(QuoteScore(g, False))
            continue
        path = {norm_heading(s) for s in c.section}
        want_page = g.page_label or str(g.page)
        scores.append(QuoteScore(
            g, True,
            section_ok=norm_heading(g.section[-1]) in path,
            chapter_ok=norm_heading(g.section[0]) in path,
            page_ok=cited_page(c) == want_page,
            cited_section=c.section, cited_page=cited_page(c),
        ))
    facts, cited = [], 0
    for name in sorted({g.doc for g in places} & set(docs)):
        r = docs[name]
        image = tuple(getattr(r, "image_pages", ()) or ())
        facts.append(DocumentFacts(name, r.title, getattr(r, "body", "") or r.municipality,
                                   r.year_from, r.year_to, getattr(r, "doc_type", None), image))
        if image:
            chunks = cache[name][1] if name in cache else store.chunks(name)
            cited += sum(1 for c in chunks if c.page.start in image)
    return StructureResult(tuple(scores), cited, tuple(facts), tuple(sorted(missing)))


def structure_table(result: StructureResult) -> str:
    """The figures per document and overall, then the documents' metadata, as plain text."""
    docs = sorted({q.gold.doc for q in result.quotes})
    head = f"{'document':<40} {'items':>5} {'section':>8} {'chapter':>8} {'page':>6}"
    rows = [head, "-" * len(head)]

    def row(name: str, doc: str | None) -> str:
        n = len({q.gold.item for q in result.quotes if doc is None or q.gold.doc == doc})
        cells = [result.score(w, doc) for w in ("section", "chapter", "page")]
        return f"{name[:40]:<40} {n:>5} " + " ".join(
            f"{'-' if v is None else f'{v:.3f}':>{w}}" for v, w in zip(cells, (8, 8, 6), strict=True))

    rows += [row(d, d) for d in docs]
    rows += ["-" * len(head), row("all", None)]
    nf = sum(not q.found for q in result.quotes)
    rows.append(f"quotes: {len(result.quotes)}, not found in the store: {nf}; "
                f"chunks citing an image-only page: {result.image_pages_cited}")
    if result.missing_docs:
        rows.append(f"not in the store (ingest them first): {', '.join(result.missing_docs)}")
    rows.append("")
    rows.append(f"{'document':<40} {'body':<22} {'period':<10} {'type':<16} title")
    for d in result.documents:
        period = "-" if d.year_from is None else (
            str(d.year_from) if d.year_to in (None, d.year_from) else f"{d.year_from}-{d.year_to}")
        rows.append(f"{d.doc[:40]:<40} {d.body[:22]:<22} {period:<10} {str(d.doc_type)[:16]:<16} "
                    f"{d.title[:60]}")
        if d.image_pages:
            rows.append(f"    image-only pages: {', '.join(map(str, d.image_pages))}")
    return "\n".join(rows)


def leave_one_document_out(pdfs: list[Path], places: list[GoldPlace], grid: dict[str, list],
                           module: str = "ingest.pdf_headings") -> dict:
    """Honest figures for tunable heading constants: for every document, pick the setting of
    `grid` (constant name -> values, of `module`) that scores best (section + chapter) on
    the other documents, and score the held-out document with it. Returns the per-document
    held-out figures, the settings chosen and the in-sample best."""
    import importlib
    import itertools
    import tempfile

    from ingest.chunking import chunk_document
    from ingest.pipeline import parse
    from ingest.store import ChunkStore

    mod = importlib.import_module(module)
    names = list(grid)
    saved = {n: getattr(mod, n) for n in names}
    table: dict[tuple, StructureResult] = {}
    try:
        for values in itertools.product(*(grid[n] for n in names)):
            for n, v in zip(names, values, strict=True):
                setattr(mod, n, v)
            with tempfile.TemporaryDirectory() as tmp:
                store = ChunkStore(Path(tmp))
                for f in pdfs:
                    doc = parse(f)
                    store.put(doc, chunk_document(doc))
                table[values] = evaluate_structure(places, store)
    finally:
        for n, v in saved.items():
            setattr(mod, n, v)
    docs = sorted({g.doc for g in places})

    def fit(values, keep) -> float:
        r = table[values]
        return sum((r.score("section", d) or 0) + (r.score("chapter", d) or 0) for d in keep)

    held: dict[str, dict] = {}
    for d in docs:
        best = max(table, key=lambda v: fit(v, [x for x in docs if x != d]))
        held[d] = {"setting": dict(zip(names, best, strict=True)),
                   **{w: table[best].score(w, d) for w in ("section", "chapter", "page")}}
    n_items = {d: len({g.item for g in places if g.doc == d}) for d in docs}
    total = sum(n_items.values())
    pooled = {w: sum((held[d][w] or 0) * n_items[d] for d in docs) / total
              for w in ("section", "chapter", "page")}
    best_all = max(table, key=lambda v: fit(v, docs))
    return {"held_out": held, "pooled": pooled,
            "in_sample": {"setting": dict(zip(names, best_all, strict=True)),
                          **{w: table[best_all].score(w) for w in ("section", "chapter", "page")}},
            "default": {"setting": saved, **{
                w: table[tuple(saved[n] for n in names)].score(w)
                for w in ("section", "chapter", "page")}} if tuple(saved[n] for n in names) in table
            else None}
