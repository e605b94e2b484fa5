"""Practice questions: generated from the core, never typed in by hand, in three levels.

Every question is drawn from a seed, so one link gives a whole class the same questions in the same
order. Its answer is what the core computes (`pooling.windows`, `pooling.ops`, `pooling.grad`, the
global lesson's head count); its worked answer shows the arithmetic; its link opens the lesson that
teaches it in exactly the question's settings, written with that lesson's own link settings.

>>> first = questions(7, 1)[0]
>>> first.check(first.answer_text).right
True
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ..errors import InputError, PoolingError
from ..grad import pool1d_grad, pool2d_grad
from ..inputs import parse_sequence
from ..ops import global_pool1d, pool1d, pool2d
from ..windows import output_size, windows1d, windows2d
from . import experiments, pictures, sliding
from .frames import OP_NAMES, format_number
from .links import Setting, as_text, whole

__all__ = [
    "LESSON_LINKS", "LEVELS", "LINK", "QUESTIONS_PER_SET", "Attempt", "Question", "new_seed", "questions",
    "read_answer",
]

QUESTIONS_PER_SET = 5
SEED_LIMIT = 999_999
"""Seeds run from 0 to this; the link carries one."""

WINDOW, IMAGE, GLOBAL = "pages/window_1d.py", "pages/image.py", "pages/global_pooling.py"
LESSON_LINKS: dict[str, list[Setting]] = {
    WINDOW: sliding.LINK, IMAGE: pictures.LINK, GLOBAL: experiments.LINK,
}
"""Each lesson a question can open, and the settings its link holds."""

LEVELS = {
    1: "After “Sliding a window”",
    2: "After “Pooling an image”",
    3: "After “Global max vs average”",
}

_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:[, ]\d{3})+")
_FRACTION = re.compile(r"([+-]?\d{1,12})\s*/\s*(\d{1,12})")


def read_answer(text: str, count: int) -> tuple[float, ...]:
    """The ``count`` numbers a student typed, or an InputError that says what to type.

    Fractions such as ``1/16`` are read as their value; a single number may group its thousands
    (``25,089,000``).

    >>> read_answer("2, 3", 2), read_answer("1/4", 1), read_answer("25,089,000", 1)
    ((2.0, 3.0), (0.25,), (25089000.0,))
    >>> read_answer("1e400", 1)
    Traceback (most recent call last):
    ...
    pooling.errors.InputError: '1e400' (item 1) is too large: use numbers between -1e15 and 1e15.
    """
    text = text.strip()
    if not text:
        raise InputError(f"Type your answer first: {_wanted(count)}.")
    if count == 1 and _THOUSANDS.fullmatch(text):
        text = re.sub("[, ]", "", text)
    text = _FRACTION.sub(lambda m: repr(int(m[1]) / int(m[2])) if int(m[2]) else m[0], text)
    values = parse_sequence(text).ravel()
    if values.size != count:
        raise InputError(f"This answer has {values.size} number{'s' * (values.size != 1)}: "
                         f"{_wanted(count)}.")
    return tuple(float(v) for v in values)


def _wanted(count: int) -> str:
    return "one number" if count == 1 else f"{count} numbers separated by a comma, e.g. 1, 2"


@dataclass(frozen=True)
class Attempt:
    """What a student typed, read, and whether it is right."""

    given: tuple[float, ...]
    right: bool

    @property
    def given_text(self) -> str:
        return ", ".join(format_number(v) for v in self.given)


@dataclass(frozen=True)
class Question:
    """One generated question.

    Attributes
    ----------
    kind : str
        Which generator made it (``"output_length"``, ...).
    prompt : str
        The question, as Markdown made by this module (no user text).
    answer : tuple of float
        What the core computes.
    asks_for : str
        What to type, e.g. ``"left, right"``.
    worked : tuple of str
        The worked answer, one Markdown line each, with the arithmetic.
    lesson : str
        The page of the lesson that teaches it; ``query`` is that lesson's link for the question's settings.
    at : tuple of int
        The output the question is about (its index, or row and column), or ().
    tolerance : float
        How far a typed number may be from the answer (answers asked to two decimals).
    latex : tuple of str
        Derivations to show under the worked answer, one LaTeX block each.
    check_as : tuple
        How `pooling.lessons.diagnose.reason` finds the usual slip behind a wrong answer: the kind of
        check and what the core computed the answer from (``("length", n, settings)``, inputs as
        tuples so that questions compare by value); empty for questions it does not cover.
    """

    kind: str
    prompt: str
    answer: tuple[float, ...]
    asks_for: str
    worked: tuple[str, ...]
    lesson: str
    query: dict[str, str] = field(default_factory=dict)
    at: tuple[int, ...] = ()
    tolerance: float = 0.0
    latex: tuple[str, ...] = ()
    check_as: tuple = ()

    @property
    def answer_text(self) -> str:
        return ", ".join(format_number(v) for v in self.answer)

    def check(self, text: str) -> Attempt:
        """Read ``text`` and mark it; raises InputError for text that is not an answer."""
        given = read_answer(text, len(self.answer))
        right = all(abs(g - a) <= self.tolerance + 1e-9 for g, a in zip(given, self.answer))
        return Attempt(given, right)


def _digits(rng, size) -> np.ndarray:
    return rng.integers(0, 10, size)


def _text(values) -> str:
    return ", ".join(format_number(v) for v in np.ravel(values))


def _window_query(x, *, k, s, pad, d=1, ceil=False, op="max", cip=True) -> dict[str, str]:
    settings = {"x": _text(x), "op": op, "k": k, "s": s, "pad": pad, "d": d, "ceil": ceil, "cip": cip}
    return {name: as_text(value) for name, value in settings.items()}


def _tap_text(x: np.ndarray, positions) -> str:
    return ", ".join(format_number(x[p]) if 0 <= p < len(x) else "pad" for p in positions)


def _settings_text(k, s, p, d=1, ceil=False) -> str:
    parts = [f"kernel_size={k}", f"stride={s}", f"padding={p!r}" if isinstance(p, str) else f"padding={p}"]
    parts += [f"dilation={d}"] * (d != 1) + ["ceil_mode=True"] * ceil
    return ", ".join(parts)


def output_length(rng) -> Question:
    """How many outputs a 1D pooling gives (`pooling.output_size`)."""
    while True:
        n, k, s = int(rng.integers(5, 13)), int(rng.integers(2, 5)), int(rng.integers(1, 4))
        p, d = int(rng.integers(0, k // 2 + 1)), int(rng.choice([1, 1, 2]))
        ceil = bool(rng.random() < 0.3)
        try:
            out = output_size(n, k, stride=s, padding=p, dilation=d, ceil_mode=ceil)
            break
        except PoolingError:
            continue
    settings = {"kernel_size": k, "stride": s, "padding": p, "dilation": d, "ceil_mode": ceil}
    derivation = sliding.output_length(n, settings)
    x = _digits(rng, n)
    return Question(
        "output_length",
        f"A sequence of **{n}** steps is pooled with `{_settings_text(k, s, p, d, ceil)}`. "
        "How many outputs are there?",
        (out,), "the output length",
        (f"n = {n}, k = {k}, s = {s}, p = {p}, d = {d}: "
         f"{'round up (ceil mode)' if ceil else 'round down'}, then add 1.", *derivation.notes),
        WINDOW, _window_query(x, k=k, s=s, pad=p, d=d, ceil=ceil), latex=(derivation.latex,),
        check_as=("length", n, settings))


def value_at(rng) -> Question:
    """The value of one output of `pooling.pool1d` (max or average, with or without padding)."""
    n, k = int(rng.integers(6, 10)), int(rng.integers(2, 5))
    s, p, op = int(rng.integers(1, k + 1)), int(rng.integers(0, k // 2 + 1)), str(rng.choice(["max", "avg"]))
    x = _digits(rng, n)
    w = windows1d(n, k, stride=s, padding=p)
    i = int(rng.integers(0, w.out))
    y = pool1d(x, k, stride=s, padding=p, op=op)
    taps = w.positions[i]
    read = [format_number(x[j]) for j in w.reads(i)]
    if op == "max":
        how = f"max({', '.join(read)}) = **{format_number(y[i])}** (padding never wins a max)"
    else:
        how = (f"({' + '.join(read)}) / {w.divisor[i]} = {format_number(sum(x[j] for j in w.reads(i)))} / "
               f"{w.divisor[i]} = **{format_number(y[i])}**"
               + (" (PyTorch's default counts the padding cells in the divisor)" if w.divisor[i] > len(read)
                  else ""))
    return Question(
        "value_at",
        f"x = [{_text(x)}] is {OP_NAMES[op]}-pooled with `{_settings_text(k, s, p)}"
        f"{', count_include_pad=True' * (op == 'avg' and p > 0)}`. What is output "
        f"**{i}** (counting from 0)?" + (" Two decimals are enough." if op == "avg" else ""),
        (float(y[i]),), "the value",
        (f"Output {i}'s window starts at {i}·{s} − {p} = {int(w.starts[i])} and reads positions "
         f"{', '.join(map(str, taps))}: {_tap_text(x, taps)}.", how),
        WINDOW, _window_query(x, k=k, s=s, pad=p, op=op), at=(i,), tolerance=0.01 if op == "avg" else 0.0,
        check_as=("step", tuple(x.tolist()), {"kernel_size": k, "stride": s, "padding": p, "op": op}, i))


def max_gradient(rng) -> Question:
    """Which input cell an output's gradient goes to under max pooling (`pooling.pool1d_grad`)."""
    n, k = int(rng.integers(6, 10)), int(rng.integers(2, 5))
    s = int(rng.integers(1, k + 1))
    x = _digits(rng, n)
    w = windows1d(n, k, stride=s)
    i = int(rng.integers(0, w.out))
    grad_out = np.zeros(w.out)
    grad_out[i] = 1.0
    cell = int(np.flatnonzero(pool1d_grad(x, grad_out, k, stride=s))[0])
    taps = w.positions[i]
    ties = int(np.sum(x[taps] == x[cell]))
    return Question(
        "max_gradient",
        f"x = [{_text(x)}] is max-pooled with `{_settings_text(k, s, 0)}`. In the backward pass, output "
        f"**{i}** gets a gradient of 1. Which input position (counting from 0) receives it?",
        (cell,), "a position",
        (f"Output {i} reads positions {', '.join(map(str, taps))}: {_tap_text(x, taps)}.",
         f"Its max, {format_number(x[cell])}, sits at position **{cell}**"
         + (f" (the first of {ties} tied cells, as PyTorch's `return_indices` names it)" if ties > 1 else "")
         + ": the whole gradient goes there, every other cell of the window gets 0."),
        WINDOW, _window_query(x, k=k, s=s, pad=0), at=(i,))


