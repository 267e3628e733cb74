"""The Streamlit page through streamlit.testing.v1.AppTest on a small fixture index.

The index is built once per module from two short Dutch text files with the fake
embedder; every mode, the source cards, filters, escaping, bad input, feedback and the
PDF upload are checked through the page or the functions it calls.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from app import feedback
from app.texts import UI as T

APP = str(Path(__file__).resolve().parent.parent / "app" / "streamlit_app.py")

BEGROTING = """Begroting Assen 2026

1. Wonen in Assen

1.1 Woningbouw

In 2026 bouwt de gemeente Assen 450 nieuwe woningen in Kloosterveen en in het centrum. Daarvan is een derde sociale huur.
De gemeente werkt hierbij samen met woningcorporaties en ontwikkelaars.
\f1.2 Wijken

De gemeente investeert 2 miljoen euro in de wijk Assen-Oost. Bewoners praten mee over de plannen.
\f2. Financieel beleid

2.1 Belastingen

De OZB-tarieven stijgen per 1 januari 2026 met 4,2%. De afvalstoffenheffing blijft gelijk.
Een passage met <script>alert('x')</script> en **vet** en # kop moet als tekst verschijnen.
2.2 Reserves

De algemene reserve daalt naar 45 miljoen euro in 2026.
"""

SPORTNOTA = """Sportnota 2024

1. Sport en bewegen

1.1 Zwembad

De gemeente bouwt in 2024 een nieuw zwembad aan de Dr. A.F. Philipsweg. Het zwembad opent in de zomer van 2025.
1.2 Sportverenigingen

