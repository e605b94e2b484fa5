"""The backward passes of `pool1d` and `pool2d`: d(sum(out * grad_out)) / dx.

- max and min route each output's gradient to the one cell its window picked (the first best cell
  in scan order on ties, the cell PyTorch's ``return_indices`` names) and add up where windows
  overlap. A window that picked no cell (it read only padding) sends its gradient nowhere.
- avg spreads each output's gradient evenly: ``grad_out / divisor`` to every real cell of its window
  (the share that falls on padding is dropped).

They take the same keywords as the forward functions, vectorized the same way: one pass per
kernel tap, no loop over output positions. The result has the shape of ``x`` and a floating dtype
(that of ``grad_out`` if floating, else float64).
"""

from __future__ import annotations

import numpy as np

from .errors import PoolingError
from .ops import (
    along,
    check_array,
    check_op,
    chosen_taps,
    divide,
    divisors,
    float_dtype,
    pick2d,
    reduce_axis,
    tap_outputs,
    tap_source,
    winning_taps,
)
from .windows import Windows1D, windows1d, windows2d

__all__ = ["pool1d_grad", "pool2d_grad"]


def check_grad_out(grad_out, shape: tuple[int, ...]) -> np.ndarray:
    """``grad_out`` as a floating array of the output's shape, or a PoolingError."""
    grad_out = np.asarray(grad_out)
    if grad_out.dtype.kind not in "iuf":
        raise PoolingError(f"grad_out must hold real numbers; got dtype {grad_out.dtype}")
    if grad_out.shape != shape:
        raise PoolingError(f"grad_out must have the output's shape {shape}; got {grad_out.shape}")
    return grad_out.astype(float_dtype(grad_out.dtype), copy=False)


def spread_axis(grad: np.ndarray, w: Windows1D, axis: int, won: np.ndarray | None = None) -> np.ndarray:
    """Hand each window's gradient back to the taps it read along ``axis``.

    Without ``won`` every tap gets it (the adjoint of a sum); with ``won`` (from
    `pooling.ops.winning_taps`) only the winning tap does. Shares landing on padding are dropped.
    """
    taps = None if won is None else chosen_taps(w, won, axis)
    shape = list(grad.shape)
    shape[axis] = w.n
    spread = np.zeros(shape, dtype=grad.dtype)
    if taps is None:
        shares = (grad for _ in range(w.kernel_size))
    else:  # multiplying by the mask, in reused buffers, beats a masked add several times
        chosen, share = np.empty(grad.shape, dtype=bool), np.empty_like(grad)
        shares = (np.multiply(grad, np.equal(taps, j, out=chosen), out=share) for j in range(w.kernel_size))
    for j, part in enumerate(shares):
        lo, hi = tap_outputs(w, j)
        if lo < hi:
            reads = along(axis, grad.ndim, tap_source(w, j, lo, hi))
            spread[reads] += part[along(axis, grad.ndim, slice(lo, hi))]
    return spread


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
    check_op(op, [w])
    grad = check_grad_out(grad_out, (w.out,) + x.shape[1:])
    if op == "avg":
        return spread_axis(divide(grad, [divisors(w)], np.empty_like(grad)), w, 0)
    return spread_axis(grad, w, 0, winning_taps(x, reduce_axis(x, w, 0, op), w, 0, op))


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
    check_op(op, [w.rows, w.cols])
    grad = check_grad_out(grad_out, w.out_shape + x.shape[2:])
    if op == "avg":
        share = divide(grad, [divisors(w.rows), divisors(w.cols)], np.empty_like(grad))
        return spread_axis(spread_axis(share, w.cols, 1), w.rows, 0)
    _, col_won, row_won = pick2d(x, w, op)
    return spread_axis(spread_axis(grad, w.rows, 0, row_won), w.cols, 1, col_won)
