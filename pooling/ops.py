"""Pooling as PyTorch and Keras compute it, vectorized with numpy.

Every function here asks `pooling.windows` which cells each output reads, then reduces the
window taps one shift at a time: ``out = x[0::s]; out = max(out, x[d::s]); ...`` over the
``kernel_size`` shifts, one axis after the other (rows, then columns). That is the separable form:
no Python loop over output positions or pixels.

Conventions
-----------
- Images are ``(H, W)`` or ``(H, W, C)``, sequences ``(steps,)`` or ``(steps, features)``.
- ``op`` is ``"max"``, ``"avg"`` or ``"min"``. Max pads with -inf and min with +inf (for integer
  inputs, the dtype's smallest and largest values), so padding never wins; avg pads with 0.
- max and min keep the input dtype (a uint8 image stays uint8); avg returns the input's floating
  dtype, or float64 for integer inputs.
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
    """The dtype an average is computed in: the input's if floating, else float64."""
    return dtype if dtype.kind == "f" else np.dtype(np.float64)


def pad_axis(x: np.ndarray, w: Windows1D, axis: int, value) -> np.ndarray:
    """``x`` with ``value`` added before and after ``axis`` so that every tap of ``w`` lands inside."""
    before = w.pad_left
    after = max(int(w.positions.max()) + 1 - w.n, 0)
    if before == 0 and after == 0:
        return x
    shape = list(x.shape)
    shape[axis] += before + after
    padded = np.full(shape, value, dtype=x.dtype)
    inner = [slice(None)] * x.ndim
    inner[axis] = slice(before, before + w.n)
    padded[tuple(inner)] = x
    return padded


def tap(w: Windows1D, j: int, axis: int, ndim: int) -> tuple:
    """Index of tap ``j`` of every window along ``axis`` in the array padded by `pad_axis`."""
    first = j * w.dilation
    index = [slice(None)] * ndim
    index[axis] = slice(first, first + (w.out - 1) * w.stride + 1, w.stride)
    return tuple(index)


def reduce_axis(x: np.ndarray, w: Windows1D, axis: int, op: str) -> np.ndarray:
    """Max, min or sum over the windows of ``w`` along ``axis`` (the sum is not yet divided)."""
    padded = pad_axis(x, w, axis, fill_value(op, x.dtype))
    combine = {"max": np.maximum, "min": np.minimum, "avg": np.add}[op]
    out = padded[tap(w, 0, axis, x.ndim)].copy()
    for j in range(1, w.kernel_size):
        combine(out, padded[tap(w, j, axis, x.ndim)], out=out)
    return out


def best_along_axis(values: np.ndarray, w: Windows1D, axis: int, op: str, carried=()):
    """Find the winning tap of every window along ``axis``, scanning taps as PyTorch does.

    A later tap replaces the best so far only if it is strictly better or NaN: ties go to the
    first tap. ``carried`` arrays, shaped like ``values``, travel with each value (what an earlier
    axis chose). Returns ``(best, tap, picks)``: the winning values, the winning tap ``j`` (-1 where
    no tap beat the padding value) and the carried entries of the winners.
    """
    fill = fill_value(op, values.dtype)
    padded = pad_axis(values, w, axis, fill)
    padded_carried = [pad_axis(c, w, axis, -1) for c in carried]
    better = np.greater if op == "max" else np.less
    first = tap(w, 0, axis, values.ndim)
    best = np.full(padded[first].shape, fill, dtype=values.dtype)
    won = np.full(best.shape, -1, dtype=np.int16)
    picks = [np.full(best.shape, -1, dtype=c.dtype) for c in carried]
    for j in range(w.kernel_size):
        index = tap(w, j, axis, values.ndim)
        candidate = padded[index]
        wins = better(candidate, best)
        if values.dtype.kind == "f":
            wins |= np.isnan(candidate)
        np.copyto(best, candidate, where=wins)
        np.copyto(won, j, where=wins)
        for pick, source in zip(picks, padded_carried):
            np.copyto(pick, source[index], where=wins)
    return best, won, picks


