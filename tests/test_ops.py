"""pool1d, pool2d and global pooling: hand-checkable values, properties against the textbook loop,
and every refusal."""

from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pooling import OPS, PoolingError, global_pool1d, global_pool2d, ops, pad_value, pool1d, pool2d
from pooling._taps import float_dtype
from pooling.reference import pool1d_loop, pool2d_loop
from tests.strategies import case1d, case2d, huge_axis_settings, outcome

SEED = [0, 1, 2, 2, 5, 1, 2]


def test_seed_max_pooling_size_3_stride_1():
    assert pool1d(SEED, 3, stride=1).tolist() == [2, 2, 5, 5, 5]


def test_seed_default_stride_is_the_kernel_size():
    assert pool1d(SEED, 3).tolist() == [2, 5]


def test_seed_ceil_mode_keeps_the_partial_window():
    assert pool1d(SEED, 3, ceil_mode=True).tolist() == [2, 5, 2]


def test_seed_global_max():
    assert global_pool1d(SEED) == 5


def test_seed_global_average():
    assert global_pool1d(SEED, "avg") == pytest.approx(13 / 7)


def test_global_max_is_max_pooling_with_the_whole_input_as_window():
    assert pool1d(SEED, len(SEED)).tolist() == [global_pool1d(SEED)]


def test_d2l_two_by_two_max_pooling():
    assert pool2d(np.arange(9).reshape(3, 3), 2, stride=1).tolist() == [[4, 5], [7, 8]]


def test_d2l_two_by_two_average_pooling():
    assert pool2d(np.arange(9).reshape(3, 3), 2, stride=1, op="avg").tolist() == [[2.0, 3.0], [5.0, 6.0]]


def test_average_ceil_mode_divides_by_the_clipped_window():
    assert pool1d([1, 2, 3, 4, 5], 2, stride=2, ceil_mode=True, op="avg").tolist() == [1.5, 3.5, 5.0]


@pytest.mark.parametrize(("op", "count_include_pad", "expected"), [
    ("max", True, [-3, -1, -1, -2]),
    ("avg", True, [-1.5, -2, -1.5, -1]),
    ("avg", False, [-3, -2, -1.5, -2]),
])
def test_padding_never_wins_and_is_counted_only_when_asked(op, count_include_pad, expected):
    out = pool1d([-3, -1, -2], 2, stride=1, padding=1, op=op, count_include_pad=count_include_pad)
    assert out.tolist() == expected


def test_min_pads_with_plus_infinity():
    assert pool1d([3, 1, 2], 2, stride=1, padding=1, op="min").tolist() == [3, 1, 1, 2]


def test_same_padding_keeps_length_and_never_counts_padding():
    assert pool1d(SEED, 3, stride=1, padding="same").tolist() == [1, 2, 2, 5, 5, 5, 2]
    assert pool1d([3, 6, 9], 3, stride=1, padding="same", op="avg").tolist() == [4.5, 6.0, 7.5]


def test_same_padding_with_stride_gives_ceil_n_over_stride():
    assert pool1d(SEED, 2, stride=2, padding="same").tolist() == [1, 2, 5, 2]


def test_indices_point_into_the_unpadded_input_and_ties_go_first():
    out, indices = pool1d([4, 4, 1, 4], 2, stride=1, padding=1, return_indices=True)
    assert out.tolist() == [4, 4, 4, 4, 4]
    assert indices.tolist() == [0, 0, 1, 3, 3]


def test_indices_2d_are_row_times_width_plus_column():
    x = np.array([[1, 9, 2], [9, 3, 9]])
    out, indices = pool2d(x, 2, stride=1, return_indices=True)
    assert out.tolist() == [[9, 9]]
    assert indices.tolist() == [[1, 1]]


def test_indices_per_channel():
    x = np.stack([np.arange(6).reshape(2, 3), -np.arange(6).reshape(2, 3)], axis=-1)
    _, indices = pool2d(x, (2, 3), return_indices=True)
    assert indices.tolist() == [[[5, 0]]]


def test_window_of_only_padding_gives_minus_infinity_as_pytorch():
    out, indices = pool1d(np.array([1.0, 2.0]), 2, stride=1, padding=1, dilation=3, return_indices=True)
    assert out.tolist() == [-np.inf]
    assert indices.tolist() == [2]


def test_nan_wins_like_pytorch():
    out, indices = pool1d([1.0, np.nan, 3.0, np.nan], 4, return_indices=True)
    assert np.isnan(out[0]) and indices.tolist() == [3]


def test_channels_are_pooled_independently():
    x = np.stack([np.array(SEED), -np.array(SEED)], axis=1)
    assert pool1d(x, 3, stride=1).tolist() == [[2, -0], [2, -1], [5, -2], [5, -1], [5, -1]]


