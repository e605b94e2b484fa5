"""Hypothesis strategies for pooling settings PyTorch accepts (and some it refuses)."""

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from pooling import PoolingError

VALUES = st.sampled_from([-3.0, -1.0, 0.0, 1.0, 2.0, 2.0, 5.0, 0.5, -np.inf])


@st.composite
def axis_settings(draw, op):
    k = draw(st.integers(1, 4))
    padding = draw(st.one_of(st.integers(0, k // 2), st.sampled_from(["same", "valid"])))
    return {
        "kernel_size": k,
        "stride": draw(st.one_of(st.none(), st.integers(1, 3))),
        "padding": padding,
        "dilation": 1 if op == "avg" else draw(st.integers(1, 3)),
    }


@st.composite
def case1d(draw):
    op = draw(st.sampled_from(["max", "avg", "min"]))
    features = draw(st.sampled_from([None, 1, 3]))
    steps = draw(st.integers(1, 12))
    shape = (steps,) if features is None else (steps, features)
    x = draw(arrays(np.float64, shape, elements=VALUES))
    settings = draw(axis_settings(op))
    settings.update(op=op, ceil_mode=draw(st.booleans()), count_include_pad=draw(st.booleans()))
    return x, settings


@st.composite
def case2d(draw):
    op = draw(st.sampled_from(["max", "avg", "min"]))
    height, width = draw(st.integers(1, 7)), draw(st.integers(1, 7))
    channels = draw(st.sampled_from([None, 1, 2]))
    shape = (height, width) if channels is None else (height, width, channels)
    x = draw(arrays(np.float64, shape, elements=VALUES))
    rows, cols = draw(axis_settings(op)), draw(axis_settings(op))
    settings = {key: (rows[key], cols[key]) for key in rows}
    if draw(st.booleans()):  # the same number on both axes, as a plain int
        settings = {key: value[0] for key, value in settings.items()}
    settings.update(op=op, ceil_mode=draw(st.booleans()), count_include_pad=draw(st.booleans()))
    return x, settings


def outcome(function, *args, **kwargs):
    """What a call returns, or the message of the PoolingError it raises."""
    try:
        return function(*args, **kwargs)
    except PoolingError as error:
        return str(error)
