"""Where the gold evidence of each item sits: quotes located in the documents' normalised
text (with their exact pages), the sections and pages the set itself names, and whether a
citation's section path and page match them.

Locating never changes a quote: one that cannot be found counts by text containment
only, and the harness says so in its notes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from eval import metrics as M
from eval.dataset import EvalItem, collapse
from ingest.model import IngestError


@dataclass(frozen=True, slots=True)
class GoldPlaces:
    """The sections and pages a correct citation of this item may point to."""

    sections: tuple[str, ...]  # heading paths as the set writes them
    pages: tuple[tuple[int | None, str | None], ...]  # (physical page, printed label)


def places(item: EvalItem, quotes: tuple[M.GoldQuote, ...]) -> GoldPlaces:
    """Sections from the set; pages from the set where it names them, else the exact
    physical pages the located quotes sit on."""
    sections = [item.section] if item.section else []
    sections += [e.section for e in item.all_evidence if e.section]
    stated = [(e.page, e.page_label) for e in item.all_evidence if e.page is not None]
    if item.page is not None:
        stated.insert(0, (item.page, item.page_label))
    pages = stated or [(p, None) for q in quotes for p in q.pages]
    return GoldPlaces(tuple(dict.fromkeys(sections)), tuple(dict.fromkeys(pages)))


# ---------------------------------------------------------------- where a citation points
# (section and page of a citation against the gold places)

_EDGE_PUNCT = " .:;,"


def _heading(h: str) -> str:
    return collapse(h).lower().strip(_EDGE_PUNCT)


def _within(part: str, path: str) -> bool:
    """part occurs in path as whole words (not "bestuur" inside "bestuursakkoord")."""
    if not part:
        return False
    return re.search(r"(?<!\w)" + re.escape(part) + r"(?!\w)", path) is not None


def section_matches(cited: Sequence[str], gold: str) -> bool:
    """The cited heading path holds the gold section (the last heading of the gold path)
    and the gold chapter (its first heading). Case, whitespace and edge punctuation aside."""
    parts = [_heading(p) for p in gold.split(" > ") if _heading(p)]
    if not parts or not cited:
        return False
    path = " > ".join(_heading(h) for h in cited)
    return _within(parts[-1], path) and _within(parts[0], path)


def page_matches(start: int | None, end: int | None, label: str | None,
                 gold_page: int | None, gold_label: str | None) -> bool:
    """The cited page is the gold page: by printed number where the gold page has one and
    the citation shows one (a passage over several pages may also hold it at the same
    label offset), else by physical page within the cited range."""
    if gold_label is not None and label is not None:
        if collapse(label).lower() == collapse(gold_label).lower():
            return True
        if start is None or end is None or end == start or gold_page is None:
            return False
        offset_ok = label.isdigit() and gold_label.isdigit() and int(label) - start == int(gold_label) - gold_page
        return offset_ok and start <= gold_page <= end
    if gold_page is None or start is None:
        return False
    return start <= gold_page <= (end if end is not None else start)


class Documents:
    """Normalised text and exact page spans per document: from the chunk store when it has
    the document, else the text rebuilt from the indexed chunks (gaps as spaces)."""

    def __init__(self, store, chunks):
        self.store = store
        self.stale: list[str] = []  # documents whose stored text no longer fits the index
        self.per_doc: dict[str, list] = {}
        for c in chunks:
            self.per_doc.setdefault(c.doc, []).append(c)

    def text(self, doc: str) -> str | None:
        text = None
        if isinstance(self.store, Mapping):
            text = self.store.get(doc)
        elif self.store is not None and hasattr(self.store, "text"):
            try:
                text = self.store.text(doc)
            except (IngestError, LookupError, OSError, ValueError):
                text = None  # not in the store: fall back to the chunks
        if text is not None and self._agrees(doc, text):
            return text
        if text is not None:
            self.stale.append(doc)
        return self._rebuilt(doc)

    def _agrees(self, doc: str, text: str) -> bool:
        """The indexed chunks' offsets point into this text (store and index in sync)."""
        return all(text[c.start:c.end] == c.text for c in self.per_doc.get(doc, ()))

    def _rebuilt(self, doc: str) -> str | None:
        cs = self.per_doc.get(doc)
        if not cs:
            return None
        buf = [" "] * max(c.end for c in cs)
        for c in cs:
            buf[c.start:c.end] = c.text
        return "".join(buf)

    def pages(self, doc: str, spans) -> tuple[int, ...]:
        """Pages a quote's places sit on, only when every page involved is exact.

        From the store's page spans; else from single-page chunks holding the whole quote.
        Both come from ingest's page evidence, not from the evaluation set."""
        found: set[int] = set()
        page_spans = None
        if self.store is not None and hasattr(self.store, "pages"):
            try:
                page_spans = self.store.pages(doc)
            except (IngestError, LookupError, OSError, ValueError):
                page_spans = None
        for s, e in spans:
            if page_spans:
                over = [p for p in page_spans if p.start < e and s < p.end]
                if not over or not all(p.exact and p.page is not None for p in over):
                    return ()
                found.update(p.page for p in over)
                continue
            holders = [c for c in self.per_doc.get(doc, ()) if c.start <= s and e <= c.end]
            exact = [c for c in holders if c.page.exact and c.page.start is not None
                     and c.page.start == c.page.end]
            if not exact:
                return ()
            found.update(c.page.start for c in exact)
        return tuple(sorted(found))


def locate_all(items, docs: Documents, notes: list[str]) -> dict[str, tuple[M.GoldQuote, ...]]:
    cache: dict[str, tuple[str, list[int]] | None] = {}
    out: dict[str, tuple[M.GoldQuote, ...]] = {}
    missing_docs: set[str] = set()
    unlocated = []
    for it in items:
        quotes = []
        for e in it.all_evidence:
            if e.doc not in cache:
                text = docs.text(e.doc)
                cache[e.doc] = M.collapse_with_offsets(text) if text is not None else None
            located = cache[e.doc]
            spans: tuple = ()
            if located is None:
                missing_docs.add(e.doc)
            else:
                spans = M.locate(located[0], located[1], e.quote)
                if not spans:
                    unlocated.append(f"{it.id} ({e.doc}: {collapse(e.quote)[:60]!r})")
            pages = docs.pages(e.doc, spans) if spans else ()
            quotes.append(M.GoldQuote(e.doc, collapse(e.quote), spans, pages))
        out[it.id] = tuple(quotes)
    if docs.stale:
        notes.append(
            f"the chunk store's text of {sorted(docs.stale)} does not match the indexed chunks "
            "(store re-ingested after the index was built?): texts rebuilt from the index"
        )
    if missing_docs:
        notes.append(
            f"documents not in the index: {sorted(missing_docs)}; their quotes count only "
            "by text containment"
        )
    if unlocated:
        notes.append(
            f"{len(unlocated)} evidence quotes not found in the normalised document text "
            f"(they count only by text containment): {'; '.join(unlocated)}"
        )
    return out
