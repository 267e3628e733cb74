"""Write the answer text from the picked units: the asked fact first, each sentence with
[n] for its passage, table rows stated as sentences with their column and unit, and the
citations with verbatim quotes."""

from __future__ import annotations

import re

from app import readable, texts
from app.answering.model import Citation
from app.answering.select import Scored
from app.answering.units import BULLET, continues_item, is_heading_line
from app.source_text import neutralise_markers

MAX_SENTENCE_CHARS = 400
_FOOTNOTE_MARK = re.compile(r"(?<=[^\W\d])\[\d{1,2}\]|\[\d{1,2}\](?=\s)|[¹²³⁴⁵⁶⁷⁸⁹⁰]+")
_SECTION_NUMBER = re.compile(r"^\d+(?:\.\d+)+\.?\s+(?=[A-Z])")


def neutralise(text: str) -> str:
    """Only our [n] markers may look like citations: drop the source's footnote markers and
    a leading section number the layout glued to a sentence."""
    return _SECTION_NUMBER.sub("", neutralise_markers(_FOOTNOTE_MARK.sub("", text)))


def _plain(text: str) -> str:
    text = re.sub(r"\s+", " ", BULLET.sub("", text)).strip()
    if len(text) > MAX_SENTENCE_CHARS:
        text = text[:MAX_SENTENCE_CHARS].rsplit(" ", 1)[0] + " …"
    return text


def render(s: Scored, years: tuple[int, ...]) -> str:
    """A unit as the reader sees it."""
    c = s.cand
    if c.row is not None and c.row.values:
        row = c.row
        pairs = [(col, val) for col, val in zip(row.columns, row.values, strict=False)]
        named = [(col, val) for col, val in pairs if col]
        wanted = [(col, val) for col, val in named if any(str(y) in col for y in years)]
        if len(named) == len(pairs) and named:
            return row_sentence(row.label, wanted or named, row.unit, c.header)
        return texts.row_as_written(c.unit.text, row.caption or row.unit)
    text = _plain(c.unit.text)
    if text and text[-1] not in ".!?:;…":
        text += "."
    return text


def _lower_first(s: str) -> str:
    if len(s) > 1 and s[0].isupper() and not s[1].isupper():
        return s[0].lower() + s[1:]
    return s


def row_sentence(label: str, cells: list[tuple[str, str]], unit: str, header: str) -> str:
    """A table row as a resident reads it, with the figures as printed behind it:
    'Algemene reserve, begroting 2026: € 45,2 miljoen (in de tabel: 45.150, bedragen
    x € 1.000).' Amounts are said by app/readable.py; other values stay as printed."""
    table_unit = readable.unit_of(f"{header}\n{unit}")
    said = []
    for col, val in cells:
        try:
            value = readable.say_amount(readable.parse_amount(val, table_unit))
        except readable.AmountError:
            value = val
        said.append(f"{col.lower()}: {value}" if col else value)
    body = f"{label}, {'; '.join(said)}"
    printed = " en ".join(val for _, val in cells)
    if all(_as_written(val, body) for _, val in cells):
        return f"{body}."
    tail = f", {unit}" if unit else ""
    return f"{body} (in de tabel: {printed}{tail})."


def _as_written(value: str, text: str) -> bool:
    """The printed value stands in the text as itself, not inside a longer number: '482' is
    not in '€ 482.000', so the printed figure must still be shown behind it."""
    pat = re.escape(value.strip())
    if not pat:
        return True
    if value.strip()[0].isdigit():
        pat = r"(?<![\d.,])" + pat
    if value.strip()[-1].isdigit():
        pat += r"(?![.,]?\d)"
    return re.search(pat, text) is not None


def _quote(chunk, units) -> str:
    units = sorted(units, key=lambda u: u.start)
    contiguous = all(not chunk.text[a.end:b.start].strip() for a, b in zip(units, units[1:], strict=False))
    if contiguous:
        return chunk.text[units[0].start:units[-1].end]
    return " … ".join(u.text for u in units)


def compose(picked: list[Scored], years: tuple[int, ...]) -> tuple[str, tuple[Citation, ...]]:
    numbers: dict[str, int] = {}
    units: dict[str, list] = {}
    chunks = {}
    parts: list[str] = []
    several_docs = len({s.cand.chunk.doc for s in picked}) > 1
    last_doc = None
    i = 0
    while i < len(picked):
        s = picked[i]
        cid = s.cand.chunk.chunk_id
        n = numbers.setdefault(cid, len(numbers) + 1)
        chunks[cid] = s.cand.chunk
        units.setdefault(cid, []).append(s.cand.unit)
        prefix = ""
        nxt = picked[i + 1] if i + 1 < len(picked) else None
        if is_heading_line(s.cand.unit) and nxt is not None and nxt.cand.chunk.chunk_id == cid \
                and nxt.cand.unit.index == s.cand.unit.index + 1 and nxt.cand.unit.kind != "item":
            # a heading with the line under it reads as one: 'Uitkomst spoor 3: Er zijn ...'
            prefix = f"{_plain(s.cand.unit.text)}: "
            i += 1
            s = nxt
            units[cid].append(s.cand.unit)
        group = []
        while i + 1 < len(picked) and picked[i + 1].cand.chunk.chunk_id == cid and (
                picked[i + 1].cand.unit.kind == "item" or (group and continues_item(group[-1].cand.unit, picked[i + 1].cand.unit))):
            i += 1
            group.append(picked[i])
            units[cid].append(picked[i].cand.unit)
        if group:
            lead = _plain(s.cand.unit.text)
            if s.cand.unit.kind == "item":  # items of one list: 'Almere; Dronten; Urk.'
                lead = lead.rstrip(".;:") + ";"
            elif is_heading_line(s.cand.unit):
                lead += ":"  # 'Bestuur: Dronten; Urk.'
            body = f"{lead} " + "; ".join(_plain(g.cand.unit.text).rstrip(".;:") for g in group) + "."
        else:
            body = render(s, years)
        body = prefix + body
        body = neutralise(body)
        if several_docs and s.cand.chunk.doc != last_doc:  # say which source is which
            title = texts.with_article(s.cand.chunk.title)
            body = f"{texts.ACCORDING_TO.format(title=title)}: {_lower_first(body)}"
        last_doc = s.cand.chunk.doc
        parts.append(f"{body} [{n}]")
        i += 1
    citations = tuple(Citation(n, chunks[cid], _quote(chunks[cid], units[cid]))
                      for cid, n in sorted(numbers.items(), key=lambda kv: kv[1]))
    return " ".join(parts), citations
