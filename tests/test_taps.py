"""The shared tap arithmetic: which taps read the input, for which outputs, and nothing more."""

import numpy as np

from pooling import pool1d, windows1d
from pooling._taps import Tap, reading_taps, winners


def test_seed_taps_are_three_shifted_slices():
    taps = reading_taps(windows1d(7, 3, stride=1))
    assert taps == [Tap(j, slice(0, 5), slice(j, j + 5, 1)) for j in range(3)]
    x = np.array([0, 1, 2, 2, 5, 1, 2])
    assert np.maximum.reduce([x[tap.source] for tap in taps]).tolist() == [2, 2, 5, 5, 5]


def test_a_tap_reads_the_input_only_for_some_outputs():
    taps = reading_taps(windows1d(3, 2, stride=1, padding=1))
    assert taps == [Tap(0, slice(1, 4), slice(0, 3, 1)), Tap(1, slice(0, 3), slice(0, 3, 1))]


def test_taps_that_read_only_padding_are_never_visited():
    w = windows1d(1, 2**63 - 1, stride=1, padding="same")
    assert reading_taps(w) == [Tap(2**62 - 1, slice(0, 1), slice(0, 1, 1))]


def test_a_gap_between_two_windows_reach_is_jumped():
    """Two windows 2**61 apart over one cell: taps 0 and 2**61 read it, none in between."""
    w = windows1d(1, 2**62, stride=2**61, padding=2**61, ceil_mode=True)
    assert w.out == 2
    assert [(tap.j, tap.outputs) for tap in reading_taps(w)] == [(0, slice(1, 2)), (2**61, slice(0, 1))]
    out, indices = pool1d([7.0], 2**62, stride=2**61, padding=2**61, ceil_mode=True, return_indices=True)
    assert out.tolist() == [7.0, 7.0] and indices.tolist() == [0, 0]


def test_a_window_of_only_padding_has_no_taps():
    assert reading_taps(windows1d(2, 2, stride=1, padding=1, dilation=3)) == []


def test_winners_take_the_first_tie_and_the_last_nan_as_pytorch():
    w = windows1d(4, 4)
    values, best = np.array([1.0, 3.0, 3.0, 2.0]), np.array([3.0])
    ties = [(tap.j, won.tolist()) for tap, won in winners(values, best, w, 0)]
    assert ties == [(0, [False]), (1, [True]), (2, [False]), (3, [False])]
    nans = np.array([np.nan, 1.0, np.nan, 0.0])
    won_by = {tap.j for tap, won in winners(nans, np.array([np.nan]), w, 0) if won.any()}
    assert won_by == {2}
