"""Abbreviations a document writes out are learned from its text, by initials only."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.abbreviations import CONNECTORS, learn, looks_like_abbreviation, matches
from ingest.text import parse_text

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"


@pytest.fixture(scope="module")
def begroting() -> dict[str, str]:
    return learn(parse_text(CORPUS / "programmabegroting-2026.txt").text)


def test_real_budget_text_teaches_laws_bodies_and_compounds(begroting):
    assert begroting["BBV"] == "Besluit begroting en verantwoording"
    assert begroting["Wmo"] == "Wet maatschappelijke ondersteuning"
    assert begroting["VNG"] == "Vereniging van Nederlandse Gemeenten"
    assert begroting["VpB"] == "Vennootschapsbelasting"  # one compound: V-ennootschaps B-elasting
    assert begroting["WBI"] == "Woningbouwimpuls"  # W-oning B-ouw I-mpuls
    assert begroting["IKC"].lower() == "integraal kind centrum"  # "IKC (integraal kind centrum)"


def test_real_text_where_the_words_before_do_not_spell_it_teaches_nothing(begroting):
    text = parse_text(CORPUS / "programmabegroting-2026.txt").text
    # the budget writes "Beschermd wonen (Wmo)" and "Openbaarheidsparagraaf (Woo)": not long forms
    assert "Beschermd wonen (Wmo)" in text and "Openbaarheidsparagraaf (Woo)" in text
    assert begroting["Wmo"] != "Beschermd wonen" and begroting["Woo"] == "Wet open overheid"
    assert "Kosten" not in begroting  # "Kosten (x € 1.000)" is no abbreviation


def test_every_corpus_pair_is_spelled_by_its_long_form():
    for path in sorted(CORPUS.glob("*.txt")):
        text = parse_text(path).text
        for short, long in learn(text).items():
            assert looks_like_abbreviation(short) and short in text, (path.name, short)
            assert matches(short, long.split()), (path.name, short, long)


def test_both_orders_and_the_most_frequent_long_form():
    assert learn("De onroerendezaakbelasting (OZB) stijgt.") == {"OZB": "onroerendezaakbelasting"}
    assert learn("Het AB (algemeen bestuur) vergadert.") == {"AB": "algemeen bestuur"}
    assert learn("In de Wet op de ruimtelijke ordening (Wro) staat het.") == {
        "Wro": "Wet op de ruimtelijke ordening"}
    text = ("Het Centraal Bureau voor de Statistiek (CBS) telt. Het Centraal Bureau Statistiek "
            "(CBS) telt weer. Ook het Centraal Bureau voor de Statistiek (CBS).")
    assert learn(text) == {"CBS": "Centraal Bureau voor de Statistiek"}


def test_what_is_not_an_abbreviation_or_not_spelled_is_ignored():
    assert learn("De begroting (2026) en het plan (zie bijlage) en Assen (Drenthe).") == {}
    assert learn("De gemeente Assen (GA) is geen gemeente (XYZ).") == {"GA": "gemeente Assen"}
    assert learn("Een tekort. (TK) volgt.") == {}  # a sentence end stops the long form
    assert learn("het college (HC)") == {}  # a connector never starts a long form
    assert not looks_like_abbreviation("Drenthe") and looks_like_abbreviation("Wmo")


_PART = st.text(alphabet="abcdefghijklmnoprstuvwz", min_size=3, max_size=9)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_PART, min_size=1, max_size=3), min_size=2, max_size=4))
def test_initials_of_words_and_compound_parts_always_match(words):
    """A long form built from words made of parts; its initials are always learned back.
    Where a shorter tail of the words spells the initials too ('aab aaaaaa' (AA): 'aaaaaa' is
    'aaa'+'aaa'), the learner may take that tail: what it learns is always spelled out in the
    text, right before the abbreviation, with matching initials."""
    long_words = ["".join(parts) for parts in words]
    short = "".join(p[0].upper() for parts in words for p in parts)
    if not looks_like_abbreviation(short) or short.lower() in long_words or any(
            w in CONNECTORS for w in long_words):
        return  # not an abbreviation, or one that is a word of its own long form
    assert matches(short, long_words)
    long = " ".join(long_words)
    for text in (f"Zo staat het in de {long} ({short}) van dit jaar.",
                 f"Zo staat het in de {short} ({long}) van dit jaar."):
        learned = learn(text).get(short)
        assert learned is not None and long.endswith(learned)
        assert matches(short, learned.split())


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJ ()-.,\n", max_size=200))
def test_every_learned_pair_is_spelled_out_in_the_text(text):
    for short, long in learn(text).items():
        assert re.search(rf"\(\s*{short}\s*\)|{short}\s*\(", text)
        assert matches(short, long.split())
        assert short[0].lower() == long[0].lower()