def same_split(rng) -> Question:
    """How Keras' "same" padding splits its cells (`Windows1D.pad_left`, `pad_right`)."""
    n, k, s = int(rng.integers(5, 13)), int(rng.integers(2, 6)), int(rng.integers(1, 4))
    w = windows1d(n, k, stride=s, padding="same")
    total, out = w.pad_left + w.pad_right, w.out
    reach = (out - 1) * s + (k - 1) + 1
    return Question(
        "same_split",
        f'A sequence of **{n}** steps is pooled with `kernel_size={k}, stride={s}, padding="same"`. '
        "How many padding cells go on the left and on the right?",
        (w.pad_left, w.pad_right), "left, right",
        (f"'same' keeps ⌈{n} / {s}⌉ = {out} outputs. Their windows reach ({out} − 1)·{s} + {k} = {reach} "
         f"cells, the input has {n}: {max(reach - n, 0)} padding cells in all"
         + (" (none needed)." if reach <= n else "."),
         f"The left gets the smaller half, as in TensorFlow: ⌊{total} / 2⌋ = **{w.pad_left}** on the left, "
         f"**{w.pad_right}** on the right."),
        WINDOW, _window_query(_digits(rng, n), k=k, s=s, pad="same"))


def _image_query(grid, *, k, s, p=(0, 0), ceil=False, op="max") -> dict[str, str]:
    query = {"img_source": "numbers", "img_grid": "; ".join(_text(row) for row in grid),
             "img_ceil": as_text(ceil), "img_op": op}
    for name, pair in (("kernel", k), ("stride", s), ("pad", p)):
        query.update({f"img_{name}_{axis}": str(v) for axis, v in zip("hw", pair)})
    return query


