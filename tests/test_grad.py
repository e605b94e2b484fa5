"""Gradients: hand-checkable routing and properties against the textbook loop."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from pooling import PoolingError, pool1d, pool1d_grad, pool2d, pool2d_grad
from pooling.reference import pool1d_grad_loop, pool2d_grad_loop
from tests.strategies import GRADIENTS, case1d, case2d, huge_axis_settings, outcome

SEED = [0, 1, 2, 2, 5, 1, 2]


def test_seed_max_routes_each_gradient_to_the_winner_and_adds_overlaps():
    assert pool1d_grad(SEED, np.ones(5), 3, stride=1).tolist() == [0, 0, 2, 0, 3, 0, 0]


def test_ties_route_to_the_first_cell():
    assert pool1d_grad([4, 4], [1.0], 2).tolist() == [1.0, 0.0]


def test_min_routes_to_the_smallest_cell():
    assert pool1d_grad(SEED, np.ones(5), 3, stride=1, op="min").tolist() == [1, 1, 1, 0, 0, 2, 0]


def test_average_spreads_over_the_real_cells_of_each_window():
    grad = pool1d_grad([1.0, 2.0, 3.0], [1.0, 1.0, 1.0, 1.0], 2, stride=1, padding=1, op="avg")
    assert grad.tolist() == [1.0, 1.0, 1.0]
    grad = pool1d_grad([1.0, 2.0, 3.0], [1.0, 1.0, 1.0, 1.0], 2, stride=1, padding=1, op="avg",
                       count_include_pad=False)
    assert grad.tolist() == [1.5, 1.0, 1.5]


def test_global_average_gradient_is_one_over_the_area():
    grad = pool2d_grad(np.zeros((4, 5)), np.ones((1, 1)), (4, 5), op="avg")
    assert np.allclose(grad, 1 / 20)


def test_gradient_has_the_shape_of_the_input_with_channels():
    x = np.random.default_rng(0).normal(size=(6, 5, 3))
    out = pool2d(x, 2)
    assert pool2d_grad(x, np.ones_like(out), 2).shape == x.shape


def test_grad_out_must_have_the_output_shape():
    with pytest.raises(PoolingError, match=r"grad_out must have the output's shape \(5,\); got \(4,\)"):
        pool1d_grad(SEED, np.ones(4), 3, stride=1)


def test_grad_out_must_hold_numbers():
    with pytest.raises(PoolingError, match=r"grad_out must hold real numbers"):
        pool1d_grad(SEED, ["a"] * 5, 3, stride=1)


def finite(x):
    return np.where(np.isfinite(x), x, 7.0)


@pytest.mark.parametrize(("pool", "fast", "slow", "cases"), [
    (pool1d, pool1d_grad, pool1d_grad_loop, case1d()),
    (pool2d, pool2d_grad, pool2d_grad_loop, case2d()),
], ids=["pool1d_grad", "pool2d_grad"])
@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_equals_the_textbook_loop(pool, fast, slow, cases, data):
    x, kw = data.draw(cases)
    x = finite(x)
    out = outcome(pool, x, **kw)
    if isinstance(out, str):
        return
    grad_out = np.arange(out.size, dtype=float).reshape(out.shape) - 2
    np.testing.assert_allclose(fast(x, grad_out, **kw), slow(x, grad_out, **kw), atol=1e-12)


def test_gradient_of_max_is_the_derivative_numerically():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(5, 6, 2))
    grad_out = rng.normal(size=pool2d(x, 3, stride=2, padding=1).shape)
    step = 1e-6
    numeric = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        bumped = x.copy()
        bumped[index] += step
        numeric[index] = ((pool2d(bumped, 3, stride=2, padding=1) - pool2d(x, 3, stride=2, padding=1))
                          * grad_out).sum() / step
    np.testing.assert_allclose(pool2d_grad(x, grad_out, 3, stride=2, padding=1), numeric, atol=1e-5)


@pytest.mark.parametrize("op", ["max", "avg", "min"])
def test_the_callers_arrays_are_left_as_they_were(op):
    x, grad_out = np.arange(16.0).reshape(4, 4), np.ones((2, 2))
    pool2d_grad(x, grad_out, 2, op=op)
    pool1d_grad(x[0], grad_out[0], 2, op=op)
    assert (grad_out == 1).all() and (x == np.arange(16.0).reshape(4, 4)).all()


def test_a_nan_gradient_reaches_only_the_cell_its_window_picked():
    np.testing.assert_array_equal(pool1d_grad([0, 1, 2, 3], [np.nan, 1], 2), [0, np.nan, 0, 1])


def test_an_infinite_gradient_reaches_only_the_cell_its_window_picked():
    grad = pool2d_grad(np.arange(4.0).reshape(2, 2), [[np.inf]], 2)
    np.testing.assert_array_equal(grad, [[0, 0], [0, np.inf]])


@pytest.mark.parametrize("op", ["max", "min"])
def test_non_finite_gradients_of_overlapping_windows_add_up_at_their_cells(op):
    grad = pool1d_grad([0.0, 5.0, 0.0], [np.inf, -np.inf], 2, stride=1, op=op)
    expected = [np.inf, 0, -np.inf] if op == "min" else [0, np.nan, 0]  # inf - inf is NaN
    np.testing.assert_array_equal(grad, expected)


def test_a_huge_same_kernel_gradient_returns_at_once():
    grad = pool2d_grad(np.ones((1, 1, 1)), np.ones((1, 1, 1)), (2**63 - 1, 1), stride=1, padding="same",
                       op="avg")
    assert grad.tolist() == [[[1.0]]]


@pytest.mark.parametrize(("pool", "fast", "slow", "cases"), [
    (pool1d, pool1d_grad, pool1d_grad_loop, case1d()),
    (pool2d, pool2d_grad, pool2d_grad_loop, case2d()),
    (pool1d, pool1d_grad, pool1d_grad_loop, case1d(huge_axis_settings)),
    (pool2d, pool2d_grad, pool2d_grad_loop, case2d(huge_axis_settings)),
], ids=["pool1d_grad", "pool2d_grad", "pool1d_grad-huge", "pool2d_grad-huge"])
@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_non_finite_gradients_and_huge_sizes_equal_the_textbook_loop(pool, fast, slow, cases, data):
    """Upstream gradients with inf, -inf and NaN; kernel, stride, padding and dilation up to 2**62."""
    x, kw = data.draw(cases)
    out = outcome(pool, x, **kw)
    if isinstance(out, str):
        assert outcome(fast, x, np.zeros(1), **kw) == out
        return
    grad_out = data.draw(arrays(np.float64, out.shape, elements=GRADIENTS))
    with np.errstate(invalid="ignore"):  # the loop adds inf and -inf too
        expected = slow(x, grad_out, **kw)
    np.testing.assert_allclose(fast(x, grad_out, **kw), expected, atol=1e-12)
