"""The ingest pipeline and the `ingest` / `chunks` subcommands: discovery, re-ingest,
replacement, bad input, and the bundled corpus end to end."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import CORPUS, SHARED_PDF

from app.cli import main
from ingest.chunking import chunk_document
from ingest.pipeline import discover, ingest_paths
from ingest.store import ChunkStore
from ingest.text import parse_text

SMALL = "raadsvoorstel-economische-agenda-2026-2030.txt"


def _copy(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir(exist_ok=True)
    for n in names:
        shutil.copy(CORPUS / n, folder / n)
    return folder


def test_discover_sorts_and_warns(tmp_path):
    folder = _copy(tmp_path, SMALL)
    (folder / "b-nota.md").write_text("# Nota\n\nTekst.\n", encoding="utf-8")
    (folder / "README.md").write_text("about this folder", encoding="utf-8")
    (folder / "foto.jpg").write_bytes(b"\xff\xd8")
    warnings: list[str] = []
    found = discover([folder, tmp_path / "missing.txt"], warnings)
    assert [f.name for f in found] == ["b-nota.md", SMALL]
    assert any("missing.txt" in w and "no such file" in w for w in warnings)
    assert any("foto.jpg" in w and "unsupported" in w for w in warnings)


def test_discover_warns_the_same_for_a_named_file_and_one_in_a_folder(tmp_path):
    (tmp_path / "map").mkdir()
    (tmp_path / "map" / "tabel.xlsx").write_bytes(b"PK")
    (tmp_path / "map" / ".verborgen.docx").write_bytes(b"PK")  # hidden: no warning
    (tmp_path / "brief").write_text("geen extensie", encoding="utf-8")
    (tmp_path / "Nota.TXT").write_text("Tekst.", encoding="utf-8")
    warnings: list[str] = []
    found = discover([tmp_path / "map", tmp_path / "brief", tmp_path / "Nota.TXT"], warnings)
    assert [f.name for f in found] == ["Nota.TXT"]
    assert warnings == [
        "tabel.xlsx: unsupported type '.xlsx' (supported: .pdf, .txt, .md); skipped",
        "brief: unsupported type '(none)' (supported: .pdf, .txt, .md); skipped",
    ]


def test_reingest_unchanged_is_a_no_op_and_a_changed_document_replaces(tmp_path):
    folder = _copy(tmp_path, SMALL)
    store = ChunkStore(tmp_path / "store")
    first = ingest_paths([folder], store, progress=False)
    assert [d.status for d in first.documents] == ["new"]
    assert store.source_path(SMALL) == (folder / SMALL).resolve()
    chunks_file = tmp_path / "store" / "docs" / SMALL / "chunks.jsonl"
    stamp = chunks_file.stat().st_mtime_ns
    before = store.chunks(SMALL)

    again = ingest_paths([folder], store, progress=False)
    assert [d.status for d in again.documents] == ["unchanged"]
    assert again.summary() == "1 document ingested (1 unchanged)"
    assert again.documents[0].chunks == first.documents[0].chunks
    assert chunks_file.stat().st_mtime_ns == stamp and store.chunks(SMALL) == before

    # other chunking settings: not unchanged any more
    resized = ingest_paths([folder], store, progress=False, target_words=120, max_words=200)
    assert resized.documents[0].status == "replaced"

    path = folder / SMALL
    path.write_text(path.read_text(encoding="utf-8") + "\n\nExtra besluit: de raad stemt in.\n",
                    encoding="utf-8")
    changed = ingest_paths([folder], store, progress=False)
    assert changed.documents[0].status == "replaced"
    after = store.chunks(SMALL)
    assert any("Extra besluit" in c.text for c in after)
    assert all(c.doc_id == store.record(SMALL).doc_id for c in after)
    assert after[0].doc_id != before[0].doc_id


def test_bad_input_is_skipped_with_a_reason_and_the_rest_ingested(tmp_path, capsys):
    folder = _copy(tmp_path, SMALL)
    (folder / "latin1.txt").write_bytes("Financiële positie".encode("latin-1"))
    (folder / "leeg.txt").write_text("", encoding="utf-8")
    (folder / "notes.docx").write_bytes(b"PK\x03\x04")
    code = main(["ingest", str(folder), str(tmp_path / "weg.pdf")])
    out, err = capsys.readouterr()
    assert code == 0
    assert "1 document ingested, 2 skipped" in out
    assert "latin1.txt" in out and "UTF-8" in out
    assert "leeg.txt" in out and "empty" in out
    assert "notes.docx" in err and "unsupported" in err
    assert "weg.pdf" in err and "no such file" in err
    store = ChunkStore(Path(__import__("os").environ["BRONWIJZER_HOME"]) / "store")
    assert [d.doc for d in store.documents()] == [SMALL]


def test_nothing_ingestable_exits_1(tmp_path, capsys):
    bad = tmp_path / "kapot.txt"
    bad.write_bytes(b"\xff\xfe\x00kapot")
    assert main(["ingest", str(bad)]) == 1
    assert "0 documents ingested, 1 skipped: kapot.txt" in capsys.readouterr().out
    assert main(["ingest", str(tmp_path / "bestaat-niet")]) == 1


def test_chunks_command_prints_json_lines(tmp_path, capsys):
    folder = _copy(tmp_path, SMALL)
    assert main(["ingest", str(folder), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["documents"][0]["status"] == "new" and report["summary"] == "1 document ingested"
    assert main(["chunks", "--doc", SMALL]) == 0
    lines = capsys.readouterr().out.splitlines()
    rows = [json.loads(x) for x in lines]
    assert len(rows) == report["documents"][0]["chunks"]
    assert {"chunk_id", "doc", "title", "section", "page_start", "page_end", "page_label",
            "page_exact", "text", "start", "end"} <= set(rows[0])
    assert rows[0]["title"] == "Raadsvoorstel economische agenda 2026-2030"


def test_chunks_on_an_empty_store_says_what_to_do(capsys):
    assert main(["chunks"]) == 1
    assert "bronwijzer ingest" in capsys.readouterr().err


@pytest.mark.slow
def test_bundled_corpus_end_to_end(capsys):
    assert main(["ingest", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    docs = {d["doc"]: d for d in report["documents"]}
    assert set(docs) == {p.name for p in CORPUS.glob("*.txt")}
    assert all(d["status"] == "new" and d["chunks"] > 5 and d["sections"] > 5 for d in docs.values())
    begroting = docs["programmabegroting-2026.txt"]
    assert begroting["pages"] == 144 and begroting["exact_pages"] > 0
    assert report["summary"] == "5 documents ingested"


@pytest.mark.slow
def test_scanned_pdf_is_skipped_with_a_reason(tmp_path):
    scan = SHARED_PDF / "lnv_nota_scan.pdf"
    if not scan.exists():
        pytest.skip(f"{scan} not present")
    pytest.importorskip("ingest.pdf")
    folder = _copy(tmp_path, SMALL)
    shutil.copy(scan, folder / scan.name)
    report = ingest_paths([folder], ChunkStore(tmp_path / "store"), progress=False)
    status = {d.doc: d for d in report.documents}
    assert status[SMALL].status == "new"
    assert status[scan.name].status == "skipped" and "text" in status[scan.name].reason
    assert "1 skipped: lnv_nota_scan.pdf" in report.summary()


@pytest.mark.slow
def test_ozb_uitgangspunt_cites_its_own_chapter():
    """The budget's 'Financiële begroting' chapters are chapters: a line of the financial
    framework must not be cited under the chapter before it (Paragraaf 8. Grondbeleid)."""
    doc = parse_text(CORPUS / "programmabegroting-2026.txt")
    chunks = chunk_document(doc)
    hit = [c for c in chunks if "onroerendezaakbelasting per 1 januari 2026 4,2%" in c.text]
    assert hit and hit[0].section[0] == "Financiële begroting 2. Financieel beleid"
