"""The backward passes of `pool1d` and `pool2d`: d(sum(out * grad_out)) / dx.

- max and min route each output's gradient to the one cell its window picked (the first best cell
  in scan order on ties, the cell PyTorch's ``return_indices`` names) and add up where windows
  overlap. Routing is by selection, never by multiplying with a 0/1 mask, so an inf or a NaN
  gradient reaches its chosen cell and no other. A window that picked no cell (it read only
  padding) sends its gradient nowhere.
- avg spreads each output's gradient evenly: ``grad_out / divisor`` to every real cell of its window
  (the share that falls on padding is dropped).

They take the same keywords as the forward functions, vectorized the same way, with the taps of
`pooling._taps`. The result has the shape of ``x`` and a floating dtype (that of ``grad_out`` if
floating, else float64).
"""

from __future__ import annotations

import numpy as np

from ._taps import (
    along,
    by_channel,
    check_array,
    check_settings,
    divide,
    divisors,
    float_dtype,
    reading_taps,
    reduce_axis,
    winners,
)
from .errors import PoolingError
from .windows import Windows1D, windows1d, windows2d

__all__ = ["pool1d_grad", "pool2d_grad"]


def _check_grad_out(grad_out, shape: tuple[int, ...]) -> np.ndarray:
    """``grad_out`` as a floating array of the output's shape, or a PoolingError."""
    grad_out = check_array(grad_out, (len(shape),), str(shape), name="grad_out")
    if grad_out.shape != shape:
        raise PoolingError(f"grad_out must have the output's shape {shape}; got {grad_out.shape}")
    return grad_out.astype(float_dtype(grad_out.dtype), copy=False)


def _one_channel_at_a_time(function, *arrays: np.ndarray) -> np.ndarray:
    """``function`` of each channel of ``arrays`` (channels last), stacked back (see `by_channel`)."""
    return np.stack([function(*(a[..., c] for a in arrays)) for c in range(arrays[0].shape[-1])], axis=-1)


def _input_zeros(grad: np.ndarray, w: Windows1D, axis: int) -> np.ndarray:
    """Zeros with ``w.n`` cells along ``axis``, shaped like ``grad`` elsewhere."""
    shape = list(grad.shape)
    shape[axis] = w.n
    return np.zeros(shape, dtype=grad.dtype)


def _spread_axis(grad: np.ndarray, w: Windows1D, axis: int) -> np.ndarray:
    """Hand each window's gradient to every cell it read along ``axis`` (the adjoint of a sum);
    shares landing on padding are dropped."""
    if by_channel(grad, axis, w.stride):
        return _one_channel_at_a_time(lambda g: _spread_axis(g, w, axis), grad)
    spread = _input_zeros(grad, w, axis)
    with np.errstate(invalid="ignore"):  # inf - inf is NaN, as PyTorch, without a warning
        for tap in reading_taps(w):
            spread[along(axis, grad.ndim, tap.source)] += grad[along(axis, grad.ndim, tap.outputs)]
    return spread


def _route_axis(values: np.ndarray, result: np.ndarray, grad: np.ndarray, w: Windows1D,
                axis: int) -> np.ndarray:
    """Send the gradient of each window along ``axis`` to the cell that won it (`winners`),
    adding up where windows overlap; ``result`` is the max or min of ``values`` over the windows.

    A tap passes on ``grad`` where it won and +0.0 elsewhere, by clearing the bits of the gradients
    it did not win: an inf or a NaN never leaks into a cell that was not chosen (as it would through
    ``grad * won``), and no branch is taken (``np.where`` is several times slower on the random
    masks that winners make).
    """
    if by_channel(grad, axis, w.stride):
        return _one_channel_at_a_time(lambda v, r, g: _route_axis(v, r, g, w, axis), values, result, grad)
    routed = _input_zeros(grad, w, axis)
    bits = np.dtype(f"u{grad.itemsize}")
    keep, share = np.empty(grad.shape, dtype=bits), np.empty(grad.shape, dtype=bits)
    with np.errstate(invalid="ignore"):  # inf - inf is NaN, as PyTorch, without a warning
        for tap, won in winners(values, result, w, axis):
            outs = along(axis, grad.ndim, tap.outputs)
            np.negative(won.view(np.uint8), out=keep[outs], dtype=bits)  # True: every bit set; False: none
            np.bitwise_and(grad[outs].view(bits), keep[outs], out=share[outs])
            routed[along(axis, grad.ndim, tap.source)] += share[outs].view(grad.dtype)
    return routed


