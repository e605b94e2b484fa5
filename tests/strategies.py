"""Hypothesis strategies for pooling settings PyTorch accepts (and some it refuses)."""

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from pooling import PoolingError

VALUES = st.sampled_from([-3.0, -1.0, 0.0, 1.0, 2.0, 2.0, 5.0, 0.5, -np.inf])
GRADIENTS = st.sampled_from([-2.0, 0.0, 1.0, 1.5, np.inf, -np.inf, np.nan])
"""Upstream gradients, non-finite ones included."""


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


def size(largest=2**62):
    """A size from 1 to ``largest``, often small, sometimes one of the largest."""
    return st.one_of(st.integers(1, 4), st.integers(1, largest), st.integers(largest - 2, largest))


@st.composite
def huge_axis_settings(draw, op):
    """Settings up to 2**62: kernels, strides, paddings and dilations far larger than the input."""
    k = draw(size())
    padding = draw(st.one_of(st.integers(0, k // 2), st.integers(max(k // 2 - 2, 0), k // 2),
                             st.just("same")))
    return {
        "kernel_size": k,
        "stride": draw(st.one_of(st.none(), size())),
        "padding": padding,
        "dilation": 1 if op == "avg" else draw(st.one_of(st.just(1), size())),
    }


@st.composite
def case1d(draw, axis=axis_settings):
    op = draw(st.sampled_from(["max", "avg", "min"]))
    features = draw(st.sampled_from([None, 1, 3]))
    steps = draw(st.integers(1, 12))
    shape = (steps,) if features is None else (steps, features)
    x = draw(arrays(np.float64, shape, elements=VALUES))
    settings = draw(axis(op))
    settings.update(op=op, ceil_mode=draw(st.booleans()), count_include_pad=draw(st.booleans()))
    return x, settings


@st.composite
def case2d(draw, axis=axis_settings):
    op = draw(st.sampled_from(["max", "avg", "min"]))
    height, width = draw(st.integers(1, 7)), draw(st.integers(1, 7))
    channels = draw(st.sampled_from([None, 1, 2]))
    shape = (height, width) if channels is None else (height, width, channels)
    x = draw(arrays(np.float64, shape, elements=VALUES))
    rows, cols = draw(axis(op)), draw(axis(op))
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
