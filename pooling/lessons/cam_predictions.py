"""Predict, then see: what the class activation map lesson asks before it shows a network's answer.

Every answer is read from what the lesson is about to show: the networks' predictions and boxes for
one picture (`pooling.lessons.cam.localize`), or the measured table (`pooling.lessons.cam.evaluate`).

>>> classes = ["circle", "square", "triangle", "cross"]
>>> asked = picture_predictions("7", {"gap": 3, "gmp": 3}, {"gap": 0.62, "gmp": 0.31}, classes)
>>> [p.answer for p in asked]
['cross', 'GAP + dense']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .cam import HeadScore
from .network import HEAD_NAMES
from .predictions import Prediction

__all__ = ["SAME_IOU", "picture_predictions", "table_predictions"]

SAME_IOU = 0.05
"""Two boxes whose overlaps with the true box differ by less than this count as "about the same"."""


def picture_predictions(picture: str, predicted: Mapping[str, int], overlaps: Mapping[str, float] | None,
                        classes: Sequence[str]) -> list[Prediction]:
    """For one picture (named ``picture`` in the keys): the class the GAP network predicts, and, when
    the true box is known (``overlaps``: each head's IoU with it), which head's box overlaps it more."""
    label = classes[predicted["gap"]]
    asked = [Prediction(f"cam:{picture}:class", f"What will **{HEAD_NAMES['gap']}** call this picture?",
                        tuple(classes), label, f"{HEAD_NAMES['gap']} says {label}.")]
    if overlaps is not None:
        gap, gmp = overlaps["gap"], overlaps["gmp"]
        options = (HEAD_NAMES["gap"], "about the same", HEAD_NAMES["gmp"])
        answer = options[1] if abs(gap - gmp) < SAME_IOU else options[0] if gap > gmp else options[2]
        asked.append(Prediction(f"cam:{picture}:box", "Whose box will overlap the true box (green) more?",
                                options, answer, f"IoU with the true box: GAP {gap:.2f}, GMP {gmp:.2f}."))
    return asked


def table_predictions(table: Sequence[HeadScore]) -> list[Prediction]:
    """Over the held-out pictures: which head localizes best, and which needs the most parameters.

    >>> rows = [HeadScore("gap", 900, 132, 0.93, 0.43, 0.35), HeadScore("gmp", 900, 132, 0.99, 0.35, 0.12)]
    >>> [p.answer for p in table_predictions(rows)]
    ['GAP + dense', 'about the same']
    """
    names = tuple(row.name for row in table)
    about = ":".join(f"{row.head}{row.mean_iou:.3f}{row.head_parameters}" for row in table)
    best = max(table, key=lambda row: row.mean_iou)
    most = max(table, key=lambda row: row.head_parameters)
    same = all(row.head_parameters == most.head_parameters for row in table)
    ious = ", ".join(f"{row.name} {row.mean_iou:.2f}" for row in table)
    counts = ", ".join(f"{row.name} {row.head_parameters:,}" for row in table)
    return [
        Prediction(f"cam-table:{about}:iou", "Which head's boxes overlap the true boxes best on average?",
                   names, best.name, f"Mean IoU: {ious}."),
        Prediction(f"cam-table:{about}:parameters", "Which head's dense layer has the most parameters?",
                   (*names, "about the same"), "about the same" if same else most.name,
                   f"Dense-layer parameters: {counts}."),
    ]
