"""Uploads through the page's upload function: staff only (hashed token), size limit and
quota, replacing only when asked, rollback of a failed or cut-off upload, and two uploads
at once that both end up searchable."""

from __future__ import annotations

import io
import threading
import zlib
from pathlib import Path

import pytest
from pdf_factory import FakePage, FakePdf, write_pdf
from test_streamlit_app import (  # noqa: F401 - fixtures
    _index_state,
    _services,
    app_test,
    fixture_home,
    home,
)

from app.settings import hash_token, token_matches
from app.texts import UI as T

TOKEN = "kaasschaaf-Assen-42"


@pytest.fixture
def staff(home, monkeypatch):  # noqa: F811 - the fixture imported above
    monkeypatch.setenv("BRONWIJZER_STAFF_TOKEN_HASH", hash_token(TOKEN, iterations=1000))
    return home


def pdf(tmp_path: Path, name: str, *lines: str) -> bytes:
    pages = (FakePage(lines=("1. Beleid", *lines)),)
    return write_pdf(FakePdf(pages=pages), tmp_path / name).read_bytes()


def parkeren(tmp_path, tarief: str = "120 euro") -> bytes:
    return pdf(tmp_path, f"p-{tarief[:3]}.pdf",
               f"Bewoners betalen {tarief} per jaar voor een parkeervergunning in het centrum.")


def searchable(where: Path, query: str) -> list[str]:
    return [h.chunk.text for h in _services(where).searcher.search(query, k=10, mode="bm25")]


def test_uploads_are_refused_without_the_staff_setting(home, tmp_path):  # noqa: F811
    from app.ui_sidebar import add_pdf

    before = _index_state(home)
    ok, message = add_pdf(_services(home), "parkeren.pdf", parkeren(tmp_path), token=TOKEN)
    assert not ok and message == T.UPLOAD_OFF
    assert _index_state(home) == before
    at = app_test()
    assert T.UPLOAD_HEADER not in [e.label for e in at.sidebar.expander]


def test_staff_token_is_hashed_and_checked(staff, tmp_path):
    from app.ui_sidebar import add_pdf

    stored = hash_token(TOKEN)
    assert TOKEN not in stored and stored != hash_token(TOKEN)  # salted
    assert token_matches(TOKEN, stored)
    assert not token_matches(TOKEN + "x", stored) and not token_matches("", stored)
    assert not token_matches(TOKEN, "sha256-but-not-our-format")
    before = _index_state(staff)
    for wrong in (None, "", "kaasschaaf", TOKEN.upper()):
        ok, message = add_pdf(_services(staff), "parkeren.pdf", parkeren(tmp_path), token=wrong)
        assert not ok and message == T.UPLOAD_WRONG_TOKEN
    assert _index_state(staff) == before
    at = app_test()
    assert T.UPLOAD_HEADER in [e.label for e in at.sidebar.expander]


def test_size_limit_and_quota_have_dutch_messages(staff, tmp_path, monkeypatch):
    from app.ui_sidebar import add_pdf

    data = parkeren(tmp_path)
    monkeypatch.setenv("BRONWIJZER_UPLOAD_MAX_MB", str(len(data) / 2 / 1024**2))
    ok, message = add_pdf(_services(staff), "parkeren.pdf", data, token=TOKEN)
    assert not ok and "groter dan" in message and "De index is niet veranderd." in message
    monkeypatch.delenv("BRONWIJZER_UPLOAD_MAX_MB")
    monkeypatch.setenv("BRONWIJZER_UPLOAD_QUOTA_MB", str(1.5 * len(data) / 1024**2))
    assert add_pdf(_services(staff), "parkeren.pdf", data, token=TOKEN)[0]
    ok, message = add_pdf(_services(staff), "afval.pdf",
                          pdf(tmp_path, "afval.pdf", "De container wordt elke week geleegd."),
                          token=TOKEN)
    assert not ok and "geen ruimte meer" in message


def test_upload_never_silently_replaces_a_document(staff, tmp_path):
    from app.ui_sidebar import add_pdf

    assert add_pdf(_services(staff), "parkeren.pdf", parkeren(tmp_path), token=TOKEN)[0]
    changed = parkeren(tmp_path, "500 euro")
    before = _index_state(staff)
    ok, message = add_pdf(_services(staff), "parkeren.pdf", changed, token=TOKEN)
    assert not ok and "parkeren.pdf" in message and "vervangen" in message
    assert _index_state(staff) == before
    ok, message = add_pdf(_services(staff), "parkeren.pdf", changed, token=TOKEN, replace=True)
    assert ok and "vervangt" in message
    texts = " ".join(searchable(staff, "parkeervergunning"))
    assert "500 euro" in texts and "120 euro" not in texts


class Stopped(BaseException):
    """What Streamlit raises in a script whose tab was closed (StopException)."""


def test_failed_or_cut_off_replacement_keeps_the_old_version(staff, tmp_path, monkeypatch):
    from app.ui_sidebar import add_pdf

    assert add_pdf(_services(staff), "parkeren.pdf", parkeren(tmp_path), token=TOKEN)[0]
    before = _index_state(staff)

    def cut_off(done, total, message):
        if total and done:
            raise Stopped

    with pytest.raises(Stopped):
        add_pdf(_services(staff), "parkeren.pdf", parkeren(tmp_path, "500 euro"), cut_off,
                token=TOKEN, replace=True)
    assert _index_state(staff) == before

    import index.build

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(index.build, "sync_index", broken)
    ok, message = add_pdf(_services(staff), "nieuw.pdf",
                          pdf(tmp_path, "nieuw.pdf", "Een nieuwe regel voor de markt."),
                          token=TOKEN)
    assert not ok and "disk full" not in message and "De index is niet veranderd." in message
    assert _index_state(staff) == before
    monkeypatch.undo()
    assert "120 euro" in " ".join(searchable(staff, "parkeervergunning"))
    docs = [d.doc for d in _services(staff).store.documents()]
    assert "nieuw.pdf" not in docs


