"""Predict, then see: the questions the global pooling lesson asks before it shows its numbers.

Each prediction is a multiple choice whose answer is read from the numbers the lesson is about to
show (`pooling.lessons.experiments`), with a one-line reason built from them. Its ``key`` names the
question and the situation (the maps, the settings), so a changed setting asks again.

>>> first = map_predictions(["edges"], [1.0], [0.25])[0]
>>> first.topic, first.question, first.answer, first.why
('edges', 'Which is larger?', 'GMP', 'GMP 1 vs GAP 0.25: GMP is 4.0 times GAP.')
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .experiments import Gradients, Outlier, PooledMaps, PooledSequence, Presence, Sparse, Translation
from .feature_maps import MAP_FEATURES

__all__ = [
    "HOW_MUCH", "LARGER", "Prediction", "gradient_predictions", "how_much", "larger", "map_predictions",
    "outlier_predictions", "predictions_for", "presence_predictions", "sparse_predictions",
    "translation_predictions",
]

LARGER = ("GMP", "equal", "GAP")
HOW_MUCH = ("the same", "up to 2×", "2× to 10×", "over 10×")
_BOUNDS = (1.0, 2.0, 10.0)
CHANGED = 0.005
"""A relative change above this counts as a change (what the takeaway shows as 1% or more)."""


@dataclass(frozen=True)
class Prediction:
    """One question asked before the numbers appear: its choices, the right one and why.

    Consecutive predictions with the same ``topic`` (a feature map's name) are asked side by side,
    under that name.
    """

    key: str
    question: str
    options: tuple[str, ...]
    answer: str
    why: str
    topic: str = ""

    def right(self, choice: str | None) -> bool:
        return choice == self.answer


def larger(gmp: float, gap: float) -> str:
    """Which of the two is larger: "GMP", "equal" or "GAP" (the max is never below the mean).

    >>> larger(5, 13 / 7), larger(2, 2)
    ('GMP', 'equal')
    """
    if np.isclose(gmp, gap, rtol=1e-9, atol=1e-12):
        return "equal"
    return "GMP" if gmp > gap else "GAP"


def how_much(gmp: float, gap: float) -> str | None:
    """How many times GAP the GMP is, as one of `HOW_MUCH`; None when GAP is not positive (a ratio
    then means nothing).

    >>> how_much(5, 13 / 7), how_much(1, 0.05), how_much(1, 0)
    ('2× to 10×', 'over 10×', None)
    """
    if gap <= 0:
        return None
    if larger(gmp, gap) == "equal":
        return HOW_MUCH[0]
    return HOW_MUCH[1 + int(np.searchsorted(_BOUNDS[1:], gmp / gap, side="right"))]


def _fingerprint(*arrays) -> str:
    digest = hashlib.sha256()
    for array in arrays:
        digest.update(np.ascontiguousarray(array, dtype=float).tobytes())
    return digest.hexdigest()[:12]


def map_predictions(names: Sequence[str], gmp, gap) -> list[Prediction]:
    """For each feature map: which is larger, GMP or GAP, and roughly by how much."""
    gmp, gap = np.atleast_1d(np.asarray(gmp, dtype=float)), np.atleast_1d(np.asarray(gap, dtype=float))
    about = f"maps:{_fingerprint(gmp, gap)}"
    asked = []
    for name, biggest, mean in zip(names, gmp, gap):
        ratio = f": GMP is {biggest / mean:.1f} times GAP." if mean > 0 else "."
        why = f"GMP {biggest:.3g} vs GAP {mean:.3g}{ratio}"
        asked.append(Prediction(f"{about}:{name}:larger", "Which is larger?", LARGER,
                                larger(biggest, mean), why, name))
        times = how_much(biggest, mean)
        if times is not None:
            asked.append(Prediction(f"{about}:{name}:times", "GMP is GAP times …", HOW_MUCH,
                                    times, why, name))
    return asked


def _changes(value: float) -> str:
    return "yes" if value > CHANGED else "no"


def translation_predictions(moved: Translation) -> list[Prediction]:
    """Does moving the object change the flattened vector, GMP, GAP?"""
    about = f"translation:{moved.down}:{moved.right}"
    return [
        Prediction(f"{about}:{name}", f"Moving the object {moved.down} down and {moved.right} right changes "
                   f"the **{name}** vector:", ("yes", "no"), _changes(change),
                   f"The {name} vector changed by {change:.0%} of its length.")
        for name, change in moved.changes.items()
    ]


def outlier_predictions(spiked: Outlier) -> list[Prediction]:
    """Which moves more when one cell spikes: GMP or GAP?"""
    (max0, max1), (avg0, avg1) = spiked.gmp, spiked.gap
    moves = {"GMP": abs(max1 - max0), "GAP": abs(avg1 - avg0)}
    answer = "both the same" if np.isclose(*moves.values()) else max(moves, key=moves.get)
    return [Prediction(f"outlier:{spiked.spike:g}", f"One cell jumps to {spiked.spike:g}. Which moves more?",
                       ("GMP", "GAP", "both the same"), answer,
                       f"GMP moved by {moves['GMP']:.2f}, GAP by {moves['GAP']:.3f}.")]


def presence_predictions(sizes: Presence) -> list[Prediction]:
    """From the small square to the large one: does GMP grow, does GAP grow?"""
    s, b = sizes.small_side, sizes.large_side
    asked = []
    for name, (small, large) in (("GMP", sizes.gmp), ("GAP", sizes.gap)):
        grows = "grows" if large > small and not np.isclose(large, small) else "stays the same"
        why = f"{name} is {small:.3g} for the small square and {large:.3g} for the large one."
        asked.append(Prediction(f"presence:{s}:{b}:{name}", f"From the {s}x{s} square to the {b}x{b} one, "
                                f"**{name}** …", ("grows", "stays the same"), grows, why))
    return asked


EXPECTED_MAX = ("below 0.25", "0.25 to 0.75", "above 0.75")


def sparse_predictions(model: Sparse) -> list[Prediction]:
    """Roughly what global max pooling expects for α and P."""
    expected = float(model.formula_max[model.cells - 1])
    bucket = EXPECTED_MAX[int(np.searchsorted([0.25, 0.75], expected, side="right"))]
    return [Prediction(f"sparse:{model.alpha:g}:{model.cells}",
                       f"With α = {model.alpha:g} over P = {model.cells} cells, the expected global max is …",
                       EXPECTED_MAX, bucket,
                       f"1 − (1 − {model.alpha:g})^{model.cells} = {expected:.2f}, while the average stays "
                       f"at α = {model.alpha:g}.")]


def gradient_predictions(flow: Gradients) -> list[Prediction]:
    """How many cells get a share of each global pooling's gradient?"""
    cells = flow.x.size
    side = flow.x.shape[0]
    options = ("one", "a few", f"all {cells}")
    asked = []
    for name, op in (("global max", "max"), ("global average", "avg")):
        reached = int(np.count_nonzero(flow.grads[op]))
        answer = options[0] if reached == 1 else options[2] if reached == cells else options[1]
        asked.append(Prediction(f"gradients:{side}:{op}", f"On the {side}x{side} map, how many cells get a "
                                f"share of **{name}**'s gradient?", options, answer,
                                f"{name.capitalize()} sends a gradient to {reached} of {cells} cells."))
    return asked


def predictions_for(result) -> list[Prediction]:
    """What the global lesson asks before it shows ``result``: pooled maps or a sequence, or the
    record of one of its experiments.

    >>> from pooling.lessons.experiments import outlier
    >>> [p.answer for p in predictions_for(outlier(5.0))]
    ['GMP']
    """
    if isinstance(result, PooledMaps):
        return map_predictions(MAP_FEATURES, result.gmp, result.gap)
    if isinstance(result, PooledSequence):
        return map_predictions(result.features, result.gmp, result.gap)
    ask = {Translation: translation_predictions, Outlier: outlier_predictions, Presence: presence_predictions,
           Sparse: sparse_predictions, Gradients: gradient_predictions}
    return ask[type(result)](result)
