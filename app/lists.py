"""Lists and headings in passages: bullet items, inline lists ('A, B en C'), numbered
headings, and the items that follow a sentence for 'welke vier ...' questions. Mixed into
Evidence through Selection (app/selection.py).

Recognises shapes only; it does not score units (app/evidence.py) nor write text.
"""

from __future__ import annotations

import re

from app.question import Question, Scored
from app.sentences import Unit

_MARKER = re.compile(r"^\s*(?:[•\-–*·]|\d+[.)]|[a-z][.)])\s+")
_NUMBERED = re.compile(r"^(\d+)\.(\d+)\.?\s+\S")
LIST_GAP = 4  # prose units allowed between the items of a counted list
COUNT_WORDS = {"twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8}


class Lists:
    """List answers; needs units() and next_chunk() from the class it is mixed into."""

    def _with_list(self, q: Question, scored: list[Scored], picked: list[Scored]) -> list[Scored]:
        """For 'welke vier ...': the bullets or numbered headings after a top sentence,
        continued into the next chunk when the list runs past the chunk's end."""
        want = next((n for w, n in COUNT_WORDS.items() if re.search(rf"\b{w}\b", q.text.lower())), None)
        top = scored[0] if scored else None
        if top and not inline_list(top.unit.text) and inline_list(top.unit.text, loose=True) and top.own >= 0.5:
            return picked  # the best sentence names the items itself ('A, B, C en D vormen ...')
        inline = [s for s in scored[:6] if inline_list(s.unit.text) and s.coverage >= 0.8 * scored[0].coverage]
        if inline:  # the fullest statement of the list ('Groene stad van het Noorden, ...')
            return [max(inline, key=lambda s: (len(s.unit.text.split(":", 1)[-1]), s.score))]
        for s in scored[:6]:
            items = self._items_after(s, want)
            if len(items) >= 2:
                head = [] if (is_item_start(s.unit) or _NUMBERED.match(s.unit.text)) else [s]
                return head + items[: want or 8]
        return picked

    def _items_after(self, s: Scored, want: int | None = None) -> list[Scored]:
        out: list[Scored] = []
        chunk, units = s.chunk, self.units(s.chunk)
        idx = next((i for i, u in enumerate(units) if u.start == s.unit.start), None)
        if idx is None:
            return out
        m = _NUMBERED.match(s.unit.text)
        prefix = m.group(1) + "." if m else None
        seq = [(chunk, u) for u in units[idx:]]
        nxt = self.next_chunk(chunk)
        if nxt is not None:
            seq += [(nxt, u) for u in self.units(nxt)]
        if prefix:  # numbered siblings '5.1 ...', '5.2 ...' around the best heading
            prv = self.next_chunk(chunk, -1)
            around = ([(prv, u) for u in self.units(prv)] if prv is not None else [])
            around += [(chunk, u) for u in units[:idx]] + seq
            seen: set[str] = set()
            for c, u in around:
                if _heading_like(u.text) and u.text.startswith(prefix) and u.text not in seen:
                    seen.add(u.text)
                    out.append(Scored(c, u, s.rank, s.score - 0.01, s.coverage, s.own))
            return out
        gap = 0
        for c, u in seq:
            if is_item_start(u):
                out.append(Scored(c, u, s.rank, s.score - 0.01, s.coverage, s.own))
                gap = 0
                if want and len(out) >= want:
                    break
            elif u.kind != "item" and u is not s.unit and out:
                # 'welke vier ...' with fewer found: an item's explanation paragraph may
                # stand between two items; a heading or a long run of prose ends the list
                gap += 1
                if not want or gap > LIST_GAP or is_heading(u.text, c.section):
                    break
            elif u.kind != "item" and u is not s.unit and not out and u.start - s.unit.end > 400:
                break
        return out


def is_heading(text: str, section: tuple[str, ...] = ()) -> bool:
    """A title line: numbered ('6 Kosten, baten en dekking', '1.5.f Openbare verlichting'),
    one of the chunk's section titles, or a few words without a verb's full stop and without
    a number ('Reservepositie'). 'Dit besluit treedt in werking per 26-02-2026' is no title."""
    t = text.strip().rstrip(".")
    if len(t) >= 90:
        return False
    if re.match(r"^\d+(?:\.\d+)*(?:\.[a-z])?\.?\s+[A-Z]", t) and len(t) < 70:
        return True
    low = t.lower()
    if any(low == h.strip().lower().rstrip(".") for h in section):
        return True
    return (text.strip()[-1:] not in ".!?:;" and len(t.split()) <= 5 and t[:1].isupper()
            and not re.search(r"\d", t))


def _heading_like(text: str) -> bool:
    """'5.2 Onzekerheden in de externe context', 'Reservepositie': a title, not an answer."""
    t = text.strip()
    return len(t) < 70 and (t[-1:] not in ".!?:" or bool(re.match(r"^\d+(\.\d+)*\.?\s", t)))


def is_item_start(u: Unit) -> bool:
    """The first piece of a bullet or numbered line ('• Voorzorgsbeginsel: ...')."""
    return u.kind == "item" and bool(_MARKER.match(u.text))


def inline_list(text: str, *, loose: bool = False) -> bool:
    """'... drie principes geformuleerd: Groene stad, Dynamische hoofdstad en Verbonden stad.'"""
    tail = text.split(":", 1)[1] if ":" in text else ""
    if tail:
        return tail.count(",") >= 1 and " en " in tail
    if not loose:
        return False
    # 'gericht op onze werklocaties, de krachtsectoren, het organiserend vermogen en ...'
    return text.count(", ") >= 2 and " en " in text.rsplit(", ", 1)[-1]
