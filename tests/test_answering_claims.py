"""Claim verdicts on hand-made passages (app/answering/claims.py): what decides between
supported, refuted and not_found when the scorer has ranked the units."""

from __future__ import annotations

from answer_fakes import one_chunk

from app.answering.candidates import from_hits
from app.answering.claims import strip_lead_in, verdict
from app.answering.question import analyse
from app.answering.select import Scored
from app.answering.terms import CorpusStats
from index.model import Hit


class _Thresholds:
    def threshold(self, name: str, default: float) -> float:
        return {"claim_relevant": 0.02, "claim_subject": 0.5, "claim_words": 0.7}[name]


def _check(claim: str, text: str, probs: dict[str, float], section=("Financiën",)):
    chunk = one_chunk(text, "Kadernota 2027", section)
    pool = from_hits([Hit(chunk, 1.0, 1, "bm25")])
    ranked = sorted((Scored(c, next((p for k, p in probs.items() if k in c.unit.text), 0.01))
                     for c in pool), key=lambda s: -s.p)
    q = analyse(strip_lead_in(claim), CorpusStats.from_chunks([chunk]))
    return verdict(q, ranked, _Thresholds(), 0.0)


GOES_ON = ("▪ Budget voor het Centrum Seksuele Gezondheid zal in 2026 afnemen. In 2027 worden de "
           "landelijke middelen anders verdeeld, waarbij verwacht wordt dat het budget zal toenemen.")


def test_a_sentence_that_goes_on_is_about_what_its_line_named_first():
    v = _check("Het budget voor het Centrum Seksuele Gezondheid daalt in 2027.", GOES_ON,
               {"In 2027": 0.5, "afnemen": 0.3})
    assert v.verdict == "refuted"
    assert "toenemen" in v.evidence[0].quote


def test_the_same_sentence_on_a_line_of_its_own_says_nothing_of_the_claim():
    alone = GOES_ON.replace("afnemen. In 2027", "afnemen.\nIn 2027")
    v = _check("Het budget voor het Centrum Seksuele Gezondheid daalt in 2027.", alone,
               {"In 2027": 0.5, "afnemen": 0.3})
    assert v.verdict == "not_found"


NOT_YET = ("De uitvoering van de Economische Agenda vindt plaats in de lijn en wordt gedekt uit "
           "de begroting voor de uitvoering van de Economische Agenda.\n"
           "Voor de jaren 2027-2030 zijn nog geen middelen beschikbaar gesteld.")
CLAIM = ("Voor de uitvoering van de Economische Agenda is voor 2027 tot en met 2030 al geld "
         "beschikbaar gesteld.")


def test_a_negated_shared_word_on_the_subject_refutes_a_claim_without_numbers():
    v = _check(CLAIM, NOT_YET, {"nog geen": 0.5, "in de lijn": 0.3}, section=("Economische Agenda",))
    assert v.verdict == "refuted"
    assert "nog geen middelen" in v.evidence[0].quote


CONFLICT = ("Voor de uitvoering van de Economische Agenda is in 2027 tot en met 2030 nog geen geld "
            "beschikbaar gesteld.\n"
            "In de begroting is voor de uitvoering van de Economische Agenda voor 2027 tot en met "
            "2030 geld beschikbaar gesteld.")


def test_conflicting_evidence_is_no_support():
    # the better-ranked unit says no; a lower one that says yes does not make it supported
    v = _check(CLAIM, CONFLICT, {"nog geen": 0.5, "In de begroting": 0.3})
    assert v.verdict == "refuted"
    assert "nog geen" in v.evidence[0].quote
    # alone, the unit that says yes supports
    w = _check(CLAIM, CONFLICT.split("\n")[1], {"In de begroting": 0.5})
    assert w.verdict == "supported"


def test_a_unit_naming_its_own_year_is_not_about_its_documents_year():
    # 'zal in 2026 afnemen (circa10%)' in the Kadernota 2027 is about 2026, not 2027
    text = "▪ Budget voor het Centrum Seksuele Gezondheid zal in 2026 afnemen (circa10%)."
    claim = "Het budget voor het Centrum Seksuele Gezondheid daalt in 2027 met circa 10 procent."
    assert _check(claim, text, {"Budget": 0.5}).verdict == "not_found"
    assert _check(claim.replace("2027", "2026"), text, {"Budget": 0.5}).verdict == "supported"


def test_an_opposite_word_on_the_subject_refutes_though_the_sentence_names_it_by_pronoun():
    text = ("Bij de aanleg van het werklandschap is een zonnepark ontwikkeld. Deze is "
            "landschappelijk ingepast en tijdelijk vergund voor een periode van 20 jaar.")
    claim = "Het zonnepark bij het werklandschap heeft een permanente vergunning."
    v = _check(claim, text, {"Deze is": 0.5, "Bij de aanleg": 0.3})
    assert v.verdict == "refuted"
    assert "tijdelijk vergund" in v.evidence[0].quote
    # the opposite word in a sentence about something else says nothing of the claim
    other = "Bij de aanleg van het werklandschap is een zonnepark ontwikkeld.\nDe subsidie is tijdelijk."
    w = _check(claim, other, {"De subsidie": 0.5})
    assert w.verdict == "not_found"


def test_a_number_supports_only_with_its_own_subject_not_its_lines():
    text = "De OZB stijgt in 2026 met 4%. De afvalstoffenheffing stijgt in 2026 met 3%."
    v = _check("De OZB stijgt in 2026 met 3%.", text, {"afvalstoffenheffing": 0.5, "De OZB": 0.3})
    assert v.verdict == "refuted"
    assert "4%" in v.evidence[0].quote


def test_an_opposing_unit_on_the_subject_alone_does_not_block_support():
    text = "Het zwembad wordt gerenoveerd. De sporthal wordt niet gerenoveerd."
    v = _check("Het zwembad wordt gerenoveerd.", text, {"sporthal": 0.5, "zwembad": 0.3})
    assert v.verdict == "supported"
    assert "zwembad" in v.evidence[0].quote


def test_a_not_elsewhere_in_a_sentence_does_not_block_support_from_below():
    text = ("Voor 2028 verwachten we structurele tekorten die zonder rijksmiddelen niet kunnen "
            "worden opgevangen.\nDe gemeente verwacht voor 2028 en verder structurele tekorten.")
    v = _check("De gemeente verwacht voor 2028 structurele tekorten.", text,
               {"zonder": 0.5, "en verder": 0.3})
    assert v.verdict == "supported"
