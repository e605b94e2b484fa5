"""Predict, then see: a lesson asks before it shows, reveals, marks and counts in the session score."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from pages.score import record, session_score
from pooling.lessons.predictions import Prediction

PREDICT_KEY = "predict_first"
REVEALED_KEY = "predict_revealed"


def predict_switch(key: str) -> bool:
    """The "Predict first" switch, shared by every lesson that asks; ``key`` prefixes its widget."""
    st.session_state[f"{key}_{PREDICT_KEY}"] = st.session_state.get(PREDICT_KEY, False)
    return st.toggle("Predict first", key=f"{key}_{PREDICT_KEY}", on_change=_share, args=(key,),
                     help="Before the numbers appear, say what you expect; then see them, marked.")


def _share(key: str) -> None:
    st.session_state[PREDICT_KEY] = st.session_state[f"{key}_{PREDICT_KEY}"]


def _group(predictions: Sequence[Prediction]) -> str:
    return "|".join(p.key for p in predictions)


def _reveal(predictions: Sequence[Prediction], keys: list[str]) -> None:
    choices = [st.session_state.get(key) for key in keys]
    if None in choices:
        st.session_state[f"{keys[0]}_missing"] = True
        return
    st.session_state.setdefault(REVEALED_KEY, {})[_group(predictions)] = choices
    for prediction, choice in zip(predictions, choices):
        record(prediction.key, prediction.right(choice))


def predict_first(predictions: Sequence[Prediction], key: str) -> bool:
    """Ask ``predictions`` while "Predict first" is on and they are not yet revealed; then show each
    choice marked right or wrong with its reason. True when the numbers may be shown."""
    if not st.session_state.get(PREDICT_KEY, False) or not predictions:
        return True
    choices = st.session_state.get(REVEALED_KEY, {}).get(_group(predictions))
    if choices is None:
        keys = [f"{key}_{i}_{p.key}" for i, p in enumerate(predictions)]
        with st.form(f"{key}_form"):
            st.markdown("**Predict first.** What do you expect?")
            for prediction, widget in zip(predictions, keys):
                st.radio(prediction.question, prediction.options, index=None, horizontal=True, key=widget)
            st.form_submit_button("Reveal", on_click=_reveal, args=(predictions, keys), type="primary")
        if st.session_state.pop(f"{keys[0]}_missing", False):
            st.warning("Pick an answer to every question, then reveal.")
        return False
    lines = [
        f"{':green[**Right**]' if p.right(choice) else ':red[**Not quite**]'}: {p.question} You said "
        f"*{choice}*{'' if p.right(choice) else f'; it is *{p.answer}*'}. {p.why}"
        for p, choice in zip(predictions, choices)
    ]
    st.markdown("  \n".join(lines) + f"  \nScore this session: **{session_score().text}**.")
    return True
