"""The code behind every lesson, written for the settings on screen: PyTorch, Keras and numpy.

One generator serves the 1D lesson (a sequence, one op), the image lesson (a picture, max, average
and min at once) and the global lesson. Where Keras has no exact equivalent of the settings, its
snippet says what is missing instead of showing code that would compute something else.

Settings are `pooling.pool1d` / `pooling.pool2d` keywords: ``kernel_size``, ``stride``, ``padding``
(a number, a pair, ``"valid"`` or ``"same"``), ``dilation``, ``ceil_mode``, ``count_include_pad``;
pairs are (height, width).
"""

from __future__ import annotations

import functools
import inspect
from dataclasses import dataclass

import numpy as np

from ..reference import pool1d_loop, pool2d_loop, reduce_window
from ..windows import windows1d, windows2d
from .sentences import rows_text

__all__ = ["Snippet", "global_snippets", "pooling_snippets"]

LINE = 88
"""A call longer than this is written one argument per line."""


@dataclass(frozen=True)
class Snippet:
    """One snippet of "show the code": its title, the code (or "" when there is no equivalent) and a note
    shown above it, or instead of it."""

    title: str
    code: str
    note: str = ""


def call(name: str, *arguments: str, wrap: bool = False) -> str:
    """``name(a, b)`` on one line if it fits (and ``wrap`` is off), else one argument a line.

    >>> call("f", "x", "k=3")
    'f(x, k=3)'
    >>> print(call("window = dict", "k=3", wrap=True))
    window = dict(
        k=3,
    )
    """
    line = f"{name}({', '.join(arguments)})"
    if len(line) <= LINE and not wrap:
        return line
    return f"{name}(\n" + "".join(f"    {argument},\n" for argument in arguments) + ")"


def keywords(**values) -> list[str]:
    """``key=value`` texts, strings in double quotes.

    >>> keywords(padding="same", stride=(2, 1))
    ['padding="same"', 'stride=(2, 1)']
    """
    return [f'{key}="{value}"' if isinstance(value, str) else f"{key}={value!r}"
            for key, value in values.items()]


@dataclass(frozen=True)
class _Case:
    """The settings as the snippets need them: one form for 1D and 2D."""

    dims: int
    kernel_size: object
    stride: object
    padding: object  # a number or pair, or "same"
    dilation: object
    ceil_mode: bool
    count_include_pad: bool
    pads: tuple[int, ...] | None  # F.pad's order for "same": (left, right[, top, bottom])

    @classmethod
    def of(cls, settings: dict, dims: int, length) -> _Case:
        padding, stride = settings.get("padding", 0), settings.get("stride")
        kernel, dilation = settings["kernel_size"], settings.get("dilation", 1)
        if dims == 1:
            w = windows1d(length, kernel, stride=stride, padding=padding, dilation=dilation)
            stride, pads = w.stride, (w.pad_left, w.pad_right)
        else:
            w2 = windows2d(length, kernel, stride=stride, padding=padding, dilation=dilation)
            stride = (w2.rows.stride, w2.cols.stride)
            pads = (w2.cols.pad_left, w2.cols.pad_right, w2.rows.pad_left, w2.rows.pad_right)
        none = 0 if dims == 1 else (0, 0)
        return cls(dims, kernel, stride, none if padding == "valid" else padding,
                   settings.get("dilation", 1 if dims == 1 else (1, 1)), bool(settings.get("ceil_mode")),
                   bool(settings.get("count_include_pad", True)), pads if padding == "same" else None)

    @property
    def dilated(self) -> bool:
        return self.dilation not in (1, (1, 1))

    @property
    def padded(self) -> bool:
        return self.pads is None and self.padding not in (0, (0, 0))


