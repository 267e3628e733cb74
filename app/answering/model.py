"""The shapes the answer engine hands out: citations, answers and claim verdicts.

Frozen dataclasses with to_dict/from_dict; the JSON field names are part of the
command-line contract (`ask --json`, `check --json`) and stay stable.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from app import texts
from index.model import Hit
from ingest.model import Chunk

VERDICTS = ("supported", "refuted", "not_found")


def elapsed_ms(t0: float) -> float:
    """Milliseconds since time.perf_counter() returned t0 (Answer/Verdict latency)."""
    return (time.perf_counter() - t0) * 1000.0


@dataclass(frozen=True, slots=True)
class Citation:
    n: int
    chunk: Chunk
    quote: str  # the exact sentence(s) of chunk.text that support the answer

    def to_dict(self) -> dict:
        return {"n": self.n, **self.chunk.source_fields(), "quote": self.quote}

    @classmethod
    def from_dict(cls, d: dict) -> Citation:
        # The dict does not carry the chunk's full text: the quote stands in for it.
        chunk = Chunk.from_source_fields(d, d.get("text", d["quote"]))
        return cls(n=d["n"], chunk=chunk, quote=d["quote"])

    @property
    def label(self) -> str:
        c = self.chunk
        return texts.citation_text(c.title, c.section, c.page.start, c.page.label, c.page.exact,
                                   page_end=c.page.end)


def hit_from_dict(d: dict) -> Hit:
    chunk = Chunk.from_source_fields(d, d["text"])
    return Hit(chunk=chunk, score=d["score"], rank=d["rank"], source=d.get("source", "hybrid"))


@dataclass(frozen=True, slots=True)
class Answer:
    text: str
    citations: tuple[Citation, ...]
    refused: bool
    latency_ms: float
    suggestions: tuple[Hit, ...] = ()
    notice: str = ""  # Dutch, e.g. that an over-long question was cut
    generated: bool = field(default=False)  # text written by the checked language-model layer
    confidence: float | None = None  # the fitted scorer's probability of the first sentence

    def to_dict(self) -> dict:
        d = {
            "answer": self.text,
            "refused": self.refused,
            "citations": [c.to_dict() for c in self.citations],
            "latency_ms": round(self.latency_ms, 1),
        }
        if self.suggestions:
            d["suggestions"] = [h.to_dict() for h in self.suggestions]
        if self.notice:
            d["notice"] = self.notice
        if self.generated:
            d["generated"] = True
        if self.confidence is not None:
            d["confidence"] = round(self.confidence, 4)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> Answer:
        return cls(
            text=d["answer"],
            citations=tuple(Citation.from_dict(c) for c in d["citations"]),
            refused=d["refused"],
            latency_ms=d["latency_ms"],
            suggestions=tuple(hit_from_dict(h) for h in d.get("suggestions", ())),
            notice=d.get("notice", ""),
            generated=d.get("generated", False),
            confidence=d.get("confidence"),
        )


@dataclass(frozen=True, slots=True)
class Verdict:
    verdict: str  # "supported", "refuted" or "not_found"
    explanation: str  # Dutch
    evidence: tuple[Citation, ...]
    latency_ms: float

    def to_dict(self) -> dict:
        return {
            "verdict": self.verdict,
            "explanation": self.explanation,
            "evidence": [c.to_dict() for c in self.evidence],
            "latency_ms": round(self.latency_ms, 1),
        }

    @classmethod
    def from_dict(cls, d: dict) -> Verdict:
        return cls(
            verdict=d["verdict"],
            explanation=d["explanation"],
            evidence=tuple(Citation.from_dict(c) for c in d["evidence"]),
            latency_ms=d["latency_ms"],
        )

    @property
    def label(self) -> str:
        return texts.VERDICT_LABELS[self.verdict]