def test_max_keeps_uint8_and_average_is_float():
    image = np.array([[0, 255], [10, 20]], dtype=np.uint8)
    assert pool2d(image, 2).dtype == np.uint8
    assert pool2d(image, 2, op="avg").dtype == np.float32
    assert pool1d([1, 2], 2, op="avg").dtype == np.float64
    assert pool2d(image.astype(np.float32), 2, op="avg").dtype == np.float32
    assert pool2d(image, 2, padding=1, stride=1).tolist() == [[0, 255, 255], [10, 255, 255], [10, 20, 20]]


def test_rectangular_kernel_stride_and_padding():
    x = np.arange(20).reshape(4, 5)
    out = pool2d(x, (2, 3), stride=(2, 1), padding=(1, 0))
    assert out.tolist() == [[2, 3, 4], [12, 13, 14], [17, 18, 19]]


def test_global_pool2d_per_channel():
    x = np.arange(24).reshape(2, 4, 3)
    assert global_pool2d(x).tolist() == [21, 22, 23]
    assert global_pool2d(x, "min").tolist() == [0, 1, 2]
    assert global_pool2d(x, "avg").tolist() == [10.5, 11.5, 12.5]
    assert global_pool2d(x[..., 0], "max") == 21


def test_global_pool_matches_numpy_on_a_large_image():
    rng = np.random.default_rng(0)
    x = rng.integers(0, 256, size=(301, 257, 3), dtype=np.uint8)
    assert global_pool2d(x).tolist() == x.max(axis=(0, 1)).tolist()
    assert global_pool2d(x, "min").tolist() == x.min(axis=(0, 1)).tolist()
    assert np.allclose(global_pool2d(x, "avg"), x.mean(axis=(0, 1)))


@pytest.mark.parametrize("op", ["max", "min", "avg"])
def test_global_pool2d_with_more_than_4096_channels(op):
    x = np.random.default_rng(0).normal(size=(5, 3, 5000))
    assert np.allclose(global_pool2d(x, op), getattr(np, "mean" if op == "avg" else op)(x, axis=(0, 1)))


def test_mask_leaves_steps_out_of_max_and_average():
    x = np.array([[1.0, 10.0], [9.0, 0.0], [3.0, 2.0]])
    mask = [True, False, True]
    assert global_pool1d(x, "max", mask=mask).tolist() == [3.0, 10.0]
    assert global_pool1d(x, "avg", mask=mask).tolist() == [2.0, 6.0]
    assert global_pool1d(x, "max", mask=[1, 0, 1]).tolist() == [3.0, 10.0]


@pytest.mark.parametrize(("call", "message"), [
    (lambda: pool1d(SEED, 3, op="mean"), r"op 'mean' is not one of 'max', 'avg', 'min'"),
    (lambda: pool1d(SEED, 3, op="avg", dilation=2), r"op 'avg' has no dilation in PyTorch; use dilation 1"),
    (lambda: pool2d(np.ones((4, 4)), 2, op="avg", dilation=(1, 2)), r"no dilation .*\(got \(1, 2\)\)"),
    (lambda: pool1d(SEED, 3, op="avg", return_indices=True), r"return_indices needs op 'max' or 'min'"),
    (lambda: pool1d(["a", "b"], 1), r"x must hold real numbers; got dtype <U1"),
    (lambda: pool1d(np.ones((2, 2, 2)), 1), r"x must have shape \(steps,\) or \(steps, features\)"),
    (lambda: pool2d(np.ones(4), 1), r"x must have shape \(H, W\) or \(H, W, C\); got shape \(4,\)"),
    (lambda: pool1d([], 1), r"x must not be empty"),
    (lambda: pool1d(SEED, 9), r"the window spans 9 cells"),
    (lambda: global_pool1d(SEED, "sum"), r"op 'sum' is not one of"),
    (lambda: global_pool2d(np.ones((2, 2)), "sum"), r"op 'sum' is not one of"),
    (lambda: global_pool1d(SEED, mask=[True]), r"mask must have shape \(7,\), one flag per step; got \(1,\)"),
    (lambda: global_pool1d(SEED, mask=[2] * 7), r"mask must hold True \(a real step\) or False"),
    (lambda: global_pool1d(SEED, mask=[False] * 7), r"every step is masked"),
])
def test_refusals(call, message):
    with pytest.raises(PoolingError, match=message):
        call()


def assert_same(fast, slow):
    if isinstance(slow, str):
        assert fast == slow
        return
    for a, b in zip(fast, slow) if isinstance(slow, tuple) else [(fast, slow)]:
        assert a.shape == b.shape
        np.testing.assert_allclose(a, b, equal_nan=True)


