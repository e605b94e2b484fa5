"""Sections 5-6 of the sliding-window lesson: a window grown to the whole input is global pooling,
and a sequence of several features is pooled one feature at a time."""

from __future__ import annotations

import numpy as np
import streamlit as st

from pooling.lessons import sliding
from pooling.lessons.citations import KIM
from pooling.lessons.frames import OP_NAMES
from pooling.lessons.sentences import PAD_WORD


def grow_kernel(steps: int) -> None:
    """One window over the whole input: global pooling."""
    state = st.session_state
    state.w1d_kernel, state.w1d_stride, state.w1d_dilation = steps, 1, 1
    state.w1d_pad_mode, state.w1d_pad_number, state.w1d_pad = "number", 0, 0


def global_limit(x: np.ndarray, words) -> None:
    steps = x.shape[0]
    st.markdown(
        f"Grow the window to the whole input ({steps} steps, stride 1, no padding): one output per "
        "feature, which is exactly **global pooling**.")
    st.button(f"Set the kernel to {steps}", key="w1d_grow", on_click=grow_kernel, args=(steps,))
    for column, op in zip(st.columns(2), ("max", "avg")):
        windowed, pooled = sliding.global_windows(x, op)
        column.metric(f"Global {OP_NAMES[op]}", sliding.values_text(pooled), border=True)
        column.markdown(f"`pool1d(x, kernel_size={steps}, op='{op}')` = {sliding.values_text(windowed)}  \n"
                        f"`global_pool1d(x, '{op}')` = {sliding.values_text(pooled)}")
    features = 1 if x.ndim == 1 else x.shape[1]
    st.markdown(
        f"Keras' `GlobalMaxPooling1D` computes `K.max(x, axis=1)` and `GlobalAveragePooling1D` computes "
        f"`K.mean(x, axis=1)`: shapes (samples, steps, features) = (1, {steps}, {features}) -> "
        f"(samples, features) = (1, {features}).")
    if sliding.pad_mask(words) is not None and st.session_state.get("w1d_mask"):
        st.caption(f"A window reads every step, {PAD_WORD} too: the masked table in section 6 leaves those "
                   "steps out, so its numbers differ from these.")


def several_features(x: np.ndarray, words, features) -> None:
    if x.ndim == 1:
        st.markdown("Type several numbers per line (one line per step), or pick the sentence preset: "
                    "each feature becomes a row of the animation above, pooled on its own.")
        return
    mask = sliding.pad_mask(words)
    if mask is not None and not st.toggle(f"Mask the {PAD_WORD} tokens", key="w1d_mask"):
        mask = None
    rows = sliding.feature_rows(x, words, features, mask)
    st.table(rows)
    st.markdown(f"Shape `{x.shape}` (steps, features) -> `({len(rows)},)` (features,): one number per "
                "feature, wherever in the sequence it is strongest. This is max-over-time pooling, which "
                f"lets a sentence classifier read sentences of any length ({KIM}).")
    if sliding.pad_mask(words) is not None:
        st.markdown(f"Masked {PAD_WORD} steps never win the max and are left out of the average. "
                    "Without the mask, padding added only to make sentences the same length changes "
                    "the answer.")
