"""The candidate's form: a table row, a list item, a bare heading or fragment, its length."""

from __future__ import annotations

import math

from app.answering.units import has_word, is_heading_line

NAMES = ("is_row", "is_item", "heading_like", "log_words", "short", "long", "row_no_label",
         "ends_colon", "position")


def compute(q, c, stats) -> list[float]:
    text = c.unit.text
    n = len(text.split())
    heading = is_heading_line(c.unit)
    row_no_label = c.row is not None and not has_word(c.row.label)
    return [
        float(c.unit.kind == "row"),
        float(c.unit.kind == "item"),
        float(heading),
        math.log1p(n),
        float(n < 6),
        float(n > 60),
        float(row_no_label),
        float(text.rstrip().endswith(":")),
        c.position,
    ]
