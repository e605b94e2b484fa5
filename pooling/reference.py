"""Pooling as the textbook writes it: one loop over the outputs, one window at a time.

Slow and plain on purpose. The tests hold the fast functions in `pooling.ops` and `pooling.grad`
to these loops, and the lessons show them as "the code". The windows themselves come from
`pooling.windows`, like everywhere else.
"""

from __future__ import annotations

import math

import numpy as np

from .windows import windows1d, windows2d

__all__ = ["pool1d_grad_loop", "pool1d_loop", "pool2d_grad_loop", "pool2d_loop", "reduce_window"]


def reduce_window(values, cells, op, divisor):
    """Reduce one window's values; return (result, the cell that won or None).

    max and min scan the cells in order and take a later value only if it is strictly better
    (or NaN, as PyTorch): ties go to the first cell. avg adds the values and divides.
    """
    if op == "avg":
        return sum(values) / divisor, None
    best, winner = (-math.inf, None) if op == "max" else (math.inf, None)
    for value, cell in zip(values, cells):
        better = value > best if op == "max" else value < best
        if better or math.isnan(value):
            best, winner = value, cell
    return best, winner


def pool1d_loop(x, kernel_size, *, stride=None, padding=0, dilation=1, ceil_mode=False,
                op="max", count_include_pad=True, return_indices=False):
    """`pooling.pool1d` as a loop; ``x`` is (steps,) or (steps, features)."""
    x = np.asarray(x, dtype=float)
    sequence = x.reshape(len(x), -1)  # (steps, features)
    steps, features = sequence.shape
    w = windows1d(steps, kernel_size, stride=stride, padding=padding, dilation=dilation,
                  ceil_mode=ceil_mode, count_include_pad=count_include_pad)
    out = np.zeros((w.out, features))
    chosen = np.zeros((w.out, features), dtype=int)
    for i in range(w.out):
        cells = list(w.reads(i))  # padding is never read
        for f in range(features):
            values = [sequence[p, f] for p in cells]
            out[i, f], winner = reduce_window(values, cells, op, w.divisor[i])
            # A window that found nothing keeps its first tap at or after 0, as PyTorch does.
            chosen[i, f] = winner if winner is not None else w.first_position[i]
    shape = (w.out,) + x.shape[1:]
    if return_indices:
        return out.reshape(shape), chosen.reshape(shape)
    return out.reshape(shape)


def pool2d_loop(x, kernel_size, *, stride=None, padding=0, dilation=1, ceil_mode=False,
                op="max", count_include_pad=True, return_indices=False):
    """`pooling.pool2d` as a loop; ``x`` is (H, W) or (H, W, C); indices are ``row * W + col``."""
    x = np.asarray(x, dtype=float)
    image = x.reshape(x.shape[0], x.shape[1], -1)  # (H, W, C)
    height, width, channels = image.shape
    w = windows2d((height, width), kernel_size, stride=stride, padding=padding, dilation=dilation,
                  ceil_mode=ceil_mode, count_include_pad=count_include_pad)
    out = np.zeros(w.out_shape + (channels,))
    chosen = np.zeros(w.out_shape + (channels,), dtype=np.int64)

    def index(r, c) -> np.int64:
        """``r * W + c`` in int64, as the core computes it: for a window far out in a huge padding,
        which reads nothing, it wraps around as the core's does."""
        with np.errstate(over="ignore"):
            return np.int64(r) * width + c
    for i in range(w.rows.out):
        for j in range(w.cols.out):
            cells = [(r, c) for r in w.rows.reads(i) for c in w.cols.reads(j)]  # row-major, no padding
            first_row, first_col = w.rows.first_position[i], w.cols.first_position[j]
            for ch in range(channels):
                values = [image[r, c, ch] for r, c in cells]
                out[i, j, ch], winner = reduce_window(values, cells, op, w.divisor[i, j])
                r, c = winner if winner is not None else (first_row, first_col)
                chosen[i, j, ch] = index(r, c)
    shape = w.out_shape + x.shape[2:]
    if return_indices:
        return out.reshape(shape), chosen.reshape(shape)
    return out.reshape(shape)


def pool1d_grad_loop(x, grad_out, kernel_size, *, stride=None, padding=0, dilation=1, ceil_mode=False,
                     op="max", count_include_pad=True):
    """`pooling.pool1d_grad` as a loop: each output hands its gradient back to the cells it read."""
    x = np.asarray(x, dtype=float)
    sequence = x.reshape(len(x), -1)
    steps, features = sequence.shape
    w = windows1d(steps, kernel_size, stride=stride, padding=padding, dilation=dilation,
                  ceil_mode=ceil_mode, count_include_pad=count_include_pad)
    grad_out = np.asarray(grad_out, dtype=float).reshape(w.out, features)
    grad = np.zeros((steps, features))
    for i in range(w.out):
        cells = list(w.reads(i))
        for f in range(features):
            if op == "avg":
                for p in cells:
                    grad[p, f] += grad_out[i, f] / w.divisor[i]
                continue
            _, winner = reduce_window([sequence[p, f] for p in cells], cells, op, w.divisor[i])
            if winner is None:  # nothing beat the padding: PyTorch's first tap at or after 0
                winner = w.first_position[i]
            if winner < steps:
                grad[winner, f] += grad_out[i, f]
    return grad.reshape(x.shape)


def pool2d_grad_loop(x, grad_out, kernel_size, *, stride=None, padding=0, dilation=1, ceil_mode=False,
                     op="max", count_include_pad=True):
    """`pooling.pool2d_grad` as a loop."""
    x = np.asarray(x, dtype=float)
    image = x.reshape(x.shape[0], x.shape[1], -1)
    height, width, channels = image.shape
    w = windows2d((height, width), kernel_size, stride=stride, padding=padding, dilation=dilation,
                  ceil_mode=ceil_mode, count_include_pad=count_include_pad)
    grad_out = np.asarray(grad_out, dtype=float).reshape(w.out_shape + (channels,))
    grad = np.zeros(image.shape)
    for i in range(w.rows.out):
        for j in range(w.cols.out):
            cells = [(r, c) for r in w.rows.reads(i) for c in w.cols.reads(j)]
            for ch in range(channels):
                if op == "avg":
                    for r, c in cells:
                        grad[r, c, ch] += grad_out[i, j, ch] / w.divisor[i, j]
                    continue
                _, winner = reduce_window([image[r, c, ch] for r, c in cells], cells, op, w.divisor[i, j])
                if winner is None:  # nothing beat the padding: PyTorch's first taps at or after 0
                    winner = (w.rows.first_position[i], w.cols.first_position[j])
                r, c = winner
                if r < height and c < width:
                    grad[r, c, ch] += grad_out[i, j, ch]
    return grad.reshape(x.shape)
