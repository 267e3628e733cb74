"""Mode 'Bronnen zoeken': ranked passages for staff, with document and year filters and
a citation ready to paste (st.code gives the copy button).
"""

from __future__ import annotations

import streamlit as st

from app import ui_document
from app import ui_render as R
from app.texts import UI as T
from app.ui_ask import MAX_CHARS, clean_input
from app.ui_resources import Services
from app.ui_sidebar import years_text

K = 10
RESULTS = "bw_search"


def years_of(docs) -> list[int]:
    """Every year some document covers, newest first."""
    years: set[int] = set()
    for d in docs:
        lo = d.year_from if d.year_from is not None else d.year_to
        hi = d.year_to if d.year_to is not None else d.year_from
        if lo is not None and hi is not None and 0 <= hi - lo <= 50:
            years.update(range(lo, hi + 1))
    return sorted(years, reverse=True)


def render(services: Services) -> None:
    from index.model import Filters

    docs = services.store.documents()
    by_label = {_doc_label(d): d.doc for d in docs}
    _restore_inputs(by_label, [T.ALL_YEARS, *years_of(docs)])
    with st.form("bw-search-form", border=False):
        query = st.text_input(T.SEARCH_LABEL, placeholder=T.SEARCH_PLACEHOLDER, key="bw-q")
        left, right = st.columns([3, 1])
        with left:
            chosen = st.multiselect(
                T.FILTER_DOCS, list(by_label), placeholder=T.FILTER_DOCS_PLACEHOLDER, key="bw-docs"
            )
        with right:
            year = st.selectbox(T.FILTER_YEAR, [T.ALL_YEARS, *years_of(docs)], key="bw-year")
        submitted = st.form_submit_button(T.SEARCH_BUTTON, type="primary")
    if submitted:
        text, cut = clean_input(query)
        if not text:
            st.session_state.pop(RESULTS, None)
            return
        filters = Filters(
            docs=tuple(by_label[c] for c in chosen),
            year=None if year == T.ALL_YEARS else int(year),
        )
        try:
            hits = services.searcher.search(text, k=K, filters=filters)
            st.session_state[RESULTS] = {"hits": hits, "cut": cut, "error": None, "q": text}
        except Exception as exc:
            st.session_state[RESULTS] = {"hits": [], "cut": cut, "error": str(exc), "q": text}
        st.session_state[RESULTS]["inputs"] = {"bw-q": query, "bw-docs": list(chosen),
                                               "bw-year": year}
    state = st.session_state.get(RESULTS)
    if state:
        _results(state)


def _restore_inputs(by_label: dict, year_options: list) -> None:
    """Put the query and filters of the shown results back into their widgets: Streamlit
    forgets a widget's value while it is not drawn (when a document view was open)."""
    state = st.session_state.get(RESULTS) or {}
    for key, value in (state.get("inputs") or {}).items():
        if key == "bw-docs":
            value = [v for v in value if v in by_label]
        if key == "bw-year" and value not in year_options:
            continue
        if key not in st.session_state:
            st.session_state[key] = value


def _doc_label(d) -> str:
    years = years_text(d)
    return f"{d.title} ({years})" if years and years not in d.title else d.title


def _results(state: dict) -> None:
    if state["cut"]:
        st.caption(T.TOO_LONG.format(n=MAX_CHARS))
    if state["error"]:
        st.error(R.plain(T.ERROR.format(reason=state["error"])))
        return
    hits = state["hits"]
    if not hits:
        st.info(T.NO_RESULTS)
        return
    st.caption(T.RESULTS.format(n=len(hits)))
    for hit in hits:
        c = hit.chunk
        with st.container(border=True):
            st.markdown(
                R.card_html(c, "", hit.rank, full=True, query=state["q"]), unsafe_allow_html=True
            )
            st.caption(T.COPY_CITATION)
            st.code(R.citation(c), language=None, wrap_lines=True)
            ui_document.view_button(c, "", key=f"bw-hit-{hit.rank}-{c.chunk_id}")
