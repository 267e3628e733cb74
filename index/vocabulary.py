"""The Dutch vocabulary as data: data/lang/vocabulary.tsv, read once, for search and answers.

API (index and app use only this; the file format stays behind it):
- `load(path=None) -> Vocabulary` (cached): every entry with its provenance, plus lookups.
- `expand(word, learned=None) -> tuple[str, ...]`: the document words for one question word
  ('huizen' -> ('woningen',), 'ozb' -> ('onroerendezaakbelasting', ...)), learned
  abbreviations included; `()` when none.
- `extra_words(text, learned=None, known=None) -> list[str]`: the document words a whole
  question adds: per word, split particle verbs ('houdt ... bij' -> monitoring) and
  abbreviations whose long form the question spells out ('onroerendezaakbelasting' -> 'ozb');
  `known` (an index's stems) keeps abbreviations to bridging what the index lacks.
- `abbreviations(learned=None) -> dict[str, tuple[str, ...]]`, `stopwords() -> frozenset`;
  `load().generic`: words of municipal documents that name no particular document or chapter.
- `learned_from(per_document) -> Learned`: merge the abbreviations documents wrote out
  (ingest/abbreviations.py, kept per document in the chunk store) into one lookup.
- `fold(text)`, `stem(word)`: the one fold and the one stemmer (ingest/language.py).
It does not tokenise for BM25 (index/lexical.py) or decide how expansions are weighted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ingest.language import fold, stem, words

__all__ = ["Entry", "Vocabulary", "VocabularyError", "abbreviations", "expand", "extra_words",
           "fold", "learned_from", "load", "stem", "stopwords"]

PATH = Path(__file__).resolve().parent.parent / "data" / "lang" / "vocabulary.tsv"
KINDS = ("synonym", "abbreviation", "particle_verb", "stopword", "generic", "antonym")
Learned = Mapping[str, tuple[str, ...]]  # folded abbreviation -> long forms


class VocabularyError(ValueError):
    """The vocabulary file is missing or has a bad line."""


@dataclass(frozen=True, slots=True)
class Entry:
    kind: str  # one of KINDS
    word: str  # as in the file ("huizen", "OZB", "bij+houdt,houden", "de")
    document: tuple[str, ...]  # document words or the expansion; () for a stopword
    provenance: str  # "general Dutch", "Dutch municipal finance (BBV)", "learned", ...


@dataclass(frozen=True, slots=True)
class Vocabulary:
    entries: tuple[Entry, ...]
    synonyms: Mapping[str, tuple[str, ...]]  # folded word -> document words
    abbreviations: Mapping[str, tuple[str, ...]]  # folded abbreviation -> expansions
    particle_verbs: tuple[tuple[str, frozenset[str], tuple[str, ...]], ...]  # particle, forms, words
    stopwords: frozenset[str]  # folded
    generic: frozenset[str] = frozenset()  # folded: words naming no particular document
    antonyms: Mapping[str, frozenset[str]] = field(default_factory=dict)  # stem -> opposite stems


def parse(lines: Iterable[str], source: str = "vocabulary") -> Vocabulary:
    """A Vocabulary from TSV lines (comments '#', a header line, blank lines allowed)."""
    entries: list[Entry] = []
    for n, line in enumerate(lines, start=1):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#") or line.startswith("kind\t"):
            continue
        cols = line.split("\t")
        if len(cols) != 4:
            raise VocabularyError(f"{source} line {n}: expected 4 tab-separated columns "
                                  f"(kind, word, document, provenance), got {len(cols)}: {line!r}")
        kind, word, document, provenance = (c.strip() for c in cols)
        if kind not in KINDS:
            raise VocabularyError(f"{source} line {n}: unknown kind {kind!r}; use one of "
                                  f"{', '.join(KINDS)}")
        targets = tuple(t.strip() for t in document.split(",") if t.strip())
        bare = kind in ("stopword", "generic")
        if not word or not provenance or bare == bool(targets):
            raise VocabularyError(f"{source} line {n}: {kind} {word!r} needs a word, a provenance"
                                  f"{' and no document words' if bare else ' and document words'}")
        if kind == "particle_verb" and ("+" not in word or not word.split("+", 1)[1]):
            raise VocabularyError(f"{source} line {n}: particle verb {word!r} must read "
                                  "'particle+form,form' (e.g. 'bij+houdt,houden')")
        entries.append(Entry(kind, word, targets, provenance))
    return _index(tuple(entries))


def _index(entries: tuple[Entry, ...]) -> Vocabulary:
    synonyms: dict[str, tuple[str, ...]] = {}
    abbrevs: dict[str, tuple[str, ...]] = {}
    particles = []
    stop = set()
    generic = set()
    opposite: dict[str, set[str]] = {}
    for e in entries:
        if e.kind == "synonym":
            key = fold(e.word)
            synonyms[key] = tuple(dict.fromkeys((*synonyms.get(key, ()), *e.document)))
        elif e.kind == "abbreviation":
            key = fold(e.word)
            abbrevs[key] = tuple(dict.fromkeys((*abbrevs.get(key, ()), *e.document)))
        elif e.kind == "particle_verb":
            particle, forms = e.word.split("+", 1)
            particles.append((fold(particle), frozenset(fold(f) for f in forms.split(",")),
                              e.document))
        elif e.kind == "generic":
            generic.add(fold(e.word))
        elif e.kind == "antonym":  # both ways: 'permanent' opposes 'tijdelijk' and back
            for other in e.document:
                opposite.setdefault(stem(e.word), set()).add(stem(other))
                opposite.setdefault(stem(other), set()).add(stem(e.word))
        else:
            stop.add(fold(e.word))
    return Vocabulary(entries, synonyms, abbrevs, tuple(particles), frozenset(stop),
                      frozenset(generic), {k: frozenset(v) for k, v in opposite.items()})


@lru_cache(maxsize=4)
def load(path: Path | None = None) -> Vocabulary:
    """The vocabulary file (default data/lang/vocabulary.tsv), read once per path."""
    path = Path(path) if path is not None else PATH
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise VocabularyError(f"cannot read the vocabulary {path} ({exc.strerror}); "
                              "restore data/lang/vocabulary.tsv from the repository") from exc
    return parse(text.splitlines(), str(path))


def stopwords() -> frozenset[str]:
    return load().stopwords


def learned_from(per_document: Iterable[Mapping[str, str]]) -> dict[str, tuple[str, ...]]:
    """{abbreviation: long form} of each document -> {folded abbreviation: long forms}.
    An abbreviation that is a stopword ('(WIE)') is left out: it would expand every question."""
    out: dict[str, list[str]] = {}
    stop = stopwords()
    for found in per_document:
        for short, long in found.items():
            key = fold(short)
            if key in stop or not long.strip():
                continue
            forms = out.setdefault(key, [])
            if fold(long) not in (fold(f) for f in forms):
                forms.append(long)
    return {k: tuple(v) for k, v in sorted(out.items())}


def abbreviations(learned: Learned | None = None) -> dict[str, tuple[str, ...]]:
    """Folded abbreviation -> expansions: the file's, then what documents wrote out."""
    merged = {k: list(v) for k, v in load().abbreviations.items()}
    for k, forms in (learned or {}).items():
        have = merged.setdefault(k, [])
        have.extend(f for f in forms if fold(f) not in {fold(h) for h in have})
    return {k: tuple(v) for k, v in merged.items()}


