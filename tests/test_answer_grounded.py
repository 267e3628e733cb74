"""Grounded answers over a hand-made corpus: citations, table rows, refusals, bad input."""

from __future__ import annotations

import re

import pytest
from answer_fakes import KADERBRIEF, FakeSearcher

from app import texts
from app.answer import Answer, Answerer, Citation, clean_question, rewrite_followup
from app.answering.units import header_lines, parse_row, split_units
from app.errors import EmptyQuestion
from index.model import Filters

CITATION_KEYS = {"n", "chunk_id", "doc", "title", "section", "page_start", "page_end",
                 "page_label", "page_exact", "quote"}


@pytest.fixture(scope="module")
def answerer():
    return Answerer(FakeSearcher())


def _markers(text: str) -> list[int]:
    return [int(m) for m in re.findall(r"\[(\d+)\]", text)]


def test_citations_are_numbered_in_order_and_map_to_quoting_chunks(answerer):
    a = answerer.ask("Wanneer gaat de nieuwe economische agenda in?")
    assert not a.refused
    assert "1 januari 2026" in a.text
    marks = _markers(a.text)
    assert marks and marks[0] == 1
    assert [c.n for c in a.citations] == list(range(1, len(a.citations) + 1))
    assert set(marks) == {c.n for c in a.citations}
    # numbers appear in order of first use
    first_use = list(dict.fromkeys(marks))
    assert first_use == sorted(first_use)
    for c in a.citations:
        parts = c.quote.split(" … ")
        assert all(p in c.chunk.text for p in parts), "quote must be the chunk's own sentences"
    cited = {c.n: c for c in a.citations}
    # the sentence holding the date cites the chunk that holds it
    sentence = next(s for s in re.split(r"(?<=\])\s+", a.text) if "1 januari 2026" in s)
    assert "1 januari 2026" in cited[_markers(sentence)[0]].chunk.text


def test_table_row_is_stated_with_column_header_and_unit(answerer):
    a = answerer.ask("Wat is de vrij besteedbare ruimte in de algemene reserve in 2026?")
    assert not a.refused
    # the row as a sentence: its column, the value as printed and as people say it
    assert ("Algemene reserve, begroting 2026: € 45,2 miljoen "
            "(in de tabel: 45.150, bedragen x € 1.000)") in a.text
    assert "Algemene reserve 60.693 45.150 32.573 25.459 20.464" in a.citations[0].quote


def test_table_row_without_year_lists_every_column():
    header = ("Tabel Vrij besteedbare ruimte in reserves (bedragen x € 1.000)\n"
              "Omschrijving Begroting \n2025\n\nBegroting \n2026\n\nMJP 2027 MJP 2028 MJP 2029")
    row = parse_row("Algemene reserve 60.693 45.150 32.573 25.459 20.464", header)
    assert row.label == "Algemene reserve"
    assert row.columns == ("Begroting 2025", "Begroting 2026", "MJP 2027", "MJP 2028", "MJP 2029")
    assert row.values[1] == "45.150"
    assert row.unit == "bedragen x € 1.000"
    assert texts.table_value(row.label, row.columns[1], row.values[1], row.unit) == (
        "Algemene reserve, begroting 2026: 45.150 (bedragen x € 1.000)")


def test_header_lines_are_found_above_a_row_inside_the_chunk():
    text = ("Tabel Stand (bedragen x € 1.000)\nOmschrijving Rekening 2024 Begroting 2025\n"
            "Reserve A 10 20\nReserve B 30 40")
    units = split_units(text)
    row_b = [u for u in units if u.kind == "row"][1]
    row = parse_row(row_b.text, header_lines(text, "", row_b.start))
    assert dict(zip(row.columns, row.values, strict=True)) == {"Rekening 2024": "30", "Begroting 2025": "40"}


@pytest.mark.parametrize("question", [
    "Wat zijn de openingstijden van het milieupark?",
    "Wat kost een nieuw paspoort?",
])
def test_off_topic_questions_are_refused_with_suggestions(answerer, question):
    a = answerer.ask(question)
    assert a.refused
    assert a.text == texts.REFUSAL
    assert a.citations == ()
    assert len(a.suggestions) <= 3


def test_filters_restrict_the_evidence(answerer):
    for question in ("Met welke loonontwikkeling rekenen we?", "Welke rente rekenen we?"):
        a = answerer.ask(question, Filters(docs=(KADERBRIEF,)))
        assert {c.chunk.doc for c in a.citations} <= {KADERBRIEF}
        assert all(h.chunk.doc == KADERBRIEF for h in a.suggestions)
    assert not answerer.ask("Met welke loonontwikkeling rekenen we?", Filters(docs=(KADERBRIEF,))).refused


