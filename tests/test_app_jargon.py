"""app/jargon.py and data/lang/jargon.tsv: every entry is complete and found where used."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.jargon import GlossaryError, load, lookup, terms_in

TERMS = load()


def test_the_glossary_has_the_core_terms_each_with_a_short_explanation_and_a_source():
    names = {t.term for t in TERMS}
    for needed in ("OZB", "WOZ", "algemene reserve", "weerstandsvermogen", "kapitaallasten",
                   "Wmo", "septembercirculaire"):
        assert needed in names
    for t in TERMS:
        assert t.explanation.endswith(".") and len(t.explanation) <= 200, t
        assert t.source and t.variants[0] == t.term
    variants = [v.lower() for t in TERMS for v in t.variants]
    assert len(variants) == len(set(variants)), "a variant belongs to two terms"


@pytest.mark.parametrize("term", TERMS, ids=lambda t: t.term)
def test_each_term_is_found_in_a_sentence_that_uses_it(term):
    for variant in term.variants:
        found = terms_in(f"In de begroting staat iets over {variant} voor volgend jaar.")
        assert term in found, variant
        assert lookup(variant) == term


def test_found_in_order_of_use_once_each_and_in_compounds_with_a_hyphen():
    text = ("De OZB-tarieven stijgen; de WOZ-waarde daalt. De algemene reserve en het "
            "weerstandsvermogen blijven op peil. Weer de OZB.")
    assert [t.term for t in terms_in(text)] == ["OZB", "WOZ", "algemene reserve",
                                                "weerstandsvermogen"]


def test_no_match_inside_other_words_or_for_lowercase_acronyms():
    assert terms_in("Het ozbelang van de bbv-er") == []  # acronyms only in capitals
    assert terms_in("De wozniak-methode en de motievenlijst") == []
    assert terms_in("") == []


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_terms_found_are_really_in_the_text(text):
    for t in terms_in(text):
        assert any(v.lower() in text.lower() for v in t.variants)


def test_a_malformed_line_names_the_file_and_line(tmp_path):
    bad = tmp_path / "jargon.tsv"
    bad.write_text("term\tuitleg\tbron\nOZB\tBelasting op gebouwen.\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match=r"jargon.tsv line 2: expected 3"):
        load(bad)
