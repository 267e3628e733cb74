"""The optional language-model summary against a real HTTP server on 127.0.0.1 that
streams canned OpenAI-style completions, including one that invents a number."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from answer_fakes import FakeSearcher

from app.answer import Answerer
from app.generate import Generator, check_summary

QUESTION = "Hoeveel stijgen de OZB-tarieven in 2026?"
CANNED = {
    "honest": "De OZB-tarieven stijgen per 1 januari 2026 met 4,2% [1]. Dat is de gebruikelijke "
              "inflatiecorrectie [1].",
    "liar": "De OZB-tarieven stijgen per 1 januari 2026 met 12% [1]. Dat is de gebruikelijke "
            "inflatiecorrectie [1].",
    "unmarked": "De OZB-tarieven stijgen per 1 januari 2026 met 4,2% [1]. Dat is normaal.",
    "badmarker": "De OZB-tarieven stijgen per 1 januari 2026 met 4,2% [7].",
}


class _Handler(BaseHTTPRequestHandler):
    requests: list[dict] = []

    def do_POST(self):  # noqa: N802 (http.server API)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _Handler.requests.append({"path": self.path, "body": body,
                                  "auth": self.headers.get("Authorization")})
        text = CANNED[body["model"]]
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        pieces = [text[i:i + 7] for i in range(0, len(text), 7)]
        for p in pieces:
            event = {"choices": [{"index": 0, "delta": {"content": p}}]}
            self.wfile.write(f"data: {json.dumps(event)}\n\n".encode())
            self.wfile.flush()
        self.wfile.write(b"data: [DONE]\n\n")

    def log_message(self, *args):  # keep test output clean
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def grounded():
    return Answerer(FakeSearcher()).ask(QUESTION)


def test_honest_summary_is_streamed_checked_and_shown(server, grounded):
    assert not grounded.refused
    gen = Generator(server, "honest", api_key="secret")
    streamed = list(gen.stream(QUESTION, grounded.citations))
    assert len(streamed) > 3  # it arrived in pieces
    assert "".join(streamed) == CANNED["honest"]
    req = _Handler.requests[-1]
    assert req["path"] == "/v1/chat/completions"
    assert req["body"]["stream"] is True
    assert req["auth"] == "Bearer secret"
    assert "4,2%" in req["body"]["messages"][1]["content"]  # the cited passage was sent
    answer = Answerer(FakeSearcher(), generator=gen).ask(QUESTION)
    assert answer.generated and answer.text == CANNED["honest"]
    assert answer.citations == grounded.citations


def test_invented_number_is_rejected_and_the_grounded_answer_stands(server, grounded):
    gen = Generator(server, "liar")
    assert gen.summarize(QUESTION, grounded.citations) is None
    problems = check_summary(CANNED["liar"], grounded.citations)
    assert any("12%" in p for p in problems)
    answer = Answerer(FakeSearcher(), generator=gen).ask(QUESTION)
    assert not answer.generated
    assert answer.text == grounded.text


@pytest.mark.parametrize("model", ["unmarked", "badmarker"])
def test_sentences_without_a_valid_marker_are_rejected(server, grounded, model):
    assert Generator(server, model).summarize(QUESTION, grounded.citations) is None


def test_unreachable_endpoint_falls_back_quietly(grounded):
    gen = Generator("http://127.0.0.1:9", "honest", timeout=2)
    assert gen.summarize(QUESTION, grounded.citations) is None


def test_endpoint_path_is_built_from_either_base_form():
    assert Generator("http://h:1/v1/", "m").endpoint == "http://h:1/v1/chat/completions"
    assert Generator("http://h:1", "m").endpoint == "http://h:1/v1/chat/completions"
