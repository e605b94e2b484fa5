"""Animation frames: one per output, reading exactly the cells windows1d/windows2d say, with
captions whose numbers are pool1d/pool2d's."""

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pooling import PoolingError, output_size, pool1d, pool2d, windows1d, windows2d
from pooling.lessons.frames import format_number, frames1d, frames2d

SEED = [0, 1, 2, 2, 5, 1, 2]


def caption_parts(caption):
    """(op, operands, result) of a caption like ``y[2] = max(2, 2, 5) = 5``."""
    body = caption.removesuffix(" (padding not counted)")
    match = re.fullmatch(r"y\[[\d, ]+\] = (max|min|)\((.*)\)(?: / \d+)? = (\S+)", body)
    assert match, caption
    op, operands, result = match.groups()
    return op or "avg", re.split(r", | \+ ", operands), result


def test_seed_example_has_one_frame_per_output_with_its_arithmetic():
    frames = frames1d(SEED, 3, stride=1)
    assert [f.caption for f in frames] == [
        "y[0] = max(0, 1, 2) = 2",
        "y[1] = max(1, 2, 2) = 2",
        "y[2] = max(2, 2, 5) = 5",
        "y[3] = max(2, 5, 1) = 5",
        "y[4] = max(5, 1, 2) = 5",
    ]
    assert [f.values for f in frames] == [(2,), (2,), (5,), (5,), (5,)]
    assert [f.winners for f in frames] == [((0, 2),), ((0, 2),), ((0, 4),), ((0, 4),), ((0, 4),)]
    assert [f.index for f in frames] == [(i,) for i in range(5)]
    assert frames[0].grid.shape == (1, 7) and frames[0].grid.out_shape == (1, 5)


def test_average_caption_divides_by_what_pytorch_divides_by():
    frames = frames1d(SEED, 3, stride=1, padding=1, op="avg")
    assert frames[0].caption == "y[0] = (0 + 0 + 1) / 3 = 0.33"
    assert all(f.winners == (None,) for f in frames)
    excluded = frames1d(SEED, 3, stride=1, padding=1, op="avg", count_include_pad=False)
    assert excluded[0].caption == "y[0] = (0 + 1) / 2 = 0.5 (padding not counted)"
    assert excluded[0].counted == (False, True, True)


@pytest.mark.parametrize("op, label", [("max", "-inf"), ("min", "+inf"), ("avg", "0")])
def test_padding_is_labelled_with_what_it_holds_for_the_op(op, label):
    first = frames1d(SEED, 3, stride=1, padding=1, op=op)[0]
    assert first.kinds == ("padding", "input", "input")
    assert caption_parts(first.caption)[1][0] == label
    assert first.grid.pad == ((0, 0), (1, 1))


def test_same_padding_is_never_counted_in_an_average():
    frames = frames1d(SEED, 3, stride=2, padding="same", op="avg")
    assert frames[0].caption.endswith("(padding not counted)")
    assert frames[0].grid.padding_counted is False


def test_dilation_leaves_gaps_between_the_cells_read():
    frames = frames1d(SEED, 3, stride=1, dilation=2)
    assert frames[0].cells == ((0, 0), (0, 2), (0, 4))
    assert frames[0].caption == "y[0] = max(0, 2, 5) = 5"


def test_ceil_mode_taps_past_the_padding_read_nothing():
    frames = frames1d([1, 2, 3, 4, 5, 6], 3, stride=2, ceil_mode=True, op="avg")
    last = frames[-1]
    assert last.kinds == ("input", "input", "beyond")
    assert last.counted == (True, True, False)
    assert last.caption == "y[2] = (5 + 6) / 2 = 5.5"


def test_several_features_give_one_result_per_feature_row():
    x = np.array([[1, 9], [3, 0], [0, 5]])
    frames = frames1d(x, 2, stride=1)
    assert len(frames) == 2
    assert frames[0].cells == ((0, 0), (0, 1), (1, 0), (1, 1))
    assert frames[0].out_cells == ((0, 0), (1, 0))
    assert frames[0].captions == ("y[0, 0] = max(1, 3) = 3", "y[0, 1] = max(9, 0) = 9")
    assert frames[1].winners == ((0, 1), (1, 2))


def test_long_windows_elide_the_middle_operands():
    caption = frames1d(list(range(30)), 30)[0].caption
    assert caption == "y[0] = max(0, 1, 2, 3, 4, 5, 6, 7, 8, …, 28, 29) = 29"
    assert frames1d(list(range(30)), 30, op="avg")[0].caption.endswith(") / 30 = 14.5")


def test_refused_settings_raise_the_core_error():
    with pytest.raises(PoolingError, match="dilation"):
        frames1d(SEED, 3, dilation=2, op="avg")
    with pytest.raises(PoolingError, match="more than half"):
        frames1d(SEED, 3, padding=2)
    with pytest.raises(PoolingError, match=r"\(H, W\)"):
        frames2d(np.zeros((4, 4, 3)), 2)


