"""The sidebar: documents in the index, adding a PDF (with checks and progress), and
the summary switch when a language model is configured.

A rejected upload never reaches the index: the file is checked first, and the index
build itself writes atomically, so a failure leaves the earlier index in place.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import streamlit as st

from app import ui_resources
from app.texts import UI as T
from app.ui_render import esc, plain
from app.ui_resources import Services

UPLOADS = "uploads"  # under BRONWIJZER_HOME: the PDFs staff added, for the page view
MAX_UPLOAD_MB = 50


def years_text(rec) -> str:
    a, b = rec.year_from, rec.year_to
    if a is None and b is None:
        return ""
    if a is None or b is None or a == b:
        return str(a if a is not None else b)
    return f"{a}-{b}"


def doc_html(rec) -> str:
    """'Programmabegroting 2026' over '2026 · 144 pagina's · 310 tekstdelen'."""
    years = years_text(rec)
    meta = T.DOC_META.format(
        years=years,
        sep=" · " if years else "",
        pages=T.DOC_PAGES.format(n=rec.n_pages) if rec.n_pages else "",
        chunks=rec.n_chunks,
    )
    return (
        f'<div class="bw-doc"><div class="bw-title">{esc(rec.title)}</div>'
        f'<div class="bw-meta">{esc(meta)}</div></div>'
    )


def render(services: Services) -> dict:
    """Draw the sidebar; returns the options it sets ({"summary": bool})."""
    opts = {"summary": False}
    with st.sidebar:
        st.subheader(T.SIDEBAR_DOCS)
        docs = services.store.documents()
        if not docs:
            st.caption(T.NO_DOCUMENTS)
        for d in docs:
            st.markdown(doc_html(d), unsafe_allow_html=True)
        if ui_resources.llm_configured(services.settings):
            opts["summary"] = st.toggle(T.SUMMARY_TOGGLE, value=False, help=T.SUMMARY_HELP)
        # After a successful upload the page reruns and the expander closes: say it outside.
        shown = st.session_state.pop("bw_upload_message", None)
        if shown:
            st.success(plain(shown[1]))
        with st.expander(T.UPLOAD_HEADER):
            if getattr(services.searcher, "partial", False):
                st.caption(T.UPLOAD_WAIT_BUILD)  # one writer at a time: the first build runs
            else:
                _upload(services)
    return opts


def safe_name(name: str) -> str:
    """A file name without folders or odd characters, ending in .pdf."""
    stem = Path(name or "document.pdf").name
    stem = re.sub(r"[^\w.\-]+", "-", stem, flags=re.UNICODE).strip(".-") or "document"
    return stem if stem.lower().endswith(".pdf") else stem + ".pdf"


def check_pdf(data: bytes) -> str | None:
    """A Dutch reason why this is not an ingestable PDF, or None when it looks fine."""
    if len(data) > MAX_UPLOAD_MB * 1024 * 1024:
        return T.UPLOAD_TOO_BIG.format(mb=MAX_UPLOAD_MB)
    if not data.lstrip()[:5].startswith(b"%PDF-"):
        return T.UPLOAD_NOT_PDF
    import io

    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            return T.UPLOAD_ENCRYPTED
        pages = reader.pages
        has_text = any((p.extract_text() or "").strip() for p in list(pages)[:50])
    except Exception:  # pypdf raises many types on damaged files
        return T.UPLOAD_BROKEN
    if not has_text:
        return T.UPLOAD_NO_TEXT
    return None


def add_pdf(services: Services, name: str, data: bytes, progress=None) -> tuple[bool, str]:
    """Check, ingest and index one PDF. Returns (ok, Dutch message)."""
    from ingest.model import IngestError

    name = safe_name(name)
    reason = check_pdf(data)
    if reason:
        return False, T.UPLOAD_FAILED.format(name=name, reason=reason)
    uploads = Path(services.home) / UPLOADS
    uploads.mkdir(parents=True, exist_ok=True)
    before = {d.doc: d for d in services.store.documents()}
    with tempfile.TemporaryDirectory(dir=uploads, prefix=".incoming-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            from index.build import index_paths

            s = services.settings
            index_paths(
                [path],
                s.home,
                embedder=s.embedder,
                backend=s.backend,
                progress=False,
                on_progress=progress,
                **s.backend_opts(),
            )
        except IngestError as exc:
            return False, T.UPLOAD_FAILED.format(name=name, reason=f"{T.UPLOAD_OTHER} ({exc})")
        except Exception as exc:  # the index build is atomic: the old index still stands
            return False, T.UPLOAD_FAILED.format(name=name, reason=f"{T.UPLOAD_OTHER} ({exc})")
        path.replace(uploads / name)
    ui_resources.reload()
    from ingest.store import ChunkStore

    after = {d.doc: d for d in ChunkStore(Path(services.home) / "store").documents()}
    rec = after.get(name)
    if rec is None:
        return False, T.UPLOAD_FAILED.format(name=name, reason=T.UPLOAD_OTHER)
    if name in before and before[name].sha256 == rec.sha256:
        return True, T.UPLOAD_UNCHANGED.format(name=name)
    return True, T.UPLOAD_DONE.format(title=rec.title, chunks=rec.n_chunks)


def _upload(services: Services) -> None:
    with st.form("bw-upload", clear_on_submit=True, border=False):
        file = st.file_uploader(T.UPLOAD_LABEL, type=["pdf"], accept_multiple_files=False)
        submitted = st.form_submit_button(T.UPLOAD_BUTTON)
    if not submitted or file is None:
        return
    bar = st.progress(0.0, text=T.UPLOAD_PROGRESS)

    def progress(done: int, total: int, message: str) -> None:
        bar.progress(min(done / total, 1.0) if total else 0.0, text=T.UPLOAD_PROGRESS)

    ok, message = add_pdf(services, file.name, file.getvalue(), progress)
    bar.empty()
    if ok:
        st.session_state["bw_upload_message"] = (ok, message)
        st.rerun()
    st.error(plain(message))
