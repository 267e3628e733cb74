"""Years in a question that name something (a plan's period 'Agenda 2026-2030', a named
document's year 'volgens de begroting 2026') identify it; they do not ask about a time,
and a passage on another period of the same plan is not the answer."""

from __future__ import annotations

import pytest
from answer_fakes import AKKOORD, BEGROTING, TITLES, VOORSTEL, FakeSearcher

from app.answer import Answerer
from app.sentences import other_period, periods
from ingest.model import Chunk, PageRef


def _chunks(raw: list[tuple[str, tuple[str, ...], str]]) -> list[Chunk]:
    return [
        Chunk(chunk_id=f"y{i:05d}:{i:04d}", doc_id=f"y{i:05d}", doc=doc, title=TITLES[doc],
              section=section, page=PageRef(i + 1, i + 1, str(i + 1), True), text=text,
              start=0, end=len(text), year_from=2022, year_to=2030)
        for i, (doc, section, text) in enumerate(raw)
    ]


def test_periods():
    assert periods("de Havenagenda 2026-2030 en de vorige (2020 – 2025)") == [(2026, 2030), (2020, 2025)]
    assert periods("in 2026 en 2030; 2030-2026 is geen periode") == []


@pytest.mark.parametrize("text,other", [
    ("De Havenagenda 2020-2025 is vastgesteld.", True),
    ("Voor de jaren 2027-2030 zijn nog geen middelen.", False),  # inside the asked period
    ("De Havenagenda 2026-2030 is vastgesteld.", False),
    ("Vastgesteld op 16 oktober 2025.", False),  # names no period
])
def test_other_period(text, other):
    assert other_period(text, {(2026, 2030)}) is other
    assert other_period(text, set()) is False


def test_another_period_of_the_named_plan_is_not_the_answer():
    chunks = _chunks([
        (VOORSTEL, ("2 Inleiding",),
         "Op 18 juni 2020 is de Havenagenda 2020-2025 door de gemeenteraad vastgesteld. "
         "De gemeenteraad heeft de havenagenda daarna jaarlijks besproken."),
        (VOORSTEL, ("Besluit",),
         "De gemeenteraad besluit de Havenagenda 2026-2030 vast te stellen als kader voor havenbeleid. "
         "Aldus vastgesteld in de openbare vergadering van donderdag 16 oktober 2025."),
        (VOORSTEL, ("Planning",), "De datum van de volgende havenagenda volgt later."),
    ])
    a = Answerer(FakeSearcher(chunks)).ask(
        "Op welke datum heeft de gemeenteraad de Havenagenda 2026-2030 vastgesteld?")
    assert not a.refused
    assert "16 oktober 2025" in a.text
    assert "18 juni 2020" not in a.text
    assert [c.chunk.chunk_id for c in a.citations] == ["y00001:0001"]


def test_the_year_of_a_named_document_does_not_rule_out_a_later_date():
    chunks = _chunks([
        (AKKOORD, ("MEEDOEN",), "Voor het havenfonds maken we in totaal 4 miljoen euro vrij."),
        (BEGROTING, ("3. Hoofdlijnen",),
         "Het havenfonds blijft tot 2026 en stimuleert nieuwe ideeën. Mantelzorgers krijgen steun."),
        (BEGROTING, ("3.5.a Havenfonds",),
         "Het havenfonds loopt nog even door in de begroting. We brengen de impact van het havenfonds in beeld en bereiden de lopende initiatieven "
         "voor op het stopzetten van de middelen uit het havenfonds per 1 januari 2027."),
        (AKKOORD, ("Overleg",), "Het overleg met de haven duurt al lang."),
    ])
    a = Answerer(FakeSearcher(chunks)).ask(
        "Het bestuursakkoord maakte 4 miljoen euro vrij voor het havenfonds. "
        "Hoe lang loopt het havenfonds volgens de begroting 2026?")
    assert not a.refused
    assert "1 januari 2027" in a.text
