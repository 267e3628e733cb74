"""Dutch readability of an answer: Flesch-Douma (206.835 - 0.93 x words per sentence
- 77 x syllables per word), computed by the readsight library (MIT; Liang/TeX Dutch
hyphenation patterns for syllables). Higher is easier; 60-70 is plain Dutch.

Before scoring, what a reader does not read as sentence ends is taken out: citation
marks [n], the dots of numbers ("1.000") and of abbreviations ("t.o.v."). A list item on
its own line counts as a sentence. readsight counts words of letters only, so figures add
no words. Without readsight installed, score() returns None and the report says so.
"""

from __future__ import annotations

import re
from pathlib import Path

_CITE = re.compile(r"\[\d+\]")
_NUMBER_DOT = re.compile(r"(?<=\d)[.,](?=\d)")
_ABBREVIATION = re.compile(r"\b(?:[A-Za-z]{1,3}\.){2,}")
_LINE_END = re.compile(r"(?<![.!?:;])[ \t]*\n+")


def prepare(text: str) -> str:
    """The text as sentences a reader sees (see the module docstring)."""
    text = _CITE.sub("", text)
    text = _NUMBER_DOT.sub("", text)
    text = _ABBREVIATION.sub(lambda m: m.group(0).replace(".", ""), text)
    text = _LINE_END.sub(". ", text.strip())
    return re.sub(r"\s+", " ", text).strip()


class Readability:
    """Scores Dutch text; loads readsight's Dutch patterns on first use."""

    def __init__(self, cache_dir: str | Path | None = None) -> None:
        self.cache_dir = str(cache_dir) if cache_dir is not None else None
        self._engine = None
        self.missing: str | None = None  # why nothing is measured, when readsight is absent

    def _load(self):
        if self._engine is None and self.missing is None:
            try:
                from readsight import ReadSight
            except ModuleNotFoundError:
                self.missing = "readability not measured: the readsight package is not installed"
                return None
            if self.cache_dir is not None:
                Path(self.cache_dir).mkdir(parents=True, exist_ok=True)
            self._engine = ReadSight("nl", cache_dir=self.cache_dir)
        return self._engine

    def score(self, text: str) -> float | None:
        """Flesch-Douma of text; None for text without words or without readsight."""
        clean = prepare(text)
        if not re.search(r"[^\W\d_]", clean):
            return None
        engine = self._load()
        if engine is None:
            return None
        return float(engine.flesch_reading_ease(clean).score)