def test_format_number():
    assert [format_number(v) for v in (5, 2.0, 1 / 3, 2.675, -0.001, float("inf"))] == [
        "5", "2", "0.33", "2.67", "0", "+inf"]


settings_1d = st.fixed_dictionaries({
    "kernel_size": st.integers(1, 4),
    "stride": st.integers(1, 3),
    "padding": st.sampled_from([0, 1, 2, "valid", "same"]),
    "dilation": st.integers(1, 2),
    "ceil_mode": st.booleans(),
    "op": st.sampled_from(["max", "avg", "min"]),
    "count_include_pad": st.booleans(),
})


@settings(max_examples=150, deadline=None)
@given(x=st.lists(st.integers(-9, 9), min_size=1, max_size=12), features=st.integers(1, 3),
       kw=settings_1d)
def test_frames1d_agree_with_windows1d_and_pool1d(x, features, kw):
    x = np.array([[v + 10 * f for f in range(features)] for v in x])
    try:
        out = pool1d(x, **kw)
    except PoolingError:
        with pytest.raises(PoolingError):
            frames1d(x, **kw)
        return
    geometry = {k: v for k, v in kw.items() if k not in ("kernel_size", "op")}
    w = windows1d(len(x), kw["kernel_size"], **geometry)
    frames = frames1d(x, **kw)
    assert len(frames) == w.out == output_size(len(x), kw["kernel_size"], **{
        k: v for k, v in geometry.items() if k != "count_include_pad"})
    for i, frame in enumerate(frames):
        assert [c for r, c in frame.cells if r == 0] == w.positions[i].tolist()
        assert {r for r, c in frame.cells} == set(range(features))
        if w.real[i].any():
            assert frame.values == tuple(out[i].tolist())
        for f, caption in enumerate(frame.captions):
            op, operands, result = caption_parts(caption)
            assert result == format_number(frame.values[f])
            if op == "avg":
                assert len(operands) == w.divisor[i] or len(operands) == 12
            if frame.winners[f] is not None:
                assert x[frame.winners[f][1], f] == out[i, f]


def test_d2l_example_in_2d():
    x = np.arange(9).reshape(3, 3)
    frames = frames2d(x, 2, stride=1)
    assert [f.caption for f in frames] == [
        "y[0, 0] = max(0, 1, 3, 4) = 4",
        "y[0, 1] = max(1, 2, 4, 5) = 5",
        "y[1, 0] = max(3, 4, 6, 7) = 7",
        "y[1, 1] = max(4, 5, 7, 8) = 8",
    ]
    assert [f.index for f in frames] == [(0, 0), (0, 1), (1, 0), (1, 1)]
    assert [f.winners for f in frames] == [((1, 1),), ((1, 2),), ((2, 1),), ((2, 2),)]


def test_2d_padding_and_rectangular_windows():
    x = np.arange(1, 10).reshape(3, 3)
    frames = frames2d(x, 2, stride=2, padding=1, op="avg", count_include_pad=False)
    assert frames[0].kinds == ("padding", "padding", "padding", "input")
    assert frames[0].caption == "y[0, 0] = (1) / 1 = 1 (padding not counted)"
    assert frames[0].grid.pad == ((1, 1), (1, 1))
    wide = frames2d(np.arange(12).reshape(3, 4), (1, 3), stride=(2, 1), dilation=(1, 1), op="min")
    assert wide[0].grid.out_shape == (2, 2)
    assert wide[-1].cells == ((2, 1), (2, 2), (2, 3))
    assert wide[-1].caption == "y[1, 1] = min(9, 10, 11) = 9"


@settings(max_examples=80, deadline=None)
@given(h=st.integers(1, 6), w=st.integers(1, 6), data=st.data())
def test_frames2d_agree_with_windows2d_and_pool2d(h, w, data):
    x = data.draw(st.lists(st.integers(0, 255), min_size=h * w, max_size=h * w))
    x = np.array(x, dtype=np.uint8).reshape(h, w)
    pair = st.tuples(st.integers(1, 3), st.integers(1, 3))
    kw = {
        "kernel_size": data.draw(pair), "stride": data.draw(pair),
        "padding": data.draw(st.sampled_from([0, 1, (1, 0), "same"])),
        "dilation": data.draw(st.sampled_from([1, (2, 1)])), "ceil_mode": data.draw(st.booleans()),
        "op": data.draw(st.sampled_from(["max", "avg", "min"])),
    }
    try:
        out = pool2d(x, **kw)
    except PoolingError:
        return
    frames = frames2d(x, **kw)
    geometry = windows2d(x.shape, kw["kernel_size"], stride=kw["stride"], padding=kw["padding"],
                         dilation=kw["dilation"], ceil_mode=kw["ceil_mode"])
    assert len(frames) == out.size
    for frame in frames:
        r, c = frame.index
        assert [list(cell) for cell in frame.cells] == geometry.positions[r, c].tolist()
        if geometry.real[r, c].any():
            assert frame.values == (out[r, c],)
        assert caption_parts(frame.caption)[2] == format_number(frame.values[0])
        if frame.winners[0] is not None:
            assert x[frame.winners[0]] == out[r, c]
