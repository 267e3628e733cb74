"""Cut a ParsedDocument into citable chunks: section-aware, ~150-300 words, deterministic.

A chunk never spans two top-level chapters, prefers to end at a heading or a paragraph end,
overlaps its neighbour only where a long paragraph had to be split, and carries the caption
and column header of a table whose rows it holds. It does not embed or store anything.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from ingest.lines import BULLET_GLYPHS
from ingest.model import Block, Chunk, PageRef, PageSpan, ParsedDocument
from ingest.tables import has_year

MIN_WORDS = 40  # below this a piece is merged into a neighbour of the same section
BREAK_SHARE = 0.25  # at a guessed (plain) title, end the chunk once it holds this share of target
PAGE_BREAK_WORDS = 60  # a chunk holding this many words ends where a new page begins


@dataclass(frozen=True, slots=True)
class ChunkSettings:
    target_words: int = 180
    max_words: int = 300
    overlap_words: int = 40

    def to_dict(self) -> dict:
        return {"target_words": self.target_words, "max_words": self.max_words,
                "overlap_words": self.overlap_words}


@dataclass(slots=True)
class _Piece:
    start: int
    end: int
    section: tuple[str, ...]
    chapter: int  # index of the top-level chapter it belongs to
    words: int
    headings_only: bool = False

    def cover(self, section: tuple[str, ...]) -> None:
        """The chunk now also holds text of `section`: keep the common heading path."""
        k = 0
        while k < min(len(self.section), len(section)) and self.section[k] == section[k]:
            k += 1
        if k or not self.section:
            self.section = self.section[:k]
        # (no common heading at all: keep where the chunk starts, never an empty path)


def _words(text: str) -> int:
    return len(text.split())


def _split_long(text: str, b: Block, target: int, overlap: int) -> list[tuple[int, int]]:
    """A paragraph longer than max_words -> overlapping (start, end) ranges, at sentence
    ends where possible."""
    words = [(m.start() + b.start, m.end() + b.start)
             for m in re.finditer(r"\S+", text[b.start:b.end])]
    sent_start = {0} | {k for k in range(1, len(words))
                        if text[words[k - 1][1] - 1] in ".!?:;" and text[words[k][0]].isupper()}
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        j = min(i + target, len(words))
        if len(words) - j < MIN_WORDS:
            j = len(words)  # do not leave a tiny tail
        else:
            # end at a sentence end in the last third of the piece when there is one
            ends = [k for k in sent_start if i + target * 2 // 3 <= k <= j]
            if ends:
                j = max(ends)
        out.append((words[i][0], words[j - 1][1]))
        if j >= len(words):
            break
        back = [k for k in sent_start if j - overlap <= k < j]
        i = min(back) if back else max(j - overlap, i + 1)
    return out


_HEAD_MARK = re.compile(rf"^(?:#{{1,6}}\s+|[{BULLET_GLYPHS}]\s*)")


def _sections(doc: ParsedDocument) -> list[tuple[Block, tuple[str, ...], int]]:
    """Every non-heading block with the heading path above it and its chapter index."""
    path: list[tuple[int, str]] = []
    chapter = 0
    out = []
    for b in doc.blocks:
        if b.kind == "heading":
            level = max(b.level, 1)
            if level == 1:
                chapter += 1
            path = [p for p in path if p[0] < level]
            # headings as written, without markdown's "## ", a bullet set before a plain
            # sub-heading, or line breaks
            title = " ".join(_HEAD_MARK.sub("", doc.text[b.start:b.end]).split())
            path.append((level, title))
            out.append((b, tuple(t for _, t in path), chapter))
        else:
            out.append((b, tuple(t for _, t in path), chapter))
    return out


def _pieces(doc: ParsedDocument, s: ChunkSettings) -> list[_Piece]:
    """Greedy packing of blocks into pieces, then tiny pieces are merged."""
    pieces: list[_Piece] = []
    cur: _Piece | None = None
    only_headings = True  # cur holds nothing but headings so far

    def flush() -> None:
        nonlocal cur
        if cur is not None:
            pieces.append(cur)
        cur = None

    def add(a: int, z: int, section: tuple[str, ...], chapter: int, heading: bool) -> None:
        nonlocal cur, only_headings
        n = _words(doc.text[a:z])
        if cur is None:
            cur, only_headings = _Piece(a, z, section, chapter, n), heading
            cur.headings_only = heading
            return
        cur.end, cur.words = z, cur.words + n
        if only_headings:
            cur.section = section  # leading headings are the path of what follows
            only_headings = heading
            cur.headings_only = heading
        elif not heading:
            cur.cover(section)
            cur.headings_only = False

    page_starts = sorted(sp.start for sp in doc.pages[1:])
    for b, section, chapter in _sections(doc):
        n = _words(doc.text[b.start:b.end])
        if cur is not None and chapter != cur.chapter:
            flush()
        if b.kind == "heading":
            unrelated = cur is not None and (not cur.section or not section
                                             or cur.section[0] != section[0])
            if cur is not None and not only_headings and (
                b.source != "plain" or cur.words >= s.target_words * BREAK_SHARE
                or (unrelated and cur.words >= MIN_WORDS)
            ):
                flush()  # a heading starts a new chunk (a guessed title only a long one)
            add(b.start, b.end, section, chapter, True)
            continue
        if (cur is not None and not only_headings and cur.words >= PAGE_BREAK_WORDS
                and _starts_page(doc, b.start, page_starts)):
            flush()  # a chunk cites the page it starts on: start a new one on a new page
        if cur is not None and not only_headings and cur.words + n > s.max_words:
            flush()
        if n > s.max_words or (cur is not None and cur.words + n > s.max_words):
            parts = _split_long(doc.text, b, s.target_words, s.overlap_words)
            for k, (a, z) in enumerate(parts):
                if k:
                    flush()
                add(a, z, section, chapter, False)
            if cur is not None and cur.words >= s.target_words:
                flush()
            continue
        add(b.start, b.end, section, chapter, False)
        if cur.words >= s.target_words:
            flush()
    flush()
    return _merge_tiny(pieces, s)


def _starts_page(doc: ParsedDocument, start: int, page_starts: list[int]) -> bool:
    """The block at `start` is the first of a page (only whitespace before it on that page)."""
    k = bisect_right(page_starts, start) - 1
    return k >= 0 and not doc.text[page_starts[k]:start].strip()


def _merge_tiny(pieces: list[_Piece], s: ChunkSettings) -> list[_Piece]:
    """Merge a piece under MIN_WORDS into its predecessor when both cite the same section,
    else into its successor when it holds only headings (within max_words)."""
    out: list[_Piece] = []
    carry: _Piece | None = None  # a tiny piece waiting to be merged into the next one
    for p in pieces:
        if carry is not None:
            if (carry.headings_only and carry.end <= p.start
                    and carry.words + p.words <= s.max_words):
                # A heading-only piece leads into the next one, even across a chapter.
                p = _Piece(carry.start, p.end, _joined_section(carry, p), p.chapter,
                           carry.words + p.words, carry.headings_only and p.headings_only)
            else:
                out.append(carry)
            carry = None
        prev = out[-1] if out else None
        if p.words < MIN_WORDS:
            if (prev is not None and prev.chapter == p.chapter and prev.end <= p.start
                    and prev.section == p.section and prev.words + p.words <= s.max_words):
                prev.end, prev.words = p.end, prev.words + p.words
                prev.cover(p.section)
            else:
                carry = p
            continue
        out.append(p)
    if carry is not None:
        out.append(carry)
    return out


def _joined_section(first: _Piece, second: _Piece) -> tuple[str, ...]:
    """Section of a tiny piece merged into the next: a heading-only piece leads into it."""
    if first.headings_only or (first.words <= 12
                               and second.section[: len(first.section)] == first.section):
        return second.section
    joined = _Piece(0, 0, first.section, first.chapter, 0)
    joined.cover(second.section)
    return joined.section


def page_ref(spans: tuple[PageSpan, ...], start: int, end: int) -> PageRef:
    """The pages a text range covers; exact only when every covered page is exact."""
    hit = [sp for sp in spans if sp.start < end and sp.end > start] if spans else []
    known = [sp for sp in hit if sp.page is not None]
    if not known:
        return PageRef(None, None, None, False)
    exact = len(known) == len(hit) and all(sp.exact for sp in hit)
    return PageRef(known[0].page, known[-1].page, known[0].label, exact)


def _table_context(doc: ParsedDocument, start: int, end: int) -> str:
    """The caption and column header of every table whose rows the chunk holds, when they
    are not in the chunk already: the table's captions and the header line(s) in force at
    the chunk's first row of that table (the header repeated on a later page is the same)."""
    first_row: dict[int, Block] = {}
    for b in doc.blocks:
        if b.kind == "table_row" and b.start < end and b.end > start and b.table not in first_row:
            first_row[b.table] = b
    lines: list[str] = []
    for t, row in first_row.items():
        captions: list[Block] = []
        header: Block | None = None
        for b in doc.blocks:
            if b.start >= row.start:
                break
            if b.table == t and b.kind == "table_caption":
                captions.append(b)
            elif b.table == t and b.kind == "table_header" and (
                    header is None or has_year(doc.text[b.start:b.end])):
                header = b  # (a sub-label "Lasten" between rows does not replace the header)
        for b in [*captions, *([header] if header is not None else [])]:
            if b.start >= start:
                continue  # already inside the chunk
            line = doc.text[b.start:b.end]
            if line not in lines:
                lines.append(line)
    return "\n".join(lines)


