"""Where a citation points: section and page against the set's gold; answer length and
Dutch readability (Flesch-Douma)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eval.dataset import EvalItem, Evidence
from eval.gold import page_matches, places, section_matches
from eval.metrics import GoldQuote, word_count
from eval.readability import Readability, prepare

GOLD = "7. Financiën > 7.1 Gemeentelijke bijdrage"


@pytest.mark.parametrize(
    ("cited", "expected"),
    [
        (("7. Financiën", "7.1 Gemeentelijke bijdrage"), True),
        (("7. Financiën", "7.1 Gemeentelijke bijdrage", "Tabel inwonerbijdrage"), True),
        (("7.  FINANCIËN.", "7.1 gemeentelijke  bijdrage"), True),  # case, spaces, edge dots
        (("7.1 Gemeentelijke bijdrage",), False),  # the chapter is missing
        (("7. Financiën", "7.2 Het overzicht van baten en lasten"), False),  # other section
        (("8. Paragrafen", "7.1 Gemeentelijke bijdrage"), False),  # same heading, other chapter
        ((), False),
    ],
)
def test_section_needs_the_gold_heading_and_its_chapter(cited, expected):
    assert section_matches(cited, GOLD) is expected


def test_one_heading_gold_and_whole_words_only():
    assert section_matches(("Bijlage 6. Indicatoren",), "Bijlage 6. Indicatoren")
    assert section_matches(("Programma 3", "Bestuur"), "Bestuur")
    assert not section_matches(("Bestuursakkoord",), "Bestuur")


@given(st.lists(st.text(alphabet="abcdefgh 1.", min_size=1, max_size=12), min_size=1, max_size=4))
def test_a_path_always_matches_itself(path):
    path = [p for p in path if p.strip(" .:;,")]
    if path:
        assert section_matches(tuple(path), " > ".join(path))


def test_page_by_printed_label_where_printed_else_physical():
    assert page_matches(30, 30, "28", 30, "28")  # labels equal
    assert not page_matches(28, 28, "26", 30, "28")  # physical 28 is not printed page 28
    assert page_matches(29, 30, "27", 30, "28")  # chunk over two pages, same label offset
    assert not page_matches(29, 30, "5", 30, "28")  # ... but a label that does not fit
    assert page_matches(4, 4, None, 4, None)  # no printed numbers: physical
    assert page_matches(3, 5, None, 4, None)
    assert not page_matches(5, 6, None, 4, None)
    assert page_matches(30, 30, None, 30, "28")  # the citation shows no label: physical
    assert not page_matches(None, None, None, 4, None)


def test_gold_places_from_the_set_else_from_located_quotes():
    rich = EvalItem("mun-039", "staff", "compare", "q", "a 1", ("1",), None,
                    (Evidence("k.pdf", "q1", 16, "16", "5. Financiële paragraaf"),),
                    "5. Financiële paragraaf", doc="k.pdf", page=16, page_label="16",
                    evidence_more=(Evidence("b.pdf", "q2", 28, "28", GOLD),))
    p = places(rich, ())
    assert p.sections == ("5. Financiële paragraaf", GOLD)
    assert p.pages == ((16, "16"), (28, "28"))
    plain = EvalItem("dev-001", "staff", "fact", "q", "a 1", ("1",), None,
                     (Evidence("a.txt", "q"),), "Zwembad")
    p = places(plain, (GoldQuote("a.txt", "q", ((0, 1),), (3,)),))
    assert p.sections == ("Zwembad",) and p.pages == ((3, None),)


def test_words_leave_citation_marks_out():
    assert word_count("De OZB stijgt met 4,2% [1]. Dat is meer [2][3].") == 8
    assert word_count("") == 0


def test_prepare_keeps_numbers_and_abbreviations_inside_sentences():
    assert prepare("Almere betaalt 6.947 [1]. Dat is t.o.v. 2025 meer.") == (
        "Almere betaalt 6947 . Dat is tov 2025 meer.")
    assert prepare("- CDA\n- D66") == "- CDA. - D66"


def test_flesch_douma_ranks_plain_dutch_above_officialese(tmp_path):
    pytest.importorskip("readsight")
    r = Readability(tmp_path / "rs")
    plain = r.score("De kat zit op de mat. De hond ligt in de mand.")
    hard = r.score("Onverminderd het bepaalde in artikel 3 is het gemeentebestuur bevoegd tot "
                   "handhavingsmaatregelen ten aanzien van kamerverhuurbedrijfsvoeringen.")
    assert plain is not None and hard is not None and plain > 80 > 30 > hard
    # Flesch-Douma by hand: 206.835 - 0.93 * words/sentence - 77 * syllables/word
    assert r.score("De kat zit op de mat.") == pytest.approx(206.835 - 0.93 * 6 - 77 * 1.0, abs=0.1)
    assert r.score("[1] 2026") is None  # no words
    assert r.missing is None
