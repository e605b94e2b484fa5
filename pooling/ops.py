"""Pooling as PyTorch and Keras compute it, vectorized with numpy.

Every function here asks `pooling.windows` which cells each output reads, then combines the
window's taps one shifted slice at a time, one axis after the other (rows, then columns): the
separable form, with no Python loop over output positions or pixels. The tap arithmetic, shared
with the gradients, lives in `pooling._taps`; padding is never materialised.

Conventions
-----------
- Images are ``(H, W)`` or ``(H, W, C)``, sequences ``(steps,)`` or ``(steps, features)``.
- ``op`` is one of `OPS`: ``"max"``, ``"avg"`` or ``"min"``. Max pads with -inf and min with +inf
  (for integer inputs, the dtype's smallest and largest values), so padding never wins; avg pads
  with 0 (`pad_value`).
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

from ._taps import (
    OPS,
    along,
    check_array,
    check_op,
    check_settings,
    divide,
    divisors,
    float_dtype,
    pad_value,
    reduce_axis,
    sum_dtype,
    winners,
)
from .errors import PoolingError
from .windows import Windows1D, Windows2D, windows1d, windows2d

__all__ = ["OPS", "global_pool1d", "global_pool2d", "pad_value", "pool1d", "pool2d"]

_STRIP_BYTES = 1 << 21


def _averages(sums: np.ndarray, by: list, dtype: np.dtype) -> np.ndarray:
    """`divide` into a new array of the average's dtype, or in place when the sums are floating."""
    out = sums if sums.dtype.kind == "f" else np.empty(sums.shape, float_dtype(dtype))
    return divide(sums, by, out)


def _winning_taps(values: np.ndarray, result: np.ndarray, w: Windows1D, axis: int) -> np.ndarray:
    """Which tap ``j`` of each window along ``axis`` won it (`pooling._taps.winners`); -1 if none did."""
    won_by = np.full(result.shape, -1, dtype=np.int16 if w.kernel_size < 2**15 else np.int64)
    for tap, won in winners(values, result, w, axis):
        np.copyto(won_by[along(axis, values.ndim, tap.outputs)], tap.j, where=won)
    return won_by


def _chosen_positions(w: Windows1D, won: np.ndarray, axis: int) -> np.ndarray:
    """Input position of each window's winning tap along ``axis`` (int64). A window that picked
    nothing (``won`` -1) points at its first tap at or after position 0, as PyTorch's indices do."""
    shape = [1] * won.ndim
    shape[axis] = w.out
    taps = np.where(won >= 0, won, w.first_inside.astype(won.dtype).reshape(shape))
    return w.starts.reshape(shape) + taps.astype(np.int64) * w.dilation


def _chosen_cells2d(x: np.ndarray, w: Windows2D, op: str):
    """Pool columns, then rows, and find the cell each window picked.

    Returns ``(out, rows, cols)``: the pooled image and the row and column of every output's
    chosen cell. Taking the first best row, and in it the first best column, is PyTorch's
    row-major scan. A window that picked nothing points at its first cell at or after (0, 0).
    """
    by_columns = reduce_axis(x, w.cols, 1, op)
    col_won = _winning_taps(x, by_columns, w.cols, 1)
    out = reduce_axis(by_columns, w.rows, 0, op)
    row_won = _winning_taps(by_columns, out, w.rows, 0)
    rows = _chosen_positions(w.rows, row_won, 0)
    at_row = np.take_along_axis(col_won, np.clip(rows, 0, w.rows.n - 1), axis=0)
    cols = _chosen_positions(w.cols, np.where(row_won >= 0, at_row, -1), 1)
    return out, rows, cols


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
    check_settings(op, [w], return_indices)
    if op == "avg":
        sums = reduce_axis(x, w, 0, op, sum_dtype(x.dtype, w.kernel_size))
        return _averages(sums, [divisors(w)], x.dtype)
    out = reduce_axis(x, w, 0, op)
    if not return_indices:
        return out
    return out, _chosen_positions(w, _winning_taps(x, out, w, 0), 0)


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
    check_settings(op, [w.rows, w.cols], return_indices)
    if not return_indices:
        return _pool_in_strips(x, w, op, out)
    if out is not None:
        raise PoolingError("out cannot be used with return_indices")
    out, rows, cols = _chosen_cells2d(x, w, op)
    return out, rows * w.cols.n + cols


def _pool_in_strips(x: np.ndarray, w: Windows2D, op: str, out: np.ndarray | None = None) -> np.ndarray:
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
    height = max(_STRIP_BYTES // row_bytes, 1)
    for start in range(0, w.rows.out, height):
        strip = (start, min(start + height, w.rows.out))
        by_rows = reduce_axis(x, w.rows, 0, op, sums_in, strip)
        if op == "avg":
            by_both = reduce_axis(by_rows, w.cols, 1, op)
            divide(by_both, [divisors(w.rows, strip), divisors(w.cols)], out[slice(*strip)])
        else:
            reduce_axis(by_rows, w.cols, 1, op, out=out[slice(*strip)])
    return out


def _reduce_all(rows: np.ndarray, op: str) -> np.ndarray:
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
        total = sum(_column_sums(piece).reshape(-1, channels).sum(axis=0) for piece in pieces)
        return (total / count).astype(float_dtype(rows.dtype))
    reduce = np.maximum.reduce if op == "max" else np.minimum.reduce
    if channels == 1:  # numpy's own flat reduction is already one fast pass
        return reduce(rows.ravel(), keepdims=True)
    parts = [reduce(piece, axis=0).reshape(-1, channels) for piece in pieces if len(piece)]
    return reduce(np.concatenate(parts), axis=0)


def _column_sums(table: np.ndarray, group: int = 64) -> np.ndarray:
    """Column sums, exact for integers (8- and 16-bit ones added in the narrowest integer that holds
    the sum, which numpy adds twice as fast as int64); for floats, groups of ``group`` rows are added
    in the input's dtype (fast) and the group sums in float64 (accurate)."""
    if table.dtype.kind in "iu":
        narrow = sum_dtype(table.dtype, len(table)) if table.dtype.itemsize <= 2 else np.int64
        return table.sum(axis=0, dtype=narrow).astype(np.int64)
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
    check_op(op)
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
    pooled = _reduce_all(x.reshape(x.shape[0], -1), op)
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
    check_op(op)
    pooled = _reduce_all(x.reshape(x.shape[0] * x.shape[1], -1), op)
    return pooled[0] if x.ndim == 2 else pooled
