"""Selection: what a best unit brings along from its passage."""

from __future__ import annotations

import re

from answer_fakes import one_chunk
from hypothesis import given, settings
from hypothesis import strategies as st

from app.answering.candidates import from_hits
from app.answering.select import FOLLOW_WORDS, MAX_ITEMS, Scored, select
from app.answering.units import continues_item, is_heading_line, is_lead
from index.model import Hit

TEXT = ("Uitkomst spoor 3 – toekomstscenario's\n"
        "Er zijn drie scenario's uitgewerkt: krimp, stilstand en gericht versterken. "
        "Het bestuur kiest in het voorjaar een scenario.\n"
        "Financiën\n"
        "De kosten staan in hoofdstuk 4.")


def _pool(text: str, best_index: int) -> list[Scored]:
    chunk = one_chunk(text, "Nota", ("Ontwikkelingen",))
    cands = from_hits([Hit(chunk, 1.0, 1, "bm25")])
    ps = [0.9 if c.unit.index == best_index else 0.01 for c in cands]
    return sorted((Scored(c, p) for c, p in zip(cands, ps, strict=True)), key=lambda s: -s.p)


def test_a_heading_brings_the_sentences_under_it_up_to_the_next_heading():
    picked = select(_pool(TEXT, 0), add_min=0.5)
    texts = [s.cand.unit.text for s in picked]
    assert texts[0] == "Uitkomst spoor 3 – toekomstscenario's"
    assert any("krimp, stilstand en gericht versterken" in t for t in texts)
    assert "Financiën" not in texts and not any("hoofdstuk 4" in t for t in texts)


def test_a_sentence_that_says_something_comes_alone():
    picked = select(_pool(TEXT, 1), add_min=0.5)
    assert [s.cand.unit.index for s in picked] == [1]


@settings(deadline=None, max_examples=40)
@given(st.lists(st.sampled_from(["Kopje", "Het bestuur kiest een scenario.", "Kosten:",
                                 "- een item", "▪ een ander item", "▪ Gemeente Urk:", "Dit is een heel lange zin " * 4 + "met een punt."]),
                min_size=1, max_size=8), st.integers(0, 7))
def test_what_a_lead_brings_is_its_passage_in_reading_order_and_bounded(lines, best):
    pool = _pool("\n".join(lines), min(best, len(lines) - 1))
    picked = select(pool, add_min=0.5)
    first = picked[0].cand.unit
    rest = [s.cand.unit for s in picked[1:]]
    if not is_lead(first):
        assert rest == []
        return
    assert [u.index for u in rest] == list(range(first.index + 1, first.index + 1 + len(rest)))
    first_item = next((k for k, u in enumerate(rest) if u.kind == "item"), len(rest))
    before, listed = rest[:first_item], rest[first_item:]
    assert sum(len(u.text.split()) for u in before[:-1]) < FOLLOW_WORDS
    assert not any(is_heading_line(u) for u in before)  # the next heading ends it
    assert len(listed) <= MAX_ITEMS
    # a list ends at a sentence or a heading; only a line under an item ending in ':' joins it
    pairs = zip(listed, listed[1:], strict=False)
    assert all(u.kind == "item" or continues_item(prev, u) for prev, u in pairs)
    assert not listed or listed[0].kind == "item"


def test_a_place_adjective_keeps_the_passages_about_that_place():
    from app.answering.engine import order
    from app.answering.question import analyse
    from app.answering.terms import CorpusStats

    text = "De gemeenten in Flevoland betalen samen 13,8 miljoen euro inwonerbijdrage."
    chunk = one_chunk(text, "Begroting", body="GGD Flevoland")
    pool = from_hits([Hit(chunk, 1.0, 1, "bm25")])
    stats = CorpusStats.from_chunks([chunk])
    kept = order(analyse("Betalen de Flevolandse gemeenten samen 13,8 miljoen?", stats), pool, [0.5])
    assert [s.cand.unit.text for s in kept] == [text]
    other = analyse("Betalen de Groningse gemeenten samen 13,8 miljoen?", stats)
    assert order(other, pool, [0.5]) == []


