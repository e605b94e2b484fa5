"""Window arithmetic: how long the output is, how "same" splits its padding, and which input
positions every output reads.

This is the single source of truth for pooling geometry. The operations, the animation frames,
the captions and the tests all ask these functions; nothing else re-derives them.

Semantics are PyTorch 2.x (``torch.nn.functional.max_pool1d`` and friends) for integer padding and
Keras/TensorFlow for ``padding="same"``.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .errors import PoolingError

INPUT, PADDING, BEYOND = "input", "padding", "beyond"
"""Where a window tap lies: on the input, on padding, or past the padding."""

__all__ = [
    "BEYOND", "INPUT", "PADDING", "Windows1D", "Windows2D", "ceil_mode_drops", "largest_dilation",
    "output_size", "pair", "same_padding", "windows1d", "windows2d",
]

INDEX_MAX = 2**63 - 1
"""The largest size, step or position a 64-bit index holds."""


def pair(value, name: str) -> tuple:
    """Widen an int-or-pair argument to a ``(height, width)`` pair.

    >>> pair(3, "kernel_size")
    (3, 3)
    >>> pair((2, 4), "stride")
    (2, 4)
    """
    if isinstance(value, (str, numbers.Integral)) or value is None:
        return (value, value)
    if isinstance(value, (tuple, list)) and len(value) == 2:
        return tuple(value)
    raise PoolingError(f"{name} must be a number or a (height, width) pair; got {value!r}")


def _whole(name: str, value, smallest: int, axis: str = "") -> int:
    where = f" ({axis})" if axis else ""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise PoolingError(f"{name}{where} must be a whole number; got {value!r}")
    if value < smallest:
        raise PoolingError(f"{name}{where} must be at least {smallest}; got {value}")
    if value > INDEX_MAX:
        raise PoolingError(f"{name}{where} {value} does not fit in a 64-bit index (at most 2**63 - 1)")
    return int(value)


def _fits(n: int, k: int, d: int, left: int, right: int, padding, axis: str) -> None:
    """Refuse a window or a padded input longer than a 64-bit index can address."""
    where = f" ({axis})" if axis else ""
    span = d * (k - 1) + 1
    if span > INDEX_MAX:
        raise PoolingError(
            f"the window{where} spans {span} cells (kernel_size {k}, dilation {d}), more than a "
            f"64-bit index holds (2**63 - 1); make the kernel or dilation smaller"
        )
    if n + left + right > INDEX_MAX:
        raise PoolingError(
            f"padding{where} {padding!r} makes the padded input {n + left + right} cells long, more "
            f"than a 64-bit index holds (2**63 - 1); use less padding"
        )


def same_padding(n: int, kernel_size: int, stride: int, dilation: int = 1) -> tuple[int, int]:
    """Keras' "same" padding: the (left, right) cells that make the output ``ceil(n / stride)`` long.

    The total is ``max((out - 1) * stride + dilation * (kernel_size - 1) + 1 - n, 0)``; the left side
    gets the smaller half, as in TensorFlow.

    >>> same_padding(7, 3, 1)
    (1, 1)
    >>> same_padding(5, 2, 2)
    (0, 1)
    """
    out = -(-n // stride)
    total = max((out - 1) * stride + dilation * (kernel_size - 1) + 1 - n, 0)
    return total // 2, total - total // 2


def _single(value):
    """A one-element sequence, as PyTorch's 1D functions accept, is its element."""
    if isinstance(value, (tuple, list)) and len(value) == 1:
        return value[0]
    return value


def _settings(n, kernel_size, stride, padding, dilation, axis):
    """Validate one axis' settings; return (n, k, s, d, pad_left, pad_right, same)."""
    kernel_size, stride, padding, dilation = map(_single, (kernel_size, stride, padding, dilation))
    n = _whole("input length", n, 1, axis)
    k = _whole("kernel_size", kernel_size, 1, axis)
    s = k if stride is None else _whole("stride", stride, 1, axis)
    d = _whole("dilation", dilation, 1, axis)
    if isinstance(padding, str):
        if padding not in ("valid", "same"):
            raise PoolingError(f"padding {padding!r} is not a number, 'valid' or 'same'")
        left, right = same_padding(n, k, s, d) if padding == "same" else (0, 0)
        _fits(n, k, d, left, right, padding, axis)
        return n, k, s, d, left, right, padding == "same"
    p = _whole("padding", padding, 0, axis)
    if p > k // 2:
        where = f" ({axis})" if axis else ""
        raise PoolingError(
            f"padding{where} {p} is more than half of kernel_size {k} (at most {k // 2})"
        )
    _fits(n, k, d, p, p, p, axis)
    return n, k, s, d, p, p, False


