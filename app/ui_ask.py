"""Mode 'Vraag': a chat for residents. The answer with inline [n], the sources as cards,
a thumbs up/down per answer; follow-ups pass the earlier turns to the Answerer, which
rewrites the question with the previous turn before it searches.
"""

from __future__ import annotations

import streamlit as st

from app import feedback, texts, ui_document
from app import ui_render as R
from app.texts import UI as T
from app.ui_resources import Services

TURNS = "bw_turns"
SUGGESTION_CHARS = 120  # a suggestion card shows ~2 x this many characters
MAX_CHARS = 1000  # longer input is cut with a notice (the Answerer cuts at the same length)


def clean_input(text: str | None, limit: int = MAX_CHARS) -> tuple[str, bool]:
    """(text stripped and cut to limit, whether it was cut); '' means: do nothing."""
    text = (text or "").strip()
    if len(text) <= limit:
        return text, False
    return text[:limit], True


def render(services: Services, answerer) -> None:
    turns: list[dict] = st.session_state.setdefault(TURNS, [])
    if not turns:
        st.markdown(T.ASK_EMPTY_STATE)
    for i, turn in enumerate(turns):
        _turn(services, turn, i)
    if turns:
        st.button(T.CLEAR_CHAT, on_click=turns.clear, icon=":material/refresh:", key="bw-clear")
    question = st.chat_input(T.ASK_PLACEHOLDER, key="bw-ask")
    if question is None:
        return
    question, cut = clean_input(question)
    if not question:
        return
    # Each earlier turn as it was understood, so "en in 2028?" after "en in 2027?" still
    # carries the first question's subject.
    history = [
        (t.get("read_as") or t["question"], t["answer"].text) for t in turns if t.get("answer")
    ]
    turn = {"question": question, "cut": cut, "answer": None, "error": None, "vote": None}
    turn["read_as"] = _read_as(question, history)
    try:
        with st.spinner(T.THINKING):
            turn["answer"] = answerer.ask(question, history=history or None)
    except Exception as exc:  # the user sees a sentence; the page stays usable
        turn["error"] = str(exc) or type(exc).__name__
    turns.append(turn)
    st.rerun()  # redraw so the new turn sits above the buttons and the input


def _read_as(question: str, history: list[tuple[str, str]]) -> str:
    """How a follow-up is understood ('en in 2027?' -> the previous question with 2027),
    shown so the reader can see what was searched; '' when taken as it stands."""
    if not history:
        return ""
    from app.answer import rewrite_followup

    try:
        rewritten = rewrite_followup(question, history)
    except Exception:  # showing the reading is a courtesy; never fail the turn on it
        return ""
    return rewritten if rewritten.strip() != question.strip() else ""


def _turn(services: Services, turn: dict, i: int) -> None:
    with st.chat_message("user"):
        st.markdown(R.block(R.esc(turn["question"])), unsafe_allow_html=True)
        if turn["cut"]:
            st.caption(T.TOO_LONG.format(n=MAX_CHARS))
        if turn.get("read_as"):
            st.caption(T.READ_AS.format(question=R.plain(turn["read_as"])))
    with st.chat_message("assistant"):
        if turn["error"]:
            st.error(R.plain(T.ERROR.format(reason=turn["error"])))
            return
        answer = turn["answer"]
        if answer.notice and not turn["cut"]:
            st.caption(R.plain(answer.notice))
        if answer.generated:
            st.caption(texts.GENERATED_LABEL)
        st.markdown(R.answer_html(answer.text), unsafe_allow_html=True)
        if not answer.refused:
            _jargon(answer.text, i)
        if answer.refused and answer.suggestions:
            st.markdown(R.block(R.esc(T.SUGGESTIONS), "bw-meta"), unsafe_allow_html=True)
            for j, hit in enumerate(answer.suggestions):
                _card(hit.chunk, "", None, key=f"bw-sug-{i}-{j}", context=SUGGESTION_CHARS)
        if answer.citations:
            st.markdown(R.block(R.esc(T.SOURCES), "bw-meta"), unsafe_allow_html=True)
            for c in answer.citations:
                _card(c.chunk, c.quote, c.n, key=f"bw-src-{i}-{c.n}")
        _feedback(services, turn, i)


def _jargon(text: str, i: int) -> None:
    """The municipal words the answer uses, each explained in one plain sentence."""
    from app.jargon import terms_in

    terms = terms_in(text)
    if not terms:
        return
    with st.expander(T.JARGON_TITLE.format(words=", ".join(t.term for t in terms)),
                     key=f"bw-jargon-{i}"):
        for t in terms:
            st.markdown(R.block(f"<b>{R.esc(t.term)}</b>: {R.esc(t.explanation)} "
                                f'<span class="bw-meta">({T.JARGON_SOURCE} {R.esc(t.source)})</span>'),
                        unsafe_allow_html=True)


def _card(chunk, quote: str, n: int | None, key: str, context: int = R.CONTEXT_CHARS) -> None:
    with st.container(border=True):
        st.markdown(R.card_html(chunk, quote, n, context=context), unsafe_allow_html=True)
        ui_document.view_button(chunk, quote, key=key)


def _feedback(services: Services, turn: dict, i: int) -> None:
    if turn["vote"]:
        st.caption(T.FEEDBACK_THANKS)
        return
    st.caption(T.FEEDBACK_QUESTION)
    with st.container(horizontal=True, gap="small"):
        st.button(
            T.FEEDBACK_UP,
            key=f"bw-up-{i}",
            icon=":material/thumb_up:",
            on_click=_vote,
            args=(services, turn, "up"),
        )
        st.button(
            T.FEEDBACK_DOWN,
            key=f"bw-down-{i}",
            icon=":material/thumb_down:",
            on_click=_vote,
            args=(services, turn, "down"),
        )


def _vote(services: Services, turn: dict, verdict: str) -> None:
    answer = turn["answer"]
    fb = feedback.Feedback(
        question=turn["question"],
        answer=answer.text,
        chunk_ids=tuple(c.chunk.chunk_id for c in answer.citations),
        verdict=verdict,
        time=feedback.now(),
        refused=answer.refused,
    )
    try:
        feedback.record(services.home, fb)
        turn["vote"] = verdict
    except OSError:
        st.toast(T.FEEDBACK_SAVE_FAILED)
