"""Predict first in the animated lessons: every slip gets its diagnosis when a wrong answer is built
the way that slip builds it (from the core, independently of the diagnosis), and the right answer
never gets one."""

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from pooling import InputError, PoolingError, output_size, pool1d, pool2d, windows1d
from pooling.lessons import diagnose as dg
from pooling.windows import ceil_mode_drops

SEED = np.array([0, 1, 2, 2, 5, 1, 2], dtype=float)
FINITE = st.sampled_from([-3.0, -1.0, 0.0, 1.0, 2.0, 2.0, 5.0, 0.5, 7.0])


def outcome(pool, x, **kwargs) -> np.ndarray:
    """``pool(x, **kwargs)``, or no outputs where a ceil_mode window is longer than the padded input
    (no pooling without ceil_mode has it)."""
    try:
        return pool(x, **kwargs)
    except PoolingError:
        return np.empty((0,))


def text(values) -> str:
    return ", ".join(repr(float(v)) for v in np.ravel(values))


def names(verdict: dg.Verdict) -> set[str]:
    return {slip.name for slip in verdict.slips}


@st.composite
def lengths(draw):
    """An input length and numeric settings PyTorch accepts."""
    n, k = draw(st.integers(1, 14)), draw(st.integers(1, 5))
    kwargs = {"kernel_size": k, "stride": draw(st.integers(1, 4)), "padding": draw(st.integers(0, k // 2)),
              "dilation": draw(st.integers(1, 3)), "ceil_mode": draw(st.booleans())}
    try:
        output_size(n, **kwargs)
    except PoolingError:
        assume(False)
    return n, kwargs


@st.composite
def sequences(draw, ops=("max", "avg", "min")):
    """A sequence (one or three features), settings pool1d accepts and one of its steps."""
    op = draw(st.sampled_from(ops))
    n, k = draw(st.integers(2, 10)), draw(st.integers(1, 4))
    shape = draw(st.sampled_from([(n,), (n, 3)]))
    x = draw(arrays(np.float64, shape, elements=FINITE))
    kwargs = {"kernel_size": k, "stride": draw(st.integers(1, 3)),
              "padding": draw(st.one_of(st.integers(0, k // 2), st.just("same"))),
              "dilation": 1 if op == "avg" else draw(st.integers(1, 2)), "ceil_mode": draw(st.booleans()),
              "op": op, "count_include_pad": draw(st.booleans())}
    try:
        y = pool1d(x, **kwargs)
    except PoolingError:
        assume(False)
    step = draw(st.integers(0, y.shape[0] - 1))
    assume(np.all(np.isfinite(y[step])))
    return x, kwargs, step, y


def size_or_none(n, k, **kwargs):
    """`output_size` with stride 1, or None for settings PyTorch refuses."""
    try:
        return output_size(n, k, stride=1, **kwargs)
    except PoolingError:
        return None


@settings(max_examples=80, deadline=None)
@given(lengths())
def test_the_right_length_never_gets_a_diagnosis_and_each_slip_of_the_formula_gets_its_own(case):
    n, kwargs = case
    right = output_size(n, **kwargs)
    verdict = dg.check_length(n, kwargs, str(right))
    assert verdict.right and not verdict.slips and verdict.text.startswith("Right")
    k, s, p, d, ceil = (kwargs[key] for key in ("kernel_size", "stride", "padding", "dilation", "ceil_mode"))
    built = {
        dg.FLOOR_CEIL: [math.ceil((n + 2 * p - d * (k - 1) - 1) / s) + 1 if not ceil else
                        math.floor((n + 2 * p - d * (k - 1) - 1) / s) + 1],
        dg.NO_PADDING: [output_size(n, k, stride=s, dilation=d, ceil_mode=ceil)] if p and n >= d * (k - 1) + 1
        else [],
        dg.NO_STRIDE: [size] if s > 1 and (size := size_or_none(n, k, padding=p, dilation=d, ceil_mode=ceil))
        else [],
        dg.NO_DILATION: [output_size(n, k, stride=s, padding=p, ceil_mode=ceil)],
        dg.DROP_RULE: [right + 1] if ceil and ceil_mode_drops(n, k, stride=s, padding=p, dilation=d) else [],
    }
    for slip, answers in built.items():
        for answer in answers:
            if answer != right and answer >= 1:
                verdict = dg.check_length(n, kwargs, str(answer))
                assert not verdict.right and slip in names(verdict), (slip, answer, verdict)
                assert verdict.reason and "\n" not in verdict.text


def test_each_length_slip_is_said_in_one_line():
    def reason(n, answer, **kwargs):
        return dg.check_length(n, kwargs, answer).reason

    assert reason(8, "3", kernel_size=3, stride=2, ceil_mode=True) == (
        "You rounded down: with ceil_mode the division rounds up.")
    assert reason(8, "4", kernel_size=3, stride=2) == (
        "You rounded up: without ceil_mode the division rounds down (floor).")
    assert reason(7, "5", kernel_size=3, stride=1, padding=1).startswith(
        "You left out the padding: add 2p = 2")
    assert reason(7, "6", kernel_size=3, stride=1, padding=1).startswith("You padded one side only")
    assert reason(8, "7", kernel_size=2, stride=2) == (
        "You left out the stride: the window moves s = 2 cells at a time, so divide by 2.")
    assert reason(7, "5", kernel_size=3, stride=1, dilation=2).startswith(
        "You left out the dilation: the window spans d(k - 1) + 1 = 5 cells")
    assert reason(5, "3", kernel_size=3, stride=3, padding=1, ceil_mode=True).startswith(
        "You kept a last window that would start in the right padding")
    assert reason(7, "3", kernel_size=3, stride=2, padding="same").startswith(
        "You left out the padding: 'same' pads until there are ceil(n / stride) = ceil(7 / 2) = 4")
    assert reason(7, "1", kernel_size=3, stride=1) == ""  # no slip gives 1


@settings(max_examples=80, deadline=None)
@given(sequences())
def test_the_right_value_never_gets_a_diagnosis(case):
    x, kwargs, step, y = case
    verdict = dg.check_step(x, kwargs, step, text(y[step]))
    assert verdict.right and not verdict.slips


@settings(max_examples=80, deadline=None)
@given(sequences())
def test_each_value_slip_built_from_the_core_gets_its_diagnosis(case):
    x, kwargs, step, y = case
    op, padding = kwargs["op"], kwargs["padding"]
    numeric = not isinstance(padding, str)
    w = windows1d(x.shape[0], **{k: v for k, v in kwargs.items() if k != "op"})
    built = {dg.WRONG_POSITION: [y[j] for j in range(len(y)) if j != step]}
    if kwargs["dilation"] == 1:  # avg has no dilation
        built[dg.OTHER_OP] = [pool1d(x, **{**kwargs, "op": other})[step] for other in ("max", "avg", "min")
                              if other != op]
    if numeric:  # the window one cell left or right: the stride-1 pooling's neighbours of this start
        moved = outcome(pool1d, x, **{**kwargs, "stride": 1, "ceil_mode": False})
        start = step * w.stride
        built[dg.SHIFTED] = [moved[j] for j in (start - 1, start + 1) if 0 <= j < len(moved)]
    if numeric and padding and op == "avg":
        flipped = {**kwargs, "count_include_pad": not kwargs["count_include_pad"]}
        built[dg.PAD_COUNT] = [pool1d(x, **flipped)[step]]
    if numeric and padding and op != "avg":
        zeros = np.pad(x, [(padding, padding)] + [(0, 0)] * (x.ndim - 1))
        as_zero = outcome(pool1d, zeros, **{**kwargs, "padding": 0, "ceil_mode": False})
        if step < len(as_zero) and not w.beyond[step].any():
            built[dg.PAD_ZERO] = [as_zero[step]]
    for slip, answers in built.items():
        for answer in answers:
            if np.all(np.isfinite(answer)) and not np.allclose(answer, y[step], atol=dg.TOLERANCE):
                verdict = dg.check_step(x, kwargs, step, text(answer))
                assert not verdict.right and slip in names(verdict), (slip, answer, verdict)
                assert verdict.reason and "\n" not in verdict.text


def test_each_value_slip_is_said_in_one_line_on_the_seed_example():
    def reason(step, answer, **kwargs):
        return dg.check_step(SEED, {"kernel_size": 3, "stride": 1, **kwargs}, step, answer).reason

    assert reason(0, "1") == "That is the average of the window; this step takes its max."
    assert reason(0, "2", op="avg") == "That is the max of the window; this step takes its average."
    assert reason(1, "5") == "That is the window one cell to the right: y[1]'s window starts at 1 × 1 = 1."
    assert reason(0, "0.5", op="avg", padding=1, count_include_pad=True) == (
        "Padding is not counted: divide by the real cells only.")
    assert reason(0, "0.33", op="avg", padding=1, count_include_pad=False) == (
        "Padding counts as 0 here: divide by the whole window.")
    assert reason(1, "3", op="avg", stride=2, padding=1) == (
        "That is the window one cell to the right: y[1]'s window starts at 1 × 2 − 1 = 1.")
    assert reason(1, "1.5", op="avg", kernel_size=2, stride=3) == (
        "That is the window at position 1: the window moves 3 cells per step (stride 3), so y[1]'s window "
        "starts at 1 × 3 = 3.")
    negative = dg.check_step(-SEED - 1, {"kernel_size": 3, "stride": 1, "padding": 1}, 0, "0")
    assert negative.reason == "A padded cell holds -inf in a max, not 0: it never wins."
    assert dg.check_step(SEED, {"kernel_size": 2, "stride": 2}, 0, "5").reason == (
        "That is y[2], another output: this step writes y[0].")


def test_several_features_are_answered_together():
    x = np.array([[0, 9], [1, 8], [2, 7]], dtype=float)
    kwargs = {"kernel_size": 2, "stride": 1}
    assert dg.check_step(x, kwargs, 0, "1, 9").right
    wrong = dg.check_step(x, kwargs, 0, "0.5, 8.5")
    assert not wrong.right and wrong.slips[0].name == dg.OTHER_OP
    assert wrong.text.startswith("Not quite: you said 0.5, 8.5; y[0] = 1, 9.")


@pytest.mark.parametrize("typed", ["abc", "", "   ", "1e400", "1, 2", "nan", "[5]"])
def test_bad_answers_raise_an_input_error_that_says_what_to_type(typed):
    for check in (lambda: dg.check_length(7, {"kernel_size": 3}, typed),
                  lambda: dg.check_step(SEED, {"kernel_size": 3, "stride": 1}, 0, typed)):
        with pytest.raises(InputError, match=r"\S"):
            check()
    with pytest.raises(InputError):
        dg.check_shape((4, 4), {"kernel_size": 2}, "abc")


def test_an_output_shape_is_marked_per_side_with_the_slip_of_each():
    kwargs = {"kernel_size": 2, "stride": 2, "padding": 1}
    assert pool2d(np.zeros((5, 6)), **kwargs).shape == (3, 4)
    assert dg.check_shape((5, 6), kwargs, "3, 4").right
    assert dg.check_shape((5, 6), kwargs, "3 4").text == "Right: the output is 3 × 4."
    both = dg.check_shape((5, 6), kwargs, "2, 3")
    assert not both.right and both.reason == (
        "The height: You left out the padding: add 2p = 2 cells to the 5 input cells. "
        "The width: You left out the padding: add 2p = 2 cells to the 6 input cells.")
    one = dg.check_shape((5, 6), {**kwargs, "padding": (0, 1)}, "2, 3")
    assert one.reason == "The width: You left out the padding: add 2p = 2 cells to the 6 input cells."
    assert dg.check_shape((5, 6), kwargs, "9, 9").reason == ""


PATCH = np.array([[12, 40, 1, 0], [7, 33, 2, 90], [5, 5, 5, 5]], dtype=float)


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 2), st.sampled_from(["max", "avg", "min"]), st.integers(1, 2), st.booleans())
def test_in_two_dimensions_the_right_value_never_gets_a_diagnosis(padding, op, stride, ceil):
    kwargs = {"kernel_size": (2, 3) if padding < 2 else 4, "stride": stride, "padding": padding, "op": op,
              "ceil_mode": ceil}
    y = pool2d(PATCH, **kwargs)
    for step in range(y.size):
        index = np.unravel_index(step, y.shape)
        assert not dg.check_step_2d(PATCH, kwargs, step, repr(float(y[index]))).slips


def test_in_two_dimensions_each_slip_built_from_the_core_gets_its_diagnosis():
    kwargs = {"kernel_size": 2, "stride": 1}
    y = pool2d(PATCH, **kwargs)
    average = pool2d(PATCH, **kwargs, op="avg")
    verdict = dg.check_step_2d(PATCH, kwargs, 0, repr(float(average[0, 0])))
    assert verdict.reason == "That is the average of the window; this step takes its max."
    strided = {**kwargs, "stride": 2}
    verdict = dg.check_step_2d(PATCH, strided, 1, repr(float(y[0, 1])))  # stride 1's window before it
    assert verdict.slips[0].name == dg.SHIFTED
    assert verdict.reason == (
        "That is the window one cell to the left: y[0, 1]'s window starts at row 0, column 2.")
    verdict = dg.check_step_2d(PATCH, strided, 0, repr(float(pool2d(PATCH, **strided)[0, 1])))
    assert dg.WRONG_POSITION in names(verdict)
    padded = {"kernel_size": 2, "stride": 2, "padding": 1, "op": "avg", "count_include_pad": True}
    uncounted = pool2d(PATCH, **{**padded, "count_include_pad": False})
    verdict = dg.check_step_2d(PATCH, padded, 0, repr(float(uncounted[0, 0])))
    assert verdict.slips[0].name == dg.PAD_COUNT
    zeros = np.pad(-PATCH, 1)
    maxed = {"kernel_size": 2, "stride": 2, "padding": 1}
    verdict = dg.check_step_2d(-PATCH, maxed, 0, repr(float(pool2d(zeros, 2, stride=2)[0, 0])))
    assert verdict.slips[0].name == dg.PAD_ZERO


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 1), st.sampled_from(["max", "avg", "min"]), st.sampled_from([(2, 2), (3, 2), (1, 3)]),
       st.integers(0, 5))
def test_in_two_dimensions_a_window_without_its_stride_or_padding_is_diagnosed(padding, op, stride, step):
    kwargs = {"kernel_size": 2, "stride": stride, "padding": padding, "op": op}
    y = pool2d(PATCH, **kwargs)
    step %= y.size
    index = np.unravel_index(step, y.shape)
    built = {"the window moves": outcome(pool2d, PATCH, **{**kwargs, "stride": 1}),
             "the padding moves": outcome(pool2d, PATCH, **{**kwargs, "padding": 0})}
    for why, slipped in built.items():
        if slipped is None or any(i >= side for i, side in zip(index, slipped.shape)):
            continue
        answer = slipped[index]
        if not np.isclose(answer, y[index], atol=dg.TOLERANCE):
            verdict = dg.check_step_2d(PATCH, kwargs, step, repr(float(answer)))
            assert not verdict.right and dg.SHIFTED in names(verdict), (why, answer, verdict)


def test_in_two_dimensions_a_forgotten_stride_or_padding_is_said_in_one_line():
    patch = np.arange(30, dtype=float).reshape(5, 6) * 7 % 31
    kwargs = {"kernel_size": 2, "stride": 2}
    forgot_stride = dg.check_step_2d(patch, kwargs, 4, repr(float(patch[1:3, 1:3].max())))
    assert [slip.why for slip in forgot_stride.slips][-1] == (
        "That is the window at row 1, column 1: the window moves 2 rows down or 2 columns right per step "
        "(stride (2, 2)), so y[1, 1]'s window starts at row 2, column 2.")
    padded = {"kernel_size": 2, "stride": 2, "padding": 1, "op": "avg"}
    forgot_padding = dg.check_step_2d(patch, padded, 5, repr(float(patch[2:4, 2:4].mean())))
    assert [slip.why for slip in forgot_padding.slips][-1] == (
        "That is the window at row 2, column 2: the padding moves every window 1 row up and 1 column "
        "left, so y[1, 1]'s window starts at row 1, column 1.")
