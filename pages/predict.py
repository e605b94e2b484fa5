"""Predict, then see: a lesson asks before it shows, reveals, marks and counts in the session score.

The global lesson asks multiple choices (`predict_first`); the animated lessons ask for the output
length, then for each output as the window reaches it (`predicted_step`)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

import streamlit as st

from pages.common import literal, step_buttons
from pages.score import record, score_panel, session_score
from pooling import InputError, PoolingError
from pooling.lessons.diagnose import Questions, Verdict
from pooling.lessons.frames import Frame
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


VERDICTS_KEY = "predict_verdicts"
"""Session state: question key -> the `Verdict` of its first answer (the answer that counts)."""


def _check(key: str, check: Callable[[str], Verdict]) -> None:
    try:
        verdict = check(st.session_state.get(f"{key}_text", ""))
    except (InputError, PoolingError) as error:
        st.session_state[f"{key}_error"] = str(error)
        return
    st.session_state.setdefault(VERDICTS_KEY, {})[key] = verdict
    record(key, verdict.right)


def ask_number(key: str, label: str, check: Callable[[str], Verdict]) -> Verdict | None:
    """A box for one typed answer (Enter checks it); once checked, the answer marked in one line
    instead. Returns the verdict, or None while the question is open. A text that is not an answer
    gets a message, shown as typed, and the box stays."""
    verdict = st.session_state.get(VERDICTS_KEY, {}).get(key)
    if verdict is None:
        with st.form(f"{key}_form", border=False), st.container(horizontal=True, vertical_alignment="center"):
            st.markdown(f"**{literal(label)}**", width="content")
            st.text_input(label, key=f"{key}_text", width=200, label_visibility="collapsed",
                          placeholder="type, then Enter")
            st.form_submit_button("Check", on_click=_check, args=(key, check))
        error = st.session_state.pop(f"{key}_error", None)
        if error:
            st.error(literal(error), icon="⚠️")
        return None
    mark, said = verdict.text.split(": ", 1)
    st.markdown(f"{':green' if verdict.right else ':red'}[**{mark}**]: {literal(said)}", width="content")
    return verdict


def predicted_step(key: str, frames: Sequence[Frame], questions: Questions) -> tuple[int, bool] | None:
    """The step buttons of an animation and, with "Predict first" on, its ``questions``: the output
    length (or shape) before the first step, then the value of the output each step writes.

    Returns the step to draw and whether its output is still hidden, or None while the length is
    asked (the animation waits)."""
    predicting = st.session_state.get(PREDICT_KEY, False)
    if predicting:
        with st.container(horizontal=True, vertical_alignment="center"):
            asked = ask_number(f"{key}_length_{questions.about}", questions.length, questions.check_length)
            score_panel(key, compact=True)
        if asked is None:
            return None
    step = step_buttons(f"{key}_step", len(frames))
    if not predicting:
        return step, False
    frame = frames[step]
    name = f"y[{', '.join(map(str, frame.index))}]"
    count = len(frame.values)
    label = f"{name} = ?" + (f" ({count} numbers, one per feature)" if count > 1 else "")
    verdict = ask_number(f"{key}_step_{questions.about}_{step}", label,
                         functools.partial(questions.check_value, step))
    return step, verdict is None
