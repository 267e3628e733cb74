"""Does a sentence say the opposite of a claim about the same thing? Two general signals:

- negation: a word both hold is negated in one and not in the other ("is gegarandeerd" /
  "niet gegarandeerd"; "geld beschikbaar gesteld" / "nog geen middelen beschikbaar gesteld");
  a word counts as negated when it follows 'niet', 'geen', 'nooit', 'niets' or 'noch' within
  a few words;
- opposites: the claim holds a word whose opposite (data/lang/vocabulary.tsv, kind
  'antonym') the sentence holds instead ("permanente vergunning" / "tijdelijk vergund").

Direction words (stijgt / daalt) are checked apart, in app/answering/claims.py.
"""

from __future__ import annotations

import re

from app.answering.terms import fold, stem
from index import vocabulary

NEGATORS = frozenset({"niet", "geen", "nooit", "niets", "noch"})
SCOPE = 4  # words after a negator that it negates ('nog geen middelen beschikbaar gesteld')
_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)


def _stems(text: str) -> list[tuple[str, bool]]:
    """(stem, negated) of every content word, in order."""
    stop = vocabulary.stopwords()
    out: list[tuple[str, bool]] = []
    left = 0  # words still in the scope of the last negator
    for w in _WORD.findall(fold(text)):
        if w in NEGATORS:
            left = SCOPE
            continue
        neg = left > 0
        left = max(0, left - 1)
        if w not in stop:
            out.append((stem(w), neg))
    return out


def has_negator(text: str) -> bool:
    """A negating word anywhere in the text."""
    return any(w in NEGATORS for w in _WORD.findall(fold(text)))


def negation_differs(claim: str, unit: str) -> bool:
    """A word of both is negated in exactly one of them."""
    a, b = _stems(claim), _stems(unit)
    plain_a = {s for s, n in a if not n}
    neg_a = {s for s, n in a if n}
    plain_b = {s for s, n in b if not n}
    neg_b = {s for s, n in b if n}
    return bool((neg_b - plain_b) & (plain_a - neg_a)) or bool((neg_a - plain_a) & (plain_b - neg_b))


def opposed_terms(claim: str, unit: str) -> frozenset[str]:
    """Claim stems the unit holds the opposite of, and not the stem itself."""
    opposites = vocabulary.load().antonyms
    if not opposites:
        return frozenset()
    held = {s for s, n in _stems(unit) if not n}
    return frozenset(s for s, neg in _stems(claim)
                     if not neg and s not in held and opposites.get(s, frozenset()) & held)


def opposite_word(claim: str, unit: str) -> bool:
    """The unit holds the opposite of a claim word, and not that word itself."""
    return bool(opposed_terms(claim, unit))


def contradicts(claim: str, unit: str) -> bool:
    return negation_differs(claim, unit) or opposite_word(claim, unit)
