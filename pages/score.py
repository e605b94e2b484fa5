"""The session's running score, shared by the practice page and the lessons' predictions."""

from __future__ import annotations

import streamlit as st

from pooling.lessons.score import Score

SCORE_KEY = "score"


def session_score() -> Score:
    """This session's score (made on first use; it lives only as long as the session)."""
    if SCORE_KEY not in st.session_state:
        st.session_state[SCORE_KEY] = Score()
    return st.session_state[SCORE_KEY]


def record(key: str, right: bool) -> None:
    """Count an answer in the session's score (only its first answer counts)."""
    session_score().record(key, right)


def score_panel(key: str, compact: bool = False) -> None:
    """The score ("7 of 9 right this session") and a button that resets it; ``key`` prefixes the widget.
    ``compact``: no frame, and the button is an icon, to sit in a line beside a question."""
    score = session_score()
    with st.container(border=not compact, horizontal=True, vertical_alignment="center",
                      width="content" if compact else "stretch"):
        text = f"Score: **{score.text}**" if compact else f"**Score this session: {score.text}** right"
        st.markdown(text, width="content")
        st.button("Reset" if compact else "Reset score", key=f"{key}_reset_score", on_click=score.reset,
                  icon=":material/restart_alt:", disabled=not score.asked, help="Reset the score",
                  type="tertiary" if compact else "secondary")
