"""Lesson: a pooling window slides along a sequence, cell by cell; global pooling is its limit."""

from __future__ import annotations

import numpy as np
import streamlit as st

from pages.common import (
    animation,
    chart,
    enter_through_app,
    keep_in_link,
    linked_fragment,
    literal,
    show_code,
    show_errors,
    write_link,
)
from pages.predict import predict_switch, predicted_step
from pages.presenter import ui_scale
from pages.sharing import gif_download
from pages.window_1d_global import global_limit, grow_kernel, several_features
from pooling import InputError, parse_sequence, pool1d
from pooling.charts.animation import sequence_animation
from pooling.lessons import diagnose, sliding
from pooling.lessons.code import pooling_snippets
from pooling.lessons.frames import OP_NAMES, first_steps, frames1d
from pooling.windows import largest_dilation

enter_through_app()

PAD_MODES = ("number", "valid", "same")


def apply_preset() -> None:
    state = st.session_state
    state.w1d_text = sliding.preset_text(state.w1d_preset, state.w1d_length, state.w1d_seed)
    if state.w1d_preset == "kim":
        grow_kernel(len(parse_sequence(state.w1d_text)))


def bounded_slider(label: str, key: str, low: int, high: int, column, hint=None, why_fixed=None) -> int:
    """A slider whose range follows the input; a fixed line of text when only one value fits, or
    when ``why_fixed`` says why it does not apply (the value chosen before is kept for later)."""
    if high <= low or why_fixed:
        st.session_state[key] = st.session_state[key]  # kept, though its slider is not drawn this run
        column.markdown(f"{label}: **{low}** ({why_fixed or 'the only choice here'})")
        return low
    st.session_state[key] = min(max(st.session_state[key], low), high)
    return column.slider(label, low, high, key=key, help=hint)


def sequence_ui() -> tuple[np.ndarray, list[str] | None, list[str] | None]:
    """The sequence, with its step labels and feature names when a preset has them."""
    left, right = st.columns([1, 1.4])
    preset = left.selectbox("Start from", list(sliding.PRESETS), format_func=sliding.PRESETS.get,
                            key="w1d_preset", on_change=apply_preset)
    if preset == "random":
        left.number_input("Length", 2, 200, key="w1d_length", on_change=apply_preset)
        left.number_input("Random seed", 0, 10_000, key="w1d_seed", on_change=apply_preset)
    text = right.text_area(
        "Your numbers", key="w1d_text", height=150,
        help="Commas or spaces between numbers. Several features: one line per step, the same "
             "number of values on every line.")
    try:
        x = parse_sequence(text)
        st.session_state.w1d_last_good = text
    except InputError as error:
        right.error(literal(f"{error} Showing the last sequence that worked."), icon="⚠️")
        x = parse_sequence(st.session_state.get("w1d_last_good", sliding.SEED_TEXT))
    return (x, *sliding.labels_for(preset, x.shape))


