"""What the sliding-window lesson computes and says: its starting sequences, how the output length
is worked out, the takeaway, and the global-pooling limit with its table per feature.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..inputs import MAX_VALUES
from ..ops import global_pool1d, pool1d
from ..windows import output_size, windows1d
from .frames import OP_NAMES, format_number
from .links import FLAG, Setting, animation_step, choice, either, sequence_text, whole
from .sentences import (
    KIM_FEATURES,
    KIM_SCORES,
    KIM_WORDS,
    PAD_WORD,
    PADDED_SCORES,
    PADDED_WORDS,
    SENTENCE_FEATURES,
    rows_text,
)

__all__ = [
    "LINK", "PRESETS", "SEED_TEXT", "Derivation", "feature_rows", "labels_for", "output_length",
    "preset_text",
    "takeaway", "values_text",
]

SEED_TEXT = "0, 1, 2, 2, 5, 1, 2"
PRESETS = {
    "seed": "The seed example",
    "random": "Random whole numbers",
    "wave": "A smooth wave with one spike",
    "sentence": "A sentence: word feature scores",
    "kim": "Kim 2014: max over time",
}


def preset_text(preset: str, length: int = 20, seed: int = 0) -> str:
    """The numbers a preset starts from, as a student would type them.

    >>> preset_text("seed")
    '0, 1, 2, 2, 5, 1, 2'
    >>> preset_text("random", 5, 0)
    '8, 6, 5, 2, 3'
    """
    if preset == "random":
        return ", ".join(str(v) for v in np.random.default_rng(seed).integers(0, 10, length))
    if preset == "wave":
        wave = 3 + 2 * np.sin(np.arange(40) * 2 * np.pi / 20)
        wave[13] = 9  # within the first 20 steps, all that is animated (frames.MAX_STEPS)
        return ", ".join(f"{v:.1f}" for v in wave)
    if preset == "sentence":
        return rows_text(PADDED_SCORES)
    if preset == "kim":
        return rows_text(KIM_SCORES)
    return SEED_TEXT


def labels_for(preset: str, shape: tuple[int, ...]) -> tuple[list[str] | None, list[str] | None]:
    """The step labels (words) and feature names of a sentence preset, while the typed numbers keep
    its shape; else (None, None)."""
    words, features = {"sentence": (PADDED_WORDS, SENTENCE_FEATURES),
                       "kim": (KIM_WORDS, KIM_FEATURES)}.get(preset, (None, None))
    if words is None or shape != (len(words), len(features)):
        return None, None
    return list(words), list(features)


def values_text(values) -> str:
    """``2, 2, 5``: numbers as the page writes them."""
    return ", ".join(format_number(v) for v in np.atleast_1d(values))


@dataclass(frozen=True)
class Derivation:
    """How the output length follows from the settings: LaTeX lines, notes in words, the length."""

    latex: str
    notes: tuple[str, ...]
    out: int


def output_length(n: int, settings: dict) -> Derivation:
    """The output length of `pool1d` over ``n`` steps, worked out as a student would.

    >>> output_length(7, {"kernel_size": 3, "stride": 1, "padding": 0, "dilation": 1}).out
    5
    """
    k, s, d = settings["kernel_size"], settings["stride"], settings.get("dilation", 1)
    padding, ceil_mode = settings.get("padding", 0), settings.get("ceil_mode", False)
    out = output_size(n, k, stride=s, padding=padding, dilation=d, ceil_mode=ceil_mode)
    if padding == "same":
        w = windows1d(n, k, stride=s, padding="same", dilation=d)
        latex = (rf"\text{{out}} = \left\lceil \frac{{n}}{{s}} \right\rceil = "
                 rf"\left\lceil \frac{{{n}}}{{{s}}} \right\rceil = {out}")
        return Derivation(latex, (f"'same' pads {w.pad_left} cell(s) on the left and {w.pad_right} on the "
                                  f"right: just enough for {out} windows.",), out)
    p = 0 if padding == "valid" else padding
    room = n + 2 * p - d * (k - 1) - 1
    left, right = (r"\left\lceil", r"\right\rceil") if ceil_mode else (r"\left\lfloor", r"\right\rfloor")
    latex = rf"""\begin{{aligned}}
        \text{{out}} &= {left} \frac{{n + 2p - d\,(k - 1) - 1}}{{s}} {right} + 1 \\
        &= {left} \frac{{{n} + 2 \cdot {p} - {d} \cdot ({k} - 1) - 1}}{{{s}}} {right} + 1 \\
        &= {left} \frac{{{room}}}{{{s}}} {right} + 1 = {out}
        \end{{aligned}}"""
    notes = ()
    if ceil_mode and out != math.ceil(room / s) + 1:
        notes = ("PyTorch drops a last window that would start in the right padding: one fewer.",)
    return Derivation(latex, notes, out)


def takeaway(x: np.ndarray, settings: dict, outputs: int) -> str:
    """One sentence on what the animation showed, with its numbers."""
    cells = settings["kernel_size"]
    return (f"**Takeaway.** Each output is the {OP_NAMES[settings.get('op', 'max')]} of the {cells} "
            f"cell{'s' * (cells > 1)} under the window; the window moves {settings['stride']} at a time, so "
            f"{x.shape[0]} steps give {outputs} output{'s' * (outputs > 1)}.")


def global_windows(x: np.ndarray, op: str) -> tuple[np.ndarray, np.ndarray]:
    """``pool1d`` with one window over the whole input, and ``global_pool1d``: the same numbers."""
    return pool1d(x, x.shape[0], stride=1, op=op)[0], global_pool1d(x, op)


def feature_rows(x: np.ndarray, words, features, mask=None) -> list[dict]:
    """One row per feature: its global max and average, and the step its max comes from.

    Masked steps (``mask`` False, e.g. padding tokens) are left out of both, as Keras does.
    """
    names = features or [f"feature {f}" for f in range(x.shape[1])]
    maxed, averaged = global_pool1d(x, "max", mask=mask), global_pool1d(x, "avg", mask=mask)
    kept = np.arange(x.shape[0]) if mask is None else np.flatnonzero(mask)
    _, won = pool1d(x[kept], len(kept), stride=1, return_indices=True)
    return [{"feature": name, "global max": format_number(m), "global average": format_number(a),
             "max comes from": (words[kept[i]] if words else f"step {kept[i]}")}
            for name, m, a, i in zip(names, maxed, averaged, won[0])]


def pad_mask(words) -> np.ndarray | None:
    """True for real words, False for padding tokens; None when there is no padding."""
    if not words or PAD_WORD not in words:
        return None
    return np.array([word != PAD_WORD for word in words])


_SIZE = whole(1, MAX_VALUES)
LINK = [  # what the sliding-window lesson keeps in its link
    Setting("preset", "w1d_preset", "seed", choice(list(PRESETS))),
    Setting("n", "w1d_length", 20, whole(2, 200)),
    Setting("seed", "w1d_seed", 0, whole(0, 10_000)),
    Setting("x", "w1d_text", lambda state: preset_text(
        state["w1d_preset"], state["w1d_length"], state["w1d_seed"]), sequence_text),
    Setting("op", "w1d_op", "max", choice(list(OP_NAMES), OP_NAMES)),
    Setting("k", "w1d_kernel", 3, _SIZE),
    Setting("s", "w1d_stride", 1, _SIZE),
    Setting("pad", "w1d_pad", 0, either(choice(["valid", "same"]), whole(0, MAX_VALUES))),
    Setting("d", "w1d_dilation", 1, _SIZE),
    Setting("ceil", "w1d_ceil", False, FLAG),
    Setting("cip", "w1d_count_pad", True, FLAG),
    Setting("mask", "w1d_mask", False, FLAG),
    animation_step("step", "w1d_step"),
]