def test_answer_and_citation_round_trip(answerer):
    a = answerer.ask("Wat is de vrij besteedbare ruimte in de algemene reserve in 2026?")
    d = a.to_dict()
    assert set(d) >= {"answer", "refused", "citations", "latency_ms"}
    assert set(d["citations"][0]) == CITATION_KEYS
    assert Answer.from_dict(d).to_dict() == d
    c = a.citations[0]
    assert Citation.from_dict(c.to_dict()).to_dict() == c.to_dict()
    refused = answerer.ask("Wat kost een nieuw paspoort?").to_dict()
    assert Answer.from_dict(refused).to_dict() == refused
    assert "suggestions" in refused


# --- bad input ------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["", "   ", "\n\t  ", "\x00\x01\x1b", "\u200b\u200b"])
def test_empty_or_invisible_question_is_a_clear_error(answerer, bad):
    with pytest.raises(EmptyQuestion, match="empty"):
        answerer.ask(bad)


def test_very_long_question_is_cut_with_a_notice(answerer):
    q = "Wanneer gaat de economische agenda in? " + "bla " * 5000
    assert len(q) > 20_000
    a = answerer.ask(q)
    assert a.notice == texts.TRUNCATED_NOTICE.format(n=1000)
    assert a.to_dict()["notice"]
    text, notice = clean_question(q)
    assert len(text) <= 1000 and notice


def test_control_characters_are_stripped(answerer):
    text, notice = clean_question("Wanneer\x00 gaat de\x1b economische\u200b agenda in?\x07")
    assert text == "Wanneer gaat de economische agenda in?"
    assert notice == ""
    assert not answerer.ask("Wanneer\x00 gaat de\x1b economische agenda in?").refused


def test_question_in_english_gets_a_dutch_refusal(answerer):
    a = answerer.ask("How much money does the city spend on sports?")
    assert a.refused
    assert a.text == texts.REFUSAL_OTHER_LANGUAGE


def test_question_in_other_script_does_not_crash(answerer):
    a = answerer.ask("市政府的预算是多少？")
    assert a.refused


# --- follow-ups and citation text -----------------------------------------------------


def test_followup_is_rewritten_with_the_previous_question():
    history = [("Hoeveel wil de gemeente in 2026 nieuw lenen?", "18 miljoen [1]")]
    assert rewrite_followup("en in 2027?", history) == "Hoeveel wil de gemeente in 2027 nieuw lenen?"
    assert rewrite_followup("en de rente?", history).startswith("Hoeveel wil de gemeente in 2026")
    full = "Wat zijn de openingstijden van het milieupark?"
    assert rewrite_followup(full, history) == full
    assert rewrite_followup("en in 2027?", None) == "en in 2027?"
    chained = [*history, ("en in 2027?", "…")]
    assert rewrite_followup("en in 2028?", chained) == "Hoeveel wil de gemeente in 2028 nieuw lenen?"


def test_followup_through_ask_uses_history():
    searcher = FakeSearcher()
    a = Answerer(searcher).ask("en de rente?", history=[("Hoeveel wil de gemeente in 2026 nieuw lenen?", "")])
    assert "lenen" in searcher.calls[0]
    assert not a.refused


def test_citation_text_format():
    assert texts.citation_text(
        "Programmabegroting 2026",
        ("Programma 1. Wonen in Assen", "1.1 Woningmarkt", "1.1.b Tweede fase uitbreiding Kloosterveen"),
        14, "14", True,
    ) == "Programmabegroting 2026, Programma 1. Wonen in Assen, §1.1.b, p. 14"
    assert texts.page_text(52, None, False) == "ca. p. 52"
    assert texts.page_text(None, None, False) == ""
    assert texts.citation_text("Kaderbrief 2024", (), None, None, False) == "Kaderbrief 2024"


def test_list_question_gathers_the_bullets(answerer):
    a = answerer.ask("Welke vier milieubeginselen noemt de omgevingsvisie?")
    assert not a.refused
    for label in ("Voorzorgsbeginsel", "Preventiebeginsel", "Bestrijding aan de bron", "De vervuiler betaalt"):
        assert label in a.text


def test_two_part_question_answers_both_parts(answerer):
    a = answerer.ask("Welke rente rekent de gemeente voor nieuwe langlopende leningen, en hoeveel "
                     "wil de gemeente in 2026 nieuw lenen?")
    assert not a.refused
    assert "2,50%" in a.text and "18 miljoen" in a.text


def test_hoeveel_with_a_verb_is_answered_with_the_number(answerer):
    a = answerer.ask("Hoeveel stijgen de OZB-tarieven in 2026?")
    assert not a.refused
    assert "4,2%" in a.text
