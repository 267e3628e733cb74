"""Dutch text normalisation shared by every layer: one fold, one stemmer, one word pattern.

`fold` lowercases and strips diacritics; `stem` is PyStemmer's Snowball 'dutch' on
folded words (numbers untouched). Pure functions; no word lists here (those are data, read by
index/vocabulary.py from data/lang/vocabulary.tsv) and no tokenisation policy (index/lexical.py).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# PyStemmer algorithm; part of the BM25 tokeniser signature. Snowball 'dutch' (PyStemmer 3)
# joins verb forms ('helpt'/'helpen', 'afgebouwd'/'afbouwen') that Dutch Porter keeps apart,
# but it also strips 'ge-' too eagerly (gemeente -> 'meen', gezondheid -> 'zon', gezin ->
# 'zin'). Both measure alike on BM25 over both dev sets (bench/README.md); a paraphrase test
# on the real index needs 'helpt' -> 'help'. Changing it rebuilds BM25 (lexical.signature).
STEMMER = "dutch"
WORD = re.compile(r"[^\W\d_]+")  # a run of letters (any script, diacritics included)


def fold(text: str) -> str:
    """Lowercase and strip diacritics (financiële -> financiele, Oekraïne -> oekraine)."""
    text = text.lower()
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """The folded letter words of a text, in order ('OZB-tarieven' -> ['ozb', 'tarieven'])."""
    return WORD.findall(fold(text))


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer(STEMMER)


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The stem of one word, folded first ('woningen' -> 'woon'); a number stays as it is."""
    w = fold(word.strip("'’"))
    if not w or w[0].isdigit():
        return w
    return _stemmer().stemWord(w)


def stems(words_: list[str]) -> list[str]:
    """stem() of each word (already folded words are stemmed in one call)."""
    return _stemmer().stemWords([fold(w) for w in words_])
