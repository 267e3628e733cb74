"""A citation to copy keeps the page range of a passage that runs over a page break."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from app import texts
from app import ui_render as R


def _chunk(start, end, label=None, exact=True):
    page = SimpleNamespace(start=start, end=end, label=label, exact=exact)
    return SimpleNamespace(title="Programmabegroting 2026", section=("Bijlage 2. Taakvelden",),
                           page=page)


def test_citation_keeps_the_page_range():
    assert R.citation(_chunk(111, 112)) == \
        "Programmabegroting 2026, Bijlage 2. Taakvelden, p. 111-112"
    assert R.citation(_chunk(124, 125, exact=False)).endswith("ca. p. 124-125")
    assert R.citation(_chunk(14, 14)).endswith("p. 14")
    assert R.citation(_chunk(14, None)).endswith("p. 14")
    assert R.citation(_chunk(None, None)) == "Programmabegroting 2026, Bijlage 2. Taakvelden"
    assert R.citation(_chunk(3, 4, label="iii")).endswith("p. iii")  # printed labels as printed


@given(st.integers(1, 2000), st.integers(0, 5), st.booleans())
def test_card_label_and_citation_agree(start, span, exact):
    chunk = _chunk(start, start + span, exact=exact)
    assert R.citation(chunk).endswith(R.page_label(chunk))
    assert (f"-{start + span}" in R.page_label(chunk)) == (span > 0)


def test_old_callers_without_an_end_page_still_work():
    assert texts.citation_text("Kaderbrief 2024", (), 52, None, False) == \
        "Kaderbrief 2024, ca. p. 52"
