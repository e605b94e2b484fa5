"""Per-step records of a pooling animation: where the window is, what it reads, what it writes.

One record type serves both lessons. The input is a grid of cells addressed ``(row, col)``:

- a sequence ``(steps,)`` or ``(steps, features)`` is a grid with one row per feature, and its window
  spans every row, writing one result per row (pooling runs along the steps of each feature);
- an image patch ``(H, W)`` is a grid with a 2D window, writing one result.

A cell outside ``0 <= row < rows`` / ``0 <= col < cols`` is padding, or "beyond" when it lies past
the padding (a ``ceil_mode`` window hanging off the end: it reads nothing). The geometry comes from
`pooling.windows1d` / `pooling.windows2d`; every result, winner and caption number comes from
`pooling.pool1d` / `pooling.pool2d`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import PoolingError
from ..ops import pad_value, pool1d, pool2d
from ..windows import BEYOND, INPUT, PADDING, Windows1D, windows1d, windows2d

__all__ = [
    "MAX_STEPS", "OP_NAMES", "Frame", "Grid", "cell_boxes", "finite_range", "first_steps", "format_number",
    "frames1d", "frames2d", "padding_label", "step_within",
]

MAX_STEPS = 20
"""Longest sequence animated in full; a longer one is animated (on the page and in its GIF) over its
first MAX_STEPS steps: 40 steps across a 1024 px screen with the sidebar open, or across a projector,
leave cells too small for their numbers to be read."""
MAX_OPERANDS = 12
"""Captions list at most this many operands; longer windows show the first and last few."""

OP_NAMES = {"max": "max", "avg": "average", "min": "min"}
"""What each op is called in a sentence."""


def format_number(value) -> str:
    """A value as a student writes it: whole numbers bare, others to two decimals.

    >>> [format_number(v) for v in (5, 2.0, 1 / 3, 0.5, -0.0, float("-inf"))]
    ['5', '2', '0.33', '0.5', '0', '-inf']
    """
    value = float(value)
    if np.isinf(value):
        return "-inf" if value < 0 else "+inf"
    if np.isnan(value):
        return "nan"
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def padding_label(op: str) -> str:
    """What a padding cell holds for ``op``: -inf never wins a max, +inf never wins a min, 0 adds nothing.

    >>> padding_label("max"), padding_label("min"), padding_label("avg")
    ('-inf', '+inf', '0')
    """
    return format_number(pad_value(op))


def cell_boxes(cells) -> list[tuple[int, int, int, int]]:
    """Cells merged into few ``(top, left, bottom, right)`` boxes: runs along each row, then runs
    that span the same columns in consecutive rows stacked into one box.

    >>> cell_boxes([(0, 1), (0, 2), (1, 1), (1, 2), (0, 4)])
    [(0, 1, 1, 2), (0, 4, 0, 4)]
    """
    runs = []
    for row, col in sorted(cells):
        if runs and runs[-1][0] == row and runs[-1][3] == col - 1:
            runs[-1] = (row, runs[-1][1], row, col)
        else:
            runs.append((row, col, row, col))
    boxes = []
    for top, left, bottom, right in runs:
        stacked = next((i for i, box in enumerate(boxes)
                        if box[1] == left and box[3] == right and box[2] == top - 1), None)
        if stacked is None:
            boxes.append((top, left, bottom, right))
        else:
            boxes[stacked] = (boxes[stacked][0], left, bottom, right)
    return boxes


def finite_range(values) -> tuple[float, float]:
    """The smallest and largest finite values, never an empty range (a colour scale divides by it).

    >>> finite_range(np.array([2.0, -np.inf, 5.0])), finite_range(np.array([3.0, 3.0]))
    ((2.0, 5.0), (3.0, 4.0))
    """
    finite = values[np.isfinite(values)]
    if not finite.size:
        return 0.0, 1.0
    low, high = float(finite.min()), float(finite.max())
    return low, high if high > low else max(low + 1, float(np.nextafter(low, np.inf)))


@dataclass(frozen=True)
class Grid:
    """What every frame of one animation shares.

    Attributes
    ----------
    op : {"max", "avg", "min"}
    shape : (int, int)
        Input grid (rows, cols): ``(features, steps)`` for a sequence, ``(H, W)`` for a patch.
    axes : (Windows1D or None, Windows1D)
        The windows down the rows (None for a sequence: its feature rows are never padded) and
        along the columns.
    out_shape : (int, int)
        Output grid (rows, cols): ``(features, out_steps)`` or ``(out_h, out_w)``.
    padding_counted : bool
        Whether padding enters the result: always for max/min (as -inf/+inf, which never wins),
        for avg only with ``count_include_pad`` and numeric padding.
    """

    op: str
    shape: tuple[int, int]
    axes: tuple[Windows1D | None, Windows1D]
    out_shape: tuple[int, int]
    padding_counted: bool

    @property
    def pad(self) -> tuple[tuple[int, int], tuple[int, int]]:
        """Padding cells ``((top, bottom), (left, right))`` around the input."""
        return tuple((w.pad_left, w.pad_right) if w else (0, 0) for w in self.axes)

    def kind(self, row: int, col: int) -> str:
        """``"input"``, ``"padding"`` or ``"beyond"`` (past the padding: reads nothing), as the
        windows of each axis say."""
        rows, cols = self.axes
        kinds = {rows.region(row) if rows else INPUT, cols.region(col)}
        return BEYOND if BEYOND in kinds else PADDING if PADDING in kinds else INPUT


@dataclass(frozen=True)
class Frame:
    """One step of the animation: one window position and the results it writes.

    Attributes
    ----------
    grid : Grid
        Shared by all frames of the animation.
    index : tuple of int
        The output index: ``(i,)`` for a sequence, ``(row, col)`` for a patch.
    cells : tuple of (int, int)
        Every cell the window reads, row-major (gaps between them for dilation).
    kinds : tuple of str
        Per cell: ``"input"``, ``"padding"`` or ``"beyond"``.
    counted : tuple of bool
        Per cell: whether it enters the result (padding left out of an average is not).
    out_cells : tuple of (int, int)
        Where each result goes in the output grid: one per feature row, or one for a patch.
    values : tuple of float
        The results, from `pool1d` / `pool2d` (-inf / +inf for a max / min window that reads only
        padding, as PyTorch gives for floats).
    winners : tuple of (int, int) or None
        Per result, the cell max or min picked (from ``return_indices``); None for avg and for a
        window that reads only padding.
    captions : tuple of str
        Per result, the arithmetic: ``y[2] = max(2, 2, 5) = 5``, ``y[0] = (0 + 0 + 1) / 3 = 0.33``.
    """

    grid: Grid
    index: tuple[int, ...]
    cells: tuple[tuple[int, int], ...]
    kinds: tuple[str, ...]
    counted: tuple[bool, ...]
    out_cells: tuple[tuple[int, int], ...]
    values: tuple[float, ...]
    winners: tuple[tuple[int, int] | None, ...]
    captions: tuple[str, ...]

    @property
    def caption(self) -> str:
        """All captions of the frame, one line per result."""
        return "\n".join(self.captions)


def frames1d(x, kernel_size, **pool1d_kwargs) -> list[Frame]:
    """One frame per output step of `pool1d` over a sequence.

    Parameters
    ----------
    x : array_like, shape (steps,) or (steps, features)
    kernel_size, **pool1d_kwargs
        As `pooling.pool1d` (``op``, ``stride``, ``padding``, ``dilation``, ``ceil_mode``,
        ``count_include_pad``); ``return_indices`` is set here.

    Returns
    -------
    list of Frame, length ``out_steps``
        On a grid of shape ``(features, steps)``; frame ``i`` reads column ``positions[i]`` of every
        feature row and writes output cells ``(f, i)``.

    Raises
    ------
    PoolingError
        For any setting `pool1d` refuses.

    Examples
    --------
    >>> frames = frames1d([0, 1, 2, 2, 5, 1, 2], 3, stride=1)
    >>> len(frames), frames[2].caption
    (5, 'y[2] = max(2, 2, 5) = 5')
    >>> frames1d([0, 1, 2, 2, 5, 1, 2], 3, stride=1, padding=1, op="avg")[0].caption
    'y[0] = (0 + 0 + 1) / 3 = 0.33'
    """
    op = pool1d_kwargs.get("op", "max")
    out, picked = _pool(pool1d, x, kernel_size, pool1d_kwargs)
    x = np.asarray(x)
    steps = x.shape[0]
    values = x.reshape(steps, -1).T
    features = values.shape[0]
    w = windows1d(steps, kernel_size, **_geometry(pool1d_kwargs))
    out = out.reshape(w.out, features)
    rows = np.arange(features)
    # (frames, groups=features, taps, 2): every feature row read at the same columns.
    reads = np.stack(np.broadcast_arrays(
        rows[None, :, None], w.positions[:, None, :]), axis=-1)
    out_cells = np.stack(np.broadcast_arrays(rows[None, :], np.arange(w.out)[:, None]), axis=-1)
    winners = None
    if picked is not None:
        picked = picked.reshape(w.out, features)
        winners = np.stack(np.broadcast_arrays(rows[None, :], picked), axis=-1)
    grid = Grid(op, (features, steps), (None, w), (features, w.out),
                _padding_counted(op, w.count_include_pad))
    one_row = x.ndim == 1
    labels = [[f"y[{i}]" if one_row else f"y[{i}, {f}]" for f in range(features)]
              for i in range(w.out)]
    return _frames(grid, values, [(i,) for i in range(w.out)], reads, out_cells, out, winners, labels)


def step_within(step: int, count: int) -> int:
    """``step`` moved into ``range(count)``: a link or a shorter input may ask for one past the end.

    >>> step_within(7, 5), step_within(-2, 5), step_within(3, 5)
    (4, 0, 3)
    """
    return min(max(int(step), 0), count - 1)


def first_steps(x, frames: list[Frame], max_steps: int = MAX_STEPS) -> tuple[np.ndarray, list[Frame], str]:
    """The part of a sequence an animation shows: all of it, or its first ``max_steps`` steps (more if one
    window spans more) and the frames that read only those, with a note saying so.

    Parameters
    ----------
    x : array_like, shape (steps,) or (steps, features)
    frames : list of Frame
        From `frames1d` on ``x``.
    max_steps : int

    Returns
    -------
    values : ndarray of float, shape (shown,) or (shown, features)
    frames : list of Frame
    note : str
        "" when everything is shown.

    Examples
    --------
    >>> values, frames, note = first_steps(np.arange(100), frames1d(np.arange(100), 3, stride=1), 10)
    >>> values.shape, len(frames), note
    ((10,), 8, 'Showing the first 10 of 100 steps (outputs 0 to 7 of 98)')
    """
    values = np.asarray(x, dtype=float)
    steps = values.shape[0]
    if steps <= max_steps:
        return values, frames, ""
    out_steps = frames[0].grid.out_shape[1]
    shown = max(max_steps, max(col for _, col in frames[0].cells) + 1)  # at least one window
    frames = [f for f in frames if max(col for _, col in f.cells) < shown]
    note = f"Showing the first {shown} of {steps} steps (outputs 0 to {len(frames) - 1} of {out_steps})"
    return values[:shown], frames, note


def frames2d(x, kernel_size, **pool2d_kwargs) -> list[Frame]:
    """One frame per output cell of `pool2d` over a single-channel patch, row by row.

    Parameters
    ----------
    x : array_like, shape (H, W)
        One channel (or grayscale) of a small patch.
    kernel_size, **pool2d_kwargs
        As `pooling.pool2d` (int-or-pair ``kernel_size``, ``stride``, ``padding``, ``dilation``;
        ``op``, ``ceil_mode``, ``count_include_pad``); ``return_indices`` is set here.

    Returns
    -------
    list of Frame, length ``out_h * out_w``
        On a grid of shape ``(H, W)``; frame ``(r, c)`` reads the cells of ``windows2d(...).positions[r, c]``
        and writes output cell ``(r, c)``.

    Raises
    ------
    PoolingError
        For any setting `pool2d` refuses, or an ``x`` that is not 2D.

    Examples
    --------
    >>> frames = frames2d([[12, 40, 1], [7, 33, 2]], 2, stride=1)
    >>> len(frames), frames[0].caption, frames[0].winners
    (2, 'y[0, 0] = max(12, 40, 7, 33) = 40', ((0, 1),))
    """
    op = pool2d_kwargs.get("op", "max")
    x = np.asarray(x)
    if x.ndim != 2:
        raise PoolingError(f"the patch must be one channel of shape (H, W); got shape {x.shape}")
    out, picked = _pool(pool2d, x, kernel_size, pool2d_kwargs)
    w = windows2d(x.shape, kernel_size, **_geometry(pool2d_kwargs))
    oh, ow = w.out_shape
    count = oh * ow
    reads = w.positions.reshape(count, 1, -1, 2)
    out_rows, out_cols = np.divmod(np.arange(count), ow)
    out_cells = np.stack([out_rows, out_cols], axis=-1)[:, None, :]
    winners = None
    if picked is not None:
        winners = np.stack(np.divmod(picked.reshape(count), x.shape[1]), axis=-1)[:, None, :]
    grid = Grid(op, x.shape, (w.rows, w.cols), (oh, ow), _padding_counted(op, w.rows.count_include_pad))
    index = [(int(r), int(c)) for r, c in zip(out_rows, out_cols)]
    labels = [[f"y[{r}, {c}]"] for r, c in index]
    return _frames(grid, x, index, reads, out_cells, out.reshape(count, 1), winners, labels)


def _pool(pool, x, kernel_size, kwargs):
    """``(out, indices)`` of ``pool``; indices are None for avg."""
    if kwargs.get("op", "max") == "avg":
        return pool(x, kernel_size, **kwargs), None
    return pool(x, kernel_size, **kwargs, return_indices=True)


def _geometry(kwargs) -> dict:
    """The window settings among ``pool*d`` keywords (everything except ``op``)."""
    return {key: value for key, value in kwargs.items() if key != "op"}


def _padding_counted(op: str, count_include_pad: bool) -> bool:
    return op != "avg" or count_include_pad


def _frames(grid, values, index, reads, out_cells, out, winners, labels) -> list[Frame]:
    """Frames from arrays: ``reads`` (frames, groups, taps, 2) cells, ``out`` (frames, groups)
    results, ``winners`` (frames, groups, 2) cells or None, ``labels`` per frame and group."""
    frames = []
    for t in range(len(index)):
        cells, kinds, counted, frame_values, captions, frame_winners = [], [], [], [], [], []
        for g, group in enumerate(reads[t]):
            group_cells = [(int(r), int(c)) for r, c in group]
            group_kinds = [grid.kind(r, c) for r, c in group_cells]
            group_counted = [k == INPUT or (k == PADDING and grid.padding_counted) for k in group_kinds]
            operands = [format_number(values[r, c]) if k == INPUT else padding_label(grid.op)
                        for (r, c), k, used in zip(group_cells, group_kinds, group_counted) if used]
            reads_input = INPUT in group_kinds
            value = float(out[t, g]) if reads_input or grid.op == "avg" else pad_value(grid.op)
            excluded = PADDING in group_kinds and not grid.padding_counted
            captions.append(_caption(grid.op, labels[t][g], operands, format_number(value), excluded))
            frame_winners.append(tuple(int(v) for v in winners[t, g])
                                 if winners is not None and reads_input else None)
            frame_values.append(value)
            cells += group_cells
            kinds += group_kinds
            counted += group_counted
        frames.append(Frame(
            grid=grid, index=index[t], cells=tuple(cells), kinds=tuple(kinds), counted=tuple(counted),
            out_cells=tuple((int(r), int(c)) for r, c in out_cells[t]),
            values=tuple(frame_values), winners=tuple(frame_winners),
            captions=tuple(captions),
        ))
    return frames


def _caption(op: str, label: str, operands: list[str], result: str, excluded: bool) -> str:
    """``y[2] = max(2, 2, 5) = 5`` or ``y[0] = (0 + 1) / 2 = 0.5 (padding not counted)``."""
    if len(operands) > MAX_OPERANDS:
        shown = operands[:MAX_OPERANDS - 3] + ["…"] + operands[-2:]
    else:
        shown = operands
    if op == "avg":
        text = f"{label} = ({' + '.join(shown)}) / {len(operands)} = {result}"
    else:
        text = f"{label} = {op}({', '.join(shown)}) = {result}"
    return text + " (padding not counted)" if excluded else text
