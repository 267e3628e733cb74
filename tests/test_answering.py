"""The answer engine's properties over a hand-made corpus: quotes are substrings of their
chunk, every [n] has a citation and every citation is used, a claim is never supported by
a quote lacking its number, answers are deterministic; the tagger, scorer file, features."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from answer_fakes import RAW, FakeSearcher, one_chunk
from hypothesis import given, settings
from hypothesis import strategies as st

from app.answer import Answerer
from app.answering import features, scorer, tagger
from app.answering.scorer import ScorerMissing
from app.claims import ClaimChecker

# Questions of every kind, built from the fake corpus' own words and from outside it.
QUESTIONS = [
    "hoeveel gaat de ozb omhoog volgend jaar",
    "Wat is de algemene reserve in 2026?",
    "Wanneer gaat de nieuwe economische agenda in?",
    "Welke doelen heeft de omgevingsvisie?",
    "wie is de burgemeester van Groningen?",
    "Wat kost een parkeervergunning in Zwolle?",
    "Waarom stijgen de tarieven?",
    "Hoeveel geld is er voor 2026 opgenomen?",
    "Wat staat er in de kaderbrief over het zonnepark?",
]
CLAIMS = [
    "De OZB stijgt in 2026 met 10 procent.",
    "De OZB stijgt in 2026 met 4,2%.",
    "De algemene reserve is in 2026 45.150 duizend euro.",
    "De algemene reserve is in 2026 12.000 duizend euro.",
    "Het zonnepark is vergund voor 20 jaar.",
    "Het zonnepark is vergund voor 35 jaar.",
]


@pytest.fixture(scope="module")
def searcher():
    return FakeSearcher()


@pytest.fixture(scope="module")
def answerer(searcher):
    return Answerer(searcher)


@pytest.fixture(scope="module")
def checker(searcher):
    return ClaimChecker(searcher)


def _markers(text: str) -> set[int]:
    return {int(m) for m in re.findall(r"\[(\d+)\]", text)}


@pytest.mark.parametrize("question", QUESTIONS)
def test_quotes_are_substrings_and_markers_match_citations(answerer, question):
    a = answerer.ask(question)
    if a.refused:
        assert not a.citations and not _markers(a.text)
        return
    assert _markers(a.text) == {c.n for c in a.citations}  # every [n] cited, every citation used
    assert [c.n for c in a.citations] == list(range(1, len(a.citations) + 1))
    for c in a.citations:
        for part in c.quote.split(" … "):
            assert part in c.chunk.text


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(sorted({w for r in RAW for w in re.findall(r"\w+", r[4])})),
                min_size=1, max_size=6))
def test_any_word_salad_gives_a_wellformed_answer(answerer, words):
    a = answerer.ask(" ".join(words) + "?")
    assert a.refused or _markers(a.text) == {c.n for c in a.citations}
    for c in a.citations:
        assert all(part in c.chunk.text for part in c.quote.split(" … "))


@pytest.mark.parametrize("claim", CLAIMS)
def test_a_supported_claim_is_supported_by_a_quote_holding_its_numbers(checker, claim):
    v = checker.check(claim)
    assert v.verdict in ("supported", "refuted", "not_found")
    if v.verdict == "supported":
        quote = " ".join(c.quote for c in v.evidence)
        for x in tagger.quantities(claim):
            assert any(tagger.same_value(x, y) for c in v.evidence
                       for y in tagger.quantities(c.quote, tagger.table_scale(c.chunk.context + c.chunk.text))), quote
    if v.verdict != "not_found":
        assert v.evidence and all(c.quote in c.chunk.text for c in v.evidence)
    else:
        assert "gaan hierover" not in v.explanation  # never beside 'the documents discuss it'


def test_changed_percentage_is_refuted_with_the_source_value(checker):
    v = checker.check("De OZB stijgt in 2026 met 10 procent.")
    assert v.verdict == "refuted"
    assert "4,2%" in v.explanation and "10 procent" in v.explanation


def test_a_name_no_document_holds_is_refused_and_the_bodies_are_named(answerer):
    a = answerer.ask("wie is de burgemeester van Groningen?")
    assert a.refused and "Groningen" in a.text and "Assen" in a.text


def test_answers_are_deterministic_within_a_process(searcher):
    for q in QUESTIONS:
        first = Answerer(searcher).ask(q).to_dict()
        second = Answerer(searcher).ask(q).to_dict()
        first.pop("latency_ms"), second.pop("latency_ms")
        assert first == second


def test_answers_are_deterministic_across_hash_seeds(tmp_path):
    script = (
        "import json,sys; sys.path.insert(0,'tests');"
        "from answer_fakes import FakeSearcher; from app.answer import Answerer;"
        "from app.claims import ClaimChecker; s=FakeSearcher();"
        f"qs={QUESTIONS!r}; cs={CLAIMS!r};"
        "out=[Answerer(s).ask(q).to_dict() for q in qs]+[ClaimChecker(s).check(c).to_dict() for c in cs];"
        "[d.pop('latency_ms') for d in out]; print(json.dumps(out, ensure_ascii=False))"
    )
    runs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        runs.append(subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                                   env=env, check=True, cwd=os.getcwd()).stdout)
    assert runs[0] == runs[1] and json.loads(runs[0])


# --- the tagger -------------------------------------------------------------------------

def test_tagger_reads_amounts_percentages_and_table_units():
    got = tagger.quantities("€ 18 miljoen en 4,2% per 1 januari 2026")
    assert [(q.kind, q.value) for q in got] == [("amount", 18e6), ("percent", 4.2)]
    row = tagger.quantities("Almere 6.947 7.029", tagger.table_scale("(x € 1.000)"))
    assert [q.value for q in row] == [6_947_000, 7_029_000]


@pytest.mark.parametrize(("text", "raw"), [
    ("zal afnemen (circa10%).", ["10%"]),  # a space the PDF's text lost
    ("circa 10%", ["10%"]),
    ("COVID19 en A4", []),  # a number glued to a word is no quantity unless a % follows
])
def test_a_percentage_glued_to_a_word_is_read(text, raw):
    assert [x.raw for x in tagger.quantities(text)] == raw


@pytest.mark.parametrize(("claimed", "found", "scale", "same"), [
    ("13,8 miljoen", "13.813", 1000.0, True),
    ("13,9 miljoen", "13.813", 1000.0, False),
    ("10%", "4,2%", 1.0, False),
    ("4%", "4,2%", 1.0, False),
    ("4,2 procent", "4,2%", 1.0, True),
    ("6.947", "6.947", 1000.0, True),
    ("482", "481", 1.0, False),
])
def test_same_value_respects_unit_and_written_precision(claimed, found, scale, same):
    x = tagger.quantities(claimed)[0]
    y = tagger.quantities(found, scale)[0]
    assert tagger.same_value(x, y) is same


@pytest.mark.parametrize(("question", "kind"), [
    ("Hoeveel procent stijgt de OZB?", "percent"),
    ("Wat kost een paspoort?", "amount"),
    ("Hoeveel woningen komen erbij?", "count"),
    ("Wanneer start de bouw?", "date"),
    ("Wat betekent weerstandsvermogen?", "definition"),
    ("Waarom stijgt de afvalstoffenheffing?", "reason"),
    ("Welke gemeenten doen mee?", "list"),
    # a plural written with an apostrophe ('scenario's', 'taxi’s') is a plural too
    ("Welke scenario's zijn uitgewerkt?", "list"),
    ("Welke taxi’s rijden elektrisch?", "list"),
    ("Welk plan geldt?", "other"),
])
def test_answer_type_of_a_question(question, kind):
    assert tagger.answer_type(question) == kind


# --- the scorer file ----------------------------------------------------------------------

def test_scorer_file_fits_this_code_and_round_trips(tmp_path):
    model = scorer.load()
    assert model.names == features.NAMES
    assert {"refuse", "add"} <= set(model.thresholds)
    assert model.meta.get("command", "").startswith("python -m eval.fit")
    path = tmp_path / "s.json"
    model.save(path)
    again = scorer.load(path)
    assert again.to_dict() == model.to_dict()


def test_scorer_fitted_on_other_features_says_how_to_refit(tmp_path):
    d = scorer.load().to_dict()
    d["features"] = d["features"][:-1]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(d), encoding="utf-8")
    with pytest.raises(ScorerMissing, match="eval.fit"):
        scorer.load(path)


def test_no_feature_names_a_document_or_body():
    import inspect

    from app.answering import features as f
    source = "".join(inspect.getsource(m) for m in f.MODULES).lower()
    for name in ("assen", "almere", "flevoland", "helder", "noordoostpolder", "programmabegroting-"):
        assert name not in source


@pytest.mark.parametrize("question", QUESTIONS)
def test_missing_share_is_what_the_best_passage_lacks(searcher, question):
    from app.answer import corpus_stats, retrieve
    from app.answering.engine import Engine, missing, unanswered

    engine = Engine(corpus_stats(searcher))
    hits = retrieve(searcher, question, 8, None)
    q = engine.analyse(question)
    ranked = engine.rank(q, hits)
    assert unanswered(q, [], engine.scorer)  # nothing scored: no answer
    if not ranked:
        return
    share = missing(q, ranked[0])
    assert 0.0 <= share <= 1.0
    # a word no passage holds can only add to what is missing
    more = engine.analyse(question.rstrip("?") + " xylofoonkwartet?")
    assert missing(more, ranked[0]) > share or share == 1.0
    assert unanswered(more, ranked, engine.scorer, refuse_at=0.0, missing_at=share)
    # a place the question names is checked apart: naming one changes nothing missing
    named = engine.analyse(question.rstrip("?") + " in Xylofoondorp?")
    assert "Xylofoondorp" in named.names
    assert missing(named, ranked[0]) == pytest.approx(share)


_PRINTED = st.from_regex(r"[1-9]\d{0,2}(\.\d{3}){0,2}(,\d)?", fullmatch=True)


@settings(deadline=None)
@given(_PRINTED, st.sampled_from(["x € 1.000", "bedragen x € 1 mln", "€", ""]))
def test_a_table_row_keeps_its_printed_figure_as_written(value, unit):
    """A reader checks the row against the document: the figure as printed stands in the
    sentence as a number of its own (not '482' inside '€ 482.000')."""
    from app.answering.compose import row_sentence
    from eval.metrics import has_term

    text = row_sentence("Almere", [("2026", value)], unit, f"Bijdrage ({unit})")
    assert has_term(text, value), text


@pytest.mark.parametrize(("text", "person"), [
    ("M.J. Kukenheim, directeur Publieke Gezondheid", True),
    ("Wethouder mw. A. Hillebregt (voorzitter)", True),
    ("Namens de fractie sprak de heer Jansen.", True),
    ("Het college van B. en W. besluit", False),
    ("Zie tabel 3. Overzicht van de lasten.", False),
    ("Het rapport is klaar in 2024. Daarna volgt de uitvoering.", False),
])
def test_a_named_person_is_a_form_a_wie_question_asks(text, person):
    assert ("person" in tagger.unit_types(text)) is person


def test_a_participle_finds_its_verb_and_the_verb_its_participles():
    from app.answering.terms import inflections, stem

    # the stemmer keeps 'herbenoemd' and 'verhoogd' apart from 'herbenoemen', 'verhogen'
    assert stem("herbenoemd") != stem("herbenoemen")
    assert stem("herbenoemen") in inflections("herbenoemd")
    assert stem("verhoogd") in inflections("verhogen")
    assert stem("verhoogd") in inflections("verhoging")
    # a present form keeps its -t as well: 'daalt', 'haalt' find 'dalen', 'halen'
    assert stem("dalen") in inflections("daalt") and stem("halen") in inflections("haalt")
    # 'ge-' participles are stemmed already, short stems get no guesses
    assert inflections("gebouwd") == frozenset()
    assert inflections("plan") == frozenset()


def _stats_of(text: str):
    """Corpus statistics of one document holding `text`."""
    from app.answering.terms import CorpusStats

    return CorpusStats.from_chunks([one_chunk(text)])


def test_a_question_participle_counts_as_known_when_the_corpus_holds_the_verb():
    from app.answering.question import analyse

    stats = _stats_of("De raad besluit tot herbenoeming van de heer Braas in de rekenkamercommissie.")
    q = analyse("Wie is herbenoemd in de rekenkamercommissie?", stats)
    assert q.unknown_share == 0.0
    alts = next(a for s, a, _ in q.terms if s == "herbenoemd")
    assert "herbenoem" in alts


def test_a_compound_no_document_holds_stands_for_its_parts():
    from app.answering.question import analyse

    stats = _stats_of("Voor mantelzorg is een budget van € 300.000 beschikbaar. De hond blijft thuis.")
    q = analyse("Welk mantelzorgbudget is beschikbaar?", stats)
    assert {s for s, _, _ in q.terms} >= {"mantelzorg", "budget"}
    assert q.unknown_share == 0.0
    # a part no document holds keeps the whole word unknown ('hondenbelasting': no 'belasting')
    assert analyse("Hoeveel hondenbelasting betaal ik?", stats).unknown_share > 0.5


@pytest.mark.parametrize(("question", "groups"), [
    ("Hoeveel geven Zwolle en Kampen uit aan Toezicht?",
     [(("Zwolle",), ("Kampen",)), (("Toezicht",),)]),
    ("Wie betaalt meer, Kampen of Deventer?", [(("Kampen",), ("Deventer",))]),
    # words side by side, or with a particle, are one name, all of whose words are required
    ("Hoeveel woningen komen er in Zwolle Stadshagen?", [(("Zwolle", "Stadshagen"),)]),
    ("Hoeveel inwoners hebben Texel en Den Helder?", [(("Texel",), ("Den", "Helder"))]),
    ("Wat betalen Bergen op Zoom en Roosendaal?", [(("Bergen", "Zoom"), ("Roosendaal",))]),
])
def test_names_joined_by_en_or_of_form_one_group(question, groups):
    from app.answering.terms import name_groups

    assert name_groups(question) == groups


def test_a_row_about_one_of_two_places_asked_answers_for_that_place():
    from dataclasses import replace

    from app.answering.candidates import from_hits
    from app.answering.engine import order
    from app.answering.question import analyse
    from app.answering.terms import CorpusStats
    from index.model import Hit

    zwolle = one_chunk("Toezicht kinderopvang Zwolle 412.118")
    kampen = replace(one_chunk("Toezicht kinderopvang Kampen 97.240"), chunk_id="d:0002")
    stats = CorpusStats.from_chunks([zwolle, kampen])
    pool = from_hits([Hit(zwolle, 1.0, 1, "hybrid"), Hit(kampen, 0.9, 2, "hybrid")])
    both = analyse("Hoeveel geven Zwolle en Kampen uit aan toezicht kinderopvang?", stats)
    assert len(order(both, pool, [0.5] * len(pool))) == 2
    # names written apart are each required: no unit is about both Zwolle and Kampen
    apart = analyse("Hoeveel geeft Zwolle uit aan toezicht kinderopvang in Kampen?", stats)
    assert not order(apart, pool, [0.5] * len(pool))


def test_a_question_asking_a_day_is_not_answered_by_a_year_alone():
    from app.answering.candidates import from_hits
    from app.answering.features import answer_type
    from app.answering.question import analyse
    from index.model import Hit

    chunk = one_chunk("Het Sportakkoord 2027-2031. Vastgesteld op 3 maart 2027.")
    stats = _stats_of(chunk.text)
    pool = from_hits([Hit(chunk, 1.0, 1, "hybrid")])
    match = {c.unit.text: answer_type.compute(q, c, stats)[0]
             for q in [analyse("Op welke datum is de agenda vastgesteld?", stats)] for c in pool}
    assert match == {"Het Sportakkoord 2027-2031.": 0.0, "Vastgesteld op 3 maart 2027.": 1.0}
    # 'wanneer' takes a year
    when = analyse("Wanneer loopt de agenda?", stats)
    assert all(answer_type.compute(when, c, stats)[0] == 1.0 for c in pool)


@pytest.mark.parametrize(("question", "topic"), [
    ("Wat houdt de regeling in?", "regeling"),
    ("Wat wordt onder mantelzorg verstaan?", "mantelzorg"),
])
def test_what_a_definition_cue_wraps_stays_a_topic_word(question, topic):
    from app.answering.question import analyse
    from app.answering.terms import content_terms

    stats = _stats_of("De regeling voor mantelzorg.")
    assert content_terms(topic)[0] in {s for s, _, _ in analyse(question, stats).terms}


def test_the_items_a_list_question_names_are_found_in_the_lead_in():
    from app.answering.candidates import from_hits
    from app.answering.features import answer_type
    from app.answering.question import analyse
    from index.model import Hit

    chunk = one_chunk("Wij werken samen met partners.\nDe kerntaken zijn:\n• Schoon water\n"
                      "• Veilige dijken")
    stats = _stats_of(chunk.text)
    q = analyse("Welke negen kerntaken kent het waterschap?", stats)
    assert q.listed == "kerntaken"
    listed = answer_type.NAMES.index("listed_match")
    got = {c.unit.text.strip("• "): answer_type.compute(q, c, stats)[listed]
           for c in from_hits([Hit(chunk, 1.0, 1, "hybrid")])}
    assert got["Schoon water"] == got["Veilige dijken"] == 1.0
    assert got["Wij werken samen met partners."] == 0.0
    # a question that is no list names no items
    assert analyse("Wat kost de GGD?", stats).listed == ""


def test_the_noun_a_list_question_names_counts_in_what_the_passage_must_hold():
    from app.answering.candidates import from_hits
    from app.answering.engine import missing
    from app.answering.question import analyse
    from app.answering.select import Scored
    from app.answering.terms import CorpusStats
    from index.model import Hit

    listed = one_chunk("De kerntaken zijn:\n• Schoon water\n• Veilige dijken")
    other = one_chunk("Wij hanteren een ruim begrip van duurzaamheid en klimaat.")
    stats = CorpusStats.from_chunks([listed, other])

    def lacks(question, chunk):
        best = Scored(from_hits([Hit(chunk, 1.0, 1, "hybrid")])[0], 0.5)
        return missing(analyse(question, stats), best)

    # the passage names what is listed; only the verb is lacking, not all that is asked
    assert lacks("Welke kerntaken hanteert het waterschap?", listed) < 1.0
    assert lacks("Welke kerntaken hanteert het waterschap?", other) > \
        lacks("Welke kerntaken hanteert het waterschap?", listed)
    # a noun no document holds, whole or in parts, is lacking from every passage
    assert lacks("Welke hondenrassen zijn er?", listed) == 1.0
