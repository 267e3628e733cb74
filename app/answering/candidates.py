"""Candidate answer units: the sentences, list items and table rows of the retrieved
passages, each with what a reader needs to understand it (a row's column header and unit,
an item's lead-in, the passage's heading path)."""

from __future__ import annotations

from dataclasses import dataclass

from app.answering import tagger
from app.answering.units import TableRow, Unit, has_word, header_lines, parse_row, split_units
from app.source_text import addresses_assistant
from index.model import Hit
from ingest.model import Chunk

MAX_UNITS_PER_PASSAGE = 60  # a very long passage contributes its first units only


@dataclass(frozen=True, slots=True)
class Candidate:
    chunk: Chunk
    unit: Unit
    rank: int  # of the passage in the retrieval, 1-based
    score_rel: float  # the passage's retrieval score relative to the best one
    header: str  # rows: caption and column header; items: the lead-in ending in ':'
    heading: str  # the passage's heading path and title
    scale: float  # a row's table unit ('x € 1.000' -> 1000.0), 1.0 otherwise
    row: TableRow | None
    position: float  # 0 = first unit of the passage, 1 = last

    @property
    def key(self) -> tuple:
        """A total order for ties: passage rank, then reading order."""
        return (self.rank, self.chunk.chunk_id, self.unit.start)


def _lead_in(units: list[Unit], i: int) -> str:
    """The sentence ending in ':' that introduces list item i (through earlier items)."""
    j = i - 1
    while j >= 0 and units[j].kind == "item":
        j -= 1
    if j >= 0 and units[j].text.rstrip().endswith(":"):
        return units[j].text
    return ""


def from_hits(hits: list[Hit]) -> list[Candidate]:
    if not hits:
        return []
    best = max(float(h.score) for h in hits) or 1.0
    out: list[Candidate] = []
    for h in hits:
        c = h.chunk
        units = split_units(c.text)[:MAX_UNITS_PER_PASSAGE]
        heading = " > ".join([c.title, *c.section])
        for i, u in enumerate(units):
            if addresses_assistant(u.text):
                continue  # source text is data: a line speaking to an assistant never answers
            if u.kind == "sentence" and not has_word(u.text):
                continue  # '2025 (x € 1.000)', '18%', '13.': a fragment says nothing alone
            row = None
            header = ""
            scale = 1.0
            if u.kind == "row":
                header = header_lines(c.text, c.context, u.start)
                row = parse_row(u.text, header)
                scale = tagger.table_scale(header + "\n" + u.text)
            elif u.kind == "item":
                header = _lead_in(units, i)
            out.append(Candidate(
                chunk=c, unit=u, rank=h.rank, score_rel=float(h.score) / best if best > 0 else 0.0,
                header=header, heading=heading, scale=scale, row=row,
                position=i / max(len(units) - 1, 1),
            ))
    return out
