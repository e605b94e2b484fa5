"""An image turned into a few feature maps by small fixed filters, as a first conv layer would.

Each channel is named for what it detects. The maps are ``(H, W, C)`` with ``C = len(MAP_FEATURES)``,
channels last as Keras, and every value is at least 0 (what a ReLU would leave).
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ..ops import pool2d

__all__ = ["MAP_FEATURES", "argmax_cells", "feature_maps", "grayscale", "fit_to_side", "to_unit_rgb"]

MAP_FEATURES = ("vertical edges", "horizontal edges", "brightness", "redness")

VERTICAL_EDGE = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]) / 4
"""Sobel kernel scaled so that a step of 1 from left to right gives a response of 1."""

HORIZONTAL_EDGE = VERTICAL_EDGE.T

LUMA = np.array([0.299, 0.587, 0.114])
"""ITU-R BT.601 weights of red, green and blue in perceived brightness."""


def to_unit_rgb(image) -> np.ndarray:
    """An ``(H, W)`` or ``(H, W, 3)`` image as float32 ``(H, W, 3)`` in [0, 1].

    Integer images are divided by 255 (what `pooling.load_image` returns is uint8); grey images get
    three equal channels.

    >>> to_unit_rgb(np.array([[0, 255]], dtype=np.uint8)).tolist()
    [[[0.0, 0.0, 0.0], [1.0, 1.0, 1.0]]]
    """
    image = np.asarray(image)
    unit = image.astype(np.float32, copy=False)
    if image.dtype.kind in "iu":
        unit = unit / 255
    return np.repeat(unit[..., None], 3, axis=2) if unit.ndim == 2 else unit


def fit_to_side(image, max_side: int = 128) -> np.ndarray:
    """`to_unit_rgb` of ``image``, average-pooled by a square window just large enough that no side
    exceeds ``max_side``.

    With window ``k = ceil(max(H, W) / max_side)`` the result is ``(H // k, W // k, 3)``; an image that
    already fits keeps its size.

    >>> fit_to_side(np.ones((300, 200, 3))).shape
    (100, 66, 3)
    """
    unit = to_unit_rgb(image)
    k = -(-max(unit.shape[:2]) // max_side)
    return unit if k == 1 else pool2d(unit, k, op="avg")


def grayscale(rgb: np.ndarray) -> np.ndarray:
    """Perceived brightness of an ``(H, W, 3)`` image in [0, 1]: ``(H, W)``."""
    return rgb @ LUMA


def correlate3x3(gray: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """Cross-correlate ``gray`` ``(H, W)`` with a 3x3 ``kernel``, as a conv layer does: ``(H, W)``.

    The border is padded by repeating the edge pixels, so the frame itself is not seen as an edge.
    """
    windows = sliding_window_view(np.pad(gray, 1, mode="edge"), (3, 3))
    return np.einsum("hwij,ij->hw", windows, kernel)


def feature_maps(image) -> np.ndarray:
    """The ``MAP_FEATURES`` maps of an image: ``(H, W)`` or ``(H, W, 3)`` -> ``(H, W, 4)``.

    - vertical edges: ``|Sobel_x * gray|``, brightness changing from left to right
    - horizontal edges: ``|Sobel_y * gray|``, brightness changing from top to bottom
    - brightness: the grey value itself
    - redness: ``max(R - (G + B) / 2, 0)``

    >>> step = np.zeros((4, 6)); step[:, 3:] = 1
    >>> feature_maps(step)[0, :, 0].round(3).tolist()
    [0.0, 0.0, 1.0, 1.0, 0.0, 0.0]
    """
    rgb = to_unit_rgb(image)
    gray = grayscale(rgb)
    redness = np.maximum(rgb[..., 0] - (rgb[..., 1] + rgb[..., 2]) / 2, 0)
    return np.stack(
        [
            np.abs(correlate3x3(gray, VERTICAL_EDGE)),
            np.abs(correlate3x3(gray, HORIZONTAL_EDGE)),
            gray,
            redness,
        ],
        axis=-1,
    )


def argmax_cells(maps: np.ndarray) -> list[tuple[int, int]]:
    """The (row, column) where each channel of ``(H, W, C)`` maps reaches its global max.

    The window of a global max pooling is the whole map, so this is `pooling.pool2d`'s
    ``return_indices`` with ``kernel_size = (H, W)``; ties go to the first cell in row-major order.

    >>> argmax_cells(np.array([[[0, 5], [7, 1]], [[2, 5], [3, 4]]]))
    [(0, 1), (0, 0)]
    """
    _, indices = pool2d(maps, maps.shape[:2], return_indices=True)
    return [divmod(int(index), maps.shape[1]) for index in indices.ravel()]
