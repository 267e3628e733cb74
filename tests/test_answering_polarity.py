"""Claim wording against evidence wording (app/answering/polarity.py): a negated shared word
or a word's opposite (data/lang/vocabulary.tsv, kind 'antonym') is a contradiction; a
sentence never contradicts itself; a word both negated and affirmed in one text decides
nothing."""

from __future__ import annotations

import re
from collections import Counter

from answer_fakes import RAW
from hypothesis import given, settings
from hypothesis import strategies as st

from app.answering import polarity
from app.answering.terms import stem
from index import vocabulary

SENTENCES = [s for row in RAW for s in re.split(r"(?<=[.!?])\s+", row[4]) if s.strip()]
NEGATED = ("niet", "geen", "nooit")


@settings(deadline=None)
@given(st.sampled_from(SENTENCES), st.sampled_from(SENTENCES))
def test_negation_differs_is_symmetric(a, b):
    assert polarity.negation_differs(a, b) == polarity.negation_differs(b, a)


@settings(deadline=None)
@given(st.sampled_from(SENTENCES), st.data())
def test_negating_a_content_word_contradicts_both_ways(sentence, data):
    stop = vocabulary.stopwords()
    words = sentence.split()
    stems = Counter(stem(w) for w in words)
    spots = [i for i, w in enumerate(words)  # a word said once (said twice, it is ambiguous)
             if re.fullmatch(r"[^\W\d_]{3,}", w.lower()) and w.lower() not in stop
             and stems[stem(w)] == 1]
    if not spots or re.search(r"\b(niet|geen|nooit|niets)\b", sentence, re.I):
        return
    i = data.draw(st.sampled_from(spots))
    negated = " ".join([*words[:i], data.draw(st.sampled_from(NEGATED)), *words[i:]])
    assert polarity.negation_differs(sentence, negated)
    assert polarity.negation_differs(negated, sentence)


def test_every_antonym_pair_of_the_vocabulary_opposes_both_ways():
    pairs = [(e.word, other) for e in vocabulary.load().entries if e.kind == "antonym"
             for other in e.document]
    assert pairs
    for word, other in pairs:
        assert polarity.opposite_word(f"Het besluit is {word}.", f"Het besluit is {other}.")
        assert polarity.opposite_word(f"Het besluit is {other}.", f"Het besluit is {word}.")
        # both words present: the sentence does not just hold the opposite
        assert not polarity.opposite_word(f"Het is {word}.", f"Het is {word} en {other}.")


def test_negation_far_from_the_word_does_not_count():
    claim = "De gemeente stelt geld beschikbaar voor de sporthal."
    unit = ("Niet alle wensen zijn haalbaar, maar de gemeente stelt voor de nieuwe sporthal "
            "geld beschikbaar.")
    assert not polarity.negation_differs(claim, unit)


def test_antonyms_stem_apart_from_common_words():
    """An antonym whose stem is also the stem of an everyday word ('besloten' / 'besloot',
    'eenmalig' / 'nu eenmaal') would oppose sentences about something else."""
    common = ("besloot besluit eenmaal haal halen dek star negeer open sluit wil maal "
              "neem nam zeg zei kom ga gaat doe deed heb had ben was").split()
    stems = {stem(w) for w in common}
    for e in vocabulary.load().entries:
        if e.kind == "antonym":
            for w in (e.word, *e.document):
                assert stem(w) not in stems, (w, stem(w))
