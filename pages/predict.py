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


def asking(predictions: Sequence[Prediction]) -> bool:
    """Whether ``predictions`` are still to be made (so the numbers they ask about stay hidden)."""
    if not st.session_state.get(PREDICT_KEY, False) or not predictions:
        return False
    return _group(predictions) not in st.session_state.get(REVEALED_KEY, {})


def _rows(predictions: Sequence[Prediction], extras: list):
    """The predictions, each with its extra (a widget key, a choice), in rows: one row per topic,
    else one per prediction."""
    row = []
    for prediction, extra in zip(predictions, extras):
        if row and (not prediction.topic or prediction.topic != row[-1][0].topic):
            yield row
            row = []
        row.append((prediction, extra))
    yield row


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
            for row in _rows(predictions, keys):
                for place, (column, (prediction, widget)) in enumerate(zip(st.columns(len(row)), row)):
                    topic = f"**{prediction.topic}**: " if prediction.topic and not place else ""
                    column.radio(topic + prediction.question, prediction.options, index=None, horizontal=True,
                                 key=widget)
            st.form_submit_button("Reveal", on_click=_reveal, args=(predictions, keys), type="primary")
        if st.session_state.pop(f"{keys[0]}_missing", False):
            st.warning("Pick an answer to every question, then reveal.")
        return False
    lines = [_marked(row) for row in _rows(predictions, choices)]
    st.markdown("  \n".join(lines) + f"  \nScore this session: **{session_score().text}**.")
    return True


def _marked(row: list[tuple[Prediction, str]]) -> str:
    """One line: each prediction of the row marked, what was chosen and what is true, then why."""
    marks = [f"{':green[**Right**]' if p.right(choice) else ':red[**Not quite**]'}: {p.question} You said "
             f"*{choice}*{'' if p.right(choice) else f', it is *{p.answer}*'}" for p, choice in row]
    topic = f"**{row[0][0].topic}**: " if row[0][0].topic else ""
    whys = dict.fromkeys(p.why for p, _ in row)
    return f"{topic}{'; '.join(marks)}. {' '.join(whys)}"
