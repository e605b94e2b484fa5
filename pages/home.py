"""The landing page: what pooling is, the seed example computed live, and the lessons."""

import numpy as np
import streamlit as st

from pages.common import enter_through_app, write_link
from pooling import global_pool1d, pool1d, windows1d
from pooling.lessons.catalog import available_lessons

enter_through_app()
write_link([])  # the home page has no settings: a link to it carries nothing

SEED = np.array([0, 1, 2, 2, 5, 1, 2])
KERNEL_SIZE = 3
STRIDE = 1

CELL_REM = 3.2
GAP_REM = 0.4
CELLS_CSS = f"""
<style>
.seed-label {{ font-size: 1.1rem; margin: 0.8rem 0 0.3rem; }}
.seed-row {{ display: flex; gap: {GAP_REM}rem; }}
.seed-row .cell {{
  flex: 0 0 {CELL_REM}rem; height: {CELL_REM}rem; display: flex; align-items: center;
  justify-content: center; font-size: 1.8rem; font-weight: 700; font-variant-numeric: tabular-nums;
  border: 0.15rem solid #2f2d2b; border-radius: 0.3rem;
}}
.seed-row .output {{ background: #0072B2; border-color: #0072B2; color: #ffffff; }}
@media (max-width: 480px) {{ .seed-row {{ zoom: 0.75; }} }}  /* seven cells fit a phone's width */
</style>
"""


def cells_row(label: str, values, kind: str, shift: float = 0.0) -> str:
    """A labelled row of number cells, moved right by ``shift`` cells."""
    cells = "".join(f'<div class="cell {kind}">{value}</div>' for value in values)
    indent = shift * (CELL_REM + GAP_REM)
    return (
        f'<div class="seed-label">{label}</div>'
        f'<div class="seed-row" style="margin-left: {indent:g}rem">{cells}</div>'
    )


st.title("Pooling, step by step")
st.markdown(
    "A convolutional network makes feature maps: grids of numbers saying how strongly each "
    "pattern appears at each place. **Pooling** shrinks a feature map by sliding a small window "
    "over it and keeping one number per window: the largest (**max pooling**) or the mean "
    "(**average pooling**). The next layer gets less to compute, and a feature that moves by a "
    "step or two still gives the same answer. **Global pooling** uses one window as big as the "
    "whole input and keeps a single number."
)

st.header("One small example")
windows = windows1d(SEED.size, KERNEL_SIZE, stride=STRIDE)
maxed = pool1d(SEED, KERNEL_SIZE, stride=STRIDE)
st.html(
    CELLS_CSS
    + cells_row("Input", SEED, "input")
    + cells_row(
        f"Max pooling, window {KERNEL_SIZE}, stride {STRIDE}: each output under the middle of its window",
        maxed,
        "output",
        shift=windows.positions[0].mean(),
    )
)
st.markdown(
    " · ".join(
        f"max({', '.join(map(str, window))}) = {result}"
        for window, result in zip(SEED[windows.positions], maxed, strict=True)
    )
)

biggest, mean = global_pool1d(SEED, "max"), global_pool1d(SEED, "avg")
max_column, avg_column = st.columns(2)
max_column.metric("Global max pooling", f"{biggest}", border=True)
max_column.markdown(f"max({', '.join(map(str, SEED))}) = {biggest}")
avg_column.metric("Global average pooling", f"{mean:.3f}", border=True)
avg_column.markdown(f"({' + '.join(map(str, SEED))}) / {SEED.size} = {SEED.sum()}/{SEED.size} ≈ {mean:.3f}")

st.header("Lessons")
for lesson in available_lessons():
    with st.container(border=True):
        st.page_link(lesson.file, label=f"**{lesson.title}**", icon=lesson.icon)
        st.markdown(lesson.teaches)
