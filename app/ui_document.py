"""'Bekijk in document': the page (or section) a source card came from, passage marked.

For a text export: the text of the page(s) the chunk lies on, the chunk tinted and the
quote marked; without page information, the chunk's section. For an uploaded PDF kept
under $BRONWIJZER_HOME/uploads: the page rendered (pypdfium2), the quote boxed in yellow.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from app import ui_render as R
from app.texts import UI as T
from app.ui_resources import Services

VIEW_KEY = "bw_view"
MAX_SECTION_CHARS = 8000


def open_view(chunk, quote: str) -> None:
    """Button callback: show this chunk in its document on the next run."""
    st.session_state[VIEW_KEY] = {"chunk": chunk, "quote": quote}


def close_view() -> None:
    st.session_state.pop(VIEW_KEY, None)


def is_open() -> bool:
    return VIEW_KEY in st.session_state


def view_button(chunk, quote: str, key: str) -> None:
    st.button(
        T.OPEN_DOCUMENT,
        key=key,
        on_click=open_view,
        args=(chunk, quote),
        icon=":material/description:",
    )


def page_spans(pages, start: int, end: int) -> list:
    """The PageSpans overlapping text[start:end], in order."""
    return [p for p in pages if p.start < end and p.end > start]


def section_range(chunks, chunk) -> tuple[int, int]:
    """Offsets of the chunk's section in its document (all chunks with the same path)."""
    same = [c for c in chunks if c.doc == chunk.doc and tuple(c.section) == tuple(chunk.section)]
    if not same:
        return chunk.start, chunk.end
    lo, hi = min(c.start for c in same), max(c.end for c in same)
    if hi - lo > MAX_SECTION_CHARS:  # a huge section: a window around the passage
        lo = max(lo, chunk.start - MAX_SECTION_CHARS // 2)
        hi = min(hi, chunk.end + MAX_SECTION_CHARS // 2)
    return lo, hi


def spans_for(chunk, quote: str, lo: int) -> list[tuple[int, int, str]]:
    """Marks relative to a window starting at document offset lo."""
    spans = [(chunk.start - lo, chunk.end - lo, "bw-passage")]
    for a, b in R.find_quotes(chunk.text, quote):
        spans.append((chunk.start + a - lo, chunk.start + b - lo, "mark"))
    return spans


# Static script (no document text in it): bring the marked passage into view once the
# page text has been drawn, since a page or section is often longer than the screen.
SCROLL_TO_MARK = """<script>
(function () {
  let tries = 0;
  const go = () => {
    const el = document.querySelector(".bw-page mark") || document.querySelector(".bw-passage");
    if (el) { el.scrollIntoView({block: "center"}); } else if (tries++ < 40) { setTimeout(go, 100); }
  };
  setTimeout(go, 150);
})();
</script>"""


def _page_heading(span) -> str:
    page = span.label or (str(span.page) if span.page is not None else "?")
    text = T.DOC_VIEW_PAGE.format(page=page)
    return text if span.exact else f"{text} (ca.)"


def render(services: Services) -> None:
    view = st.session_state.get(VIEW_KEY)
    if not view:
        return
    chunk, quote = view["chunk"], view["quote"]
    st.button(T.DOC_VIEW_CLOSE, on_click=close_view, icon=":material/arrow_back:", key="bw-close")
    st.subheader(T.DOC_VIEW_TITLE)
    st.markdown(R.block(R.esc(chunk.title), "bw-title"), unsafe_allow_html=True)
    meta = " · ".join(x for x in (R.section_path(chunk), R.page_label(chunk)) if x)
    st.markdown(R.block(R.esc(meta), "bw-meta"), unsafe_allow_html=True)
    store = services.store
    try:
        text = store.text(chunk.doc)
        pages = store.pages(chunk.doc)
    except Exception:  # the document was removed or replaced since the answer was given
        st.warning(T.DOC_VIEW_MISSING)
        return
    if text[chunk.start : chunk.end] != chunk.text:
        st.warning(T.DOC_VIEW_MISSING)
        return
    pdf = Path(services.home) / "uploads" / chunk.doc
    if chunk.doc.lower().endswith(".pdf") and pdf.exists() and chunk.page.start is not None:
        _pdf_page(pdf, chunk.page.start, quote or chunk.text)
    covering = page_spans(pages, chunk.start, chunk.end) if chunk.page.start is not None else []
    if covering:
        for span in covering:
            st.markdown(R.block(R.esc(_page_heading(span)), "bw-meta"), unsafe_allow_html=True)
            body = R.marked(text[span.start : span.end], spans_for(chunk, quote, span.start))
            st.markdown(R.block(body, "bw-text bw-page"), unsafe_allow_html=True)
        st.html(SCROLL_TO_MARK, unsafe_allow_javascript=True)
        return
    lo, hi = section_range(services.searcher.chunks(), chunk)
    st.caption(T.DOC_VIEW_NO_PAGES)
    body = R.marked(text[lo:hi], spans_for(chunk, quote, lo))
    prefix = "… " if lo > 0 else ""
    st.markdown(R.block(prefix + body, "bw-text bw-page"), unsafe_allow_html=True)
    st.html(SCROLL_TO_MARK, unsafe_allow_javascript=True)


@st.cache_data(show_spinner=False, max_entries=64)
def render_pdf_page(path: str, page: int, quote: str, mtime: float) -> bytes | None:
    """PNG of one PDF page (1-based) with the quote's first words boxed; None on failure."""
    import io

    import pypdfium2 as pdfium
    from PIL import ImageDraw

    try:
        pdf = pdfium.PdfDocument(path)
        if not 1 <= page <= len(pdf):
            return None
        pg = pdf[page - 1]
        scale = 1.6
        img = pg.render(scale=scale).to_pil().convert("RGB")
        height = pg.get_height()
        draw = ImageDraw.Draw(img, "RGBA")
        textpage = pg.get_textpage()
        for needle in _needles(quote):
            search = textpage.search(needle, match_case=False)
            hit = search.get_next()
            if not hit:
                continue
            idx, count = hit
            for r in range(textpage.count_rects(idx, count)):
                left, bottom, right, top = textpage.get_rect(r)
                box = (left * scale, (height - top) * scale, right * scale, (height - bottom) * scale)
                draw.rectangle(box, fill=(255, 214, 0, 90), outline=(200, 150, 0, 255))
            break
        out = io.BytesIO()
        img.save(out, format="PNG")
        return out.getvalue()
    except Exception:  # a rendering problem must not hide the text view below it
        return None


def _needles(quote: str) -> list[str]:
    """Search strings from long to short: PDF text rarely matches a whole quote."""
    words = quote.split()
    return [" ".join(words[:n]) for n in (12, 8, 5, 3) if len(words) >= n] or [quote.strip()]


def _pdf_page(path: Path, page: int, quote: str) -> None:
    png = render_pdf_page(str(path), page, quote, path.stat().st_mtime)
    if png:
        st.image(png, caption=T.DOC_VIEW_PDF, width="stretch")