def test_a_heading_and_the_sentence_under_it_read_as_one_cited_sentence():
    from app.answering.compose import compose

    text, cites = compose(select(_pool(TEXT, 0), add_min=0.5), ())
    assert text.startswith("Uitkomst spoor 3 – toekomstscenario's: Er zijn drie scenario's")
    assert re.findall(r"\[\d+\]", text)[0] == "[1]"
    assert len(cites) == 1 and all(p in cites[0].chunk.text for p in cites[0].quote.split(" … "))


def test_every_bullet_glyph_makes_an_item_and_initials_do_not_end_a_sentence():
    from app.answering.units import split_units
    from ingest.lines import BULLET_GLYPHS

    for glyph in BULLET_GLYPHS:
        assert [u.kind for u in split_units(f"Leden:\n{glyph} Gemeente Urk")] == ["sentence", "item"]
    units = split_units("Wethouder mw. N. Nieuwenhuizen en dhr. M.J. de Vries. Daarna volgt de raad.")
    assert [u.text for u in units] == ["Wethouder mw. N. Nieuwenhuizen en dhr. M.J. de Vries.",
                                       "Daarna volgt de raad."]


def test_a_place_the_documents_know_only_as_a_surname_is_not_what_they_are_about():
    from app.answering.question import analyse
    from app.answering.terms import CorpusStats

    text = ("Het bestuur bestaat uit wethouder dhr. R. van Amersfoort en mw. L. Hillebregt. "
            "Almere telt 220.000 inwoners.")
    chunk = one_chunk(text, "Begroting", body="GGD Flevoland")
    stats = CorpusStats.from_chunks([chunk])
    assert analyse("Hoeveel inwoners heeft Amersfoort?", stats).unknown_names == ("Amersfoort",)
    assert analyse("Hoeveel inwoners heeft Almere?", stats).unknown_names == ()
    for asked in ("Wie is R. van Amersfoort?", "Wat doet wethouder Van Amersfoort?"):
        assert analyse(asked, stats).unknown_names == ()


def test_a_lead_in_picked_after_the_best_unit_comes_with_its_list():
    text = ("Het bestuur kiest in het voorjaar een scenario voor de GGD.\n"
            "Het bestuur bestaat uit de wethouders van zes gemeenten:\n"
            "▪ Gemeente Almere\n▪ Gemeente Dronten\n▪ Gemeente Urk")
    pool = _pool(text, 0)
    lead_in = next(s for s in pool if s.cand.unit.index == 1)
    pool = sorted([Scored(s.cand, 0.6) if s is lead_in else s for s in pool], key=lambda s: -s.p)
    picked = select(pool, add_min=0.5)
    assert [s.cand.unit.index for s in picked] == [0, 1, 2, 3, 4]
    from app.answering.compose import compose

    answer, _ = compose(picked, ())
    assert "zes gemeenten: Gemeente Almere; Gemeente Dronten; Gemeente Urk." in answer


def test_a_list_ends_at_the_next_heading_and_a_heading_reads_into_its_lead_in():
    from app.answering.compose import compose

    text = ("Bestuur\nHet bestuur bestaat uit de wethouders van drie gemeenten:\n"
            "▪ Gemeente Almere:\nWethouder mw. N. Nieuwenhuizen\n▪ Gemeente Urk\n"
            "Financiën\n▪ Begroting 2025")
    picked = select(_pool(text, 0), add_min=0.5)
    answer, cites = compose(picked, ())
    assert answer == ("Bestuur: Het bestuur bestaat uit de wethouders van drie gemeenten: "
                      "Gemeente Almere; Wethouder mw. N. Nieuwenhuizen; Gemeente Urk. [1]")
    assert len(cites) == 1


RATE = ("Tarieven\n"
        "Voor projecten werken we met één integraal uurtarief. "
        "Hiermee komt het tarief voor 2026 uit op € 120 per uur.\n"
        "Overhead\n"
        "De overhead is 41%.")


def _has_number(s: Scored) -> bool:
    return bool(re.search(r"\d", s.cand.unit.text))


