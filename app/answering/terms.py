"""Content words of questions and candidates, and the corpus statistics that weight them.

One fold and one stemmer for the whole product (ingest/language.py via index/vocabulary.py,
the same as BM25's), so a word the search matched is the word the answer engine counts.
Question words get their document-word alternatives and abbreviations from the one
vocabulary file (data/lang/vocabulary.tsv). No scoring policy here.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from app.answering import tagger
from index import vocabulary

_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
_CAP_WORD = re.compile(r"(?<![\w-])([A-ZÀ-Þ][a-zà-ÿ]{2,}(?:[-'][A-Za-zÀ-ÿ]+)*)")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return vocabulary.stem(vocabulary.fold(word))


def fold(text: str) -> str:
    return vocabulary.fold(text)


@lru_cache(maxsize=50_000)
def content_terms(text: str) -> tuple[str, ...]:
    """Stems of the words that carry meaning, in order, without stopwords or numbers."""
    stop = vocabulary.stopwords()
    out = []
    for w in _WORD.findall(fold(text)):
        if w not in stop:
            out.append(stem(w))
    return tuple(out)


@lru_cache(maxsize=50_000)
def term_set(text: str) -> frozenset[str]:
    """The set of content stems of a text (compounds are matched by `covers`)."""
    return frozenset(content_terms(text))


@lru_cache(maxsize=50_000)
def alternatives(word: str) -> frozenset[str]:
    """The stems that count as the question word: itself plus its document words."""
    folded = fold(word)
    alts = {stem(folded)}
    for doc_word in vocabulary.expand(folded):  # synonyms and abbreviations' long forms
        alts.update(content_terms(doc_word))
    return frozenset(alts)


def inflections(word: str) -> frozenset[str]:
    """Stems of other forms of the same verb that the stemmer keeps apart. A past participle
    without 'ge-' or a present form keeps its -d/-t ('verhoogd', 'benoemd', 'daalt') where
    the infinitive and the noun lose their ending ('verhogen', 'benoeming', 'dalen'); 'ge-'
    participles are stemmed already ('gebouwd' -> 'bouw'). From such a form, the verb's
    stem; from any other word of at least 5 letters, its participles. Callers keep the
    ones the corpus holds."""
    w = fold(word)
    s = stem(w)
    out: set[str] = set()
    if len(w) > 4 and w[-1] in "dt" and s == w:
        out.add(stem(w[:-1] + "en"))
    if len(s) >= 5 and s[-1] not in "dt":
        out.update((s + "d", s + "t"))
    out.discard(s)
    return frozenset(out)


def covers(term_alts: frozenset[str], terms: frozenset[str]) -> bool:
    """A question term is covered by an exact stem or a compound containing it
    ('belasting' in 'onroerendezaakbelasting'), never by a shorter stem inside it."""
    if term_alts & terms:
        return True
    return any(len(a) >= 5 and any(len(t) > len(a) + 2 and (t.endswith(a) or t.startswith(a))
                                   for t in terms) for a in term_alts)


def _name_matches(text: str):
    """Each title-case word, None for one that opens a sentence (no name: any word may)."""
    for m in _CAP_WORD.finditer(text):
        before = text[: m.start()].rstrip()
        yield None if not before or before[-1] in ".?!:;\"'“(" else m


def capitalised_names(text: str) -> list[str]:
    """Title-case words that are not the first word of a sentence: names of places,
    bodies and people ('Hoeveel betaalt Almere ...' -> ['Almere'])."""
    return [m.group(1) for m in _name_matches(text) if m is not None]


_OR_JOIN = re.compile(r"\s*(?:,|\ben\b|\bof\b)\s*")
_IN_NAME = re.compile(r"\s+(?:(?:op|aan|an|de|den|der|van|ter|ten)\s+)*")


def name_groups(text: str) -> list[tuple[tuple[str, ...], ...]]:
    """The question's names as groups of alternatives, each name the tuple of its words.
    Capitalised words side by side (or with a particle: 'Bergen op Zoom') are one name;
    names joined by 'en', 'of' or a comma are one group, of which a unit about one answers
    its part ('Hoeveel betalen Zwolle en Kampen ...': a row naming Zwolle answers for Zwolle)."""
    names: list[tuple[list[str], bool]] = []  # (words, joined to the name before by en/of/,)
    end = None
    for m in _name_matches(text):
        if m is None:
            end = None
            continue
        gap = text[end:m.start()] if end is not None else None
        if gap is not None and _IN_NAME.fullmatch(gap):
            names[-1][0].append(m.group(1))
        else:
            names.append(([m.group(1)], gap is not None and bool(_OR_JOIN.fullmatch(gap))))
        end = m.end()
    groups: list[list[tuple[str, ...]]] = []
    for words, joined in names:
        if joined and groups:
            groups[-1].append(tuple(words))
        else:
            groups.append([tuple(words)])
    return [tuple(g) for g in groups]


def name_stem(name: str) -> str:
    """What a folded name must match in a passage. A place adjective is about its place:
    'flevolandse' -> 'flevoland', 'drentse' -> 'drent' (in 'drenthe'); others stay."""
    return name[:-2] if len(name) > 6 and name.endswith("se") else name


def body_of(chunk) -> str:
    """The body a passage's document is of, as written and as its filter key."""
    return f"{getattr(chunk, 'body', '') or ''} {getattr(chunk, 'municipality', '') or ''}".strip()