def _torch_ops(case: _Case, ops: list[str]) -> list[str]:
    """The PyTorch pooling lines: ``y = ...`` for one op, ``max_pooled = ...`` for several."""
    d = case.dims
    sizes = keywords(kernel_size=case.kernel_size, stride=case.stride)
    extra = {"max": keywords(dilation=case.dilation), "min": keywords(dilation=case.dilation),
             "avg": [] if case.pads else keywords(count_include_pad=case.count_include_pad)}
    if case.pads:
        shared = sizes
        lines = [f"# PyTorch pooling has no padding='same': pad {case.pads} by hand (left, right"
                 + (", top, bottom)" if d == 2 else ")"), f"pads = {case.pads}"]
        inputs = {"max": 'F.pad(x, pads, value=float("-inf"))', "min": 'F.pad(-x, pads, value=float("-inf"))',
                  "avg": "F.pad(x, pads)"}
    else:
        shared = [*sizes, *keywords(padding=case.padding)]
        lines = []
        inputs = {"max": "x", "min": "-x", "avg": "x"}
    one = len(ops) == 1
    if not one:
        window = shared if case.pads else [*shared, *keywords(ceil_mode=case.ceil_mode)]
        lines.append(call("window = dict", *window, wrap=True))
    for op in ops:
        function = f"F.{'avg' if op == 'avg' else 'max'}_pool{d}d"
        if one:
            ceil = [] if case.pads else keywords(ceil_mode=case.ceil_mode)
            arguments = [*shared, *extra[op][:1], *ceil, *extra[op][1:]] if op != "avg" else [
                *shared, *ceil, *extra[op]]
        else:
            arguments = ["**window", *extra[op]]
        pooled = call(function, inputs[op], *arguments)
        if op == "avg" and case.pads:
            share = call(function, "F.pad(torch.ones_like(x), pads)", *arguments)
            lines.append("# divide by the real cells of each window: Keras never counts 'same' padding")
            pooled = f"{pooled} / {share}"
        if op == "min":
            lines.append("# min pooling has no layer of its own: negate, max-pool, negate")
            pooled = f"-{pooled}"
        lines.append(f"{'y' if one else f'{op}_pooled'} = {pooled}")
    return lines


def _torch(case: _Case, ops: list[str], prologue: list[str], epilogue: list[str]) -> Snippet:
    shown = [op for op in ops if not (op == "avg" and case.dilated)]
    lines = ["import torch", "import torch.nn.functional as F", "", *prologue, *_torch_ops(case, shown)]
    if len(shown) < len(ops):
        lines.append("# no average: PyTorch's average pooling has no dilation")
    return Snippet("PyTorch", "\n".join([*lines, *epilogue]))


def _keras_missing(case: _Case, ops: list[str], pixels: bool) -> list[str]:
    """What Keras' pooling layers cannot do of these settings."""
    missing = []
    if case.dilated:
        missing.append("dilation")
    if case.ceil_mode and case.pads is None:
        missing.append("ceil_mode")
    if case.padded and not pixels and set(ops) & {"max", "min"}:
        fill = "-inf" if "max" in ops else "+inf"
        missing.append(f"padding with {fill} (ZeroPadding{case.dims}D pads zeros)")
    return missing


def _keras(case: _Case, ops: list[str], prologue: list[str], epilogue: list[str], pixels: bool) -> Snippet:
    missing = _keras_missing(case, ops, pixels)
    if missing:
        return Snippet("Keras", "", f"Keras' pooling layers have no {', no '.join(missing)}: there is no "
                                    "exact equivalent of these settings.")
    d = case.dims
    window = keywords(pool_size=case.kernel_size, strides=case.stride,
                      padding="same" if case.pads else "valid")
    lines = ["import keras", "", *prologue]
    if case.pads:
        lines.append("# Keras' own 'same' (JAX and TensorFlow's rule; its torch backend differs)")
    if case.padded:
        lines += ["# Keras pools cannot pad: add the zeros first",
                  f"pad = keras.layers.ZeroPadding{d}D(padding={case.padding!r})"]
    one = len(ops) == 1
    if not one:
        lines.append(call("window = dict", *window, wrap=True))
    layers = {"max": f"keras.layers.MaxPooling{d}D", "min": f"keras.layers.MaxPooling{d}D",
              "avg": f"keras.layers.AveragePooling{d}D"}
    for op in ops:
        layer = call(layers[op], *(window if one else ["**window"]))
        source = {"max": "x", "avg": "x", "min": "-x"}[op]
        if case.padded:
            source = {"max": "pad(x)", "avg": "pad(x)", "min": "pad(255 - x)"}[op]
        pooled = f"{layer}({source})"
        if op == "max" and case.padded:
            lines.append("# pixels are >= 0, so a padded 0 never wins a max")
        if op == "avg" and case.padded and not case.count_include_pad:
            lines.append("# leave padding out: divide by the share of real cells")
            pooled = f"{pooled} / {layer}(pad(x * 0 + 1))"
        if op == "min":
            lines.append("# no min pooling layer: " + ("255 - x >= 0 too, so the max of 255 - x gives it"
                                                        if case.padded else "negate, max-pool, negate"))
            pooled = f"255 - {pooled}" if case.padded else f"-{pooled}"
        lines.append(f"{'y' if one else f'{op}_pooled'} = {pooled}")
    return Snippet("Keras", "\n".join([*lines, *epilogue]))


