"""Municipal jargon explained in plain Dutch: data/lang/jargon.tsv, looked up in a text.

`terms_in(text)` returns the glossary entries a text uses (whole words; "OZB-tarieven"
uses OZB), in the order they first appear, each once. Acronyms match in capitals only,
other terms in any case. It explains words; it never changes the text it reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

JARGON_FILE = Path(__file__).resolve().parent.parent / "data" / "lang" / "jargon.tsv"


class GlossaryError(ValueError):
    """The glossary file is malformed; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class Term:
    term: str  # the main form, as shown: "OZB"
    variants: tuple[str, ...]  # every form that counts, the main one first
    explanation: str  # one B1 sentence
    source: str  # where the notion comes from (law, regulation)


def load(path: Path = JARGON_FILE) -> tuple[Term, ...]:
    """The entries of a glossary TSV (term|variant, explanation, source); '#' lines are notes."""
    terms = []
    for lineno, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#") or line.startswith("term\t"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or not all(p.strip() for p in parts):
            raise GlossaryError(
                f"{path} line {lineno}: expected 3 tab-separated fields (term, uitleg, bron), "
                f"got {len(parts)}: {line[:60]!r}")
        variants = tuple(v.strip() for v in parts[0].split("|") if v.strip())
        terms.append(Term(variants[0], variants, parts[1].strip(), parts[2].strip()))
    return tuple(terms)


def _is_acronym(word: str) -> bool:
    return sum(ch.isupper() for ch in word) >= 2


def _pattern(variant: str) -> re.Pattern:
    body = r"\s+".join(re.escape(w) for w in variant.split())
    flags = 0 if _is_acronym(variant) else re.IGNORECASE
    return re.compile(rf"(?<![\w-]){body}(?![^\W_])", flags)


@lru_cache(maxsize=4)
def _compiled(path: Path) -> tuple[tuple[Term, tuple[re.Pattern, ...]], ...]:
    return tuple((t, tuple(_pattern(v) for v in t.variants)) for t in load(path))


def terms_in(text: str, path: Path = JARGON_FILE) -> list[Term]:
    """The glossary terms a text uses, in order of first use, each once."""
    found = []
    for term, patterns in _compiled(Path(path)):
        positions = [m.start() for p in patterns if (m := p.search(text or ""))]
        if positions:
            found.append((min(positions), term))
    return [t for _, t in sorted(found, key=lambda pair: pair[0])]


def lookup(word: str, path: Path = JARGON_FILE) -> Term | None:
    """The entry for one word or phrase (any of its variants), else None."""
    word = " ".join((word or "").split())
    for term, _ in _compiled(Path(path)):
        for v in term.variants:
            if v == word or (not _is_acronym(v) and v.lower() == word.lower()):
                return term
    return None
