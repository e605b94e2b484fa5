"""The landing page: what pooling is, the seed example computed live, and the lessons."""

import numpy as np
import streamlit as st

from pages.common import available_lessons
from pooling import global_pool1d, pool1d, windows1d

SEED = np.array([0, 1, 2, 2, 5, 1, 2])
KERNEL_SIZE = 3

CELLS_CSS = """
<style>
.seed-row { display: flex; align-items: center; gap: 0.4rem; margin: 0.3rem 0; }
.seed-row .label { width: 14rem; font-size: 1.1rem; }
.seed-row .cell {
  width: 3.2rem; height: 3.2rem; display: flex; align-items: center; justify-content: center;
  font-size: 1.8rem; font-weight: 700; font-variant-numeric: tabular-nums;
  border: 0.15rem solid #2f2d2b; border-radius: 0.3rem;
}
.seed-row .output { background: #0072B2; border-color: #0072B2; color: #ffffff; }
</style>
"""


def cells_row(label: str, values, kind: str) -> str:
    cells = "".join(f'<div class="cell {kind}">{value}</div>' for value in values)
    return f'<div class="seed-row"><div class="label">{label}</div>{cells}</div>'


st.title("Pooling, step by step")
st.markdown(
    "A convolutional network makes feature maps: grids of numbers saying how strongly each "
    "pattern appears at each place. **Pooling** shrinks a feature map by sliding a small window "
    "over it and keeping one number per window: the largest (**max pooling**) or the mean "
    "(**average pooling**). The next layer gets less to compute, and a feature that moves by a "
    "step or two still gives the same answer. **Global pooling** uses one window as big as the "
    "whole input and keeps a single number."
)

st.header("One example, in every lesson")
maxed = pool1d(SEED, KERNEL_SIZE, stride=1)
st.html(
    CELLS_CSS
    + cells_row("Input", SEED, "input")
    + cells_row(f"Max pooling, window {KERNEL_SIZE}, stride 1", maxed, "output")
)
windows = SEED[windows1d(SEED.size, KERNEL_SIZE, stride=1).positions]
st.markdown(
    "Each output is the largest of three neighbours: "
    + " · ".join(f"max({', '.join(map(str, w))}) = {m}" for w, m in zip(windows, maxed, strict=True))
)
biggest, mean = global_pool1d(SEED, "max"), global_pool1d(SEED, "avg")
max_column, avg_column = st.columns(2)
max_column.metric("Global max pooling", f"{biggest}", border=True)
max_column.markdown(f"max({', '.join(map(str, SEED))}) = {biggest}")
avg_column.metric("Global average pooling", f"{mean:.3f}", border=True)
avg_column.markdown(f"({' + '.join(map(str, SEED))}) / {SEED.size} = {SEED.sum()}/{SEED.size} ≈ {mean:.3f}")

st.header("Lessons")
for lesson in available_lessons():
    st.page_link(lesson.file, label=f"**{lesson.title}**: {lesson.teaches}", icon=lesson.icon)
