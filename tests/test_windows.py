"""Window arithmetic: output sizes, "same" padding, positions, divisors and every refusal."""

import numpy as np
import pytest

from pooling import PoolingError, output_size, windows1d, windows2d
from pooling.windows import pair, same_padding


@pytest.mark.parametrize(("n", "settings", "expected"), [
    (7, {"kernel_size": 3, "stride": 1}, 5),
    (7, {"kernel_size": 3}, 2),
    (7, {"kernel_size": 3, "ceil_mode": True}, 3),
    (5, {"kernel_size": 3, "stride": 3, "padding": 1, "ceil_mode": True}, 2),
    (5, {"kernel_size": 2, "stride": 2, "ceil_mode": True}, 3),
    (3, {"kernel_size": 2, "stride": 1, "padding": 1}, 4),
    (10, {"kernel_size": 3, "stride": 1, "dilation": 2}, 6),
    (7, {"kernel_size": 3, "stride": 2, "padding": "same"}, 4),
    (7, {"kernel_size": 3, "padding": "valid"}, 2),
])
def test_output_size(n, settings, expected):
    assert output_size(n, **settings) == expected


def test_ceil_mode_drops_a_window_that_would_start_in_the_right_padding():
    w = windows1d(5, 3, stride=3, padding=1, ceil_mode=True)
    assert w.starts.tolist() == [-1, 2]


@pytest.mark.parametrize(("n", "k", "s", "d", "expected"), [
    (7, 3, 1, 1, (1, 1)), (5, 2, 2, 1, (0, 1)), (6, 4, 1, 1, (1, 2)),
    (5, 3, 1, 2, (2, 2)), (5, 2, 3, 1, (0, 0)),
])
def test_same_padding_is_keras_split(n, k, s, d, expected):
    assert same_padding(n, k, s, d) == expected


def test_positions_follow_stride_padding_and_dilation():
    w = windows1d(6, 3, stride=2, padding=1, dilation=2)
    assert w.positions.tolist() == [[-1, 1, 3], [1, 3, 5]]
    assert w.real.tolist() == [[False, True, True], [True, True, True]]


def test_divisor_counts_padding_only_when_asked():
    assert windows1d(3, 2, stride=1, padding=1).divisor.tolist() == [2, 2, 2, 2]
    assert windows1d(3, 2, stride=1, padding=1, count_include_pad=False).divisor.tolist() == [1, 2, 2, 1]


def test_divisor_never_counts_cells_past_the_padding():
    w = windows1d(5, 2, stride=2, ceil_mode=True)
    assert w.beyond.tolist() == [[False, False], [False, False], [False, True]]
    assert w.divisor.tolist() == [2, 2, 1]


def test_same_padding_is_never_counted():
    w = windows1d(5, 3, stride=1, padding="same", count_include_pad=True)
    assert (w.pad_left, w.pad_right, w.count_include_pad) == (1, 1, False)
    assert w.divisor.tolist() == [2, 3, 3, 3, 2]


def test_windows2d_combines_rows_and_columns_row_major():
    w = windows2d((4, 5), (2, 3), stride=(2, 1))
    assert w.out_shape == (2, 3)
    assert w.positions[1, 2].tolist() == [[2, 2], [2, 3], [2, 4], [3, 2], [3, 3], [3, 4]]
    assert w.real.all()
    assert w.divisor.tolist() == [[6, 6, 6], [6, 6, 6]]


def test_one_element_lists_count_as_numbers_in_1d():
    assert windows1d(7, [3], stride=[1], padding=[1], dilation=[1]).out == 7


def test_pair_widens_numbers_and_keeps_pairs():
    assert pair(2, "stride") == (2, 2)
    assert pair([1, 3], "stride") == (1, 3)
    assert pair("same", "padding") == ("same", "same")