Sportverenigingen krijgen jaarlijks 300.000 euro subsidie voor jeugdsport.
"""


def build_fixture_index(home: Path, corpus: Path) -> Path:
    from index.build import index_paths

    corpus.mkdir(parents=True, exist_ok=True)
    (corpus / "begroting-assen-2026.txt").write_text(BEGROTING, encoding="utf-8")
    (corpus / "sportnota-2024.txt").write_text(SPORTNOTA, encoding="utf-8")
    index_paths([corpus], home, embedder="fake", progress=False)
    return home


@pytest.fixture(scope="module")
def fixture_home(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("bw-app")
    return build_fixture_index(root / "home", root / "corpus")


@pytest.fixture
def home(fixture_home, tmp_path, monkeypatch) -> Path:
    """A private copy of the fixture index (tests write feedback and uploads into it)."""
    h = tmp_path / "home"
    shutil.copytree(fixture_home, h)
    monkeypatch.setenv("BRONWIJZER_HOME", str(h))
    monkeypatch.setenv("BRONWIJZER_EMBEDDER", "fake")
    for var in ("BRONWIJZER_LLM_URL", "BRONWIJZER_LLM_MODEL"):
        monkeypatch.delenv(var, raising=False)
    return h


def app_test():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    return at


def bodies(at) -> list[str]:
    """Markdown bodies of the page, without the style sheet."""
    return [m.value for m in at.markdown if not m.value.startswith("<style>")]


def ask(at, question: str):
    at.chat_input(key="bw-ask").set_value(question).run()
    assert not at.exception, at.exception
    return at


def submit(at, form_button_label: str):
    for b in at.button:
        if b.label == form_button_label:
            b.click().run()
            assert not at.exception, at.exception
            return at
    raise AssertionError(f"no button {form_button_label!r}: {[b.label for b in at.button]}")


def store_chunks(home: Path):
    from ingest.store import ChunkStore

    return ChunkStore(home / "store").chunks()


# --- Vraag -----------------------------------------------------------------------------


def test_ask_shows_answer_with_marker_and_source_card(home):
    at = ask(app_test(), "Hoeveel stijgen de OZB-tarieven in 2026?")
    md = bodies(at)
    answer = next(b for b in md if "4,2%" in b and "bw-card" not in b and "OZB" in b and "?" not in b)
    assert "[1]" in answer
    card = next(b for b in md if "bw-card" in b)
    assert "2. Financieel beleid" in card  # section path
    assert "p. 3" in card  # the page the form feed puts it on
    assert "<mark>De OZB-tarieven stijgen per 1 januari 2026 met 4,2%.</mark>" in card
    assert [b.label for b in at.button].count(T.OPEN_DOCUMENT) >= 1


def test_ask_keeps_history_and_passes_it_to_the_answerer(home, monkeypatch):
    from app.answer import Answerer

    seen: list = []
    real = Answerer.ask

    def spy(self, question, filters=None, history=None):
        seen.append((question, history))
        return real(self, question, filters=filters, history=history)

    monkeypatch.setattr(Answerer, "ask", spy)
    at = ask(app_test(), "Hoeveel woningen bouwt de gemeente in 2026?")
    at = ask(at, "en in 2027?")
    assert seen[0][1] is None
    assert seen[1][0] == "en in 2027?"
    assert seen[1][1][0][0] == "Hoeveel woningen bouwt de gemeente in 2026?"
    # the reader sees how the follow-up was understood
    assert T.READ_AS.format(question="Hoeveel woningen bouwt de gemeente in 2027?") in [
        c.value for c in at.caption
    ]
    assert len([m for m in at.chat_message if m.name == "user"]) == 2
    at = ask(at, "en in 2028?")
    assert seen[2][1][-1][0] == "Hoeveel woningen bouwt de gemeente in 2027?"
    assert T.READ_AS.format(question="Hoeveel woningen bouwt de gemeente in 2028?") in [
        c.value for c in at.caption
    ]


def test_empty_question_does_nothing(home):
    at = ask(app_test(), "   \n  ")
    assert len(at.chat_message) == 0
    assert not (home / feedback.FEEDBACK_FILE).exists()


def test_overlong_question_is_cut_with_a_notice(home):
    long = "Hoeveel stijgen de OZB-tarieven? " + "heel erg lang " * 400
    at = ask(app_test(), long)
    notice = T.TOO_LONG.format(n=1000)
    assert notice in [c.value for c in at.caption]
    user = next(b for b in bodies(at) if "Hoeveel stijgen" in b and "bw-text" in b)
    assert len(user) < 1200  # the shown question is the cut one (plus its div)


def test_feedback_is_written_as_json_lines(home):
    at = ask(app_test(), "Hoeveel stijgen de OZB-tarieven in 2026?")
    at.button(key="bw-down-0").click().run()
    assert T.FEEDBACK_THANKS in [c.value for c in at.caption]
    lines = (home / feedback.FEEDBACK_FILE).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    row = json.loads(lines[0])
    assert row["question"] == "Hoeveel stijgen de OZB-tarieven in 2026?"
    assert row["verdict"] == "down"
    assert "[1]" in row["answer"]
    assert row["chunk_ids"] and all(":" in c for c in row["chunk_ids"])
    assert row["time"].endswith("+00:00")


# --- escaping --------------------------------------------------------------------------


def test_document_text_is_escaped_in_cards_and_document_view(home):
    at = ask(app_test(), "Hoeveel stijgen de OZB-tarieven in 2026?")
    card = next(b for b in bodies(at) if "bw-card" in b)
    assert "&#60;script&#62;" in card and "<script" not in card
    assert "**vet**" not in card and "&#42;&#42;vet&#42;&#42;" in card
    at.button(key="bw-src-0-1").click().run()
    page = next(b for b in bodies(at) if "bw-page" in b)
    assert "<script" not in page and "&#60;script&#62;" in page


def test_question_with_html_is_shown_as_text(home):
    at = ask(app_test(), "<b>OZB</b> **2026** $x$ :red[rood]?")
    user = next(b for b in bodies(at) if "OZB" in b and "bw-text" in b)
    assert "<b>" not in user and "&#60;b&#62;" in user
    assert "**" not in user and "$x$" not in user and ":red[" not in user


# --- Bekijk in document ----------------------------------------------------------------


def test_document_view_shows_the_page_with_the_passage_marked(home):
    at = ask(app_test(), "Hoeveel stijgen de OZB-tarieven in 2026?")
    at.button(key="bw-src-0-1").click().run()
    md = bodies(at)
    assert T.DOC_VIEW_PAGE.format(page="3") in "".join(md)
    page = next(b for b in md if "bw-page" in b)
    assert '<span class="bw-passage">' in page and "<mark>" in page
    at.button(key="bw-close").click().run()
    assert at.radio(key="bw-mode").value == T.MODE_ASK
    assert any("bw-card" in b for b in bodies(at))  # the conversation is still there


def test_document_view_without_pages_shows_the_section(home):
    at = app_test()
    at.radio(key="bw-mode").set_value(T.MODE_SEARCH).run()
    at.text_input(key="bw-q").set_value("zwembad Philipsweg")
    submit(at, T.SEARCH_BUTTON)
    first = next(b for b in at.button if b.label == T.OPEN_DOCUMENT)
    first.click().run()
    assert T.DOC_VIEW_NO_PAGES in [c.value for c in at.caption]
    page = next(b for b in bodies(at) if "bw-page" in b)
    assert "zwembad" in page
    # closing returns to the mode the user was in, with the results kept
    at.button(key="bw-close").click().run()
    assert at.radio(key="bw-mode").value == T.MODE_SEARCH


def test_closing_a_document_keeps_the_search_input_beside_its_results(home):
    at = search(app_test(), "zwembad Philipsweg")
    next(b for b in at.button if b.label == T.OPEN_DOCUMENT).click().run()
    at.button(key="bw-close").click().run()
    assert at.text_input(key="bw-q").value == "zwembad Philipsweg"
    assert result_titles(at)


def test_closing_a_document_keeps_the_claim_beside_its_verdict(home):
    at = app_test()
    at.radio(key="bw-mode").set_value(T.MODE_CHECK).run()
    claim = "De OZB-tarieven stijgen per 1 januari 2026 met 10%."
    at.text_area(key="bw-claim").set_value(claim)
    submit(at, T.CLAIM_BUTTON)
    next(b for b in at.button if b.label == T.OPEN_DOCUMENT).click().run()
    at.button(key="bw-close").click().run()
    assert at.radio(key="bw-mode").value == T.MODE_CHECK
    assert at.text_area(key="bw-claim").value == claim
    assert any("bw-verdict" in b for b in bodies(at))


# --- Bronnen zoeken --------------------------------------------------------------------


def search(at, query: str, docs=(), year=None):
    at.radio(key="bw-mode").set_value(T.MODE_SEARCH).run()
    at.text_input(key="bw-q").set_value(query)
    at.multiselect(key="bw-docs").set_value(list(docs))
    at.selectbox(key="bw-year").set_value(year if year is not None else T.ALL_YEARS)
    return submit(at, T.SEARCH_BUTTON)


def result_titles(at) -> list[str]:
    return [b for b in bodies(at) if "bw-card" in b]


def test_search_lists_passages_with_section_page_and_citation(home):
    at = search(app_test(), "OZB tarieven")
    cards = result_titles(at)
    assert cards
    assert "2. Financieel beleid" in cards[0] and "p. 3" in cards[0]
    assert "<mark>OZB</mark>-<mark>tarieven</mark>" in cards[0]  # the query's words marked
    from app import texts

    chunk = next(c for c in store_chunks(home) if "OZB" in c.text)
    expected = texts.citation_text(
        chunk.title, chunk.section, chunk.page.start, chunk.page.label, chunk.page.exact
    )
    assert "2. Financieel beleid" in expected and expected.endswith("p. 3")
    assert expected in [c.value for c in at.code]


def test_search_filters_narrow_results(home):
    at = search(app_test(), "gemeente")
    everything = result_titles(at)
    assert any("Sportnota" in c for c in everything) and any("Begroting" in c for c in everything)
    docs = at.multiselect(key="bw-docs").options
    sport = next(o for o in docs if "Sportnota" in o)
    at = search(at, "gemeente", docs=[sport])
    only_sport = result_titles(at)
    assert only_sport and all("Sportnota" in c for c in only_sport)
    assert len(only_sport) < len(everything)
    at = search(at, "gemeente", year="2026")
    only_2026 = result_titles(at)
    assert only_2026 and all("Begroting" in c for c in only_2026)


def test_search_with_empty_query_shows_nothing(home):
    at = search(app_test(), "   ")
    assert not result_titles(at)
    assert not at.code


# --- Bewering checken ------------------------------------------------------------------


def test_claim_check_refutes_a_changed_number_and_shows_the_source(home):
    at = app_test()
    at.radio(key="bw-mode").set_value(T.MODE_CHECK).run()
    at.text_area(key="bw-claim").set_value("De OZB-tarieven stijgen per 1 januari 2026 met 10%.")
    submit(at, T.CLAIM_BUTTON)
    md = bodies(at)
    verdict = next(b for b in md if "bw-verdict" in b)
    assert "weerlegd" in verdict
    assert any("4,2%" in b for b in md if "bw-card" not in b and "bw-verdict" not in b)
    card = next(b for b in md if "bw-card" in b)
    assert "p. 3" in card and "2. Financieel beleid" in card


def test_claim_check_empty_does_nothing(home):
    at = app_test()
    at.radio(key="bw-mode").set_value(T.MODE_CHECK).run()
    at.text_area(key="bw-claim").set_value("  ")
    submit(at, T.CLAIM_BUTTON)
    assert not any("bw-verdict" in b for b in bodies(at))


# --- sidebar ---------------------------------------------------------------------------


def sidebar_docs(at) -> list[str]:
    return [m.value for m in at.sidebar.markdown if "bw-doc" in m.value]


def test_sidebar_lists_the_documents(home):
    docs = sidebar_docs(app_test())
    assert len(docs) == 2
    from ingest.store import ChunkStore

    n = {r.doc: r.n_chunks for r in ChunkStore(home / "store").documents()}
    begroting = next(d for d in docs if "Begroting" in d)
    assert f"2026 · 3 pagina&#39;s · {n['begroting-assen-2026.txt']} tekstdelen" in begroting
    sport = next(d for d in docs if "Sportnota" in d)
    assert f"2024 · {n['sportnota-2024.txt']} tekstdelen" in sport  # pages unknown: not shown


def test_summary_switch_only_when_configured(home, monkeypatch):
    at = app_test()
    assert not at.sidebar.toggle
    monkeypatch.setenv("BRONWIJZER_LLM_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("BRONWIJZER_LLM_MODEL", "test")
    at = app_test()
    assert [t.label for t in at.sidebar.toggle] == [T.SUMMARY_TOGGLE]


def test_first_start_builds_the_index_from_the_bundled_corpus(tmp_path, monkeypatch):
    """Page started without `bronwijzer serve` and without an index: the page itself starts
    the background build; once it is done, the next run shows the whole index."""
    import time

    from index.staged import read_status

    home = tmp_path / "fresh"
    monkeypatch.setenv("BRONWIJZER_HOME", str(home))
    monkeypatch.setenv("BRONWIJZER_EMBEDDER", "fake")
    at = app_test()
    status = read_status(home)
    assert status is not None and status.pid > 0
    deadline = time.monotonic() + 300
    while (status := read_status(home)).phase != "done":
        assert status.phase != "failed" and time.monotonic() < deadline, status
        time.sleep(0.3)
    at.run()
    assert not at.exception, at.exception
    assert at.radio(key="bw-mode").value == T.MODE_ASK
    assert len(sidebar_docs(at)) == 5
    assert T.BUILD_PARTIAL not in [i.value for i in at.info]


# --- upload ----------------------------------------------------------------------------


STAFF_TOKEN = "test-medewerker"


@pytest.fixture
def staff_home(home, monkeypatch) -> Path:
    """The fixture index with uploads switched on for STAFF_TOKEN."""
    from app.settings import hash_token

    monkeypatch.setenv("BRONWIJZER_STAFF_TOKEN_HASH", hash_token(STAFF_TOKEN, iterations=1000))
    return home


def _services(home: Path):
    from app.answer import Answerer
    from app.claims import ClaimChecker
    from app.settings import Settings
    from app.ui_resources import Services
    from index.searcher import open_searcher
    from ingest.store import ChunkStore

    s = Settings.from_env()
    searcher = open_searcher(home, embedder="fake")
    return Services(s, searcher, Answerer(searcher), ClaimChecker(searcher), ChunkStore(home / "store"))


def _index_state(home: Path) -> dict[str, str]:
    return {
        str(p.relative_to(home)): p.read_bytes().hex()
        for p in sorted(home.rglob("*"))
        if p.is_file() and "cache" not in p.parts
    }


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"hello, this is no pdf", T.UPLOAD_NOT_PDF),
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage", T.UPLOAD_BROKEN),
    ],
)
def test_bad_upload_gets_a_dutch_message_and_leaves_the_index(staff_home, data, reason):
    from app.ui_sidebar import add_pdf

    home = staff_home
    before = _index_state(home)
    ok, message = add_pdf(_services(home), "raadsbesluit.pdf", data, token=STAFF_TOKEN)
    assert not ok
    assert reason in message and "De index is niet veranderd." in message
    assert _index_state(home) == before


def test_scanned_pdf_upload_is_refused(staff_home, tmp_path):
    from pdf_factory import FakePage, FakePdf, write_pdf

    from app.ui_sidebar import add_pdf

    home = staff_home
    path = write_pdf(FakePdf(pages=(FakePage(image_only=True),)), tmp_path / "scan.pdf")
    before = _index_state(home)
    ok, message = add_pdf(_services(home), "scan.pdf", path.read_bytes(), token=STAFF_TOKEN)
    assert not ok and T.UPLOAD_NO_TEXT in message
    assert _index_state(home) == before


def test_good_pdf_upload_is_indexed_and_its_page_renders(staff_home, tmp_path):
    from pdf_factory import FakePage, FakePdf, write_pdf

    from app.ui_document import render_pdf_page
    from app.ui_sidebar import UPLOADS, add_pdf

    pages = (
        FakePage(lines=("1. Parkeren", "Bewoners betalen 120 euro per jaar voor een parkeervergunning.")),
        FakePage(lines=("2. Handhaving", "Boa's controleren de blauwe zone elke werkdag.")),
    )
    path = write_pdf(FakePdf(pages=pages), tmp_path / "parkeerbeleid-2025.pdf")
    progress: list[tuple[int, int]] = []
    home = staff_home
    ok, message = add_pdf(
        _services(home), "parkeerbeleid 2025.pdf", path.read_bytes(),
        lambda d, t, m: progress.append((d, t)), token=STAFF_TOKEN,
    )
    assert ok, message
    assert progress
    stored = home / UPLOADS / "parkeerbeleid-2025.pdf"
    assert stored.exists()
    hits = _services(home).searcher.search("parkeervergunning blauwe zone", k=5)
    hit = next(h for h in hits if h.chunk.doc == "parkeerbeleid-2025.pdf")
    assert hit.chunk.page.start in (1, 2)
    png = render_pdf_page(str(stored), 2, "Boa's controleren de blauwe zone", stored.stat().st_mtime)
    assert png and png[:8] == b"\x89PNG\r\n\x1a\n"
    # Through the page: the new document is listed, and its source opens as a rendered page.
    at = app_test()
    assert any("parkeerbeleid" in d.lower() for d in sidebar_docs(at))
    at = search(at, "parkeervergunning")
    first = next(b for b in at.button if b.label == T.OPEN_DOCUMENT)
    first.click().run()
    assert not at.exception
    images = [e for e in at.main if e.type == "image"]
    assert images, "the PDF page was not rendered"
    assert 'caption: "De pagina zoals in de PDF"' in str(images[0].proto)


# --- pure parts: escaping, marking, page labels, feedback file, serve command ----------


def test_esc_leaves_no_tag_or_markdown_syntax():
    from app.ui_render import esc

    out = esc("<script>alert(1)</script> **b** _i_ # h $x$ :red[y] `c` a\n\nb & c")
    for raw in ("<script", "**", "_i_", "$x$", ":red[", "`", "\n"):
        assert raw not in out
    assert out.count("<br>") == 2 and "&#38;" in out


def test_marked_nests_spans_and_escapes_every_segment():
    from app.ui_render import marked

    text = "a <b> quote here, rest"
    out = marked(text, [(0, len(text), "bw-passage"), (6, 16, "mark")])
    assert out == '<span class="bw-passage">a &#60;b&#62; <mark>quote here</mark>, rest</span>'


def test_find_quote_tolerates_whitespace_and_joined_quotes():
    from app.ui_render import find_quote, find_quotes, quote_in_context

    text = "Eerste zin.\nTweede   zin hier. Derde zin."
    assert find_quote(text, "Tweede zin hier.") == (12, 30)
    assert find_quote(text, "niet aanwezig") is None
    assert find_quotes(text, "Derde zin. … Eerste zin.") == [(0, 11), (31, 41)]
    out = quote_in_context(text, "Eerste zin. … Derde zin.")
    assert out == "<mark>Eerste zin.</mark><br>Tweede   zin hier. <mark>Derde zin.</mark>"


def test_quote_in_context_marks_and_trims():
    from app.ui_render import quote_in_context

    text = ("woord " * 200) + "DE KERN." + (" woord" * 200)
    out = quote_in_context(text, "DE KERN.", context=50)
    assert out.startswith("… ") and out.endswith(" …") and "<mark>DE KERN.</mark>" in out
    assert len(out) < 200


def test_page_label_exact_estimated_unknown():
    from app.ui_render import page_label
    from ingest.model import Chunk, PageRef

    def chunk(page):
        return Chunk("d:0001", "d", "d.txt", "T", ("1. A",), page, "x", 0, 1)

    assert page_label(chunk(PageRef(14, 14, "14", True))) == "p. 14"
    assert page_label(chunk(PageRef(52, 53, None, False))) == "ca. p. 52-53"
    assert page_label(chunk(PageRef(None, None, None, False))) == ""


def test_feedback_round_trip_and_bad_verdict(tmp_path):
    fb = feedback.Feedback("v", "a [1]", ("d:0001",), "up", feedback.now())
    assert feedback.Feedback.from_dict(fb.to_dict()) == fb
    feedback.record(tmp_path, fb)
    (tmp_path / feedback.FEEDBACK_FILE).open("a").write("{damaged\n")
    feedback.record(tmp_path, fb)
    assert feedback.load(tmp_path) == [fb, fb]
    with pytest.raises(ValueError, match="'meh'"):
        feedback.record(tmp_path, feedback.Feedback("v", "a", (), "meh", feedback.now()))


def test_clean_input():
    from app.ui_ask import clean_input

    assert clean_input("  ") == ("", False)
    assert clean_input(None) == ("", False)
    assert clean_input(" vraag ") == ("vraag", False)
    assert clean_input("x" * 1500) == ("x" * 1000, True)


def test_serve_command_is_headless_without_usage_stats():
    from app.commands.serve_cmd import streamlit_command

    cmd = streamlit_command(8765)
    assert cmd[1:4] == ["-m", "streamlit", "run"] and cmd[4].endswith("app/streamlit_app.py")
    joined = " ".join(cmd)
    assert "--server.port 8765" in joined and "--server.headless true" in joined
    assert "--browser.gatherUsageStats false" in joined
    with pytest.raises(ValueError, match="70000"):
        streamlit_command(70000)


def test_upload_file_names_are_made_safe():
    from app.ui_sidebar import safe_name

    assert safe_name("../../etc/passwd") == "passwd.pdf"
    assert safe_name("Raadsbesluit 12 (def).PDF") == "Raadsbesluit-12-def-.PDF"
    assert safe_name("notitie") == "notitie.pdf"
    assert "/" not in safe_name("a/b/c.pdf") and safe_name("a/b/c.pdf") == "c.pdf"


def test_summary_switch_uses_the_language_model_on_loopback(home, monkeypatch):
    """A canned OpenAI-style endpoint: with the switch on, the checked summary is shown."""
    import http.server
    import threading

    reply = "De OZB-tarieven stijgen in 2026 met 4,2% [1]."

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server API)
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            body = json.dumps({"choices": [{"message": {"content": reply}}]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv("BRONWIJZER_LLM_URL", f"http://127.0.0.1:{server.server_port}/v1")
        monkeypatch.setenv("BRONWIJZER_LLM_MODEL", "canned")
        at = app_test()
        at.sidebar.toggle[0].set_value(True).run()
        at = ask(at, "Hoeveel stijgen de OZB-tarieven in 2026?")
        from app import texts

        assert texts.GENERATED_LABEL in [c.value for c in at.caption]
        assert any("met 4,2% <span class=\"bw-n\">[1]</span>" in b for b in bodies(at))
    finally:
        server.shutdown()


def test_a_failing_answer_shows_a_message_and_the_page_stays_usable(home, monkeypatch):
    from app.answer import Answerer

    def broken(self, question, filters=None, history=None):
        raise RuntimeError("boom <b>x</b>\nsecond line")

    monkeypatch.setattr(Answerer, "ask", broken)
    at = ask(app_test(), "Hoeveel stijgen de OZB-tarieven in 2026?")
    errors = [e.value for e in at.error]
    assert errors and "boom &#60;b&#62;x&#60;/b&#62; second line" in errors[0]
    assert at.chat_input(key="bw-ask") is not None


def test_refusal_shows_the_closest_passages_as_suggestions(home, monkeypatch):
    from app import texts
    from app.answer import Answer, Answerer
    from index.model import Hit

    chunk = next(c for c in store_chunks(home) if "zwembad" in c.text)

    def refuse(self, question, filters=None, history=None):
        return Answer(texts.REFUSAL, (), True, 1.0, (Hit(chunk, 0.1, 1, "hybrid"),))

    monkeypatch.setattr(Answerer, "ask", refuse)
    at = ask(app_test(), "Wat is de hoofdstad van Frankrijk?")
    from app.ui_render import esc

    md = bodies(at)
    assert any(esc(texts.REFUSAL) in b for b in md)
    assert any(esc(T.SUGGESTIONS) in b for b in md)
    card = next(b for b in md if "bw-card" in b)
    assert "Sportnota" in card and 'class="bw-n"' not in card  # a suggestion is not a citation
    at.button(key="bw-up-0").click().run()
    row = json.loads((home / feedback.FEEDBACK_FILE).read_text(encoding="utf-8"))
    assert row["refused"] is True and row["chunk_ids"] == []


# --- first start: BM25 answers while the index is built ----------------------------------


def test_while_the_first_build_runs_the_page_answers_with_bm25_and_says_so(tmp_path, monkeypatch):
    """No index yet, the corpus ingested and a (live) build embedding: the page answers
    from BM25 with its citation, shows the progress, and offers no upload meanwhile."""
    import os
    import time

    from index.staged import BuildStatus, write_status
    from ingest.pipeline import ingest_paths
    from ingest.store import ChunkStore

    home = tmp_path / "home"
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "begroting-assen-2026.txt").write_text(BEGROTING, encoding="utf-8")
    ingest_paths([corpus], ChunkStore(home / "store"), progress=False)
    now = time.time()
    write_status(home, BuildStatus("embed", os.getpid(), now - 30, done=40, total=100,
                                   embed_started=now - 20))  # this process stands in
    monkeypatch.setenv("BRONWIJZER_HOME", str(home))
    monkeypatch.setenv("BRONWIJZER_EMBEDDER", "fake")
    from app.settings import hash_token

    monkeypatch.setenv("BRONWIJZER_STAFF_TOKEN_HASH", hash_token(STAFF_TOKEN, iterations=1000))
    at = ask(app_test(), "Hoeveel stijgen de OZB-tarieven in 2026?")
    assert T.BUILD_PARTIAL in [i.value for i in at.info]
    md = "".join(bodies(at))
    assert "4,2%" in md and "bw-card" in md
    assert T.UPLOAD_WAIT_BUILD in [c.value for c in at.caption]
    assert not (home / "faiss").exists()  # nothing was built by the page itself


def test_the_document_list_says_which_pages_are_only_an_image():
    """Issue 10: an image-only page is reported in the page's document list, never silent."""
    from app.texts import image_page_note
    from app.ui_sidebar import doc_html
    from ingest.model import DocumentRecord

    rec = DocumentRecord("d1", "begroting.pdf", "Begroting 2026", "0" * 64, 80, 120, 30,
                         image_pages=(61, 62))
    import html as html_lib

    html = html_lib.unescape(doc_html(rec))  # the page escapes ':' and quotes
    assert image_page_note(61) in html and image_page_note(62) in html
    plain = DocumentRecord("d2", "nota.pdf", "Nota", "1" * 64, 5, 8, 2)
    assert "OCR" not in doc_html(plain)
