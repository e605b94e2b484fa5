"""Pooling as PyTorch and Keras compute it, vectorized with numpy.

Every function here asks `pooling.windows` which cells each output reads, then reduces the
window taps one shift at a time: ``out = x[0::s]; out = max(out, x[d::s]); ...`` over the
``kernel_size`` shifts, one axis after the other (rows, then columns). That is the separable form:
no Python loop over output positions or pixels. Each tap is applied only to the outputs for which it
reads the input (`tap_outputs`, `tap_source`), so padding is never materialised.

Conventions
-----------
- Images are ``(H, W)`` or ``(H, W, C)``, sequences ``(steps,)`` or ``(steps, features)``.
- ``op`` is ``"max"``, ``"avg"`` or ``"min"``. Max pads with -inf and min with +inf (for integer
  inputs, the dtype's smallest and largest values), so padding never wins; avg pads with 0.
- max and min keep the input dtype (a uint8 image stays uint8); avg returns the input's floating
  dtype, float32 for integers of up to 16 bits, float64 for wider integers.
- NaN wins a max or a min, as in PyTorch.
- A window that reads only padding (possible with dilation) gives -inf for max and +inf for min,
  as PyTorch does; its index is the window's first tap at or after position 0.
- ``op="avg"`` with dilation > 1 is refused: PyTorch's average pooling has no dilation.
- With ``padding="same"`` (Keras), ``ceil_mode`` and ``count_include_pad`` do not apply: the output
  is ``ceil(n / stride)`` long and padded cells are never counted in an average.
"""

from __future__ import annotations

import numpy as np

from .errors import PoolingError
from .windows import Windows1D, Windows2D, windows1d, windows2d

__all__ = ["global_pool1d", "global_pool2d", "pool1d", "pool2d"]

OPS = ("max", "avg", "min")
STRIP_BYTES = 1 << 21


def check_array(x, ndims: tuple[int, ...], shape_names: str) -> np.ndarray:
    """``x`` as a numeric ndarray with one of ``ndims`` dimensions, or a PoolingError."""
    x = np.asarray(x)
    if x.dtype.kind not in "iuf":
        raise PoolingError(f"x must hold real numbers; got dtype {x.dtype}")
    if x.ndim not in ndims:
        raise PoolingError(f"x must have shape {shape_names}; got shape {x.shape}")
    if 0 in x.shape:
        raise PoolingError(f"x must not be empty; got shape {x.shape}")
    return x


def check_op(op, windows: list[Windows1D], return_indices: bool = False) -> None:
    """Refuse an unknown op, average pooling with dilation, and indices of an average."""
    if op not in OPS:
        raise PoolingError(f"op {op!r} is not one of 'max', 'avg', 'min'")
    if op == "avg":
        dilations = [w.dilation for w in windows]
        if any(d > 1 for d in dilations):
            shown = dilations[0] if len(dilations) == 1 else tuple(dilations)
            raise PoolingError(
                f"op 'avg' has no dilation in PyTorch; use dilation 1 (got {shown}), "
                f"or max or min pooling"
            )
        if return_indices:
            raise PoolingError("return_indices needs op 'max' or 'min': an average has no chosen cell")


def fill_value(op: str, dtype: np.dtype):
    """What a padding cell holds for ``op``: a value that never wins (max, min) or adds nothing (avg)."""
    if op == "avg":
        return 0
    if dtype.kind == "f":
        return -np.inf if op == "max" else np.inf
    info = np.iinfo(dtype)
    return info.min if op == "max" else info.max


def float_dtype(dtype: np.dtype) -> np.dtype:
    """The dtype of an average: the input's if floating, float32 for integers of up to 16 bits
    (uint8 images), float64 for wider integers."""
    if dtype.kind == "f":
        return dtype
    return np.dtype(np.float32 if dtype.itemsize <= 2 else np.float64)


def sum_dtype(dtype: np.dtype, taps: int) -> np.dtype:
    """Where to add up ``taps`` values: small integers stay integers (exact, fast), wide enough."""
    if dtype.kind == "f":
        return dtype
    if dtype.itemsize > 2:
        return np.dtype(np.float64)
    info = np.iinfo(dtype)
    return np.result_type(np.min_scalar_type(int(info.max) * taps), np.min_scalar_type(int(info.min) * taps))


def divisors(w: Windows1D, outputs: tuple[int, int] | None = None):
    """What the averages of ``outputs`` (default: all) divide by along one axis: one number when
    every window shares it, else one per window."""
    if w.uniform_divisor is not None:
        return w.uniform_divisor
    return w.divisor[slice(*(outputs or (0, w.out)))]