def _rounded_up(n, k, s, d, p) -> tuple[int, bool]:
    """ceil_mode's count before PyTorch's drop rule, and whether the rule drops its last window
    (one that would start in the right padding)."""
    out = -(-(n + 2 * p - d * (k - 1) - 1) // s) + 1
    return out, (out - 1) * s >= n + p


def _length(n, k, s, d, p, ceil_mode, axis):
    span = d * (k - 1) + 1
    room = n + 2 * p - span
    if ceil_mode:
        out, dropped = _rounded_up(n, k, s, d, p)
        out -= dropped
    else:
        out = room // s + 1
    if out < 1:
        where = f" ({axis})" if axis else ""
        raise PoolingError(
            f"the window{where} spans {span} cells (kernel_size {k}, dilation {d}) but the input "
            f"has only {n} cells plus {2 * p} of padding; make the kernel or dilation smaller, "
            f"or add padding"
        )
    return out


def output_size(n, kernel_size, *, stride=None, padding=0, dilation=1, ceil_mode=False) -> int:
    """Number of outputs along one axis.

    ``floor((n + 2 * padding - dilation * (kernel_size - 1) - 1) / stride) + 1``; with ``ceil_mode``
    the ceiling, minus one if the last window would start in the right padding (PyTorch's rule).
    With ``padding="same"`` it is ``ceil(n / stride)`` (Keras).

    >>> output_size(7, 3, stride=1)
    5
    >>> output_size(5, 3, stride=3, padding=1, ceil_mode=True)
    2
    >>> output_size(7, 3, stride=2, padding="same")
    4
    """
    n, k, s, d, left, _, same = _settings(n, kernel_size, stride, padding, dilation, "")
    if same:
        return -(-n // s)
    return _length(n, k, s, d, left, ceil_mode, "")


def ceil_mode_drops(n, kernel_size, *, stride=None, padding=0, dilation=1) -> bool:
    """Whether ``ceil_mode`` rounds up to a last window that would start in the right padding, which
    PyTorch drops (so `output_size` is one less than the rounded-up count).

    >>> ceil_mode_drops(5, 3, stride=3, padding=1), ceil_mode_drops(7, 3, stride=2)
    (True, False)
    """
    n, k, s, d, left, _, same = _settings(n, kernel_size, stride, padding, dilation, "")
    return not same and _rounded_up(n, k, s, d, left)[1]


@dataclass(frozen=True, eq=False)
class Windows1D:
    """Which input positions each output of a 1D pooling reads.

    Attributes
    ----------
    n : int
        Input length.
    out : int
        Number of outputs.
    kernel_size, stride, dilation : int
        The settings, with ``stride=None`` resolved to ``kernel_size``.
    pad_left, pad_right : int
        Padding cells before and after the input (unequal only for ``padding="same"``).
    same : bool
        Whether the padding is Keras' "same" (padding is then never counted in an average).
    count_include_pad : bool
        Whether an average divides by the padding cells it covers too.

    The per-tap arrays below are computed on first use, so a 10-million-step sequence costs
    nothing until someone asks for them.
    """

    n: int
    out: int
    kernel_size: int
    stride: int
    dilation: int
    pad_left: int
    pad_right: int
    same: bool
    count_include_pad: bool

    @cached_property
    def starts(self) -> np.ndarray:
        """Position of each window's first tap, ``i * stride - pad_left``, shape (out,)."""
        return np.arange(self.out) * self.stride - self.pad_left

    @cached_property
    def positions(self) -> np.ndarray:
        """``positions[i, j] = starts[i] + j * dilation``, shape (out, kernel_size): the input index
        that tap ``j`` of output ``i`` reads. Negative or ``>= n`` means padding.

        One number per tap, padding included: for drawing windows. To visit what a window reads,
        whatever the kernel size, use `reads`."""
        return self.starts[:, None] + np.arange(self.kernel_size) * self.dilation

    def reads(self, i: int) -> range:
        """The input positions output ``i`` reads, in tap order (padding left out).

        >>> list(windows1d(3, 2, stride=1, padding=1).reads(0))
        [0]
        """
        start = int(self.starts[i])
        first = int(self.first_inside[i])
        last = min((self.n - 1 - start) // self.dilation, self.kernel_size - 1)
        return range(start + first * self.dilation, start + max(last + 1, first) * self.dilation,
                     self.dilation)

    @cached_property
    def first_position(self) -> np.ndarray:
        """Position of each window's first tap at or after 0, shape (out,): the index PyTorch
        reports for a window in which nothing beat the padding."""
        return self.starts + self.first_inside * self.dilation

    @property
    def real(self) -> np.ndarray:
        """Taps that read the input (``0 <= position < n``), shape (out, kernel_size)."""
        return (self.positions >= 0) & (self.positions < self.n)

    def region(self, position: int) -> str:
        """Where ``position`` lies: `INPUT`, `PADDING`, or `BEYOND` the right padding (only a
        ``ceil_mode`` window reaches there, and reads nothing).

        >>> w = windows1d(3, 2, stride=2, padding=1, ceil_mode=True)
        >>> [w.region(p) for p in (-1, 0, 3, 4)]
        ['padding', 'input', 'padding', 'beyond']
        """
        if 0 <= position < self.n:
            return INPUT
        if -self.pad_left <= position < self.n + self.pad_right:
            return PADDING
        return BEYOND

    @property
    def beyond(self) -> np.ndarray:
        """Taps past the right padding (only with ``ceil_mode``): they read nothing at all."""
        return self.positions >= self.n + self.pad_right

    @cached_property
    def first_inside(self) -> np.ndarray:
        """Index ``j`` of each window's first tap at or after position 0, shape (out,)."""
        return np.maximum(-(self.starts // self.dilation), 0)

    @cached_property
    def divisor(self) -> np.ndarray:
        """What each average divides by, shape (out,): the real taps, plus the padding taps when
        ``count_include_pad`` (never the taps ``beyond``, as PyTorch)."""
        return self._counted(self.starts)

    @cached_property
    def uniform_divisor(self) -> int | None:
        """The divisor when every window has the same one, else None.

        Only windows that reach past either end of the input can differ, so only they are counted:
        cheap for a long input.
        """
        k, s, d = self.kernel_size, self.stride, self.dilation
        inside_from = -(-self.pad_left // s)  # first window starting at or after 0
        inside_to = (self.n - 1 - (k - 1) * d + self.pad_left) // s  # last window ending before n
        ends = np.r_[0:min(inside_from, self.out), max(inside_to + 1, 0):self.out]
        counts = set(self._counted(ends * s - self.pad_left).tolist())
        if inside_from <= min(inside_to, self.out - 1):
            counts.add(k)
        return counts.pop() if len(counts) == 1 else None

    def _counted(self, starts: np.ndarray) -> np.ndarray:
        low, high = (-self.pad_left, self.n + self.pad_right) if self.count_include_pad else (0, self.n)
        first = np.maximum(-((starts - low) // self.dilation), 0)
        last = np.minimum((high - 1 - starts) // self.dilation, self.kernel_size - 1)
        return np.maximum(last - first + 1, 0)


def windows1d(n, kernel_size, *, stride=None, padding=0, dilation=1, ceil_mode=False,
              count_include_pad=True, axis: str = "") -> Windows1D:
    """The windows of a 1D pooling over an input of length ``n``.

    Raises `PoolingError` for any setting PyTorch refuses (see `output_size`). ``axis`` only
    names the axis ("height", "width") in error messages. With ``padding="same"``, ``ceil_mode``
    and ``count_include_pad`` do not apply: the output is ``ceil(n / stride)`` long and padding is
    never counted (Keras).

    >>> w = windows1d(7, 3, stride=1)
    >>> w.out, w.positions[2].tolist()
    (5, [2, 3, 4])
    >>> windows1d(3, 2, stride=1, padding=1).real.tolist()
    [[False, True], [True, True], [True, True], [True, False]]
    """
    n, k, s, d, left, right, same = _settings(n, kernel_size, stride, padding, dilation, axis)
    out = -(-n // s) if same else _length(n, k, s, d, left, ceil_mode, axis)
    return Windows1D(n=n, out=out, kernel_size=k, stride=s, dilation=d, pad_left=left, pad_right=right,
                     same=same, count_include_pad=bool(count_include_pad) and not same)


@dataclass(frozen=True, eq=False)
class Windows2D:
    """The windows of a 2D pooling: one `Windows1D` per axis, combined row-major.

    Attributes
    ----------
    rows, cols : Windows1D
        The windows along the height and along the width.
    """

    rows: Windows1D
    cols: Windows1D

    @property
    def shape(self) -> tuple[int, int]:
        """Input shape (H, W)."""
        return self.rows.n, self.cols.n

    @property
    def out_shape(self) -> tuple[int, int]:
        """Output shape (out_h, out_w)."""
        return self.rows.out, self.cols.out

    @property
    def positions(self) -> np.ndarray:
        """(row, col) read by every tap, shape (out_h, out_w, kh * kw, 2), taps in row-major order."""
        r = self.rows.positions[:, None, :, None]
        c = self.cols.positions[None, :, None, :]
        r, c = np.broadcast_arrays(r, c)
        oh, ow, kh, kw = r.shape
        return np.stack([r, c], axis=-1).reshape(oh, ow, kh * kw, 2)

    @property
    def real(self) -> np.ndarray:
        """Taps inside the input, shape (out_h, out_w, kh * kw)."""
        both = self.rows.real[:, None, :, None] & self.cols.real[None, :, None, :]
        oh, ow, kh, kw = both.shape
        return both.reshape(oh, ow, kh * kw)

    @property
    def divisor(self) -> np.ndarray:
        """What each average divides by, shape (out_h, out_w), as floats: the product of two
        large counts can pass what a 64-bit integer holds."""
        return np.outer(self.rows.divisor.astype(np.float64), self.cols.divisor)


def windows2d(shape, kernel_size, *, stride=None, padding=0, dilation=1, ceil_mode=False,
              count_include_pad=True) -> Windows2D:
    """The windows of a 2D pooling over an input of shape ``(H, W)``.

    ``kernel_size``, ``stride``, ``padding`` and ``dilation`` are an int or a (height, width) pair.

    >>> w = windows2d((3, 3), 2, stride=1)
    >>> w.out_shape, w.positions[1, 0].tolist()
    ((2, 2), [[1, 0], [1, 1], [2, 0], [2, 1]])
    """
    if not (isinstance(shape, (tuple, list)) and len(shape) == 2):
        raise PoolingError(f"shape must be (height, width); got {shape!r}")
    ks, ss, ps, ds = (pair(v, name) for v, name in [
        (kernel_size, "kernel_size"), (stride, "stride"), (padding, "padding"), (dilation, "dilation")])
    axes = [
        windows1d(shape[a], ks[a], stride=ss[a], padding=ps[a], dilation=ds[a], ceil_mode=ceil_mode,
                  count_include_pad=count_include_pad, axis=name)
        for a, name in enumerate(["height", "width"])
    ]
    return Windows2D(*axes)


def largest_dilation(n: int, kernel_size: int, padding: int = 0) -> int:
    """The largest dilation whose window still fits ``n`` cells plus ``padding`` on each side:
    ``dilation * (kernel_size - 1) + 1 <= n + 2 * padding`` (at least 1).

    >>> largest_dilation(7, 3), largest_dilation(7, 3, padding=1), largest_dilation(7, 1)
    (3, 4, 1)
    """
    if kernel_size <= 1:
        return 1
    return max(1, (n + 2 * padding - 1) // (kernel_size - 1))