def pool1d_grad(x, grad_out, kernel_size, *, stride=None, padding=0, dilation=1, ceil_mode=False,
                op="max", count_include_pad=True, return_indices=False):
    """Gradient of `pool1d` with respect to ``x``.

    Parameters
    ----------
    x : array_like, shape (steps,) or (steps, features)
    grad_out : array_like, shape of ``pool1d(x, ...)``
        The gradient arriving at the output.
    kernel_size, stride, padding, dilation, ceil_mode, op, count_include_pad
        As `pool1d`; ``return_indices`` is accepted so the same keywords serve both, and ignored.

    Returns
    -------
    ndarray, shape (steps,) or (steps, features)

    Examples
    --------
    >>> pool1d_grad([0, 1, 2, 2, 5, 1, 2], [1, 1, 1, 1, 1], 3, stride=1).tolist()
    [0.0, 0.0, 2.0, 0.0, 3.0, 0.0, 0.0]
    >>> pool1d_grad([0, 1, 2, 2, 5, 1, 2], [1, 1], 3, op="avg").round(3).tolist()
    [0.333, 0.333, 0.333, 0.333, 0.333, 0.333, 0.0]
    """
    x = check_array(x, (1, 2), "(steps,) or (steps, features)")
    w = windows1d(x.shape[0], kernel_size, stride=stride, padding=padding, dilation=dilation,
                  ceil_mode=ceil_mode, count_include_pad=count_include_pad)
    check_settings(op, [w])
    grad = _check_grad_out(grad_out, (w.out,) + x.shape[1:])
    if op == "avg":
        return _spread_axis(divide(grad, [divisors(w)], np.empty_like(grad)), w, 0)
    return _route_axis(x, reduce_axis(x, w, 0, op), grad, w, 0)


def pool2d_grad(x, grad_out, kernel_size, *, stride=None, padding=0, dilation=1, ceil_mode=False,
                op="max", count_include_pad=True, return_indices=False):
    """Gradient of `pool2d` with respect to ``x``.

    Parameters
    ----------
    x : array_like, shape (H, W) or (H, W, C)
    grad_out : array_like, shape of ``pool2d(x, ...)``
    kernel_size, stride, padding, dilation, ceil_mode, op, count_include_pad
        As `pool2d`; ``return_indices`` is accepted so the same keywords serve both, and ignored.

    Returns
    -------
    ndarray, shape (H, W) or (H, W, C)

    Examples
    --------
    >>> pool2d_grad(np.arange(9).reshape(3, 3), np.ones((2, 2)), 2, stride=1).tolist()
    [[0.0, 0.0, 0.0], [0.0, 1.0, 1.0], [0.0, 1.0, 1.0]]
    """
    x = check_array(x, (2, 3), "(H, W) or (H, W, C)")
    w = windows2d(x.shape[:2], kernel_size, stride=stride, padding=padding, dilation=dilation,
                  ceil_mode=ceil_mode, count_include_pad=count_include_pad)
    check_settings(op, [w.rows, w.cols])
    grad = _check_grad_out(grad_out, w.out_shape + x.shape[2:])
    if op == "avg":
        share = divide(grad, [divisors(w.rows), divisors(w.cols)], np.empty_like(grad))
        return _spread_axis(_spread_axis(share, w.cols, 1), w.rows, 0)
    by_columns = reduce_axis(x, w.cols, 1, op)
    by_rows = _route_axis(by_columns, reduce_axis(by_columns, w.rows, 0, op), grad, w.rows, 0)
    return _route_axis(x, by_columns, by_rows, w.cols, 1)
