"""Query-side expansion: a question plus the document wording for its everyday words.

`expand` appends what index/vocabulary.py gives for the question ("huizen" also searches
"woningen", "ozb" also "onroerendezaakbelasting", a split verb "houdt ... bij"
"monitoring"), including abbreviations the indexed documents wrote out (`learned`).
Passages are never expanded, so the index does not change and every backend stays equal.
Dense search gets the question unchanged. The word lists are data: data/lang/vocabulary.tsv.
"""

from __future__ import annotations

from index import vocabulary
from index.lexical import tokenize


def extra_words(query: str, learned: vocabulary.Learned | None = None,
                known: frozenset[str] | None = None) -> list[str]:
    """The document words the vocabulary adds for a question, in order, without repeats."""
    return vocabulary.extra_words(query, learned, known)


def expand(query: str, learned: vocabulary.Learned | None = None,
           known: frozenset[str] | None = None) -> str:
    """The question followed by its vocabulary words (the question itself when none apply);
    a word the question already holds (same BM25 token) is not added twice. `known`: the
    index's BM25 tokens (see vocabulary.extra_words)."""
    have = set(tokenize(query))
    # Extra words are not deduplicated among themselves: measured on dev, collapsing
    # 'monitoring'/'monitoren' or 'tarief'/'tarieven' into one token lowered hybrid R@5.
    extra = [w for w in extra_words(query, learned, known) if not set(tokenize(w)) <= have]
    return f"{query} {' '.join(extra)}" if extra else query
