"""Thumbs up/down on answers, kept locally as JSON lines so staff can review what failed.

One line per vote in $BRONWIJZER_HOME/feedback.jsonl. Nothing is sent anywhere; this
module does not read settings (the caller passes the home folder).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

FEEDBACK_FILE = "feedback.jsonl"
VERDICTS = ("up", "down")


@dataclass(frozen=True, slots=True)
class Feedback:
    question: str
    answer: str
    chunk_ids: tuple[str, ...]  # the cited chunks, in citation order
    verdict: str  # "up" or "down"
    time: str  # ISO 8601, UTC
    refused: bool = False
    mode: str = "ask"  # "ask" or "check"

    def to_dict(self) -> dict:
        return {
            "question": self.question,
            "answer": self.answer,
            "chunk_ids": list(self.chunk_ids),
            "verdict": self.verdict,
            "time": self.time,
            "refused": self.refused,
            "mode": self.mode,
        }

    @classmethod
    def from_dict(cls, d: dict) -> Feedback:
        return cls(
            question=d["question"],
            answer=d["answer"],
            chunk_ids=tuple(d["chunk_ids"]),
            verdict=d["verdict"],
            time=d["time"],
            refused=d.get("refused", False),
            mode=d.get("mode", "ask"),
        )


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def record(home: Path, feedback: Feedback) -> Path:
    """Append one vote; returns the file written. Raises ValueError on an unknown verdict."""
    if feedback.verdict not in VERDICTS:
        raise ValueError(
            f"feedback verdict {feedback.verdict!r} is not one of {VERDICTS}: pass 'up' or 'down'"
        )
    home = Path(home)
    home.mkdir(parents=True, exist_ok=True)
    path = home / FEEDBACK_FILE
    line = json.dumps(feedback.to_dict(), ensure_ascii=False) + "\n"
    # One write() on an O_APPEND descriptor: concurrent sessions never interleave lines,
    # and a crash loses at most this line instead of corrupting the file.
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line.encode("utf-8"))
    finally:
        os.close(fd)
    return path


def load(home: Path) -> list[Feedback]:
    """Every stored vote, oldest first; a damaged line is skipped rather than fatal."""
    path = Path(home) / FEEDBACK_FILE
    if not path.exists():
        return []
    out: list[Feedback] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        try:
            out.append(Feedback.from_dict(json.loads(line)))
        except (ValueError, KeyError, TypeError):
            continue
    return out