@pytest.mark.parametrize(("call", "message"), [
    (lambda: output_size(7, 0), r"kernel_size must be at least 1; got 0"),
    (lambda: output_size(7, 3, stride=0), r"stride must be at least 1; got 0"),
    (lambda: output_size(7, 3, dilation=0), r"dilation must be at least 1; got 0"),
    (lambda: output_size(7, 3, padding=-1), r"padding must be at least 0; got -1"),
    (lambda: output_size(7, 5, padding=3), r"padding 3 is more than half of kernel_size 5 \(at most 2\)"),
    (lambda: output_size(7, 3, padding="full"), r"padding 'full' is not a number, 'valid' or 'same'"),
    (lambda: output_size(7, 2.5), r"kernel_size must be a whole number; got 2.5"),
    (lambda: output_size(7, True), r"kernel_size must be a whole number; got True"),
    (lambda: output_size(0, 1), r"input length must be at least 1; got 0"),
    (lambda: output_size(2, 3), r"the window spans 3 cells .* but the input has only 2 cells"),
    (lambda: output_size(4, 3, dilation=2), r"the window spans 5 cells \(kernel_size 3, dilation 2\)"),
    (lambda: windows2d((4, 4), (2, 5), padding=(0, 3)), r"padding \(width\) 3 is more than half"),
    (lambda: windows2d((4, 4), (1, 2, 3)), r"kernel_size must be a number or a \(height, width\) pair"),
    (lambda: windows2d(4, 2), r"shape must be \(height, width\); got 4"),
    (lambda: output_size(7, 2**63), r"kernel_size 9223372036854775808 does not fit in a 64-bit index"),
    (lambda: output_size(7, 3, stride=2**63), r"stride 9223372036854775808 does not fit in a 64-bit"),
    (lambda: output_size(7, 3, dilation=2**64), r"dilation 18446744073709551616 does not fit in a 64-bit"),
    (lambda: output_size(7, 2**63 - 1, padding=2**63), r"padding 9223372036854775808 does not fit"),
    (lambda: windows2d((4, 4), (1, 2**63)), r"kernel_size \(width\) 9223372036854775808 does not fit"),
    (lambda: output_size(7, 2**62, dilation=4),
     r"the window spans \d+ cells \(kernel_size 4611686018427387904, dilation 4\), more than a 64-bit index"),
    (lambda: output_size(3, 2**63 - 1, padding=2**62 - 1), r"padding 4611686018427387903 makes the padded "
                                                            r"input 9223372036854775809 cells long"),
    (lambda: output_size(3, 2**63 - 1, stride=1, padding="same"), r"padding 'same' makes the padded input"),
])
def test_refusals_name_the_argument_value_and_what_is_allowed(call, message):
    with pytest.raises(PoolingError, match=message):
        call()


def test_pooling_error_is_a_value_error():
    with pytest.raises(ValueError):
        output_size(7, 0)


def test_positions_formula_holds_everywhere():
    rng = np.random.default_rng(0)
    for _ in range(2000):
        n, k, s, d = (int(v) for v in rng.integers(1, 9, size=4))
        p = int(rng.integers(0, k // 2 + 1))
        same = rng.random() < 0.3
        try:
            w = windows1d(n, k, stride=s, padding="same" if same else p, dilation=d,
                          ceil_mode=bool(rng.integers(2)), count_include_pad=bool(rng.integers(2)))
        except PoolingError:
            continue
        i, j = np.meshgrid(np.arange(w.out), np.arange(k), indexing="ij")
        assert (w.positions == i * s - w.pad_left + j * d).all()
        assert (w.starts < n).all()
        counted = ~w.beyond if w.count_include_pad else w.real
        assert w.divisor.tolist() == counted.sum(axis=1).tolist()
        divisors = set(w.divisor.tolist())
        assert w.uniform_divisor == (divisors.pop() if len(divisors) == 1 else None)
        assert w.first_inside.tolist() == np.argmax(w.positions >= 0, axis=1).tolist()


def test_the_largest_64_bit_kernel_is_accepted():
    w = windows1d(1, 2**63 - 1, stride=1, padding="same")
    assert (w.out, w.pad_left, w.pad_right) == (1, 2**62 - 1, 2**62 - 1)
    assert list(w.reads(0)) == [0] and w.divisor.tolist() == [1]


def test_reads_leaves_padding_out_and_keeps_tap_order():
    w = windows1d(6, 3, stride=2, padding=1, dilation=2)
    assert [list(w.reads(i)) for i in range(w.out)] == [[1, 3], [1, 3, 5]]
    assert w.first_position.tolist() == [1, 1]