def _core(function: str, settings: dict, ops: list[str]) -> Snippet:
    arguments = keywords(**{key: value for key, value in settings.items() if key != "op"})
    lines = [f"from pooling import {function}  # this app's numpy core, the same numbers", ""]
    if len(ops) == 1:
        lines.append("y = " + call(function, "x", *arguments, *keywords(op=ops[0])))
    else:
        lines.append(call("window = dict", *arguments, wrap=True))
        lines += [f'{op}_pooled = {function}(x, **window, op="{op}")' for op in ops]
    return Snippet("numpy", "\n".join(lines))


@functools.cache
def _loop(function) -> Snippet:
    """The textbook loop's source, read once (``inspect.getsource`` takes milliseconds a call)."""
    return Snippet("The loop", inspect.getsource(function) + "\n\n" + inspect.getsource(reduce_window),
                   "As a textbook writes it (`pooling/reference.py`); the app computes the same numbers "
                   "vectorized.")


def pooling_snippets(settings: dict, *, x: np.ndarray | None = None, picture_shape=None,
                     ops: list[str] | None = None) -> list[Snippet]:
    """PyTorch, Keras, numpy and the textbook loop for a 1D pooling of the sequence ``x``, or a 2D
    pooling of a picture of ``picture_shape`` ((H, W) grey or (H, W, 3) colour).

    ``ops`` are the operations shown: for a sequence ``[settings["op"]]``, for a picture max, average
    and min. Settings the core refuses raise `pooling.PoolingError`.

    >>> torch, keras, core, loop = pooling_snippets({"kernel_size": 3, "stride": 1}, x=np.arange(7.0))
    >>> torch.code.splitlines()[-2]
    'y = F.max_pool1d(x, kernel_size=3, stride=1, padding=0, dilation=1, ceil_mode=False)'
    >>> keras.code.splitlines()[-1]
    'y = keras.layers.MaxPooling1D(pool_size=3, strides=1, padding="valid")(x)'
    """
    if x is not None:
        ops = ops or [settings.get("op", "max")]
        case = _Case.of(settings, 1, x.shape[0])
        tensor = rows_text(x.reshape(len(x), -1)).replace("\n", "], [")
        torch_in = [f"x = torch.tensor([[[{tensor}]]], dtype=torch.float32)  # (1, steps, features)",
                    "x = x.transpose(1, 2)  # PyTorch wants channels first: (1, features, steps)"]
        torch_out = ["y = y.transpose(1, 2)  # back to (1, steps, features)"]
        keras_in, keras_out = ["# x: (samples, steps, features)"], []
        return [_torch(case, ops, torch_in, torch_out), _keras(case, ops, keras_in, keras_out, pixels=False),
                _core("pool1d", settings, ops), _loop(pool1d_loop)]
    ops = ops or ["max", "avg", "min"]
    grey = len(picture_shape) == 2
    case = _Case.of(settings, 2, picture_shape[:2])
    torch_in = (["# image: (H, W) uint8; PyTorch wants (batch, channels, H, W)",
                 "x = torch.from_numpy(image)[None, None].float()"] if grey else
                ["# image: (H, W, 3) uint8, channels last; PyTorch wants (batch, channels, H, W)",
                 "x = torch.from_numpy(image).permute(2, 0, 1).unsqueeze(0).float()"]) + [""]
    first = "max" if "max" in ops else ops[0]
    torch_out = ["", "# back to channels last: (H_out, W_out, C)",
                 f"{first}_picture = {first}_pooled[0].permute(1, 2, 0)"]
    keras_in = ["# (1, H, W, 1)", 'x = image[None, :, :, None].astype("float32")'] if grey else [
        "# (1, H, W, 3): Keras is channels last, no permute", 'x = image[None].astype("float32")']
    keras_out = ["", f"{first}_picture = {first}_pooled[0]  # (H_out, W_out, C)"]
    return [_torch(case, ops, torch_in, torch_out), _keras(case, ops, keras_in, keras_out, pixels=True),
            _core("pool2d", settings, [op for op in ops if not (op == "avg" and case.dilated)]),
            _loop(pool2d_loop)]


