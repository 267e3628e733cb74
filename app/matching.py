"""How a question word meets a passage's words: exact stems, participles, compound parts,
resident synonyms and near stems; and what a 'hoeveel' question counts.

Pure functions over stems; no corpus statistics (app/question.py) and no scoring policy.
"""

from __future__ import annotations

import re

from app.sentences import content_terms, synonyms, term_set

_COUNT_ASK = re.compile(r"\bhoeveel\s+((?:[A-Za-zÀ-ÿ][\w-]*\s+){0,2}[A-Za-zÀ-ÿ][\w-]*)", re.I)


def counted_words(question: str) -> tuple[str, ...]:
    """The stems 'hoeveel' asks about, with their document synonyms: 'hoeveel huizen komen
    er' -> ('huiz', 'woning'); 'hoeveel mensen uit Oekraïne' -> ('mens', 'inwoner', 'oekrain')."""
    m = _COUNT_ASK.search(question)
    if not m:
        return ()
    out: list[str] = []
    for t in content_terms(m.group(1)):
        if t[:1].isdigit() or t in _NOT_COUNTED_STEMS:
            continue
        out += [t, *synonyms().get(t, ())]
    return tuple(dict.fromkeys(out))


_NOT_COUNTED_STEMS = frozenset({"kost", "bedraagt", "betal", "geld", "krijg", "kom", "gat", "wil"})
_NUM_THEN_WORDS = re.compile(r"(?<![\w.,])\d[\d.,]*(?:\s+(?:miljoen|mln|duizend))?((?:\s+[^\s\d]+){1,2})")


def counted_number(text: str, counted: tuple[str, ...]) -> float:
    """1.0 when a number is followed within two words by what 'hoeveel' counts
    ('ruim 800 Oekraïense ontheemden', '650 woningen'), else 0.0."""
    for m in _NUM_THEN_WORDS.finditer(text):
        after = term_set(m.group(1))
        if any(_match(c, after) >= 0.8 for c in counted):
            return 1.0
    return 0.0


def _match(term: str, terms: frozenset[str]) -> float:
    if term in terms:
        return 1.0
    if term.startswith("ge") and len(term) >= 5:  # participle: 'gerekend' ~ 'rekenen'
        bare = term[2:]
        if any(t.startswith(bare) and len(t) - len(bare) <= 3 for t in terms):
            return 0.8
    if len(term) >= 4 and any(t.startswith("ge" + term) and len(t) - len(term) <= 4 for t in terms):
        return 0.8  # 'schaats' ~ 'geschaatst'
    for syn in synonyms().get(term, ()):
        if syn in terms or any(t.startswith(syn) for t in terms):
            return 0.9
    if len(term) >= 3 and not term[0].isdigit():
        for t in terms:
            if len(t) >= 5 and (_compound_part(term, t) or _compound_part(t, term)):
                return 0.7
            if len(t) >= 5 and _same_root(term, t):
                return 0.8
    return 0.0


def _same_root(a: str, b: str) -> bool:
    """Stems the stemmer left apart: 'totaal'/'total', 'bijdraagt'/'bijdrag'."""
    n = min(len(a), len(b))
    k = 0
    while k < n and a[k] == b[k]:
        k += 1
    return n >= 5 and k >= n - 1 and abs(len(a) - len(b)) <= 3


def _compound_part(part: str, whole: str) -> bool:
    """'tekort' in 'macrotekort', 'zwembad' in 'buitenzwembad'; not 'sport' in 'pasport'."""
    if len(part) < 3:
        return False
    rest = len(whole) - len(part)
    # short parts only in a clear compound: 'led' in 'ledverlichting', 'gas' in 'aardgas'
    if whole.startswith(part) and rest >= (3 if len(part) >= 5 else 5):
        return True
    return whole.endswith(part) and rest >= (3 if len(part) >= 5 else 4)
