"""Claim checks over a hand-made corpus: changed numbers, quantifiers, negation, not found."""

from __future__ import annotations

import pytest
from answer_fakes import BEGROTING, VISIE, FakeSearcher

from app import texts
from app.claims import ClaimChecker, Verdict, contradiction
from app.errors import EmptyQuestion

CITATION_KEYS = {"n", "chunk_id", "doc", "title", "section", "page_start", "page_end",
                 "page_label", "page_exact", "quote"}


@pytest.fixture(scope="module")
def checker():
    return ClaimChecker(FakeSearcher())


def test_a_changed_number_is_refuted_and_the_source_value_is_named(checker):
    v = checker.check("De OZB-tarieven in Assen stijgen per 1 januari 2026 met 10 procent.")
    assert v.verdict == "refuted"
    assert "4,2%" in v.explanation and "10 procent" in v.explanation
    assert v.explanation.startswith("Volgens de Programmabegroting 2026 (Onroerendezaakbelastingen)")
    assert v.evidence and v.evidence[0].chunk.doc == BEGROTING
    assert v.evidence[0].quote in v.evidence[0].chunk.text


def test_the_same_claim_with_the_right_number_is_supported(checker):
    v = checker.check("De OZB-tarieven stijgen per 1 januari 2026 met 4,2 procent.")
    assert v.verdict == "supported"
    assert "4,2%" in v.explanation


def test_a_changed_quantifier_is_refuted(checker):
    v = checker.check("Het zonnepark bij Werklandschap Assen-Zuid heeft een permanente vergunning.")
    assert v.verdict == "refuted"
    assert "tijdelijk" in v.explanation and "permanente" in v.explanation
    assert v.evidence[0].chunk.doc == VISIE


def test_a_negated_fact_is_refuted(checker):
    v = checker.check("Voor de Economische Agenda is voor de jaren 2027-2030 al geld beschikbaar.")
    assert v.verdict == "refuted"
    assert "geen middelen" in v.explanation


def test_a_claim_about_something_absent_is_not_found(checker):
    v = checker.check("Klopt het dat de gemeente de kermis op de Brink gaat afschaffen?")
    assert v.verdict == "not_found"
    assert v.explanation == texts.CLAIM_NOT_FOUND
    assert v.evidence == ()


def test_supported_claim_with_number_words(checker):
    v = checker.check("Het college wil samen met provincie en Rijk 5000 banen naar Assen halen.")
    assert v.verdict == "supported"


def test_verdict_round_trip_and_keys(checker):
    v = checker.check("De OZB-tarieven in Assen stijgen per 1 januari 2026 met 10 procent.")
    d = v.to_dict()
    assert set(d) == {"verdict", "explanation", "evidence", "latency_ms"}
    assert set(d["evidence"][0]) == CITATION_KEYS
    assert Verdict.from_dict(d).to_dict() == d
    assert v.label == "weerlegd"


def test_empty_claim_is_a_clear_error(checker):
    with pytest.raises(EmptyQuestion):
        checker.check(" \x00 ")


def test_long_claim_does_not_crash(checker):
    v = checker.check("De OZB stijgt met 10 procent. " * 1000)
    assert v.verdict in ("supported", "refuted", "not_found")


@pytest.mark.parametrize(("claim", "evidence", "kind"), [
    ("De OZB stijgt met 10%.", "De OZB stijgt met 4,2%.", "value"),
    ("De reserve daalt in 2027.", "De reserve stijgt in 2027.", "word"),
    ("De subsidie is structureel.", "De subsidie is incidenteel.", "word"),
    ("De subsidie wordt jaarlijks verstrekt.", "De subsidie wordt eenmalig verstrekt.", "word"),
    ("Cofinanciering is gegarandeerd.", "Cofinanciering is wenselijk, maar niet gegarandeerd.", "negation"),
    ("De begroting is niet sluitend.", "De begroting is structureel sluitend.", "negation"),
])
def test_contradiction_kinds(claim, evidence, kind):
    c = contradiction(claim, evidence)
    assert c is not None and c.kind == kind


@pytest.mark.parametrize(("claim", "evidence"), [
    ("De OZB stijgt met 4,2 procent.", "De OZB stijgt per 1 januari met 4,2%."),
    ("Assen draagt € 33,2 miljoen bij.", "De bijdrage bedraagt € 33,2 miljoen."),
    ("Veertig procent van de uitstoot komt van auto's.", "Veertig procent van de uitstoot komt van het autoverkeer."),
    # other years: a direction word cannot contradict a statement about another period
    ("Vanaf 2028 daalt het saldo.", "In 2026 en 2027 stijgt het saldo."),
])
def test_no_contradiction(claim, evidence):
    assert contradiction(claim, evidence) is None


def test_table_row_trend_decides_direction():
    from app.claims import row_trend

    assert row_trend("Solvabiliteitsratio 44% 45% 40% 35% 33% 31%") == "down"
    assert row_trend("Netto schuldquote 48% 57% 64% 80% 83% 87%") == "up"
    assert row_trend("Rente 0 0 0") is None
    c = contradiction("De netto schuldquote daalt naar 87 procent.", "Netto schuldquote 48% 57% 64% 80% 83% 87%")
    assert c is not None and c.kind == "word" and c.found == "stijgt"
    assert contradiction("De netto schuldquote stijgt naar 87 procent.",
                         "Netto schuldquote 48% 57% 64% 80% 83% 87%") is None


@pytest.mark.parametrize("not_a_claim", ["OZB", "Wie is de burgemeester van Assen?", "Hoeveel stijgt de OZB?"])
def test_a_topic_or_question_is_not_checked_as_a_claim(checker, not_a_claim):
    v = checker.check(not_a_claim)
    assert v.verdict == "not_found" and v.explanation == texts.CLAIM_NOT_A_CLAIM


def test_klopt_het_dat_question_is_still_a_claim(checker):
    v = checker.check("Klopt het dat de OZB-tarieven per 1 januari 2026 met 10 procent stijgen?")
    assert v.verdict == "refuted"