def settings_ui(steps: int) -> dict:
    """pool1d's keyword arguments from the controls; slider ranges follow the input length."""
    state = st.session_state
    state.setdefault("w1d_pad_mode", state.w1d_pad if isinstance(state.w1d_pad, str) else "number")
    state.setdefault("w1d_pad_number", state.w1d_pad if isinstance(state.w1d_pad, int) else 0)
    row = st.columns([1.2, 1, 1, 1.3, 1])
    op = row[0].radio("Operation", list(OP_NAMES), format_func=OP_NAMES.get, key="w1d_op", horizontal=True)
    kernel = bounded_slider("Kernel size", "w1d_kernel", 1, steps, row[1])
    stride = bounded_slider("Stride", "w1d_stride", 1, steps, row[2])
    mode = row[3].radio("Padding", PAD_MODES, key="w1d_pad_mode", horizontal=True,
                        help="A number of cells on each side (PyTorch), or Keras' 'valid' (none) "
                             "and 'same' (enough to keep ceil(steps / stride) outputs).")
    padding = mode
    if mode == "number":
        padding = bounded_slider("Cells per side", "w1d_pad_number", 0, kernel // 2, row[3],
                                 hint="Padding cells on each side. PyTorch allows at most half the "
                                      "kernel size.")
    state.w1d_pad = padding
    dilation = bounded_slider("Dilation", "w1d_dilation", 1,
                              largest_dilation(steps, kernel, padding if isinstance(padding, int) else 0),
                              row[4], hint="Gaps between the cells the window reads.",
                              why_fixed="averages have none" if op == "avg" else None)
    flags = st.container(horizontal=True, gap="medium")
    ceil_mode = flags.checkbox("Ceil mode", key="w1d_ceil", disabled=mode == "same",
                               help="Round the number of outputs up: a last, partial window.")
    settings = {"kernel_size": kernel, "stride": stride, "padding": padding, "dilation": dilation,
                "ceil_mode": ceil_mode, "op": op}
    if op == "avg":
        settings["count_include_pad"] = flags.checkbox(
            "Count padding", key="w1d_count_pad", disabled=mode == "same",
            help="Divide by the whole window (PyTorch's default) or only by the real cells. "
                 "Keras' 'same' never counts padding.")
    return settings


def arithmetic(x: np.ndarray, settings: dict) -> None:
    derivation = sliding.output_length(x.shape[0], settings)
    st.latex(derivation.latex)
    for note in derivation.notes:
        st.markdown(note)
    y = pool1d(x, **settings)
    shown = "**y** (the output cells of the animation, one row per feature)"
    if y.ndim == 1:
        shown = f"**y = [{sliding.values_text(y)}]**"
    st.markdown(f"{shown}: x of shape `{x.shape}` gives y of shape `{y.shape}`.")
    st.markdown(sliding.takeaway(x, settings, derivation.out))


def sliding_animation(x: np.ndarray, settings: dict, **kwargs):
    return sequence_animation(x, frames1d(x, **settings), **kwargs)


@linked_fragment(sliding.LINK)
def watch(x: np.ndarray, frames, features, words, settings: dict) -> None:
    """The animation, drawn at the step the buttons (or the link) choose; only this part reruns.
    With "Predict first" on, it waits for the output length, then hides each output until answered."""
    shown = predicted_step("w1d", first_steps(x, frames)[1], diagnose.sequence_questions(x, settings))
    if shown is not None:
        chart(animation(sliding_animation, x, settings, feature_names=features, step_labels=words,
                        scale=ui_scale(), step=shown[0], hide_current=shown[1]), key="w1d_chart")


keep_in_link(sliding.LINK)
st.title("Sliding a window along a sequence")
st.markdown(
    "A pooling window slides along the sequence and writes one number for each place it stops: the "
    "**max**, the **average** or the **min** of the cells it covers. Press Play and watch each output "
    "cell being computed from the cells under the window.")

st.header("1. The sequence")
x, words, features = sequence_ui()

st.header("2. The window")
settings = settings_ui(x.shape[0])
write_link(sliding.LINK)

frames = None
with show_errors():
    frames = frames1d(x, **settings)
if frames is not None:
    st.header("3. Watch it slide")
    predicting = predict_switch("w1d")
    watch(x, frames, features, words, settings)
    if not predicting:  # the GIF and the arithmetic would give the answers away
        gif_download(x, frames, key="w1d_gif", file_name="sliding-window.gif", feature_names=features,
                     step_labels=words)
    st.header("4. The arithmetic")
    with st.expander("Every output, worked out: it gives the answers away") if predicting else st.container():
        arithmetic(x, settings)

st.header("5. Global pooling is the limit")
global_limit(x, words)

st.header("6. Several features")
several_features(x, words, features)

st.header("7. Show the code")
if frames is None:
    st.markdown("Fix the settings above to see the code for them.")
else:
    show_code(pooling_snippets(settings, x=x), key="w1d_code")

st.header("8. Share this demo")
st.markdown("The address bar holds every setting above: copy the link to come back to this exact demo.")