def divide(sums: np.ndarray, by: list, out: np.ndarray) -> np.ndarray:
    """``sums`` divided by one `divisors` per pooled axis (axis 0 first), into the floating ``out``
    (which may be ``sums``)."""
    for axis, divisor in enumerate(by):
        divisor = np.asarray(divisor, out.dtype).reshape((-1,) + (1,) * (out.ndim - axis - 1))
        if axis > 0 and divisor.size > 1:  # spelled out over the channels: numpy then divides whole rows
            divisor = np.ascontiguousarray(np.broadcast_to(divisor, out.shape[axis:]))
        np.divide(sums, divisor, out=out, dtype=out.dtype)
        sums = out
    return out


def averages(sums: np.ndarray, by: list, dtype: np.dtype) -> np.ndarray:
    """`divide` into a new array of the average's dtype, or in place when the sums are floating."""
    out = sums if sums.dtype.kind == "f" else np.empty(sums.shape, float_dtype(dtype))
    return divide(sums, by, out)


def along(axis: int, ndim: int, index: slice) -> tuple:
    """``index`` along ``axis``, everything along the other axes."""
    full = [slice(None)] * ndim
    full[axis] = index
    return tuple(full)


def tap_outputs(w: Windows1D, j: int) -> tuple[int, int]:
    """The outputs ``lo:hi`` whose tap ``j`` reads the input rather than padding (empty if none).

    Tap ``j`` of output ``i`` reads position ``i * stride + first``, which grows with ``i``, so
    these outputs are one contiguous range.
    """
    first = j * w.dilation - w.pad_left
    lo = max(-(first // w.stride), 0)
    hi = min((w.n - 1 - first) // w.stride + 1, w.out)
    return lo, max(hi, lo)


def tap_source(w: Windows1D, j: int, lo: int, hi: int) -> slice:
    """The input positions tap ``j`` of outputs ``lo:hi`` reads (all inside the input)."""
    start = lo * w.stride + j * w.dilation - w.pad_left
    return slice(start, start + (hi - lo - 1) * w.stride + 1, w.stride)


def reduce_axis(x: np.ndarray, w: Windows1D, axis: int, op: str, dtype=None,
                outputs: tuple[int, int] | None = None, out: np.ndarray | None = None) -> np.ndarray:
    """Max, min or sum over the windows of ``w`` along ``axis`` (the sum is not yet divided).

    ``dtype`` is where the result is kept (default: the input's); ``outputs`` = ``(start, stop)``
    computes only those windows (default: all); ``out`` receives them (default: a new array).
    Padding never changes a max, a min or a sum, so each tap is combined only into the outputs
    where it reads the input: no padded copy of ``x``. The first two taps are combined in one pass
    where both read the input; outputs near the ends start from the padding value instead.
    """
    combine = {"max": np.maximum, "min": np.minimum, "avg": np.add}[op]
    start, stop = outputs or (0, w.out)
    if out is None:
        shape = list(x.shape)
        shape[axis] = stop - start
        out = np.empty(shape, dtype or x.dtype)

    def outs(lo: int, hi: int) -> np.ndarray:
        return out[along(axis, x.ndim, slice(lo - start, hi - start))]

    def into(j: int, begin: int, end: int) -> None:
        """Combine tap ``j`` into the outputs ``begin:end`` where it reads the input."""
        lo, hi = tap_outputs(w, j)
        lo, hi = max(lo, begin), min(hi, end)
        if lo < hi:
            combine(outs(lo, hi), x[along(axis, x.ndim, tap_source(w, j, lo, hi))], out=outs(lo, hi))

    first = range(min(w.kernel_size, 2))
    lo = min(max([start] + [tap_outputs(w, j)[0] for j in first]), stop)
    hi = max(min([stop] + [tap_outputs(w, j)[1] for j in first]), lo)
    if lo < hi:
        sources = [x[along(axis, x.ndim, tap_source(w, j, lo, hi))] for j in first]
        if len(sources) == 1:
            outs(lo, hi)[...] = sources[0]
        else:
            combine(*sources, out=outs(lo, hi), dtype=out.dtype)
    for begin, end in ((start, lo), (hi, stop)):
        outs(begin, end)[...] = fill_value(op, out.dtype)
        for j in first:
            into(j, begin, end)
    for j in range(2, w.kernel_size):
        into(j, start, stop)
    return out


def winning_taps(values: np.ndarray, result: np.ndarray, w: Windows1D, axis: int, op: str) -> np.ndarray:
    """Which tap ``j`` of each window along ``axis`` produced ``result`` (its max or min).

    PyTorch scans the taps in order and takes a later one only if it is strictly better or NaN,
    so ties go to the first equal tap and a NaN result comes from the last NaN. Where nothing beat
    the padding value (a window of padding, or of -inf), the tap is -1.
    """
    won = np.full(result.shape, -1, dtype=np.int16)
    hits = np.empty(result.shape, dtype=bool)
    steps = np.empty(result.shape, dtype=np.int16)

    def mark(j: int, test) -> None:
        """won = j where ``test(input read by tap j, result, out=...)`` holds, on the outputs whose
        tap j reads the input (padding never equals a result other than the padding value)."""
        lo, hi = tap_outputs(w, j)
        if lo == hi:
            return
        outs = along(axis, values.ndim, slice(lo, hi))
        hit, step, ours = hits[outs], steps[outs], won[outs]
        test(values[along(axis, values.ndim, tap_source(w, j, lo, hi))], result[outs], hit)
        # won = j where hit: branch-free arithmetic beats a masked copy several times
        np.multiply(np.subtract(ours, j, out=step), hit, out=step)
        np.subtract(ours, step, out=ours)

    for j in reversed(range(w.kernel_size)):
        mark(j, lambda read, best, out: np.equal(read, best, out=out))
    if values.dtype.kind == "f" and np.isnan(result).any():
        for j in range(w.kernel_size):
            mark(j, lambda read, best, out: np.isnan(read, out=out))
    won[result == fill_value(op, values.dtype)] = -1
    return won


def chosen_taps(w: Windows1D, won: np.ndarray, axis: int) -> np.ndarray:
    """``won`` with -1 replaced by the window's first tap at or after position 0, PyTorch's default."""
    shape = [1] * won.ndim
    shape[axis] = w.out
    return np.where(won >= 0, won, w.first_inside.astype(np.int16).reshape(shape))


def chosen_positions(w: Windows1D, won: np.ndarray, axis: int) -> np.ndarray:
    """Input position of each window's winning tap along ``axis`` (see `chosen_taps`)."""
    shape = [1] * won.ndim
    shape[axis] = w.out
    return w.starts.reshape(shape) + chosen_taps(w, won, axis) * w.dilation


def pick2d(x: np.ndarray, w: Windows2D, op: str):
    """Pool columns, then rows, remembering the winning tap of each pass.

    Returns ``(out, col_won, row_won)``: the pooled image, the winning column tap of every
    (input row, output column) and the winning row tap of every output. Taking the first best row,
    and in it the first best column, is PyTorch's row-major scan.
    """
    by_columns = reduce_axis(x, w.cols, 1, op)
    col_won = winning_taps(x, by_columns, w.cols, 1, op)
    out = reduce_axis(by_columns, w.rows, 0, op)
    row_won = winning_taps(by_columns, out, w.rows, 0, op)
    return out, col_won, row_won


def pool1d(x, kernel_size, *, stride=None, padding=0, dilation=1, ceil_mode=False, op="max",
           count_include_pad=True, return_indices=False):
    """Slide a window along the steps of a sequence and keep its max, average or min.

    Parameters
    ----------
    x : array_like, shape (steps,) or (steps, features)
        The sequence; features (channels) last, as Keras.
    kernel_size, stride, padding, dilation, ceil_mode, count_include_pad, return_indices
        As ``torch.nn.functional.max_pool1d`` / ``avg_pool1d``; ``stride=None`` means
        ``kernel_size``; ``padding`` may also be ``"valid"`` (0) or ``"same"`` (Keras).
    op : {"max", "avg", "min"}

    Returns
    -------
    out : ndarray, shape (out_steps,) or (out_steps, features)
        ``out_steps = floor((steps + 2 * padding - dilation * (kernel_size - 1) - 1) / stride) + 1``
        (see `pooling.output_size`).
    indices : ndarray of int64, same shape as ``out``
        Only with ``return_indices``: the step each output took its value from.

    Examples
    --------
    >>> pool1d([0, 1, 2, 2, 5, 1, 2], 3, stride=1).tolist()
    [2, 2, 5, 5, 5]
    >>> pool1d([1, 2, 3, 4, 5], 2, ceil_mode=True, op="avg").tolist()
    [1.5, 3.5, 5.0]
    """
    x = check_array(x, (1, 2), "(steps,) or (steps, features)")
    w = windows1d(x.shape[0], kernel_size, stride=stride, padding=padding, dilation=dilation,
                  ceil_mode=ceil_mode, count_include_pad=count_include_pad)
    check_op(op, [w], return_indices)
    if op == "avg":
        sums = reduce_axis(x, w, 0, op, sum_dtype(x.dtype, w.kernel_size))
        return averages(sums, [divisors(w)], x.dtype)
    out = reduce_axis(x, w, 0, op)
    if not return_indices:
        return out
    return out, chosen_positions(w, winning_taps(x, out, w, 0, op), 0)


def pool2d(x, kernel_size, *, stride=None, padding=0, dilation=1, ceil_mode=False, op="max",
           count_include_pad=True, return_indices=False, out=None):
    """Slide a 2D window over an image and keep its max, average or min, per channel.

    Parameters
    ----------
    x : array_like, shape (H, W) or (H, W, C)
        The image; channels last, as Keras.
    kernel_size, stride, padding, dilation : int or (int, int)
        As ``torch.nn.functional.max_pool2d`` / ``avg_pool2d``, per (height, width);
        ``stride=None`` means ``kernel_size``; ``padding`` may also be ``"valid"`` or ``"same"``.
    ceil_mode, count_include_pad, return_indices : bool
        As PyTorch.
    out : ndarray, optional
        Where to write the result, as numpy's ``out``: it must have the result's shape and dtype
        and must not overlap ``x``. Not with ``return_indices``.
    op : {"max", "avg", "min"}

    Returns
    -------
    out : ndarray, shape (out_h, out_w) or (out_h, out_w, C)
        ``out_h = output_size(H, kernel_size[0], ...)``, ``out_w = output_size(W, kernel_size[1], ...)``.
    indices : ndarray of int64, same shape as ``out``
        Only with ``return_indices``: ``row * W + col`` of the chosen cell, as PyTorch.

    Examples
    --------
    >>> pool2d(np.arange(9).reshape(3, 3), 2, stride=1).tolist()
    [[4, 5], [7, 8]]
    >>> pool2d(np.full((2, 2), 200, np.uint8), 2, op="avg").tolist()
    [[200.0]]
    """
    x = check_array(x, (2, 3), "(H, W) or (H, W, C)")
    w = windows2d(x.shape[:2], kernel_size, stride=stride, padding=padding, dilation=dilation,
                  ceil_mode=ceil_mode, count_include_pad=count_include_pad)
    check_op(op, [w.rows, w.cols], return_indices)
    if not return_indices:
        return pool_in_strips(x, w, op, out)
    if out is not None:
        raise PoolingError("out cannot be used with return_indices")
    out, col_won, row_won = pick2d(x, w, op)
    rows = chosen_positions(w.rows, row_won, 0)
    at_row = np.take_along_axis(col_won, np.clip(rows, 0, w.rows.n - 1), axis=0)
    cols = chosen_positions(w.cols, np.where(row_won >= 0, at_row, -1), 1)
    return out, rows * w.cols.n + cols


def pool_in_strips(x: np.ndarray, w: Windows2D, op: str, out: np.ndarray | None = None) -> np.ndarray:
    """Rows, then columns, then the division of an average, a strip of output rows at a time.

    A strip of rows pooled by rows is small enough to stay in the processor's cache, and a large
    picture needs no second full-size array in between.
    """
    dtype = float_dtype(x.dtype) if op == "avg" else x.dtype
    shape = w.out_shape + x.shape[2:]
    if out is None:
        out = np.empty(shape, dtype)
    elif out.shape != shape or out.dtype != dtype:
        raise PoolingError(f"out must have shape {shape} and dtype {dtype}; got {out.shape}, {out.dtype}")
    sums_in = sum_dtype(x.dtype, w.rows.kernel_size * w.cols.kernel_size) if op == "avg" else x.dtype
    row_bytes = max(x[:1].size * np.dtype(sums_in).itemsize, 1)
    height = max(STRIP_BYTES // row_bytes, 1)
    for start in range(0, w.rows.out, height):
        strip = (start, min(start + height, w.rows.out))
        by_rows = reduce_axis(x, w.rows, 0, op, sums_in, strip)
        if op == "avg":
            by_both = reduce_axis(by_rows, w.cols, 1, op)
            divide(by_both, [divisors(w.rows, strip), divisors(w.cols)], out[slice(*strip)])
        else:
            reduce_axis(by_rows, w.cols, 1, op, out=out[slice(*strip)])
    return out


def reduce_all(rows: np.ndarray, op: str) -> np.ndarray:
    """Max, min or mean over axis 0 of a (N, C) array, in one pass over memory.

    Reducing a (N, 3) array over axis 0 directly walks it three values at a time; viewing the
    contiguous data as (N / B, B * C) lets numpy reduce long rows, then folds the B blocks.
    """
    rows = np.ascontiguousarray(rows)
    count, channels = rows.shape
    block = max(1, 4096 // channels)
    full = count // block * block
    pieces = [rows[:full].reshape(-1, block * channels), rows[full:]]
    if op == "avg":
        total = sum(column_sums(piece).reshape(-1, channels).sum(axis=0) for piece in pieces)
        return (total / count).astype(float_dtype(rows.dtype))
    reduce = np.maximum.reduce if op == "max" else np.minimum.reduce
    if channels == 1:  # numpy's own flat reduction is already one fast pass
        return reduce(rows.ravel(), keepdims=True)
    parts = [reduce(piece, axis=0).reshape(-1, channels) for piece in pieces if len(piece)]
    return reduce(np.concatenate(parts), axis=0)


def column_sums(table: np.ndarray, group: int = 64) -> np.ndarray:
    """Column sums, exact for integers; for floats, groups of ``group`` rows are added in the input's
    dtype (fast) and the group sums in float64 (accurate)."""
    if table.dtype.kind in "iu":
        return table.sum(axis=0, dtype=np.int64)
    whole = len(table) // group * group
    grouped = table[:whole].reshape(-1, group, table.shape[1]).sum(axis=1)
    return grouped.sum(axis=0, dtype=np.float64) + table[whole:].sum(axis=0, dtype=np.float64)


def global_pool1d(x, op="max", mask=None):
    """Global pooling over the steps of a sequence: Keras' GlobalMaxPooling1D / GlobalAveragePooling1D.

    Parameters
    ----------
    x : array_like, shape (steps,) or (steps, features)
    op : {"max", "avg", "min"}
    mask : array_like of bool, shape (steps,), optional
        True marks a real step, as in Keras. Masked steps are left out of the average (as Keras) and
        never win the max or the min (Keras' GlobalMaxPooling1D ignores masks; this does not).

    Returns
    -------
    ndarray, shape () or (features,)

    Examples
    --------
    >>> float(global_pool1d([0, 1, 2, 2, 5, 1, 2]))
    5.0
    >>> round(float(global_pool1d([0, 1, 2, 2, 5, 1, 2], op="avg")), 4)
    1.8571
    >>> float(global_pool1d([3, 9, 1], "max", mask=[True, False, True]))
    3.0
    """
    x = check_array(x, (1, 2), "(steps,) or (steps, features)")
    if op not in OPS:
        raise PoolingError(f"op {op!r} is not one of 'max', 'avg', 'min'")
    if mask is not None:
        mask = np.asarray(mask)
        if mask.shape != x.shape[:1]:
            raise PoolingError(f"mask must have shape ({x.shape[0]},), one flag per step; got {mask.shape}")
        if mask.dtype != bool:
            if mask.dtype.kind not in "iu" or not np.isin(mask, (0, 1)).all():
                raise PoolingError("mask must hold True (a real step) or False (a masked step)")
            mask = mask.astype(bool)
        if not mask.any():
            raise PoolingError("every step is masked; at least one step must be True (real)")
        x = x[mask]
    pooled = reduce_all(x.reshape(x.shape[0], -1), op)
    return pooled[0] if x.ndim == 1 else pooled


def global_pool2d(x, op="max"):
    """Global pooling over height and width: Keras' GlobalMaxPooling2D / GlobalAveragePooling2D.

    Parameters
    ----------
    x : array_like, shape (H, W) or (H, W, C)
    op : {"max", "avg", "min"}

    Returns
    -------
    ndarray, shape () or (C,)

    Examples
    --------
    >>> global_pool2d(np.arange(12).reshape(2, 2, 3)).tolist()
    [9, 10, 11]
    """
    x = check_array(x, (2, 3), "(H, W) or (H, W, C)")
    if op not in OPS:
        raise PoolingError(f"op {op!r} is not one of 'max', 'avg', 'min'")
    pooled = reduce_all(x.reshape(x.shape[0] * x.shape[1], -1), op)
    return pooled[0] if x.ndim == 2 else pooled
