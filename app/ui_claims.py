"""Mode 'Bewering checken': a claim in, a verdict out (ondersteund / weerlegd / niet
gevonden), with the explanation (what the source says instead) and the deciding quotes
with their page.
"""

from __future__ import annotations

import streamlit as st

from app import texts, ui_document
from app import ui_render as R
from app.texts import UI as T
from app.ui_ask import MAX_CHARS, clean_input
from app.ui_resources import Services

RESULT = "bw_claim"


def render(services: Services) -> None:
    shown = st.session_state.get(RESULT)
    if shown and "bw-claim" not in st.session_state:
        # Streamlit forgot the text while a document view was open: keep it beside its result.
        st.session_state["bw-claim"] = shown.get("input", shown["claim"])
    with st.form("bw-claim-form", border=False):
        claim = st.text_area(T.CLAIM_LABEL, placeholder=T.CLAIM_PLACEHOLDER, key="bw-claim", height=100)
        submitted = st.form_submit_button(T.CLAIM_BUTTON, type="primary")
    if submitted:
        text, cut = clean_input(claim)
        if not text:
            st.session_state.pop(RESULT, None)
            return
        state = {"claim": text, "cut": cut, "verdict": None, "error": None, "input": claim}
        try:
            with st.spinner(T.THINKING):
                state["verdict"] = services.checker.check(text)
        except Exception as exc:
            state["error"] = str(exc) or type(exc).__name__
        st.session_state[RESULT] = state
    state = st.session_state.get(RESULT)
    if state:
        _result(state)


def _result(state: dict) -> None:
    if state["cut"]:
        st.caption(T.TOO_LONG.format(n=MAX_CHARS))
    if state["error"]:
        st.error(R.plain(T.ERROR.format(reason=state["error"])))
        return
    v = state["verdict"]
    label = texts.VERDICT_LABELS.get(v.verdict, v.verdict)
    st.markdown(R.verdict_html(v.verdict, T.VERDICT.format(label=label)), unsafe_allow_html=True)
    st.markdown(R.answer_html(v.explanation), unsafe_allow_html=True)
    if v.evidence:
        st.markdown(R.block(R.esc(T.EVIDENCE), "bw-meta"), unsafe_allow_html=True)
        for c in v.evidence:
            with st.container(border=True):
                st.markdown(R.card_html(c.chunk, c.quote, c.n), unsafe_allow_html=True)
                st.code(R.citation(c.chunk), language=None, wrap_lines=True)
                ui_document.view_button(c.chunk, c.quote, key=f"bw-ev-{c.n}-{c.chunk.chunk_id}")