def expand(word: str, learned: Learned | None = None) -> tuple[str, ...]:
    """The document words for one word: its synonyms, or an abbreviation's expansions."""
    key = fold(word)
    voc = load()
    out = [*voc.synonyms.get(key, ()), *voc.abbreviations.get(key, ())]
    if learned:
        out.extend(learned.get(key, ()))
    return tuple(dict.fromkeys(out))


def extra_words(text: str, learned: Learned | None = None,
                known: frozenset[str] | None = None) -> list[str]:
    """The document words a question adds, in order, without repeats (see the module doc).

    `known` (the index's stems, when given) limits abbreviations to bridging what the index
    lacks: a long form of several words is added only when the abbreviation itself is not
    indexed, and an abbreviation for a spelled-out long form only when that long form is not
    indexed. Otherwise the extra words weigh the same concept twice (measured: 'GGD' +
    'gemeentelijke gezondheidsdienst' pulls any passage on 'gemeentelijke' up)."""
    found = words(text)
    voc = load()
    out: list[str] = []
    for word in found:
        out.extend(voc.synonyms.get(word, ()))
        for form in _forms(word, learned):
            if known is None or " " not in form.strip() or stem(word) not in known:
                out.append(form)
    # "komen erbij", "gaat erop": the particle hides in a pronominal adverb
    present = set(found) | {w[2:] for w in found if w.startswith("er") and len(w) > 3}
    for particle, forms, targets in voc.particle_verbs:
        if particle in present and present.intersection(forms):
            out.extend(targets)
    out.extend(_spelled_out(found, learned, known))
    return list(dict.fromkeys(out))


def _forms(word: str, learned: Learned | None) -> tuple[str, ...]:
    """The expansions of a word that is an abbreviation (file first, then learned)."""
    forms = load().abbreviations.get(word, ())
    if learned and word in learned:
        forms = (*forms, *(f for f in learned[word] if fold(f) not in {fold(x) for x in forms}))
    return forms


def _spelled_out(found: list[str], learned: Learned | None,
                 known: frozenset[str] | None) -> list[str]:
    """Abbreviations whose long form the question writes ('onroerendezaakbelasting' -> 'ozb')."""
    if not found:
        return []
    question = " " + " ".join(stem(w) for w in found) + " "
    out = []
    for short, forms in abbreviations(learned).items():
        for form in forms:
            form_stems = [stem(w) for w in words(form)]
            if form_stems and f" {' '.join(form_stems)} " in question:
                if known is None or not set(form_stems) <= known:
                    out.append(short)
                break
    return out