def chunk_document(
    doc: ParsedDocument,
    *,
    target_words: int = 180,
    max_words: int = 300,
    overlap_words: int = 40,
    municipality: str | None = None,
) -> list[Chunk]:
    """Cut a parsed document into chunks; the same input always gives the same chunks.
    `municipality` None: the key of the body the document names (ingest/metadata.py)."""
    from ingest.metadata import municipality_key

    municipality = municipality or municipality_key(doc.body)
    if not 0 <= overlap_words < target_words <= max_words:
        raise ValueError(
            f"chunk settings need 0 <= overlap < target <= max, got overlap={overlap_words}, "
            f"target={target_words}, max={max_words}"
        )
    s = ChunkSettings(target_words, max_words, overlap_words)
    doc_id = doc.sha256[:12]
    chunks = []
    for p in _pieces(doc, s):
        text = doc.text[p.start:p.end]
        if not text.strip():
            continue
        chunks.append(Chunk(
            chunk_id=f"{doc_id}:{len(chunks):04d}",
            doc_id=doc_id,
            doc=doc.name,
            title=doc.title,
            section=p.section,
            page=page_ref(doc.pages, p.start, p.end),
            text=text,
            start=p.start,
            end=p.end,
            year_from=doc.year_from,
            year_to=doc.year_to,
            municipality=municipality,
            context=_table_context(doc, p.start, p.end),
            body=doc.body,
            doc_type=doc.doc_type,
        ))
    return chunks