def chosen_positions(w: Windows1D, won: np.ndarray, axis: int) -> np.ndarray:
    """Input position of each window's winning tap along ``axis``.

    Where no tap won (the window read only padding or only -inf), PyTorch keeps the window's first
    tap at or after position 0; so does this.
    """
    shape = [1] * won.ndim
    shape[axis] = w.out
    first_inside = np.argmax(w.positions >= 0, axis=1).reshape(shape)
    outputs = np.arange(w.out).reshape(shape)
    return w.positions[outputs, np.where(won >= 0, won, first_inside)]


def argbest2d(x: np.ndarray, w: Windows2D, op: str) -> tuple[np.ndarray, np.ndarray]:
    """(row, col) of the cell each 2D window picks, each shaped (out_h, out_w[, C]).

    Columns first, then rows, carrying each row's winning column: the result is the first best
    cell in row-major order, as PyTorch's scan.
    """
    best, col_won, _ = best_along_axis(x, w.cols, 1, op)
    _, row_won, (col_won,) = best_along_axis(best, w.rows, 0, op, carried=(col_won,))
    rows = chosen_positions(w.rows, row_won, 0)
    cols = chosen_positions(w.cols, np.where(row_won >= 0, col_won, -1), 1)
    return rows, cols


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
        sums = reduce_axis(x.astype(float_dtype(x.dtype), copy=False), w, 0, op)
        return sums / w.divisor.reshape((-1,) + (1,) * (x.ndim - 1))
    out = reduce_axis(x, w, 0, op)
    if not return_indices:
        return out
    _, won, _ = best_along_axis(x, w, 0, op)
    return out, chosen_positions(w, won, 0)


def pool2d(x, kernel_size, *, stride=None, padding=0, dilation=1, ceil_mode=False, op="max",
           count_include_pad=True, return_indices=False):
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
    """
    x = check_array(x, (2, 3), "(H, W) or (H, W, C)")
    w = windows2d(x.shape[:2], kernel_size, stride=stride, padding=padding, dilation=dilation,
                  ceil_mode=ceil_mode, count_include_pad=count_include_pad)
    check_op(op, [w.rows, w.cols], return_indices)
    if op == "avg":
        x = x.astype(float_dtype(x.dtype), copy=False)
    out = reduce_axis(reduce_axis(x, w.rows, 0, op), w.cols, 1, op)
    if op == "avg":
        out /= w.divisor.reshape(w.out_shape + (1,) * (x.ndim - 2))
        return out
    if not return_indices:
        return out
    rows, cols = argbest2d(x, w, op)
    return out, rows * w.cols.n + cols


def reduce_all(rows: np.ndarray, op: str) -> np.ndarray:
    """Max, min or mean over axis 0 of a (N, C) array, in one pass over memory.

    Reducing a (N, 3) array over axis 0 directly walks it three values at a time; viewing the
    contiguous data as (N / B, B * C) lets numpy reduce long rows, then folds the B blocks.
    """
    rows = np.ascontiguousarray(rows)
    count, channels = rows.shape
    if op == "avg":
        total = rows.sum(axis=0, dtype=np.float64)
        return (total / count).astype(float_dtype(rows.dtype))
    reduce = np.maximum.reduce if op == "max" else np.minimum.reduce
    if channels == 1:
        return reduce(rows.ravel(), keepdims=True)
    block = max(1, 4096 // channels)
    full = count // block * block
    parts = []
    if full:
        wide = rows[:full].reshape(-1, block * channels)
        parts.append(reduce(reduce(wide, axis=0).reshape(block, channels), axis=0))
    if full < count:
        parts.append(reduce(rows[full:], axis=0))
    return reduce(np.stack(parts), axis=0)


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