def test_two_uploads_at_once_both_end_up_searchable(staff, tmp_path):
    from app.ui_sidebar import add_pdf

    results = {}
    files = {
        "parkeren.pdf": parkeren(tmp_path),
        "afval.pdf": pdf(tmp_path, "afval.pdf", "De groene container wordt elke week geleegd."),
        "markt.pdf": pdf(tmp_path, "markt.pdf", "De weekmarkt staat op zaterdag op de Brink."),
    }

    def upload(name, data):
        results[name] = add_pdf(_services(staff), name, data, token=TOKEN)

    threads = [threading.Thread(target=upload, args=item) for item in files.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert all(ok for ok, _ in results.values()), results
    docs = {d.doc for d in _services(staff).store.documents()}
    indexed = {c.doc for c in _services(staff).searcher.chunks()}
    assert set(files) <= docs and docs == indexed
    assert any("Brink" in t for t in searchable(staff, "weekmarkt zaterdag"))
    assert any("groene" in t for t in searchable(staff, "container geleegd"))


def bomb_pdf(n: int = 80_000_000) -> bytes:
    """A one-page PDF whose content stream unpacks to n bytes (above pypdf's limit)."""
    payload = zlib.compress(b" " * n, 9)
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(payload) + payload
            + b"\nendstream"]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for i, obj in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for o in offsets:
        out.write(b"%010d 00000 n \n" % o)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref))
    return out.getvalue()


def test_decompression_bomb_is_reported_as_such(staff):
    from app.ui_sidebar import add_pdf

    ok, message = add_pdf(_services(staff), "bom.pdf", bomb_pdf(), token=TOKEN)
    assert not ok and T.UPLOAD_BOMB in message and T.UPLOAD_NO_TEXT not in message


def test_long_and_odd_file_names_are_made_safe():
    from app.ui_sidebar import MAX_NAME, safe_name

    for raw in ("a" * 500 + ".pdf", "..\\..\\windows\\evil.pdf", "\u202enotitie\x00\x1b.pdf",
                "   ", ".verborgen.pdf", "ﬁets—beleid ½.pdf"):
        name = safe_name(raw)
        assert len(name) <= MAX_NAME and name.lower().endswith(".pdf")
        assert not name.startswith((".", "-")) and "/" not in name and "\\" not in name
        assert name.isprintable() and name.replace(".", "").replace("-", "").replace("_", "").isalnum()


def test_binding_beyond_localhost_warns_only_while_uploads_are_open(monkeypatch, capsys):
    from app.commands.serve_cmd import open_uploads_warning, print_token_hash

    monkeypatch.delenv("BRONWIJZER_STAFF_TOKEN_HASH", raising=False)
    assert open_uploads_warning("0.0.0.0") is None
    monkeypatch.setattr("sys.stdin", io.StringIO(TOKEN + "\n"))
    assert print_token_hash() == 0
    line = capsys.readouterr().out.strip()
    name, value = line.split("=", 1)
    assert name == "BRONWIJZER_STAFF_TOKEN_HASH" and token_matches(TOKEN, value)
    monkeypatch.setenv(name, value)
    assert open_uploads_warning("localhost") is None and open_uploads_warning("127.0.0.1") is None
    warning = open_uploads_warning("0.0.0.0")
    assert warning and "0.0.0.0" in warning and "uploads" in warning


def test_two_uploads_of_one_name_at_once_never_silently_replace(staff, tmp_path):
    from app.ui_sidebar import add_pdf

    versions = [parkeren(tmp_path, "120 euro"), parkeren(tmp_path, "500 euro")]
    results = []

    def upload(data):
        results.append(add_pdf(_services(staff), "parkeren.pdf", data, token=TOKEN))

    threads = [threading.Thread(target=upload, args=(v,)) for v in versions]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert sorted(ok for ok, _ in results) == [False, True], results
    refused = next(m for ok, m in results if not ok)
    assert "vervangen" in refused
    texts = " ".join(searchable(staff, "parkeervergunning"))
    assert ("120 euro" in texts) != ("500 euro" in texts)


def test_a_replacement_that_ingest_skips_is_reported_as_failed(staff, tmp_path, monkeypatch):
    import ingest.pipeline
    from app.ui_sidebar import add_pdf
    from ingest.model import IngestError

    assert add_pdf(_services(staff), "parkeren.pdf", parkeren(tmp_path), token=TOKEN)[0]
    before = _index_state(staff)

    def unreadable(path):
        raise IngestError(f"{path.name} has no text layer (scanned?)")

    monkeypatch.setattr(ingest.pipeline, "parse", unreadable)
    ok, message = add_pdf(_services(staff), "parkeren.pdf", parkeren(tmp_path, "500 euro"),
                          token=TOKEN, replace=True)
    assert not ok and "De index is niet veranderd." in message
    assert _index_state(staff) == before