def test_a_best_unit_without_the_asked_form_brings_the_next_one_that_has_it():
    picked = select(_pool(RATE, 1), add_min=0.5, has_form=_has_number)
    assert [s.cand.unit.text for s in picked][:2] == [
        "Voor projecten werken we met één integraal uurtarief.",
        "Hiermee komt het tarief voor 2026 uit op € 120 per uur."]


def test_the_asked_form_is_not_fetched_across_a_heading():
    text = "Voor projecten werken we met één integraal uurtarief.\nOverhead\nDe overhead is 41%."
    picked = select(_pool(text, 0), add_min=0.5, has_form=_has_number)
    assert [s.cand.unit.index for s in picked] == [0]


def test_without_the_question_asking_a_form_nothing_is_fetched():
    assert [s.cand.unit.index for s in select(_pool(RATE, 1), add_min=0.5)] == [1]


ANNOUNCED = ("In het akkoord zijn vijf ketenaanpakken opgenomen. "
             "Dit zijn Gezond gewicht, Kansrijke start, Valpreventie en Welzijn op recept. "
             "De regio kiest er twee.")


def test_a_list_question_reads_the_enumeration_after_the_sentence_that_announces_it():
    picked = select(_pool(ANNOUNCED, 0), add_min=0.5, wants_list=True)
    texts = [s.cand.unit.text for s in picked]
    assert texts == ["In het akkoord zijn vijf ketenaanpakken opgenomen.",
                     "Dit zijn Gezond gewicht, Kansrijke start, Valpreventie en Welzijn op recept."]
    # a sentence that names one thing is not an enumeration; other questions read no further
    assert len(select(_pool(ANNOUNCED, 1), add_min=0.5, wants_list=True)) == 1
    assert len(select(_pool(ANNOUNCED, 0), add_min=0.5)) == 1


def test_a_list_item_without_the_asked_form_does_not_bring_the_next_item():
    text = ("Uitgangspunten:\n· De OZB stijgt conform de prijsontwikkeling.\n"
            "· De toeristenbelasting stijgt met € 0,05 per nacht.")
    picked = select(_pool(text, 1), add_min=0.5, has_form=_has_number)
    assert not any("toeristenbelasting" in s.cand.unit.text for s in picked)


def test_the_asked_form_comes_first_only_from_a_unit_as_much_on_topic():
    from app.answering.engine import order
    from app.answering.question import analyse
    from app.answering.terms import CorpusStats

    text = ("· De onroerendezaakbelasting wordt verhoogd conform de prijsontwikkeling.\n"
            "· De toeristenbelasting wordt verhoogd met € 0,05 per nacht.\n"
            "· De onroerendezaakbelasting wordt per 1 januari verhoogd met 4,2%.")
    chunk = one_chunk(text, "Begroting")
    pool = from_hits([Hit(chunk, 1.0, 1, "bm25")])
    q = analyse("Hoeveel wordt de onroerendezaakbelasting verhoogd?", CorpusStats.from_chunks([chunk]))
    assert q.kind in ("count", "amount", "percent")
    first = order(q, pool[:2], [0.5, 0.4], form_ratio=0.25)[0].cand.unit.text
    assert "prijsontwikkeling" in first  # the tourist tax's number answers another question
    first = order(q, pool, [0.5, 0.4, 0.3], form_ratio=0.25)[0].cand.unit.text
    assert "4,2%" in first


def test_the_asked_form_is_taken_only_from_a_sentence_that_points_back():
    text = ("De OZB stijgt conform de prijsontwikkeling. "
            "De toeristenbelasting stijgt met € 0,05 per nacht.")
    picked = select(_pool(text, 0), add_min=0.5, has_form=_has_number)
    assert [s.cand.unit.index for s in picked] == [0]


def test_a_decimal_comma_is_no_enumeration():
    from app.answering.units import enumerates, split_units

    money = split_units("De kosten zijn € 1,2 miljoen in 2025 en € 1,4 miljoen in 2026.")[0]
    listed = split_units("Dit zijn Gezond gewicht, Kansrijke start, Valpreventie en Welzijn.")[0]
    assert not enumerates(money) and enumerates(listed)