def _pixels(rng, shape) -> np.ndarray:
    return rng.integers(0, 10, shape) * 10


def output_shape(rng) -> Question:
    """The output shape of a 2D pooling (`pooling.windows2d`), one axis at a time."""
    while True:
        shape = tuple(int(v) for v in rng.integers(4, 17, 2))
        k = tuple(int(v) for v in rng.integers(1, 5, 2))
        s = tuple(int(v) for v in rng.integers(1, 5, 2))
        p = tuple(int(rng.integers(0, min(kk // 2, 4) + 1)) for kk in k)
        ceil = bool(rng.random() < 0.3)
        try:
            w = windows2d(shape, k, stride=s, padding=p, ceil_mode=ceil)
            break
        except PoolingError:
            continue
    lines = [sliding.output_length(n, {"kernel_size": kk, "stride": ss, "padding": pp, "ceil_mode": ceil})
             for n, kk, ss, pp in zip(shape, k, s, p)]
    return Question(
        "output_shape",
        f"An image of **{shape[0]} x {shape[1]}** pixels (height x width) is pooled with "
        f"`kernel_size={k}, stride={s}, padding={p}`{', ceil_mode=True' * ceil}. What is the output's "
        "height and width?",
        w.out_shape, "height, width",
        (f"Each axis on its own, as in 1D: the height with k = {k[0]}, s = {s[0]}, p = {p[0]} gives "
         f"**{w.out_shape[0]}**; the width with k = {k[1]}, s = {s[1]}, p = {p[1]} gives "
         f"**{w.out_shape[1]}**.",
         *lines[0].notes),
        IMAGE, _image_query(_pixels(rng, shape), k=k, s=s, p=p, ceil=ceil),
        latex=tuple(line.latex.replace(r"\text{out}", rf"\text{{{axis}}}", 1)
                    for line, axis in zip(lines, ("height", "width"))),
        check_as=("shape", shape, {"kernel_size": k, "stride": s, "padding": p, "ceil_mode": ceil}))


def _grid_text(grid) -> str:
    """The grid as a fixed-width block with its row and column numbers."""
    width = max(len(str(v)) for row in grid for v in row) + 2
    header = "     " + "".join(f"{f'c{j}':>{width}}" for j in range(len(grid[0])))
    rows = (f"{f'r{i}':<5}" + "".join(f"{v:>{width}}" for v in row) for i, row in enumerate(grid))
    return "\n".join([header, *rows])


def _reads_2d(r: int, c: int, rows, cols) -> str:
    rows, cols = (", ".join(map(str, taps)) for taps in (rows, cols))
    return f"Output ({r}, {c}) reads rows {rows} and columns {cols}."


def value_2d(rng) -> Question:
    """The value of one output of `pooling.pool2d` on a small grid."""
    shape = tuple(int(v) for v in rng.integers(4, 7, 2))
    k = int(rng.integers(2, 4))
    s, op = int(rng.integers(1, k + 1)), str(rng.choice(["max", "avg"]))
    grid = _pixels(rng, shape)
    w = windows2d(shape, k, stride=s)
    r, c = (int(rng.integers(0, n)) for n in w.out_shape)
    y = pool2d(grid, k, stride=s, op=op)
    rows, cols = w.rows.positions[r], w.cols.positions[c]
    block = grid[np.ix_(rows, cols)]
    values = ", ".join(format_number(v) for v in block.ravel())
    how = (f"max({values}) = **{format_number(y[r, c])}**" if op == "max"
           else f"({values.replace(', ', ' + ')}) / {block.size} = **{format_number(y[r, c])}**")
    return Question(
        "value_2d",
        f"This {shape[0]} x {shape[1]} grid of pixels is {OP_NAMES[op]}-pooled with "
        f"`kernel_size={k}, stride={s}`. What is the output at row **{r}**, column **{c}** (counting "
        f"from 0)?" + (" Two decimals are enough." if op == "avg" else "")
        + f"\n\n```\n{_grid_text(grid)}\n```",
        (float(y[r, c]),), "the value",
        (_reads_2d(r, c, rows, cols), how),
        IMAGE, _image_query(grid, k=(k, k), s=(s, s), op=op), at=(r, c),
        tolerance=0.01 if op == "avg" else 0.0,
        check_as=("step_2d", tuple(map(tuple, grid.tolist())), {"kernel_size": k, "stride": s, "op": op},
                  r * w.out_shape[1] + c))


def max_gradient_2d(rng) -> Question:
    """Which pixel an output's gradient goes to under 2D max pooling (`pooling.pool2d_grad`)."""
    shape = tuple(int(v) for v in rng.integers(4, 7, 2))
    k = int(rng.integers(2, 4))
    s = int(rng.integers(1, k + 1))
    grid = _pixels(rng, shape)
    w = windows2d(shape, k, stride=s)
    r, c = (int(rng.integers(0, n)) for n in w.out_shape)
    grad_out = np.zeros(w.out_shape)
    grad_out[r, c] = 1.0
    cell = tuple(int(v) for v in np.argwhere(pool2d_grad(grid, grad_out, k, stride=s))[0])
    rows, cols = w.rows.positions[r], w.cols.positions[c]
    ties = int(np.sum(grid[np.ix_(rows, cols)] == grid[cell]))
    return Question(
        "max_gradient_2d",
        f"This {shape[0]} x {shape[1]} grid is max-pooled with `kernel_size={k}, stride={s}`. Output "
        f"(row {r}, column {c}) gets a gradient of 1 in the backward pass. Which pixel receives it? "
        f"Type its row and column (the r and c numbers of the grid).\n\n```\n{_grid_text(grid)}\n```",
        cell, "row, column",
        (_reads_2d(r, c, rows, cols),
         f"Its max, {format_number(grid[cell])}, is at row {cell[0]}, column {cell[1]}: "
         f"**{cell[0]}, {cell[1]}**"
         + (f", the first of {ties} tied pixels in reading order (row by row), as PyTorch picks" if ties > 1
            else "") + ". Every other pixel gets 0."),
        IMAGE, _image_query(grid, k=(k, k), s=(s, s)), at=(r, c))


def _global_query(**values) -> dict[str, str]:
    return {name: as_text(value) for name, value in values.items()}


def gmp_gap(rng) -> Question:
    """Global max and global average of one feature map over time (`pooling.global_pool1d`)."""
    x = _digits(rng, int(rng.integers(4, 9)))
    biggest, mean = float(global_pool1d(x, "max")), float(global_pool1d(x, "avg"))
    return Question(
        "gmp_gap",
        f"One feature map over the {x.size} words of a sentence scores [{_text(x)}]. What are its global "
        "max pooling (GMP) and global average pooling (GAP)? Two decimals are enough.",
        (biggest, mean), "GMP, GAP",
        (f"GMP = max({_text(x)}) = **{format_number(biggest)}**.",
         f"GAP = ({' + '.join(map(str, x))}) / {x.size} = {int(x.sum())} / {x.size} = "
         f"**{format_number(mean)}**.",
         "GMP is never below GAP: the largest value is at least the mean."),
        GLOBAL, _global_query(src="sequence", x="; ".join(map(str, x))), tolerance=0.01)


def head_parameters(rng) -> Question:
    """Parameters of a flatten + dense or a GAP + dense head (the global lesson's counter)."""
    h = w = int(rng.choice([4, 6, 7, 8, 14]))
    c, k = int(rng.choice([64, 128, 256, 512])), int(rng.choice([10, 100, 1000]))
    counts = experiments.head_parameters(h, w, c, k)
    flatten = bool(rng.random() < 0.5)
    head = "flatten + dense" if flatten else "global average pooling + dense"
    return Question(
        "head_parameters",
        f"The last feature maps are {h} x {w} x {c} (H x W x C) and there are {k} classes. How many "
        f"trainable parameters (weights and biases) does a **{head}** head have?",
        (counts.flatten_dense if flatten else counts.gap_dense,), "a count",
        (f"Flatten + dense: H·W·C·K + K; GAP + dense: C·K + K (GAP itself has none). {counts.takeaway}",),
        GLOBAL, _global_query(h=h, w=w, c=c, k=k))


def global_gradient(rng) -> Question:
    """Where the gradients of global max and global average go (the global lesson's experiment)."""
    side = int(rng.integers(2, 7))
    flow = experiments.gradients(side)
    shown = f"\n\n```\n{_grid_text([[f'{v:.2f}' for v in row] for row in flow.x])}\n```"
    if rng.random() < 0.5:
        cell = tuple(int(v) for v in np.argwhere(flow.grads["max"])[0])
        return Question(
            "global_gradient",
            f"This {side} x {side} feature map is pooled by **global max pooling**, which gets a gradient "
            f"of 1. Which cell receives it? Type its row and column (the r and c numbers).{shown}",
            cell, "row, column",
            (f"The largest value, {flow.x[cell]:.2f}, is at row {cell[0]}, column {cell[1]}: "
             f"**{cell[0]}, {cell[1]}**. It gets the whole gradient, the other {side * side - 1} cells 0.",),
            GLOBAL, _global_query(side=side))
    share = float(flow.grads["avg"][0, 0])
    return Question(
        "global_gradient",
        f"This {side} x {side} feature map is pooled by **global average pooling**, which gets a gradient "
        f"of 1. How much of it does each cell receive? A fraction such as 1/4, or two decimals.{shown}",
        (share,), "a share", (f"The average divides by {side * side} cells, so each gets "
                              f"1/{side * side} = **{share:.4f}**, whatever its value.",),
        GLOBAL, _global_query(side=side), tolerance=0.005)


KINDS: dict[int, tuple[Callable, ...]] = {
    1: (output_length, value_at, max_gradient, same_split),
    2: (output_shape, value_2d, max_gradient_2d, same_split),
    3: (gmp_gap, head_parameters, global_gradient, value_at),
}
"""The question generators of each level."""


def questions(seed: int, level: int, count: int = QUESTIONS_PER_SET) -> list[Question]:
    """The questions of one set: every kind of the level once, then more drawn at random, in an
    order drawn from ``seed``. The same seed and level always give the same questions.

    >>> [q.kind for q in questions(1, 3)] == [q.kind for q in questions(1, 3)]
    True
    """
    if level not in KINDS:
        raise InputError(f"level must be one of {sorted(KINDS)}; got {level!r}")
    rng = np.random.default_rng([seed, level])
    kinds = list(KINDS[level])
    kinds += [kinds[int(i)] for i in rng.integers(0, len(kinds), max(count - len(kinds), 0))]
    order = rng.permutation(len(kinds))[:count]
    return [kinds[int(i)](rng) for i in order]


def new_seed() -> int:
    """A fresh seed for a new set of questions."""
    return secrets.randbelow(SEED_LIMIT + 1)


LINK = [  # what the practice page keeps in its link: the class opens the same questions
    Setting("level", "pr_level", 1, whole(1, len(LEVELS))),
    Setting("seed", "pr_seed", lambda state: new_seed(), whole(0, SEED_LIMIT)),
]
