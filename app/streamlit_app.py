"""The Bronwijzer page: ask (Vraag), find sources (Bronnen zoeken), check a claim
(Bewering checken), and see a source in its document. Run with `bronwijzer serve`.

This file only lays out the page; each mode lives in app/ui_<mode>.py, the loading of
index and models (once per process) in app/ui_resources.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

# `streamlit run app/streamlit_app.py` puts app/ on sys.path, not the project root.
_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

import streamlit as st  # noqa: E402

from app.texts import UI as T  # noqa: E402
from app.ui_render import CSS  # noqa: E402

MODES = (T.MODE_ASK, T.MODE_SEARCH, T.MODE_CHECK)


def main() -> None:
    st.set_page_config(page_title=T.PAGE_TITLE, page_icon="📄", layout="centered")
    st.markdown(CSS, unsafe_allow_html=True)
    st.title(T.HEADER)
    st.caption(T.TAGLINE)

    from app import ui_ask, ui_claims, ui_document, ui_resources, ui_search, ui_sidebar

    services = ui_resources.services()
    if services is None:
        return
    opts = ui_sidebar.render(services)
    if ui_document.is_open():
        ui_document.render(services)
        return
    # The radio is not drawn while a document is open, and Streamlit forgets the state of
    # widgets it did not draw: keep the mode under a plain key as well.
    if "bw-mode" not in st.session_state:
        st.session_state["bw-mode"] = st.session_state.get("bw_mode", MODES[0])
    mode = st.radio(T.MODE_LABEL, MODES, horizontal=True, key="bw-mode")
    st.session_state["bw_mode"] = mode
    st.caption(T.MODE_HELP[mode])
    if mode == T.MODE_ASK:
        answerer = (
            ui_resources.answerer_with_summary(services) if opts["summary"] else services.answerer
        )
        ui_ask.render(services, answerer)
    elif mode == T.MODE_SEARCH:
        ui_search.render(services)
    else:
        ui_claims.render(services)


main()