def vector(values) -> str:
    """``[0.100, 2.000]``: a pooled vector as a comment shows it."""
    return "[" + ", ".join(f"{v:.3f}" for v in np.ravel(values)) + "]"


def global_snippets(shape: tuple[int, ...], gmp, gap) -> list[Snippet]:
    """numpy, Keras and PyTorch code of global max and average pooling of feature maps of ``shape``:
    (steps, features) for a sequence, (H, W, C) for images; ``gmp`` and ``gap`` are the results,
    written in the comments.

    >>> numpy_code = global_snippets((8, 3), [1, 2, 3], [0, 1, 2])[0].code
    >>> numpy_code.splitlines()[1]
    'gmp = x.max(axis=0)              # (features,) [1.000, 2.000, 3.000]'
    """
    if len(shape) == 2:
        names, axes, dims, n = "(steps, features)", "axis=0", 1, "features"
        torch_in = "x = torch.from_numpy(sequence).T[None]           # (1, features, steps)"
        keras_in, torch_dims, batch = "x = sequence[None]", "dim=2", "(batch, features, steps)"
    else:
        names, axes, dims, n = "(H, W, C)", "axis=(0, 1)", 2, "C"
        torch_in = "x = torch.from_numpy(maps).permute(2, 0, 1)[None]  # (1, C, H, W)"
        keras_in, torch_dims, batch = "x = maps[None]", "dim=(2, 3)", "(batch, C, H, W)"
    source = "sequence" if dims == 1 else "maps"
    numpy_code = "\n".join([
        f"x = {source}  # {names} = {tuple(shape)}",
        f"gmp = x.max({axes})".ljust(33) + f"# ({n},) {vector(gmp)}",
        f"gap = x.mean({axes})".ljust(33) + f"# ({n},) {vector(gap)}",
        "",
        f"from pooling import global_pool{dims}d  # this app's core, the same numbers",
        f'global_pool{dims}d(x, "max"), global_pool{dims}d(x, "avg")'])
    keras_code = "\n".join([
        f"import keras  # channels last: (batch, {names[1:]} -> (batch, {n})",
        "",
        f"{keras_in}".ljust(42) + f"# (1, {names[1:]}",
        f"keras.layers.GlobalMaxPooling{dims}D()(x)".ljust(42) + f"# (1, {n})",
        f"keras.layers.GlobalAveragePooling{dims}D()(x)".ljust(42) + f"# (1, {n})"])
    torch_code = "\n".join([
        f"import torch  # channels first: {batch}",
        "",
        torch_in,
        f"torch.nn.AdaptiveMaxPool{dims}d(1)(x).flatten(1)".ljust(40) + f"# (1, {n})",
        f"x.amax({torch_dims})".ljust(40) + f"# (1, {n}), the same",
        f"torch.nn.AdaptiveAvgPool{dims}d(1)(x).flatten(1)".ljust(40) + f"# (1, {n})",
        f"x.mean({torch_dims})".ljust(40) + f"# (1, {n}), the same"])
    note = f"Shapes: {names} = {tuple(shape)} → pooled vector ({n},) = ({shape[-1]},)."
    return [Snippet("numpy", numpy_code, note), Snippet("Keras", keras_code), Snippet("PyTorch", torch_code)]
