"""The tap arithmetic that pooling (`pooling.ops`) and its gradient (`pooling.grad`) share.

A window of ``kernel_size`` taps slides over the input: tap ``j`` of output ``i`` reads position
``i * stride + j * dilation - pad_left``. Rather than loop over the outputs, loop over the taps:
tap ``j`` of every output is one strided slice of the input, so pooling combines ``kernel_size``
slices elementwise. On the seed example, ``x = 0, 1, 2, 2, 5, 1, 2`` with kernel 3 and stride 1::

    tap 0 of outputs 0..4 reads x[0:5] = 0, 1, 2, 2, 5
    tap 1 of outputs 0..4 reads x[1:6] = 1, 2, 2, 5, 1
    tap 2 of outputs 0..4 reads x[2:7] = 2, 2, 5, 1, 2
    out = max(x[0:5], x[1:6], x[2:7])  = 2, 2, 5, 5, 5

>>> from pooling.windows import windows1d
>>> [(tap.j, tap.source) for tap in reading_taps(windows1d(7, 3, stride=1))]
[(0, slice(0, 5, 1)), (1, slice(1, 6, 1)), (2, slice(2, 7, 1))]

With padding, a tap reads the input for one contiguous range of outputs (`Tap.outputs`), and
padding never changes a max, a min or a sum: each tap is combined only into those outputs, no
padded copy is made, and a tap that reads nothing but padding is never visited. So the work is
bounded by the input and the output, however large the kernel. Images are pooled one axis at a
time (rows, then columns), each axis with its own taps.

The gradient runs the same taps backwards: an average hands every tap its share, a max or a min
finds the tap that won each window (`winners`) and sends the window's gradient to that cell.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .errors import PoolingError
from .windows import Windows1D

OPS = ("max", "avg", "min")
"""The reductions a window can apply."""


def check_op(op) -> str:
    """``op`` if it is one of `OPS`, else a PoolingError."""
    if op not in OPS:
        raise PoolingError(f"op {op!r} is not one of 'max', 'avg', 'min'")
    return op


def check_settings(op, windows: list[Windows1D], return_indices: bool = False) -> None:
    """Refuse an unknown op, average pooling with dilation, and indices of an average."""
    check_op(op)
    if op != "avg":
        return
    dilations = [w.dilation for w in windows]
    if any(d > 1 for d in dilations):
        shown = dilations[0] if len(dilations) == 1 else tuple(dilations)
        raise PoolingError(
            f"op 'avg' has no dilation in PyTorch; use dilation 1 (got {shown}), or max or min pooling"
        )
    if return_indices:
        raise PoolingError("return_indices needs op 'max' or 'min': an average has no chosen cell")


def check_array(x, ndims: tuple[int, ...], shape_names: str, name: str = "x") -> np.ndarray:
    """``x`` as a numeric ndarray with one of ``ndims`` dimensions, or a PoolingError."""
    x = np.asarray(x)
    if x.dtype.kind not in "iuf":
        raise PoolingError(f"{name} must hold real numbers; got dtype {x.dtype}")
    if x.ndim not in ndims:
        raise PoolingError(f"{name} must have shape {shape_names}; got shape {x.shape}")
    if 0 in x.shape:
        raise PoolingError(f"{name} must not be empty; got shape {x.shape}")
    return x


def pad_value(op: str, dtype=np.float64):
    """What a padding cell holds for ``op``: a value that never wins (max, min) or adds nothing (avg).

    -inf for max and +inf for min; for an integer dtype, its smallest and largest values.

    >>> pad_value("max"), pad_value("min"), pad_value("avg")
    (-inf, inf, 0)
    >>> pad_value("max", np.uint8)
    0
    """
    check_op(op)
    dtype = np.dtype(dtype)
    if op == "avg":
        return 0
    if dtype.kind == "f":
        return -np.inf if op == "max" else np.inf
    info = np.iinfo(dtype)
    return info.min if op == "max" else info.max


def float_dtype(dtype: np.dtype) -> np.dtype:
    """The dtype of an average: the input's if floating, float32 for integers of up to 16 bits
    (uint8 images), float64 for wider integers (exact for int32)."""
    if dtype.kind == "f":
        return dtype
    return np.dtype(np.float32 if dtype.itemsize <= 2 else np.float64)


def sum_dtype(dtype: np.dtype, taps: int) -> np.dtype:
    """Where to add up ``taps`` values: small integers stay integers (exact, fast) wide enough to
    hold the sum; wider integers in float64."""
    if dtype.kind == "f":
        return dtype
    info = np.iinfo(dtype)
    if dtype.itemsize > 2 or taps > 2**32:
        return np.dtype(np.float64)
    return np.result_type(np.min_scalar_type(int(info.max) * taps), np.min_scalar_type(int(info.min) * taps))


def along(axis: int, ndim: int, index) -> tuple:
    """``index`` along ``axis``, everything along the other axes."""
    full = [slice(None)] * ndim
    full[axis] = index
    return tuple(full)


@dataclass(frozen=True)
class Tap:
    """Tap ``j`` of the outputs ``outputs``, which read the input positions ``source``."""

    j: int
    outputs: slice
    source: slice


def _first_real_tap(w: Windows1D, i: int) -> int:
    """The first tap of output ``i`` at or after position 0."""
    return max(-((i * w.stride - w.pad_left) // w.dilation), 0)


def reading_taps(w: Windows1D) -> list[Tap]:
    """The taps that read the input for at least one output, in order, with those outputs.

    Tap ``j`` of output ``i`` reads ``i * stride + j * dilation - pad_left``, which grows with
    ``i``: the outputs whose tap ``j`` falls inside the input are one contiguous range. A tap that
    falls between two outputs' reach (possible only when the stride is longer than the input) is
    skipped in one jump, so the list is never longer than the input and output allow.
    """
    taps, j = [], _first_real_tap(w, w.out - 1)
    while j < w.kernel_size:
        first = j * w.dilation - w.pad_left  # what tap j of output 0 reads
        lo = max(-(first // w.stride), 0)
        hi = min((w.n - 1 - first) // w.stride + 1, w.out)
        if hi <= 0:  # this tap and every later one read past the end
            break
        if lo < hi:
            start = lo * w.stride + first
            taps.append(Tap(j, slice(lo, hi), slice(start, start + (hi - lo - 1) * w.stride + 1, w.stride)))
            j += 1
        else:  # before the input for outputs < lo, past it for the others
            j = _first_real_tap(w, lo - 1)
    return taps


def by_channel(array: np.ndarray, axis: int, stride: int) -> bool:
    """Whether to work along ``axis`` one channel at a time.

    numpy's innermost loop runs along the last axis: for channels-last data taken with a stride,
    that loop is only C long, and numpy spends more time starting such loops than running them.
    One channel at a time, the loop runs along a whole row (about ten times faster for uint8).
    """
    return array.ndim == 3 and axis == 1 and stride > 1 and array.shape[2] > 1


def reduce_axis(x: np.ndarray, w: Windows1D, axis: int, op: str, dtype=None,
                outputs: tuple[int, int] | None = None, out: np.ndarray | None = None) -> np.ndarray:
    """Max, min or sum over the windows of ``w`` along ``axis`` (the sum is not yet divided).

    ``dtype`` is where the result is kept (default: the input's); ``outputs`` = ``(start, stop)``
    computes only those windows (default: all); ``out`` receives them (default: a new array).
    The first two taps are combined in one pass where both read the input; the other outputs
    start from the padding value.
    """
    combine = {"max": np.maximum, "min": np.minimum, "avg": np.add}[op]
    start, stop = outputs or (0, w.out)
    if out is None:
        shape = list(x.shape)
        shape[axis] = stop - start
        out = np.empty(shape, dtype or x.dtype)
    if by_channel(x, axis, w.stride):
        for channel in range(x.shape[2]):
            reduce_axis(x[..., channel], w, axis, op, outputs=outputs, out=out[..., channel])
        return out

    def outs(lo: int, hi: int) -> np.ndarray:
        return out[along(axis, x.ndim, slice(lo - start, hi - start))]

    def into(tap: Tap, begin: int, end: int) -> None:
        """Combine ``tap`` into the outputs ``begin:end`` where it reads the input."""
        lo, hi = max(tap.outputs.start, begin), min(tap.outputs.stop, end)
        if lo < hi:
            source = _shifted(tap, lo, hi, w.stride)
            combine(outs(lo, hi), x[along(axis, x.ndim, source)], out=outs(lo, hi))

    taps = reading_taps(w)
    first = taps[:2]
    lo = hi = start  # the outputs that all of the first taps read the input for (none if no tap does)
    if first:
        lo = min(max([start] + [tap.outputs.start for tap in first]), stop)
        hi = max(min([stop] + [tap.outputs.stop for tap in first]), lo)
    if lo < hi:
        sources = [x[along(axis, x.ndim, _shifted(tap, lo, hi, w.stride))] for tap in first]
        if len(sources) == 1:
            outs(lo, hi)[...] = sources[0]
        else:
            combine(*sources, out=outs(lo, hi), dtype=out.dtype)
    for begin, end in ((start, lo), (hi, stop)):
        if begin < end:
            outs(begin, end)[...] = pad_value(op, out.dtype)
            for tap in first:
                into(tap, begin, end)
    for tap in taps[2:]:
        into(tap, start, stop)
    return out


def _shifted(tap: Tap, lo: int, hi: int, stride: int) -> slice:
    """The part of ``tap.source`` that the outputs ``lo:hi`` (within ``tap.outputs``) read."""
    start = tap.source.start + (lo - tap.outputs.start) * stride
    return slice(start, start + (hi - lo - 1) * stride + 1, stride)


def winners(values: np.ndarray, result: np.ndarray, w: Windows1D, axis: int):
    """Each tap that reads the input, with the windows along ``axis`` that it won.

    ``result`` is the max or min of ``values`` over those windows. PyTorch scans a window's taps in
    order and takes a later one only if it is strictly better or NaN, so the winner is the first
    tap equal to the result or, when the result is NaN, the last NaN. Yields ``(tap, won)`` with
    ``won`` a bool array over ``tap.outputs``, valid until the next tap (its memory is reused); a
    window with at least one real cell is won exactly once, a window of padding never.
    """
    taps = reading_taps(w)
    hits = np.empty(result.shape, dtype=bool)

    def scan(order, test, still_open: np.ndarray):
        for tap in order:
            outs = along(axis, values.ndim, tap.outputs)
            won = hits[outs]
            test(values[along(axis, values.ndim, tap.source)], result[outs], out=won)
            won &= still_open[outs]
            still_open[outs] ^= won  # won is within still_open: this removes it
            yield tap, won

    yield from scan(taps, np.equal, np.ones(result.shape, dtype=bool))
    if values.dtype.kind == "f":
        nan = np.isnan(result)
        if nan.any():
            yield from scan(reversed(taps), lambda read, _, out: np.isnan(read, out=out), nan)


def divisors(w: Windows1D, outputs: tuple[int, int] | None = None):
    """What the averages of ``outputs`` (default: all) divide by along one axis: one number when
    every window shares it, else one per window."""
    if w.uniform_divisor is not None:
        return w.uniform_divisor
    return w.divisor[slice(*(outputs or (0, w.out)))]


def divide(sums: np.ndarray, by: list, out: np.ndarray) -> np.ndarray:
    """``sums`` divided by the size of each window, the product of one `divisors` per pooled axis
    (axis 0 first), into the floating ``out`` (which may be ``sums``): one division, as PyTorch."""
    size = np.ones((1,) * out.ndim)
    for axis, divisor in enumerate(by):
        size = size * np.reshape(divisor, (-1,) + (1,) * (out.ndim - axis - 1))
    if size.size > 1:  # spelled out over every axis: numpy then divides whole rows
        size = np.broadcast_to(size, out.shape)
    return np.divide(sums, size.astype(out.dtype), out=out, dtype=out.dtype)
