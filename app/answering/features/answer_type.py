"""Does the candidate have the form of what is asked: an amount, percentage, count or date
for 'hoeveel'/'wanneer', a named person for 'wie', a defining sentence for 'wat is', a reason for 'waarom', an item
for 'welke'? Types come from the one tagger (app/answering/tagger.py)."""

from __future__ import annotations

import re

from app.answering import tagger
from app.answering.terms import alternatives, covers, term_set

NAMES = ("type_match", "type_missing", "asks_quantity", "definition_form", "reason_form",
         "list_form", "counted_match", "listed_match")
_QUANTITY = {"amount", "percent", "count"}
_DEFINES = re.compile(r"\b(is een|zijn de|betekent|houdt in|wordt .{0,40}(?:verstaan|bedoeld)|"
                      r"noemen we|staat voor|is bedoeld|is het|gaat om)\b", re.I)
_REASON = re.compile(r"\b(omdat|doordat|want|daarom|reden|vanwege|zodat|door de|als gevolg)\b", re.I)


def compute(q, c, stats) -> list[float]:
    text = c.unit.text
    have = tagger.unit_types(text, c.scale)
    if c.row is not None and c.scale > 1.0:
        have.add("amount")
    asked = q.kind
    if asked in _QUANTITY:
        # a count may be printed as any number; an amount may sit in a row with a table unit
        match = asked in have or (asked == "count" and bool(have & _QUANTITY)) or (
            asked == "amount" and "count" in have and c.row is not None)
        missing = not (have & _QUANTITY)
    elif asked in ("date", "period"):
        match = tagger.serves_when(q.text, text, have)
        missing = not match
    elif asked == "person":
        match = "person" in have
        missing = not match
    else:
        match, missing = False, False
    return [
        float(match),
        float(missing),
        float(asked in _QUANTITY),
        float(asked == "definition" and bool(_DEFINES.search(text))),
        float(asked == "reason" and bool(_REASON.search(text))),
        float(asked == "list" and (c.unit.kind == "item" or text.rstrip().endswith(":")
                                   or text.count(",") >= 2)),
        _counted(q, text),
        _listed(q, c),
    ]


def _counted(q, text: str) -> float:
    """'hoeveel woningen': a number in the unit followed by 'woningen' (or its document word)."""
    if not q.counted:
        return 0.0
    after = term_set(" ".join(tagger.counted_after_number(text)))
    return float(bool(after) and covers(alternatives(q.counted), after))


def _listed(q, c) -> float:
    """'Welke kerntaken': the unit, its lead-in or its heading names them ('De kerntaken
    zijn:', 'Kerntaken:'). The cue keeps the noun out of the question's topic words, so
    this is the one place it counts."""
    if not q.listed:
        return 0.0
    return float(covers(alternatives(q.listed),
                        term_set(c.unit.text) | term_set(c.header) | term_set(c.heading)))
