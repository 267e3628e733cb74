"""Dutch BM25: a tokenizer that keeps numbers and years, and a bm25s index over chunk texts.

Tokens are folded (ingest/language.py), stopwords (data/lang/vocabulary.tsv) removed and
stemmed (ingest/language.STEMMER); numbers stay whole (`60.693`, `4,2%` -> also `4,2`, `2026-2029` -> also `2026`,
`2029`). This module scores texts; it knows nothing of chunks, filters or fusion.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from index import vocabulary
from ingest.language import STEMMER, fold, stems

__all__ = ["LexicalIndex", "fold", "number_tokens", "numbers_in", "signature", "split_compounds",
           "tokenize", "top_k"]

# Bump when tokenize() changes in a way signature() cannot see (the token pattern, the stemmer
# name and the stopwords are in it already).
TOKENIZER_VERSION = 2

_TOKEN = re.compile(
    r"\d+(?:[.,]\d+)*(?:\s?[-–]\s?\d+(?:[.,]\d+)*)?%?"  # numbers, decimals, ranges, percents
    r"|[^\W\d_]+\d*"  # words (letters, optionally a digit tail like co2, a28)
    r"|\d+[^\W\d_]+\w*",  # digit-led words (3e, 2e)
    re.UNICODE,
)
_WORD = re.compile(r"[^\W\d_]+")
_RANGE = re.compile(r"^(\d+(?:[.,]\d+)*)\s?[-–]\s?(\d+(?:[.,]\d+)*)$")


def _stopwords() -> frozenset[str]:
    return vocabulary.stopwords()


@lru_cache(maxsize=1)
def signature() -> str:
    """What BM25 tokens depend on: stemmer, token pattern, stopwords. The index records it;
    a different one means the lexical index must be rebuilt (index/faiss_backend.py)."""
    h = hashlib.sha256()
    h.update(f"{TOKENIZER_VERSION}\x00{STEMMER}\x00{_TOKEN.pattern}\x00".encode())
    h.update("\x00".join(sorted(_stopwords())).encode())
    return f"{TOKENIZER_VERSION}:{STEMMER}:{h.hexdigest()[:16]}"


def number_tokens(raw: str) -> list[str]:
    """All tokens for one number match: itself plus the parts of a range or percent."""
    raw = raw.replace(" ", "").replace("–", "-")
    out = [raw]
    if raw.endswith("%"):
        raw = raw[:-1]
        out.append(raw)
    m = _RANGE.match(raw)
    if m:
        out.extend((m.group(1), m.group(2)))
    return out


def tokenize(text: str) -> list[str]:
    """Dutch BM25 tokens of a text; the same function serves passages and queries."""
    stop = _stopwords()
    words: list[str] = []
    out: list[str] = []
    for match in _TOKEN.finditer(fold(text)):
        tok = match.group(0)
        if tok[0].isdigit() and not any(c.isalpha() for c in tok):
            if words:
                out.extend(stems(words))
                words = []
            out.extend(number_tokens(tok))
        elif tok not in stop and len(tok) > 1:
            words.append(tok)
    if words:
        out.extend(stems(words))
    return out


def split_compounds(text: str, vocabulary, *, min_len: int = 9, min_part: int = 4) -> list[str]:
    """Parts of the text's long words that BM25 does not know, where both parts are known.

    Query side only: "woningbouwdoelstelling" (not a passage token) -> ["woningbouw",
    "doelstelling"] when both stem to vocabulary tokens; the split with the most even parts
    wins. Known words, short words and unsplittable words add nothing.
    """
    out: list[str] = []
    for word in _WORD.findall(fold(text)):
        if len(word) < min_len or word in _stopwords():
            continue
        whole = tokenize(word)
        if not whole or whole[0] in vocabulary:
            continue
        best: tuple[int, str, str] | None = None
        for i in range(min_part, len(word) - min_part + 1):
            head, tail = tokenize(word[:i]), tokenize(word[i:])
            if head and tail and head[0] in vocabulary and tail[0] in vocabulary:
                cand = (min(i, len(word) - i), word[:i], word[i:])
                if best is None or cand > best:
                    best = cand
        if best is not None:
            out.extend(best[1:])
    return list(dict.fromkeys(out))


def numbers_in(text: str) -> set[str]:
    """The number tokens of a text (years, amounts, percents, range ends)."""
    found: set[str] = set()
    for match in _TOKEN.finditer(fold(text)):
        tok = match.group(0)
        if tok[0].isdigit() and not any(c.isalpha() for c in tok):
            found.update(number_tokens(tok))
    return found


class LexicalIndex:
    """bm25s over a list of texts; positions are the caller's row numbers."""

    def __init__(self, bm25=None, n_docs: int = 0):
        self._bm25 = bm25
        self.n_docs = n_docs

    @classmethod
    def build(cls, texts: list[str], *, k1: float = 1.2, b: float = 0.75) -> LexicalIndex:
        import bm25s

        if not texts:
            return cls(None, 0)
        corpus_tokens = [tokenize(t) for t in texts]
        bm25 = bm25s.BM25(k1=k1, b=b)
        bm25.index(corpus_tokens, show_progress=False)
        return cls(bm25, len(texts))

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every row for the query (zeros when no query token is known)."""
        if self._bm25 is None:
            return np.zeros(0, np.float32)
        vocab = self._bm25.vocab_dict
        ids = [vocab[t] for t in tokenize(query) if t in vocab]
        if not ids:
            return np.zeros(self.n_docs, np.float32)
        return np.asarray(self._bm25.get_scores_from_ids(ids), dtype=np.float32)

    def vocabulary(self) -> frozenset[str]:
        """Every token the index knows (what a query token must be to score)."""
        return frozenset(self._bm25.vocab_dict) if self._bm25 is not None else frozenset()

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        if self._bm25 is not None:
            self._bm25.save(str(folder))
        (folder / "lexical.json").write_text(json.dumps({"n_docs": self.n_docs}))

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        import bm25s

        meta = json.loads((folder / "lexical.json").read_text())
        if meta["n_docs"] == 0:
            return cls(None, 0)
        return cls(bm25s.BM25.load(str(folder), mmap=False), meta["n_docs"])


def top_k(scores: np.ndarray, k: int, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
    """Rows with the k highest positive scores (ties broken by row), after an optional mask."""
    if scores.size == 0 or k <= 0:
        return []
    if mask is not None:
        scores = np.where(mask, scores, 0.0)
    k = min(k, scores.size)
    idx = np.argpartition(-scores, k - 1)[:k]
    idx = idx[np.lexsort((idx, -scores[idx]))]
    return [(int(i), float(scores[i])) for i in idx if scores[i] > 0]
