"""Abbreviations a document writes out: "onroerendezaakbelasting (OZB)", "AB (algemeen bestuur)".

`learn(text)` finds both patterns and keeps a pair only when the abbreviation's letters are
the initials of the long form's words or of the parts of its compounds (o-nroerende z-aak
b-elasting -> OZB; V-ennootschapsbelasting -> VpB, a lower-case letter may sit inside a
part). It knows no abbreviation in advance and stores nothing; ingest/pipeline.py does.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from ingest.language import fold

# Words a Dutch long form may carry without a letter in its abbreviation ("Besluit begroting
# en verantwoording" -> BBV, "Centraal Bureau voor de Statistiek" -> CBS). Grammar, not vocabulary.
CONNECTORS = frozenset("de het een en van voor op in der te tot of met".split())
MIN_PART = 3  # letters in a compound part that starts an abbreviation letter
_SHORT = r"[A-Z][A-Za-z]{1,7}"
_LONG_THEN_SHORT = re.compile(rf"\(\s*({_SHORT})\s*\)")
_SHORT_THEN_LONG = re.compile(rf"(?<![\w-])({_SHORT})\s*\(([^()\n]{{3,100}})\)")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_BOUNDARY = re.compile(r"[.;:!?•()\[\]]|\n\s*\n|\n\s*[-–*]\s")  # where a long form cannot reach over


def looks_like_abbreviation(short: str) -> bool:
    """'OZB', 'GGD', 'VpB', 'Wmo', 'Woo': two capitals, or a capital and at most three letters."""
    if not re.fullmatch(_SHORT, short):
        return False
    caps = sum(1 for c in short if c.isupper())
    return caps >= 2 or len(short) <= 4


def matches(short: str, long_words: list[str]) -> bool:
    """True when the abbreviation's letters are the long form's initials (every content word
    gives at least its initial; compound parts of >= MIN_PART letters may give more)."""
    letters = short
    parts = [fold(w) for w in long_words for w in w.split("-") if w]
    if not parts or not letters or parts[0] in CONNECTORS or len(letters) > 2 * len(parts) + 6:
        return False
    return _match(letters, tuple(parts))


@lru_cache(maxsize=4096)
def _match(letters: str, parts: tuple[str, ...]) -> bool:
    if not parts:
        return not letters
    word, rest = parts[0], parts[1:]
    if word in CONNECTORS and _match(letters, rest):
        return True  # the connector gives no letter
    if not letters or fold(letters[0]) != word[0]:
        return False
    return _inside(letters[1:], word, 0, rest)


@lru_cache(maxsize=65536)  # memoised: a long word of repeated letters stays polynomial
def _inside(letters: str, word: str, start: int, rest: tuple[str, ...], pos: int = -1) -> bool:
    """Place the letters left: the current part of `word` began at `start`, the last letter
    placed in it sits at `pos` (-1: its initial)."""
    if _match(letters, rest):
        return True  # the word ends here
    if not letters:
        return False
    ch, upper = fold(letters[0]), letters[0].isupper()
    for i in range(max(start, pos) + 1, len(word)):
        if word[i] != ch:
            continue
        # a new compound part: the one before and this one are long enough
        if i - start >= MIN_PART and len(word) - i >= MIN_PART and _inside(letters[1:], word, i, rest):
            return True
        # a lower-case letter may be an inner letter of the current part (VpB, Wgr)
        if not upper and _inside(letters[1:], word, start, rest, i):
            return True
    return False


def _long_before(text: str, end: int, short: str) -> str | None:
    """The shortest run of words ending at `end` whose initials give `short`."""
    clause = text[max(0, end - 300):end]
    clause = _BOUNDARY.split(clause)[-1]
    found = list(_WORD.finditer(clause))
    content = 0
    for i in range(len(found) - 1, -1, -1):
        word = found[i].group(0)
        if fold(word) not in CONNECTORS:
            content += 1
        if content > len(short):
            return None
        span = [m.group(0) for m in found[i:]]
        if word[0].lower() == short[0].lower() and matches(short, span):
            return " ".join(span)
    return None


def learn(text: str) -> dict[str, str]:
    """Abbreviation -> long form as written, for every pair the text spells out.

    An abbreviation written out in several ways keeps its most frequent long form (the
    first one on a tie). An abbreviation equal to a word of its long form is ignored.
    """
    seen: dict[str, Counter] = {}
    order: dict[tuple[str, str], int] = {}

    def add(short: str, long: str, at: int) -> None:
        if fold(short) in {fold(w) for w in long.split()}:
            return
        seen.setdefault(short, Counter())[long] += 1
        order.setdefault((short, long), at)

    for m in _LONG_THEN_SHORT.finditer(text):
        short = m.group(1)
        if looks_like_abbreviation(short):
            long = _long_before(text, m.start(), short)
            if long:
                add(short, long, m.start())
    for m in _SHORT_THEN_LONG.finditer(text):
        short, inner = m.group(1), " ".join(m.group(2).split())
        if not looks_like_abbreviation(short):
            continue
        long_words = _WORD.findall(inner)
        if long_words and fold(long_words[0]) in ("de", "het"):
            long_words = long_words[1:]
        # the whole parenthesis must be the long form: nothing but words and spaces
        if long_words and re.fullmatch(r"[^\W\d_]+(?:[\s-]+[^\W\d_]+)*", inner) \
                and matches(short, long_words):
            add(short, " ".join(long_words), m.start())
    return {s: min(c, key=lambda lf: (-c[lf], order[(s, lf)])) for s, c in sorted(seen.items())}
