"""The sidebar: documents in the index, adding a PDF (staff only, with checks and
progress), and the summary switch when a language model is configured.

Uploads are off unless a staff token hash is configured; each upload needs the token,
stays under a size limit and a total quota, and replaces a document only when asked to.
A rejected upload never reaches the index, and an accepted one is one locked change of
store and index (index/lock.py) that is rolled back when it fails or is cut off.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import streamlit as st

from app import ui_resources
from app.texts import UI as T
from app.texts import image_page_note
from app.ui_render import esc, plain
from app.ui_resources import Services

UPLOADS = "uploads"  # under BRONWIJZER_HOME: the PDFs staff added, for the page view
MAX_UPLOAD_MB = 50  # the server's limit (serve --server.maxUploadSize); settings go lower
UPLOAD_WAIT = 600.0  # seconds an upload waits for another writer before giving up


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
    # pages that are only an image (a table as a picture): said, so nobody trusts silence
    images = "".join(f'<div class="bw-meta">{esc(image_page_note(p))}</div>'
                     for p in getattr(rec, "image_pages", ()))
    return (
        f'<div class="bw-doc"><div class="bw-title">{esc(rec.title)}</div>'
        f'<div class="bw-meta">{esc(meta)}</div>{images}</div>'
    )


def render(services: Services) -> dict:
    """Draw the sidebar; returns the options it sets ({"summary": bool})."""
    opts = {"summary": False}
    with st.sidebar:
        st.subheader(T.SIDEBAR_DOCS)
        docs = searchable_documents(services)
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
        if services.settings.uploads_enabled:  # off unless a staff token hash is set
            with st.expander(T.UPLOAD_HEADER):
                if getattr(services.searcher, "partial", False):
                    st.caption(T.UPLOAD_WAIT_BUILD)  # one writer at a time: the first build runs
                else:
                    _upload(services)
    return opts


def searchable_documents(services: Services) -> list:
    """Stored documents that the loaded index holds: a document shows once it is searchable."""
    backend = getattr(services.searcher, "backend", None)
    if hasattr(backend, "indexed_docs"):  # Milvus: the small documents collection
        indexed = set(backend.indexed_docs())
    else:
        indexed = {c.doc_id for c in services.searcher.chunks()}
    return [d for d in services.store.documents() if d.doc_id in indexed]


MAX_NAME = 100  # characters of an uploaded file name, extension included


def safe_name(name: str) -> str:
    """A file name without folders, control or odd characters, at most MAX_NAME long,
    ending in .pdf."""
    import unicodedata

    name = unicodedata.normalize("NFKC", name or "")
    stem = Path(name.replace("\\", "/")).name
    stem = re.sub(r"[^\w.\-]+", "-", stem, flags=re.UNICODE).strip(".-") or "document"
    if not stem.lower().endswith(".pdf"):
        stem += ".pdf"
    if len(stem) > MAX_NAME:
        stem = stem[: MAX_NAME - 4].rstrip(".-") + stem[-4:]
    return stem


def check_pdf(data: bytes, max_mb: float = MAX_UPLOAD_MB) -> str | None:
    """A Dutch reason why this is not an ingestable PDF, or None when it looks fine."""
    if len(data) > max_mb * 1024 * 1024:
        return T.UPLOAD_TOO_BIG.format(mb=_mb(max_mb))
    if not data.lstrip()[:5].startswith(b"%PDF-"):
        return T.UPLOAD_NOT_PDF
    import io

    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            return T.UPLOAD_ENCRYPTED
        pages = list(reader.pages)[:50]
        for page in pages:  # extract_text() swallows pypdf's decompression limit: ask first
            contents = page.get_contents()
            if contents is not None:
                contents.get_data()
        has_text = any((p.extract_text() or "").strip() for p in pages)
    except LimitReachedError:  # a stream that unpacks to far more than the file holds
        return T.UPLOAD_BOMB
    except Exception:  # pypdf raises many types on damaged files
        return T.UPLOAD_BROKEN
    if not has_text:
        return T.UPLOAD_NO_TEXT
    return None


def _mb(value: float) -> str:
    return f"{value:g}"


def uploaded_bytes(home: Path, except_name: str | None = None) -> int:
    folder = Path(home) / UPLOADS
    if not folder.is_dir():
        return 0
    return sum(f.stat().st_size for f in folder.iterdir()
               if f.is_file() and not f.name.startswith(".") and f.name != except_name)


def add_pdf(services: Services, name: str, data: bytes, progress=None, *,
            token: str | None = None, replace: bool = False) -> tuple[bool, str]:
    """Check, ingest and index one PDF for a staff member. Returns (ok, Dutch message).

    Refused when uploads are off, the token is wrong, the file is too big or over the
    quota, or it would replace a document without `replace`. The store and the index
    change together (index/lock.py): another upload waits, and an error or a stopped
    script rolls back, so the old version stays until the new one is indexed.
    """
    from app.settings import token_matches

    s = services.settings
    if not s.uploads_enabled:
        return False, T.UPLOAD_OFF
    if not token_matches(token, s.staff_token_hash):
        return False, T.UPLOAD_WRONG_TOKEN
    name = safe_name(name)
    reason = check_pdf(data, min(float(s.upload_max_mb), MAX_UPLOAD_MB))
    if reason is None and uploaded_bytes(s.home, name) + len(data) > s.upload_quota_mb * 1024**2:
        reason = T.UPLOAD_QUOTA.format(mb=_mb(s.upload_quota_mb))
    if reason:
        return False, T.UPLOAD_FAILED.format(name=name, reason=reason)
    old = services.store.record(name)
    if old is not None and not replace:
        return False, T.UPLOAD_REPLACE_ASK.format(name=name, title=old.title)
    rec, message = _index_pdf(services, name, data, progress, replace=old is not None)
    if rec is None:
        return False, message
    if old is not None and old.sha256 == rec.sha256:
        return True, T.UPLOAD_UNCHANGED.format(name=name)
    if old is not None:
        return True, T.UPLOAD_REPLACED.format(title=rec.title, old=old.title, chunks=rec.n_chunks)
    return True, T.UPLOAD_DONE.format(title=rec.title, chunks=rec.n_chunks)


def _index_pdf(services: Services, name: str, data: bytes, progress, replace: bool):
    """(the stored record, "") once the upload is searchable, else (None, Dutch message)."""
    import logging

    from index.guards import DocumentExists
    from index.lock import IndexBusy
    from ingest.model import IngestError

    s = services.settings
    uploads = Path(s.home) / UPLOADS
    uploads.mkdir(parents=True, exist_ok=True)

    def waiting() -> None:
        if progress is not None:
            progress(0, 0, T.UPLOAD_WAITING)

    with tempfile.TemporaryDirectory(dir=uploads, prefix=".incoming-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            from index.build import index_paths

            index_paths([path], s.home, embedder=s.embedder, backend=s.backend, progress=False,
                        on_progress=progress, on_wait=waiting, lock_wait=UPLOAD_WAIT,
                        replace=replace, **s.backend_opts())
        except DocumentExists:  # another upload of this name came first
            return None, T.UPLOAD_REPLACE_ASK.format(name=name, title=name)
        except IndexBusy:
            return None, T.UPLOAD_FAILED.format(name=name, reason=T.UPLOAD_BUSY)
        except (IngestError, Exception) as exc:  # rolled back: the old index still stands
            logging.getLogger(__name__).warning("upload of %s failed: %s", name, exc)
            return None, T.UPLOAD_FAILED.format(name=name, reason=T.UPLOAD_OTHER)
        import hashlib

        from ingest.store import ChunkStore

        rec = ChunkStore(Path(s.home) / "store").record(name)
        if rec is None or rec.sha256 != hashlib.sha256(data).hexdigest():
            # ingest skipped the file (the reason is in its report): the old version stands
            logging.getLogger(__name__).warning("upload of %s was not ingested", name)
            return None, T.UPLOAD_FAILED.format(name=name, reason=T.UPLOAD_OTHER)
        path.replace(uploads / name)
    ui_resources.reload()
    return rec, ""


def _upload(services: Services) -> None:
    with st.form("bw-upload", clear_on_submit=True, border=False):
        file = st.file_uploader(T.UPLOAD_LABEL, type=["pdf"], accept_multiple_files=False)
        token = st.text_input(T.UPLOAD_TOKEN, type="password", key="bw-staff-token")
        replace = st.checkbox(T.UPLOAD_REPLACE, value=False, help=T.UPLOAD_REPLACE_HELP)
        submitted = st.form_submit_button(T.UPLOAD_BUTTON)
    if not submitted or file is None:
        return
    bar = st.progress(0.0, text=T.UPLOAD_PROGRESS)

    def progress(done: int, total: int, message: str) -> None:
        text = T.UPLOAD_WAITING if message == T.UPLOAD_WAITING else T.UPLOAD_PROGRESS
        bar.progress(min(done / total, 1.0) if total else 0.0, text=text)

    ok, message = add_pdf(services, file.name, file.getvalue(), progress, token=token,
                          replace=replace)
    bar.empty()
    if ok:
        st.session_state["bw_upload_message"] = (ok, message)
        st.rerun()
    st.error(plain(message))