@dataclass(frozen=True, slots=True)
class CorpusStats:
    """Document frequencies of content stems over all chunks, and what the index holds."""

    n: int
    df: dict[str, int]
    words: frozenset[str]  # every folded word of the corpus (to tell a known name)
    bodies: tuple[str, ...]  # the bodies (municipalities, provinces, ...) of the documents
    title_words: frozenset[str] = frozenset()  # folded words of the document titles
    surnames: frozenset[str] = frozenset()  # words the corpus holds only in a person's name

    def idf(self, term: str) -> float:
        return math.log((self.n + 1) / (self.df.get(term, 0) + 0.5))

    def known(self, word: str) -> bool:
        """Every part of the (hyphenated) word occurs in some document."""
        parts = [p for p in fold(word).split("-") if p]
        return bool(parts) and all(p in self.words for p in parts)

    def only_a_surname(self, word: str) -> bool:
        """'Amersfoort' in 'dhr. R. van Amersfoort' and nowhere else: the documents know the
        person, not the place."""
        return fold(word) in self.surnames

    def names_a_document(self, word: str) -> bool:
        """'Kaderbrief', 'Programmabegroting': a word of a document title names a source."""
        return fold(word) in self.title_words

    @classmethod
    def from_chunks(cls, chunks) -> CorpusStats:
        df: dict[str, int] = {}
        words: set[str] = set()
        bodies: dict[str, None] = {}
        titles: set[str] = set()
        in_names: set[str] = set()
        outside: set[str] = set()
        n = 0
        for c in chunks:
            n += 1
            text = f"{c.title}\n{' '.join(c.section)}\n{c.text}"
            for t in set(content_terms(text)):
                df[t] = df.get(t, 0) + 1
            words.update(_WORD.findall(fold(text)))
            rest, last = [], 0
            for a, b in tagger.person_spans(text):
                in_names.update(_WORD.findall(fold(text[a:b])))
                rest.append(text[last:a])
                last = b
            outside.update(_WORD.findall(fold(" ".join([*rest, text[last:]]))))
            titles.update(_WORD.findall(fold(c.title)))
            body = getattr(c, "body", "") or getattr(c, "municipality", "")  # as written
            if body:
                bodies.setdefault(str(body), None)
        return cls(n=max(n, 1), df=df, words=frozenset(words), bodies=tuple(sorted(bodies)),
                   title_words=frozenset(titles), surnames=frozenset(in_names - outside))
