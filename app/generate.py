"""Optional plain-language summary by any OpenAI-compatible chat endpoint (Ollama,
llama.cpp server, vLLM), streamed, from the cited passages only, then checked: every
sentence carries a valid [n] and every number in it occurs in the cited passages.

Standard library HTTP only (urllib). Off unless a base URL and model are given; any
failure (network, timeout, a failed check) means the grounded answer stands alone.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from app.answering.tagger import quantities

log = logging.getLogger(__name__)

SYSTEM_PROMPT = (
    "Je bent Bronwijzer, een assistent van de gemeente. Beantwoord de vraag in eenvoudig "
    "Nederlands (taalniveau B1), in twee tot vier korte zinnen, uitsluitend op basis van de "
    "genummerde passages. Zet na elke zin het nummer van de passage waar die zin op steunt, "
    "tussen blokhaken, bijvoorbeeld [1]. Noem alleen getallen, bedragen en jaartallen die "
    "letterlijk in de passages staan. Staat het antwoord niet in de passages, zeg dat dan."
)
_MARKER = re.compile(r"\[(\d+)\]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"'(])|(?<=\])\s+(?=[A-Z“\"'(])")


class GenerationError(Exception):
    """The endpoint could not be reached or answered something unreadable."""


@dataclass(frozen=True, slots=True)
class Generator:
    base_url: str  # e.g. "http://localhost:11434/v1" or "http://127.0.0.1:8080"
    model: str
    api_key: str | None = None
    timeout: float = 60.0
    max_tokens: int = 400
    temperature: float = 0.1

    @property
    def endpoint(self) -> str:
        base = self.base_url.rstrip("/")
        return f"{base}/chat/completions" if base.endswith("/v1") else f"{base}/v1/chat/completions"

    def stream(self, question: str, citations) -> Iterator[str]:
        """Yield the summary as it arrives (server-sent events). Raises GenerationError."""
        import urllib.error
        import urllib.request

        body = {
            "model": self.model,
            "messages": build_messages(question, citations),
            "stream": True,
            "max_tokens": self.max_tokens,
            "temperature": self.temperature,
        }
        headers = {"Content-Type": "application/json", "Accept": "text/event-stream"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        req = urllib.request.Request(
            self.endpoint, data=json.dumps(body).encode("utf-8"), headers=headers, method="POST"
        )
        try:
            resp = urllib.request.urlopen(req, timeout=self.timeout)  # noqa: S310 (explicit URL)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise GenerationError(f"language model at {self.endpoint} not reachable: {exc}") from exc
        with resp:
            ctype = resp.headers.get("Content-Type", "")
            if "text/event-stream" not in ctype:  # a server that ignored stream=True
                yield from _whole_response(resp.read())
                return
            yield from parse_sse(resp)

    def summarize(self, question: str, citations) -> str | None:
        """The checked summary, or None when it fails its check or the endpoint fails."""
        if not citations:
            return None
        try:
            text = "".join(self.stream(question, citations)).strip()
        except GenerationError as exc:
            log.warning("%s; showing the grounded answer only", exc)
            return None
        problems = check_summary(text, citations)
        if problems:
            log.warning("language-model summary rejected: %s", "; ".join(problems))
            return None
        return text


def build_messages(question: str, citations) -> list[dict]:
    passages = "\n\n".join(
        f"[{c.n}] {c.chunk.title} – {' > '.join(c.chunk.section)}\n"
        + (f"{c.chunk.context}\n" if c.chunk.context else "")
        + c.chunk.text
        for c in citations
    )
    return [
        {"role": "system", "content": SYSTEM_PROMPT},
        {"role": "user", "content": f"Passages:\n\n{passages}\n\nVraag: {question}"},
    ]


def parse_sse(lines: Iterable[bytes]) -> Iterator[str]:
    """Content deltas of an OpenAI-style event stream, until 'data: [DONE]'."""
    for raw in lines:
        line = raw.decode("utf-8", "replace").strip()
        if not line.startswith("data:"):
            continue
        data = line[5:].strip()
        if data == "[DONE]":
            return
        try:
            event = json.loads(data)
        except json.JSONDecodeError as exc:
            raise GenerationError(f"unreadable event from the language model: {data[:80]!r}") from exc
        for choice in event.get("choices") or ():
            piece = (choice.get("delta") or {}).get("content") or ""
            if piece:
                yield piece


def _whole_response(body: bytes) -> Iterator[str]:
    try:
        event = json.loads(body)
        yield event["choices"][0]["message"]["content"] or ""
    except (json.JSONDecodeError, KeyError, IndexError, TypeError) as exc:
        raise GenerationError(f"unreadable answer from the language model: {body[:80]!r}") from exc


def check_summary(text: str, citations) -> list[str]:
    """Problems that forbid showing the summary ([] = fine): a sentence without [n], a
    marker that names no passage, a number or year that is not in the cited passages."""
    if not text.strip():
        return ["empty summary"]
    valid = {c.n for c in citations}
    problems = []
    for sentence in split_summary(text):
        marks = {int(m) for m in _MARKER.findall(sentence)}
        if not marks:
            problems.append(f"sentence without a source marker: {sentence[:60]!r}")
        elif not marks <= valid:
            problems.append(f"marker {sorted(marks - valid)} names no passage")
    source = " ".join(f"{c.chunk.context} {c.chunk.text}" for c in citations)
    allowed = [q.value for q in quantities(source) if q.raw[:1].isdigit()]
    for q in quantities(_MARKER.sub(" ", text)):
        if not q.raw[:1].isdigit():
            continue  # number words ("twee documenten") are not checked
        if not any(abs(q.value - v) <= 1e-9 * max(1.0, abs(v)) for v in allowed):
            problems.append(f"number {q.raw!r} does not occur in the cited passages")
    return problems


def split_summary(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text.strip()) if s.strip()]