@pytest.mark.parametrize(("fast", "slow", "cases"), [
    (pool1d, pool1d_loop, case1d()),
    (pool2d, pool2d_loop, case2d()),
    (pool1d, pool1d_loop, case1d(huge_axis_settings)),
    (pool2d, pool2d_loop, case2d(huge_axis_settings)),
], ids=["pool1d", "pool2d", "pool1d-huge", "pool2d-huge"])
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_equals_the_textbook_loop(fast, slow, cases, data):
    """Ordinary settings, and (huge) kernel, stride, padding and dilation up to 2**62 with "same" and
    ceil_mode: the work follows the data, so these return as fast as small ones."""
    x, kw = data.draw(cases)
    indices = kw["op"] != "avg"
    expected = outcome(slow, x, return_indices=indices, **kw)
    assert_same(outcome(fast, x, return_indices=indices, **kw), expected)


@settings(max_examples=300, deadline=None)
@given(case2d(), st.integers(1, 64), st.sampled_from([np.uint8, np.int16, np.float32]), st.integers(0, 2**16))
def test_pool2d_in_any_strips_and_small_dtypes_equals_the_textbook_loop(case, strip_bytes, dtype, seed):
    """Large images are pooled a strip of rows at a time, and uint8 averages add up in wider integers:
    cut the strips down to single rows and use values whose sums overflow the input's dtype."""
    x, kw = case
    high = 256 if dtype == np.uint8 else 30_000
    x = np.random.default_rng(seed).integers(0, high, size=x.shape).astype(dtype)
    with mock.patch.object(ops, "_STRIP_BYTES", strip_bytes):
        fast = outcome(pool2d, x, **kw)
    expected = outcome(pool2d_loop, x, **kw)
    if dtype != np.float32 and not isinstance(expected, str):  # a window of padding: the dtype's end
        info = np.iinfo(dtype)
        expected = np.clip(expected, info.min, info.max)
    assert_same(fast, expected)
    if not isinstance(fast, str):
        assert fast.dtype == (float_dtype(np.dtype(dtype)) if kw["op"] == "avg" else dtype)


def test_out_receives_the_result_and_must_fit():
    x = np.arange(24, dtype=np.uint8).reshape(4, 6)
    out = np.empty((2, 3), np.uint8)
    assert pool2d(x, 2, out=out) is out
    assert out.tolist() == pool2d(x, 2).tolist()
    with pytest.raises(PoolingError, match=r"out must have shape \(2, 3\) and dtype float32"):
        pool2d(x, 2, op="avg", out=out)
    with pytest.raises(PoolingError, match=r"out cannot be used with return_indices"):
        pool2d(x, 2, out=out, return_indices=True)


def test_a_huge_same_kernel_reads_only_the_input():
    out = pool2d(np.ones((1, 1, 1)), (2**63 - 1, 1), stride=1, padding="same", op="avg")
    assert out.tolist() == [[[1.0]]]


@pytest.mark.parametrize("op", ["max", "min"])
def test_a_huge_kernel_finds_its_winner(op):
    x = np.arange(5.0) * (1 if op == "max" else -1)
    out, indices = pool1d(x, 2**40, stride=1, padding="same", return_indices=True, op=op)
    assert out.tolist() == [x[4]] * 5 and indices.tolist() == [4] * 5


def test_tap_positions_past_a_short_integer_are_exact():
    x = np.arange(40_001.0)
    out, indices = pool1d(x, 3, dilation=20_000, return_indices=True)
    assert out.tolist() == [40_000.0] and indices.tolist() == [40_000]


def test_int32_averages_are_exact_to_float64():
    big = 2**24 + 1  # not a float32
    row = np.array([big, big, 3], dtype=np.int32)
    assert pool1d(row, 2, stride=1, op="avg").tolist() == [big, (big + 3) / 2]
    assert pool1d(row, 2, stride=1, op="avg").dtype == np.float64
    image = np.stack([row, row])
    assert pool2d(image, 2, stride=1, op="avg").tolist() == [[big, (big + 3) / 2]]
    assert pool2d(image[..., None], 2, stride=1, op="avg").dtype == np.float64


def test_ops_and_pad_value_are_the_cores_words_for_reductions_and_padding():
    assert OPS == ("max", "avg", "min")
    assert [pad_value(op) for op in OPS] == [-np.inf, 0, np.inf]
    assert (pad_value("max", np.uint8), pad_value("min", np.int16)) == (0, 32767)
    with pytest.raises(PoolingError, match=r"op 'sum' is not one of"):
        pad_value("sum")


@pytest.mark.parametrize(("dtype", "value"), [(np.uint8, 255), (np.int8, -128), (np.uint16, 65535),
                                              (np.int16, -32768), (np.int32, 2**31 - 1)])
def test_global_average_of_small_integers_never_overflows(dtype, value):
    x = np.full((600, 700, 2), value, dtype=dtype)
    assert global_pool2d(x, "avg").tolist() == [value, value]
    assert global_pool1d(x.reshape(-1, 2), "avg").tolist() == [value, value]
