"""What a question (or claim) asks: its weighted content words, the answer type, the years
and periods it is about, and the names it holds. Built once per question; pure."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.answering import tagger
from app.answering.terms import (
    CorpusStats,
    alternatives,
    capitalised_names,
    content_terms,
    inflections,
    name_groups,
    stem,
)

# Document types a question may name ('volgens de begroting', 'in de kadernota'); general
# Dutch public-sector document kinds, matched against a chunk's title and doc type.
DOC_TYPES = (
    "begroting", "programmabegroting", "jaarrekening", "jaarverslag", "kadernota", "kaderbrief",
    "voorjaarsnota", "coalitieakkoord", "bestuursakkoord", "raadsvoorstel", "raadsbesluit",
    "raadsmemo", "raadsinformatiebrief", "verordening", "omgevingsvisie", "omgevingsplan",
    "beleidsnota", "beleidsplan", "besluitenlijst", "statenvoorstel", "uitvoeringsprogramma",
    "programma", "agenda", "visie", "nota", "monitor", "akkoord",
)
_WORD = re.compile(r"[^\W\d_]{2,}")
# 'volgend jaar', 'dit jaar': a time relative to the asker, not a topic word
_RELATIVE_TIME = re.compile(r"\b(volgend|vorig|dit|komend|afgelopen|deze)e?\s+(jaar|jaren|maand|week)\b",
                            re.IGNORECASE)


def _particle_targets(text: str) -> dict[str, frozenset[str]]:
    """Split verbs ('gaat ... omhoog'): the particle's stem -> the document words' stems."""
    from index import vocabulary

    words = set(_WORD.findall(vocabulary.fold(text)))
    out: dict[str, frozenset[str]] = {}
    for particle, forms, targets in vocabulary.load().particle_verbs:
        if particle in words and words & forms:
            out[stem(particle)] = frozenset(t for w in targets for t in content_terms(w))
    return out


@dataclass(frozen=True, slots=True)
class Question:
    text: str
    terms: tuple[tuple[str, frozenset[str], float], ...]  # (stem, alternatives, idf weight)
    kind: str  # one of tagger.ANSWER_TYPES
    years: tuple[int, ...]
    periods: tuple[tuple[int, int], ...]
    names: tuple[str, ...]  # title-case names the question holds ('Almere', 'Groningen')
    unknown_names: tuple[str, ...]  # of those, the ones no indexed document contains
    unknown_share: float  # idf share of content words no document contains
    doc_types: tuple[str, ...]  # document kinds the question names ('begroting')
    quantities: tuple[tagger.Quantity, ...]
    counted: str = ""  # 'hoeveel woningen' -> 'woningen': what a number in the answer counts
    listed: str = ""  # 'welke kerntaken' -> 'kerntaken': what the items of the answer are
    # the listed noun as a weighted word (stem, alternatives, idf): part of what is asked
    listed_terms: tuple[tuple[str, frozenset[str], float], ...] = ()
    # names joined by 'en'/'of' ('Zwolle en Kampen'): a unit about one of a group will do;
    # each name the tuple of its words ('Den Helder')
    name_groups: tuple[tuple[tuple[str, ...], ...], ...] = ()

    @property
    def total_weight(self) -> float:
        return sum(w for _, _, w in self.terms) or 1.0


def _asks_person(text: str, kind: str, name: str) -> bool:
    """The question is about a person by that name ('wie is ...', 'wethouder Van Amersfoort')."""
    return kind == "person" or any(name in text[a:b] for a, b in tagger.person_spans(text)) \
        or re.search(r"\b(?:wethouder|burgemeester|directeur|voorzitter|meneer|mevrouw|de heer)\s+"
                     r"(?:(?:van|de|der|den)\s+)*" + re.escape(name), text, re.I) is not None


def analyse(text: str, stats: CorpusStats) -> Question:
    seen: dict[str, tuple[str, frozenset[str], float]] = {}
    unknown = 0.0
    kind = tagger.answer_type(text)
    # the words that say what kind of answer is wanted ('wat bedoelen ze met') are not topic
    topic = _RELATIVE_TIME.sub(" ", tagger.strip_cue(text, kind))
    particles = _particle_targets(text)
    from index.lexical import split_compounds  # loads the search's tokenizer only when asked

    pending = _WORD.findall(topic)
    while pending:
        word = pending.pop(0)
        terms = content_terms(word)
        if not terms:
            continue
        s = terms[0]
        if s in seen:
            continue
        alts = alternatives(word) | particles.get(s, frozenset())
        df_known = any(stats.df.get(a, 0) for a in alts)
        if not df_known and not stats.known(word):
            # a compound no document holds stands for its parts when every part is a
            # document word ('mantelzorgbudget' -> 'mantelzorg', 'budget'), as the search
            # splits it; the parts are shorter, so this ends
            parts = split_compounds(word, stats.df)
            if parts:
                pending[:0] = parts
                continue
        weight = max(stats.idf(a) for a in alts) if df_known else stats.idf(s)
        # other forms of the verb count as the word, but a rare form does not make it rarer
        forms = {a for a in inflections(word) if stats.df.get(a, 0)}
        if forms and not df_known:
            weight = max(stats.idf(a) for a in forms)
        df_known = df_known or bool(forms)
        alts |= forms
        seen[s] = (s, alts, weight)
        if not df_known and not stats.known(word):
            unknown += weight
    terms_ = tuple(seen.values())
    total = sum(w for _, _, w in terms_) or 1.0
    # a name that is a word of a document title refers to a source, not to what it is about
    names = tuple(n for n in dict.fromkeys(capitalised_names(text))
                  if not stats.names_a_document(n))
    folded_words = {stem(w) for w in _WORD.findall(text.lower())}
    listed = tagger.listed_noun(text) if kind == "list" else ""
    return Question(
        text=text,
        terms=terms_,
        kind=kind,
        counted=tagger.counted_noun(text),
        listed=listed,
        listed_terms=_weighted(listed, stats) if listed else (),
        years=tuple(tagger.years(text)),
        periods=tuple(tagger.periods(text)),
        names=names,
        name_groups=_groups(text, names),
        unknown_names=tuple(n for n in names if not stats.known(n)
                            or (stats.only_a_surname(n) and not _asks_person(text, kind, n))),
        unknown_share=unknown / total,
        doc_types=tuple(t for t in DOC_TYPES if stem(t) in folded_words),
        quantities=tuple(tagger.quantities(text)),
    )


def _weighted(word: str, stats: CorpusStats) -> tuple[tuple[str, frozenset[str], float], ...]:
    """A word as the question's terms hold one: its stem, its forms and its IDF weight; a word
    no document holds weighs as rare, so every passage lacks it. (Splitting an unknown
    compound into its parts here, and skipping a noun the topic words hold, was measured:
    CV term recall 0.606 -> 0.570.)"""
    terms = content_terms(word)
    if not terms:
        return ()
    alts = alternatives(word)
    known = [a for a in alts if stats.df.get(a, 0)]
    return ((terms[0], alts, max(stats.idf(a) for a in known) if known else stats.idf(terms[0])),)


def _groups(text: str, names: tuple[str, ...]) -> tuple[tuple[tuple[str, ...], ...], ...]:
    """terms.name_groups without the words that are no name of the question (a document
    title's words)."""
    out = []
    for group in name_groups(text):
        kept = tuple(w for w in (tuple(x for x in name if x in names) for name in group) if w)
        if kept:
            out.append(kept)
    return tuple(out)
