"""Predict, then see, in the animated lessons: mark what a student typed for the output length (or
shape) and for each output, and say in one line which usual slip gives the number they typed.

The right answers come from the core (`pooling.output_size`, `pooling.windows1d` / `windows2d`,
`pooling.pool1d` / `pool2d`). Each slip is that computation with one thing done wrong: the other
rounding, the padding, the stride or the dilation left out, ceil mode's last window kept; the other
operation, the window shifted by one cell or put where it would be without the stride or without
the padding, the padding counted (or not) in an average, a padded cell taken as 0 in a max, or the
value of another output. A wrong answer that no slip gives gets no reason.

>>> check_length(8, {"kernel_size": 3, "stride": 2, "ceil_mode": True}, "3").text
'Not quite: you said 3; there are 4 outputs. You rounded down: with ceil_mode the division rounds up.'
>>> check_step(np.array([0, 1, 2, 2, 5, 1, 2]), {"kernel_size": 3, "stride": 1}, 1, "1.67").text
'Not quite: you said 1.67; y[1] = 2. That is the average of the window; this step takes its max.'
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..errors import PoolingError
from ..ops import pad_value, pool1d, pool2d
from ..windows import ceil_mode_drops, output_size, pair, windows1d, windows2d
from .frames import OP_NAMES, format_number
from .practice import read_answer

__all__ = [
    "DROP_RULE", "FLOOR_CEIL", "NO_DILATION", "NO_PADDING", "NO_STRIDE", "OTHER_OP", "PAD_COUNT", "PAD_ZERO",
    "SHIFTED", "TOLERANCE", "WRONG_POSITION", "Questions", "Slip", "Verdict", "check_length", "check_shape",
    "check_step", "check_step_2d", "length_slips", "patch_questions", "reason", "sequence_questions",
    "step_slips", "step_slips_2d",
]

FLOOR_CEIL, NO_PADDING, NO_STRIDE, NO_DILATION, DROP_RULE = (
    "floor vs ceil", "no padding", "no stride", "no dilation", "drop rule")
OTHER_OP, SHIFTED, PAD_COUNT, PAD_ZERO, WRONG_POSITION = (
    "other operation", "shifted window", "padding count", "padding as 0", "wrong position")

TOLERANCE = 0.01
"""How far a typed number may be from the answer: values are shown to two decimals."""


@dataclass(frozen=True)
class Slip:
    """A usual mistake: its name, the numbers it gives and a one-line reason."""

    name: str
    values: tuple[float, ...]
    why: str


@dataclass(frozen=True)
class Verdict:
    """A typed answer marked: right or not, and the slips that give what was typed."""

    given: tuple[float, ...]
    answer: tuple[float, ...]
    label: str
    slips: tuple[Slip, ...] = ()

    @property
    def right(self) -> bool:
        return _close(self.given, self.answer)

    @property
    def reason(self) -> str:
        """Why a wrong answer is wrong, from the first slip that gives it ("" if none does)."""
        return self.slips[0].why if self.slips else ""

    @property
    def text(self) -> str:
        """One line: ``Right: y[2] = 5.`` or ``Not quite: you said 2; y[2] = 5.`` and the reason."""
        if self.right:
            return f"Right: {self.label}."
        said = ", ".join(format_number(v) for v in self.given)
        return " ".join(filter(None, [f"Not quite: you said {said}; {self.label}.", self.reason]))


def _close(given, answer) -> bool:
    given, answer = np.asarray(given, dtype=float), np.asarray(answer, dtype=float)
    return given.shape == answer.shape and bool(np.all(
        (given == answer) | (np.abs(given - answer) <= TOLERANCE + 1e-9 * np.abs(answer))))


def _verdict(text: str, answer, label: str, slips: list[Slip]) -> Verdict:
    """Read ``text`` (InputError if it is not an answer) and keep the slips that give it."""
    answer = tuple(float(v) for v in np.ravel(answer))
    given = read_answer(text, len(answer))
    if _close(given, answer):
        return Verdict(given, answer, label)
    return Verdict(given, answer, label, tuple(s for s in slips if _close(given, s.values)))


def _size(n, k, **kwargs) -> int | None:
    """`output_size`, or None where the slipped settings are ones no pooling accepts."""
    try:
        return output_size(n, k, **kwargs)
    except PoolingError:
        return None


def length_slips(n: int, kernel_size: int, *, stride=None, padding=0, dilation=1,
                 ceil_mode=False) -> list[Slip]:
    """The lengths the usual slips of the output-size formula give, each different from the right one.

    >>> [(s.name, s.values) for s in length_slips(5, 3, stride=3, padding=1, ceil_mode=True)]
    [('no stride', (5,)), ('drop rule', (3,))]
    """
    s = kernel_size if stride is None else stride
    settings = {"stride": s, "padding": padding, "dilation": dilation, "ceil_mode": ceil_mode}
    right = output_size(n, kernel_size, **settings)
    same = padding == "same"
    numeric = not isinstance(padding, str)
    candidates = []
    if not same:
        rounded = "down" if ceil_mode else "up"
        why = ("with ceil_mode the division rounds up." if ceil_mode else
               "without ceil_mode the division rounds down (floor).")
        flipped = _size(n, kernel_size, **{**settings, "ceil_mode": not ceil_mode})
        candidates.append((FLOOR_CEIL, flipped, f"You rounded {rounded}: {why}"))
        if not ceil_mode and flipped is not None:
            kept = flipped + ceil_mode_drops(n, kernel_size, stride=s, padding=padding, dilation=dilation)
            candidates.append((FLOOR_CEIL, kept, f"You rounded up: {why}"))
    if numeric and padding:
        why = f"You left out the padding: add 2p = {2 * padding} cells to the {n} input cells."
        candidates.append((NO_PADDING, _size(n, kernel_size, **{**settings, "padding": 0}), why))
        why = f"You padded one side only: add 2p = {2 * padding} cells, {padding} on each side."
        candidates.append((NO_PADDING, _size(n + padding, kernel_size, **{**settings, "padding": 0}), why))
    if same:
        why = (f"You left out the padding: 'same' pads until there are ceil(n / stride) = "
               f"ceil({n} / {s}) = {right} outputs.")
        candidates.append((NO_PADDING, _size(n, kernel_size, **{**settings, "padding": "valid"}), why))
    if s > 1 and not same:
        why = f"You left out the stride: the window moves s = {s} cells at a time, so divide by {s}."
        candidates.append((NO_STRIDE, _size(n, kernel_size, **{**settings, "stride": 1}), why))
    if dilation > 1:
        span = dilation * (kernel_size - 1) + 1
        why = (f"You left out the dilation: the window spans d(k - 1) + 1 = {span} cells, "
               f"not {kernel_size}.")
        candidates.append((NO_DILATION, _size(n, kernel_size, **{**settings, "dilation": 1}), why))
    if ceil_mode and ceil_mode_drops(n, kernel_size, stride=s, padding=padding, dilation=dilation):
        why = "You kept a last window that would start in the right padding: PyTorch drops it."
        candidates.append((DROP_RULE, right + 1, why))
    return [Slip(name, (value,), why) for name, value, why in candidates
            if value is not None and value != right]


def _many(n: int, thing: str) -> str:
    """``n`` things, in the singular for one.

    >>> _many(1, "row"), _many(2, "cell")
    ('1 row', '2 cells')
    """
    return f"{n} {thing}{'s' * (int(n) != 1)}"


def _count(n: int) -> str:
    return f"there {'is' if n == 1 else 'are'} {n} output{'s' * (n != 1)}"


def check_length(n: int, settings: dict, text: str) -> Verdict:
    """Mark a typed output length for `pool1d` ``settings`` over ``n`` steps (InputError if it is
    not a number)."""
    geometry = _geometry(settings)
    right = output_size(n, **geometry)
    return _verdict(text, [right], _count(right), length_slips(n, **geometry))


def check_shape(shape: tuple[int, int], settings: dict, text: str) -> Verdict:
    """Mark a typed output shape ``"height, width"`` for `pool2d` ``settings`` over a ``shape`` patch;
    each wrong side gets its own slip, named by its axis."""
    geometry = _geometry(settings)
    right = windows2d(shape, **geometry).out_shape
    given = read_answer(text, 2)
    per_axis = [{name: pair(geometry[name], name)[a] for name in ("kernel_size", "stride", "padding",
                                                                  "dilation") if name in geometry}
                for a in range(2)]
    slips = []
    for a, axis in enumerate(("height", "width")):
        if given[a] != right[a]:
            found = [s for s in length_slips(shape[a], **per_axis[a], ceil_mode=geometry.get("ceil_mode",
                                                                                                False))
                     if _close(given[a:a + 1], s.values)]
            if found:
                slips.append(Slip(found[0].name, given, f"The {axis}: {found[0].why}"))
    label = f"the output is {right[0]} × {right[1]}"
    if _close(given, right):
        return Verdict(given, tuple(map(float, right)), label)
    if slips:
        slips = [Slip(slips[0].name, given, " ".join(s.why for s in slips))] + slips
    return Verdict(given, tuple(map(float, right)), label, tuple(slips))


def _geometry(settings: dict) -> dict:
    return {k: v for k, v in settings.items() if k not in ("op", "count_include_pad")}


def _reduce(x, taps, shape, pads, op, *, counted: bool, pad_as=None) -> np.ndarray:
    """What a window of ``taps`` (positions, shape (taps, axes)) over the leading axes of ``x``
    gives: padding within ``pads`` holds ``pad_as`` (default the op's own value) and, in an average,
    counts only when ``counted``; taps past the padding read nothing."""
    taps = np.asarray(taps).reshape(len(taps), -1)
    shape, low = np.asarray(shape), np.array([p[0] for p in pads])
    high = shape + [p[1] for p in pads]
    real = np.all((taps >= 0) & (taps < shape), axis=1)
    padded = ~real & np.all((taps >= -low) & (taps < high), axis=1)
    values = np.asarray(x, dtype=float)[tuple(taps[real].T)]
    rest = values.shape[1:]
    if op == "avg":
        divisor = real.sum() + (padded.sum() if counted else 0)
        return values.sum(axis=0) / divisor if divisor else np.full(rest, np.nan)
    if padded.any():
        fill = pad_value(op) if pad_as is None else pad_as
        values = np.concatenate([values, np.full((1, *rest), fill)])
    if not len(values):
        return np.full(rest, np.nan)
    return values.max(axis=0) if op == "max" else values.min(axis=0)


def _window_slips(x, taps, shape, pads, op, counted, y, index, start_text) -> list[Slip]:
    """The slips of one window, the most telling first: padding counted (or not) or taken as 0, the
    other operation, the window shifted by one cell, another output."""
    def value(**kwargs):
        kwargs = {"op": op, "counted": counted, **kwargs}
        return _reduce(x, kwargs.pop("taps", taps), shape, pads, kwargs.pop("op"), **kwargs)

    slips = []
    taps = np.asarray(taps).reshape(len(taps), -1)
    inside = np.all((taps >= 0) & (taps < shape), axis=1)
    if not inside.all():
        if op == "avg":
            said = ("is not counted: divide by the real cells only" if counted else
                    "counts as 0 here: divide by the whole window")
            why = f"Padding {said}."
            slips.append(Slip(PAD_COUNT, value(counted=not counted), why))
        else:
            held = format_number(pad_value(op))
            slips.append(Slip(PAD_ZERO, value(pad_as=0.0), f"A padded cell holds {held} in a {op}, not 0: "
                                                          "it never wins."))
    for other in ("max", "avg", "min"):
        if other != op:
            slips.append(Slip(OTHER_OP, value(op=other), f"That is the {OP_NAMES[other]} of the window; "
                                                         f"this step takes its {OP_NAMES[op]}."))
    for axis in range(taps.shape[1]):
        for move, side in ((-1, "up" if taps.shape[1] == 2 and axis == 0 else "left"),
                           (1, "down" if taps.shape[1] == 2 and axis == 0 else "right")):
            shift = np.zeros(taps.shape[1], dtype=int)
            shift[axis] = move
            slips.append(Slip(SHIFTED, value(taps=taps + shift),
                              f"That is the window one cell to the {side}: {start_text}."))
    for other_index in np.ndindex(*y.shape[:len(shape)]):
        if other_index != index:
            label = ", ".join(map(str, other_index))
            slips.append(Slip(WRONG_POSITION, y[other_index],
                              f"That is y[{label}], another output: this step writes "
                              f"y[{', '.join(map(str, index))}]."))
    right = y[index]
    kept = []
    for slip in slips:
        values = tuple(float(v) for v in np.ravel(slip.values))
        if np.all(np.isfinite(values)) and not _close(values, np.ravel(right)):
            kept.append(Slip(slip.name, values, slip.why))
    return kept


def step_slips(x, settings: dict, step: int) -> list[Slip]:
    """The slips of output ``step`` of `pool1d(x, **settings)`, each giving a value other than its own.

    >>> x = np.array([0, 1, 2, 2, 5, 1, 2])
    >>> [(s.name, s.values) for s in step_slips(x, {"kernel_size": 3, "stride": 1}, 0)][:2]
    [('other operation', (1.0,)), ('other operation', (0.0,))]
    """
    x = np.asarray(x, dtype=float)
    op = settings.get("op", "max")
    counted = settings.get("count_include_pad", True)
    w = windows1d(x.shape[0], **_geometry(settings), count_include_pad=counted)
    y = pool1d(x, **settings)
    start = int(w.starts[step])
    start_text = (f"y[{step}]'s window starts at {step} × {w.stride} − {w.pad_left} = {start}"
                  if w.pad_left else f"y[{step}]'s window starts at {step} × {w.stride} = {start}")
    taps = w.positions[step][:, None]
    pads = [(w.pad_left, w.pad_right)]
    return (_window_slips(x, taps, (w.n,), pads, op, w.count_include_pad, y, (step,), start_text)
            + _moved_slips(x, taps, (start,), (step,), (w.stride,), pads, op, w.count_include_pad,
                           y[step], start_text))


def _moved_slips(x, taps, start, index, strides, pads, op, counted, right, start_text) -> list[Slip]:
    """The window of output ``index`` where a student puts it who forgets the stride (the window
    moves one cell per step) or the padding (it starts at index × stride), unless that is one cell
    from where it is (`_window_slips` says so)."""
    start, index, strides = np.array(start), np.array(index), np.array(strides)
    low = np.array([pad[0] for pad in pads])
    if len(start) == 1:
        at = "position {}"
        stride = f"the window moves {_many(strides[0], 'cell')} per step (stride {strides[0]})"
        padding = f"the padding moves every window {_many(low[0], 'cell')} left"
    else:
        at = "row {}, column {}"
        stride = (f"the window moves {_many(strides[0], 'row')} down or {_many(strides[1], 'column')} "
                  f"right per step (stride ({strides[0]}, {strides[1]}))")
        padding = (f"the padding moves every window {_many(low[0], 'row')} up and "
                   f"{_many(low[1], 'column')} left")
    slips = []
    for first, why in ((index - low, stride), (index * strides, padding)):
        if np.abs(first - start).sum() > 1:
            value = _reduce(x, np.asarray(taps) - start + first, np.shape(x)[:len(start)], pads, op,
                            counted=counted)
            values = tuple(float(v) for v in np.ravel(value))
            if np.all(np.isfinite(values)) and not _close(values, np.ravel(right)):
                slips.append(Slip(SHIFTED, values, f"That is the window at {at.format(*first)}: {why}, "
                                                   f"so {start_text}."))
    return slips


def check_step(x, settings: dict, step: int, text: str) -> Verdict:
    """Mark the typed value (one per feature) of output ``step`` of `pool1d(x, **settings)`."""
    y = pool1d(np.asarray(x, dtype=float), **settings)
    label = f"y[{step}] = {', '.join(format_number(v) for v in np.ravel(y[step]))}"
    return _verdict(text, y[step], label, step_slips(x, settings, step))


def step_slips_2d(patch, settings: dict, step: int) -> list[Slip]:
    """The slips of output ``step`` (row-major) of `pool2d(patch, **settings)`."""
    patch = np.asarray(patch, dtype=float)
    op = settings.get("op", "max")
    counted = settings.get("count_include_pad", True)
    w = windows2d(patch.shape, **_geometry(settings), count_include_pad=counted)
    y = pool2d(patch, **settings)
    index = tuple(int(v) for v in np.unravel_index(step, w.out_shape))
    starts = (int(w.rows.starts[index[0]]), int(w.cols.starts[index[1]]))
    start_text = f"y[{index[0]}, {index[1]}]'s window starts at row {starts[0]}, column {starts[1]}"
    pads = [(w.rows.pad_left, w.rows.pad_right), (w.cols.pad_left, w.cols.pad_right)]
    taps, counted = w.positions[index], w.rows.count_include_pad
    return (_window_slips(patch, taps, patch.shape, pads, op, counted, y, index, start_text)
            + _moved_slips(patch, taps, starts, index, (w.rows.stride, w.cols.stride), pads, op, counted,
                           y[index], start_text))


def check_step_2d(patch, settings: dict, step: int, text: str) -> Verdict:
    """Mark the typed value of output ``step`` (row-major) of `pool2d(patch, **settings)`."""
    y = pool2d(np.asarray(patch, dtype=float), **settings)
    index = np.unravel_index(step, y.shape)
    label = f"y[{index[0]}, {index[1]}] = {format_number(y[index])}"
    return _verdict(text, [y[index]], label, step_slips_2d(patch, settings, step))


CHECKS = {"length": check_length, "shape": check_shape, "step": check_step, "step_2d": check_step_2d}
"""What `reason` marks with: the output length of `pool1d`, the output shape of `pool2d`, one
output of either."""


def reason(check_as: tuple, text: str) -> str:
    """Which usual slip gives the typed ``text``, in one line, for a question whose answer the core
    computes as ``check_as`` = (kind, *arguments) for `CHECKS` (e.g. ``("length", n, settings)``);
    "" when no slip gives it, or for a question no check covers (``check_as`` empty).

    >>> reason(("length", 8, {"kernel_size": 2, "stride": 2}), "7")
    'You left out the stride: the window moves s = 2 cells at a time, so divide by 2.'
    """
    if not check_as:
        return ""
    kind, *arguments = check_as
    return CHECKS[kind](*arguments, text).reason


@dataclass(frozen=True)
class Questions:
    """What an animated lesson asks while predicting: the output length (or shape), then each output.

    Attributes
    ----------
    about : str
        A short name for the input and settings asked about: new ones ask again.
    length : str
        The question asked before the first step.
    check_length : callable
        ``check_length(text) -> Verdict``.
    check_value : callable
        ``check_value(step, text) -> Verdict``.
    """

    about: str
    length: str
    check_length: Callable[[str], Verdict]
    check_value: Callable[[int, str], Verdict]


def _about(x: np.ndarray, settings: dict) -> str:
    named = repr((x.shape, x.tobytes(), sorted(settings.items())))
    return hashlib.sha1(named.encode()).hexdigest()[:10]


def sequence_questions(x, settings: dict) -> Questions:
    """The questions of `pool1d(x, **settings)`: its output length, then each output.

    >>> asked = sequence_questions(np.array([0, 1, 2, 2, 5, 1, 2]), {"kernel_size": 3, "stride": 1})
    >>> asked.check_length("5").right, asked.check_value(2, "5").right
    (True, True)
    """
    x = np.asarray(x, dtype=float)
    return Questions(_about(x, settings), "How many outputs? (the output length)",
                     functools.partial(check_length, x.shape[0], settings),
                     functools.partial(check_step, x, settings))


def patch_questions(patch, settings: dict) -> Questions:
    """The questions of `pool2d(patch, **settings)`: its output shape, then each output, row by row."""
    patch = np.asarray(patch, dtype=float)
    return Questions(_about(patch, settings), "The output's shape: height, width",
                     functools.partial(check_shape, patch.shape, settings),
                     functools.partial(check_step_2d, patch, settings))
