"""Small seeded pictures of shapes, each with its class and its true bounding box.

Every picture is grey, ``SIDE`` x ``SIDE`` pixels in [0, 1]: one bright shape (a circle, a square, a
triangle or a cross) at a random position, size and rotation on a dark background, with Gaussian
noise and clutter (a few small dots and one thin line). The same seed gives the same pictures.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["CLASSES", "SIDE", "Shapes", "shapes"]

CLASSES = ("circle", "square", "triangle", "cross")
SIDE = 32
NOISE = 0.08
DOTS = 3


@dataclass(frozen=True)
class Shapes:
    """Pictures with their labels and true boxes.

    Attributes
    ----------
    images : ndarray of float64, shape (N, SIDE, SIDE)
    labels : ndarray of int, shape (N,)
        Index into `CLASSES`.
    boxes : ndarray of int, shape (N, 4)
        ``(top, left, bottom, right)`` of the shape's pixels; bottom and right are exclusive.
    """

    images: np.ndarray
    labels: np.ndarray
    boxes: np.ndarray

    def __len__(self) -> int:
        return len(self.labels)


def shape_masks(rows: np.ndarray, cols: np.ndarray, size: np.ndarray, angle: np.ndarray) -> list[np.ndarray]:
    """Which pixels each class's shape covers, for shapes centred at the origin of ``rows, cols``.

    ``rows, cols`` are pixel-centre offsets ``(N, SIDE, SIDE)`` from each shape's centre; ``size`` is its
    half-width and ``angle`` its rotation, both ``(N, 1, 1)``. Returns one ``(N, SIDE, SIDE)`` mask per class.
    """
    u = np.cos(angle) * cols + np.sin(angle) * rows
    v = -np.sin(angle) * cols + np.cos(angle) * rows
    circle = u**2 + v**2 <= size**2
    square = np.maximum(np.abs(u), np.abs(v)) <= 0.8 * size
    normals = [angle + turn for turn in (0, 2 * np.pi / 3, 4 * np.pi / 3)]  # an equilateral triangle's edges
    triangle = np.logical_and.reduce([np.cos(a) * cols + np.sin(a) * rows <= 0.55 * size for a in normals])
    arm = size / 3
    cross = ((np.abs(u) <= size) & (np.abs(v) <= arm)) | ((np.abs(v) <= size) & (np.abs(u) <= arm))
    return [circle, square, triangle, cross]


def clutter(rng: np.random.Generator, n: int, side: int) -> np.ndarray:
    """Dim 2x2 dots and one thin line per picture: ``(n, side, side)`` in [0, 0.6]."""
    out = np.zeros((n, side, side))
    picture = np.arange(n)[:, None]
    tops, lefts = rng.integers(0, side - 1, (2, n, DOTS))
    brightness = rng.uniform(0.3, 0.6, (n, DOTS))
    for dr in (0, 1):
        for dc in (0, 1):
            out[picture, tops + dr, lefts + dc] = brightness
    start = rng.uniform(0, side, (n, 2))
    heading = rng.uniform(0, 2 * np.pi, n)
    steps = np.arange(rng.integers(5, 10))
    line_rows = np.clip(np.round(start[:, :1] + np.sin(heading)[:, None] * steps), 0, side - 1).astype(int)
    line_cols = np.clip(np.round(start[:, 1:] + np.cos(heading)[:, None] * steps), 0, side - 1).astype(int)
    out[picture, line_rows, line_cols] = rng.uniform(0.3, 0.6, (n, 1))
    return out


def shapes(n: int, seed: int, side: int = SIDE) -> Shapes:
    """``n`` pictures of shapes in balanced classes, from ``seed``.

    Examples
    --------
    >>> data = shapes(8, seed=0)
    >>> data.images.shape, data.labels.tolist()[:4], data.boxes.shape
    ((8, 32, 32), [0, 1, 2, 3], (8, 4))
    >>> bool((shapes(8, seed=0).images == data.images).all())
    True
    """
    rng = np.random.default_rng(seed)
    labels = np.arange(n) % len(CLASSES)
    size = rng.uniform(0.17, 0.3, (n, 1, 1)) * side
    centre = rng.uniform(size[..., 0] + 1, side - size[..., 0] - 1, (n, 2))
    angle = rng.uniform(0, 2 * np.pi, (n, 1, 1))
    grid = np.arange(side) + 0.5
    rows = grid[None, :, None] - centre[:, 0, None, None]
    cols = grid[None, None, :] - centre[:, 1, None, None]
    rows, cols = np.broadcast_arrays(rows, cols)
    masks = np.stack(shape_masks(rows, cols, size, angle))[labels, np.arange(n)]
    background = rng.uniform(0.0, 0.25, (n, 1, 1))
    ink = rng.uniform(0.65, 1.0, (n, 1, 1))
    images = np.maximum(background + clutter(rng, n, side), np.where(masks, ink, 0))
    images = np.clip(images + rng.normal(0, NOISE, images.shape), 0, 1)
    return Shapes(images, labels, bounding_boxes(masks))


def bounding_boxes(masks: np.ndarray) -> np.ndarray:
    """``(top, left, bottom, right)`` of each mask's true pixels, bottom and right exclusive: ``(N, 4)``.

    An empty mask gives ``(0, 0, 0, 0)``.

    >>> mask = np.zeros((1, 5, 6), dtype=bool); mask[0, 1:3, 2:5] = True
    >>> bounding_boxes(mask).tolist()
    [[1, 2, 3, 5]]
    """
    rows, cols = masks.any(axis=2), masks.any(axis=1)
    boxes = np.stack([rows.argmax(1), cols.argmax(1), rows.shape[1] - rows[:, ::-1].argmax(1),
                      cols.shape[1] - cols[:, ::-1].argmax(1)], axis=1)
    return np.where(rows.any(axis=1)[:, None], boxes, 0)

