"""Class activation maps, the boxes drawn from them, and how well they find the shapes.

Zhou, Khosla, Lapedriza, Oliva & Torralba 2016 (*Learning Deep Features for Discriminative
Localization*, CVPR 2016, arXiv:1512.04150): in a network that ends with global average pooling and one
dense layer, class ``c`` scores ``sum_k w_k^c mean_xy f_k(x, y)``, so the map
``M_c(x, y) = sum_k w_k^c f_k(x, y)`` shows how much each place adds to the score. Upsampled to the
picture and thresholded at a fraction of its max, its largest connected region gives a box.

The same map is drawn for the GMP network (its dense weights on its own feature maps), and for the
flatten head the analogue ``sum_k w_k^c(x, y) f_k(x, y)``: each place's share of the score.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import pool2d
from .feature_maps import grayscale, to_unit_rgb
from .network import HEAD_NAMES, Network, features, one_blas_thread, parameter_count, scores, softmax
from .shapes_data import SIDE, bounding_boxes

__all__ = [
    "BOX_FRACTION",
    "HeadScore",
    "Localized",
    "as_shape_picture",
    "boxes_from_maps",
    "class_maps",
    "evaluate",
    "iou",
    "localize",
    "takeaway",
    "upsample",
]

BOX_FRACTION = 0.2  # Zhou et al. keep the region above 20% of the map's max
GOOD_IOU = 0.5
WEAK_ACCURACY = 0.6  # below this a network has hardly learned the classes (chance is 1 in 4)


def class_maps(network: Network, maps: np.ndarray, classes: np.ndarray) -> np.ndarray:
    """Each picture's map for class ``classes[i]`` from its feature maps ``(N, h, w, C)``: ``(N, h, w)``.

    ``sum_k w_k^c f_k(x, y)`` for the GAP and GMP heads, ``sum_k w_k^c(x, y) f_k(x, y)`` for flatten.
    """
    w = network.params["dense_w"]
    if network.head == "flatten":
        return (w.T.reshape(-1, *maps.shape[1:])[classes] * maps).sum(axis=-1)
    return np.einsum("nhwc,cn->nhw", maps, w[:, classes])


def upsample(maps: np.ndarray, side: int) -> np.ndarray:
    """Bilinear upsampling of ``maps (N, h, w)`` to ``(N, side, side)``, pixel centres aligned
    (PyTorch's ``interpolate(..., mode="bilinear", align_corners=False)``).

    >>> upsample(np.array([[[0.0, 1.0]]]), 4)[0, 0].tolist()
    [0.0, 0.25, 0.75, 1.0]
    """
    rows, cols = (interpolation_matrix(n, side) for n in maps.shape[1:])
    return np.einsum("ih,nhw,jw->nij", rows, maps, cols)


def interpolation_matrix(n: int, side: int) -> np.ndarray:
    """The ``(side, n)`` matrix that linearly interpolates ``n`` samples to ``side``, edges clamped."""
    position = np.clip((np.arange(side) + 0.5) * n / side - 0.5, 0, n - 1)
    low = np.floor(position).astype(int)
    high = np.minimum(low + 1, n - 1)
    matrix = np.zeros((side, n))
    matrix[np.arange(side), low] += 1 - (position - low)
    matrix[np.arange(side), high] += position - low
    return matrix


def as_shape_picture(image: np.ndarray, side: int = SIDE) -> np.ndarray:
    """Any picture as the networks see theirs: grey ``(side, side)`` in [0, 1], bright shapes on dark.

    ``image`` is ``(H, W)`` or ``(H, W, 3)``, 8-bit or in [0, 1]. The centre square is kept, averaged
    down and resampled to ``side``; a mostly bright picture is inverted (the networks learned bright
    shapes on a dark ground).

    >>> white = np.full((100, 60), 255, dtype=np.uint8)
    >>> as_shape_picture(white).shape, round(float(as_shape_picture(white).max()), 6)
    ((32, 32), 0.0)
    """
    grey = grayscale(to_unit_rgb(image))
    h, w = grey.shape
    top, left = (h - min(h, w)) // 2, (w - min(h, w)) // 2
    square = grey[top:top + min(h, w), left:left + min(h, w)]
    k = max(1, len(square) // (2 * side))
    square = pool2d(square, k, op="avg") if k > 1 else square
    rows = interpolation_matrix(len(square), side)
    picture = np.clip(rows @ square @ rows.T, 0, 1)
    return 1 - picture if picture.mean() > 0.5 else picture


def boxes_from_maps(cams: np.ndarray, fraction: float = BOX_FRACTION) -> np.ndarray:
    """``(top, left, bottom, right)`` of each map's largest 4-connected region above ``fraction`` of its
    max, as Zhou et al. draw boxes: ``(N, H, W) -> (N, 4)``.

    Bottom and right are exclusive. A map with no positive value gives the whole picture.

    >>> cam = np.zeros((1, 5, 6)); cam[0, 1:3, 2:5] = 1; cam[0, 4, 0] = 1
    >>> boxes_from_maps(cam).tolist()
    [[1, 2, 3, 5]]
    """
    n, h, w = cams.shape
    peaks = cams.max(axis=(1, 2), keepdims=True)
    labels = connected_regions(cams >= fraction * peaks)
    sizes = np.stack([np.bincount(row, minlength=h * w + 1) for row in labels.reshape(n, -1)])
    sizes[:, 0] = 0
    largest = labels == sizes.argmax(axis=1)[:, None, None]
    whole = np.array([0, 0, h, w])
    return np.where(peaks.reshape(n, 1) > 0, bounding_boxes(largest), whole)


def connected_regions(masks: np.ndarray) -> np.ndarray:
    """Label the 4-connected regions of each mask ``(N, H, W)``: 0 outside, and inside the smallest
    ``1 + row * W + col`` of the region (each cell takes the smallest label among its neighbours and
    itself until none changes)."""
    n, h, w = masks.shape
    outside = h * w + 1
    labels = np.where(masks, np.arange(1, h * w + 1).reshape(1, h, w), outside)
    while True:
        padded = np.pad(labels, ((0, 0), (1, 1), (1, 1)), constant_values=outside)
        smallest = np.minimum.reduce([padded[:, 1:-1, 1:-1], padded[:, :-2, 1:-1], padded[:, 2:, 1:-1],
                                      padded[:, 1:-1, :-2], padded[:, 1:-1, 2:]])
        updated = np.where(masks, smallest, outside)
        if np.array_equal(updated, labels):
            return np.where(masks, labels, 0)
        labels = updated


def iou(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Intersection over union of boxes ``(..., 4)`` given as ``(top, left, bottom, right)``.

    >>> float(iou(np.array([0, 0, 2, 2]), np.array([1, 1, 3, 3])))
    0.14285714285714285
    """
    top, left = np.maximum(a[..., 0], b[..., 0]), np.maximum(a[..., 1], b[..., 1])
    bottom, right = np.minimum(a[..., 2], b[..., 2]), np.minimum(a[..., 3], b[..., 3])
    inter = np.clip(bottom - top, 0, None) * np.clip(right - left, 0, None)

    def area(box):
        return (box[..., 2] - box[..., 0]) * (box[..., 3] - box[..., 1])

    return inter / (area(a) + area(b) - inter)


@dataclass(frozen=True)
class Localized:
    """One network on some pictures: class probabilities, the predicted class's map and box."""

    probabilities: np.ndarray  # (N, K)
    maps: np.ndarray           # (N, H, W), upsampled to the picture
    boxes: np.ndarray          # (N, 4)

    @property
    def predicted(self) -> np.ndarray:
        return self.probabilities.argmax(axis=1)


def localize(network: Network, images: np.ndarray, batch_size: int = 256) -> Localized:
    """Predict each picture's class, and draw the box from that class's map (as Zhou et al. do)."""
    probabilities, cams = [], []
    for start in range(0, len(images), batch_size):
        maps, _ = features(network, images[start:start + batch_size])
        p = softmax(scores(network, maps))
        probabilities.append(p)
        cams.append(upsample(class_maps(network, maps, p.argmax(axis=1)), images.shape[1]))
    cams = np.concatenate(cams)
    return Localized(np.concatenate(probabilities), cams, boxes_from_maps(cams))


@dataclass(frozen=True)
class HeadScore:
    """One row of the measured table."""

    head: str
    parameters: int
    head_parameters: int  # those of the dense layer: what the head itself adds
    accuracy: float
    mean_iou: float
    good_boxes: float  # share of pictures whose box has IoU >= GOOD_IOU with the true box

    @property
    def name(self) -> str:
        return HEAD_NAMES[self.head]


def evaluate(networks: dict[str, Network], images: np.ndarray, labels: np.ndarray,
             boxes: np.ndarray) -> list[HeadScore]:
    """Accuracy and localization of each network on held-out pictures with their true boxes."""
    rows = []
    for head, network in networks.items():
        with one_blas_thread():
            found = localize(network, images)
        overlap = iou(found.boxes, boxes)
        dense = network.params["dense_w"].size + network.params["dense_b"].size
        accuracy = float((found.predicted == labels).mean())
        rows.append(HeadScore(head, parameter_count(network), dense, accuracy, float(overlap.mean()),
                              float((overlap >= GOOD_IOU).mean())))
    return rows


def table_columns(table: list[HeadScore]) -> dict[str, list[str]]:
    """The measured table as the page shows it: what was measured down the first column, then one
    column per head (narrow enough for a phone, where a column per measure scrolled sideways)."""
    measured = {"": ["dense layer parameters", "all parameters", "accuracy", "mean IoU",
                     f"boxes with IoU ≥ {GOOD_IOU}"]}
    for row in table:
        measured[row.name] = [f"{row.head_parameters:,}", f"{row.parameters:,}", f"{row.accuracy:.1%}",
                              f"{row.mean_iou:.2f}", f"{row.good_boxes:.1%}"]
    return measured


def takeaway(table: list[HeadScore]) -> str:
    """What the measured table says about GAP and GMP, worded from its numbers."""
    by_head = {row.head: row for row in table}
    gap, gmp = by_head["gap"], by_head["gmp"]
    if min(gap.accuracy, gmp.accuracy) < WEAK_ACCURACY:
        return (f"These networks classify only {gap.accuracy:.0%} (GAP) and {gmp.accuracy:.0%} (GMP) of the "
                "pictures correctly: they have not learned the shapes yet, so their maps say little. "
                "Train them longer before comparing where they look.")
    gap_text = f"GAP {gap.mean_iou:.2f}, GMP {gmp.mean_iou:.2f}"
    if abs(gap.mean_iou - gmp.mean_iou) < 0.02:
        where = f"Here GMP's maps localize the shapes as well as GAP's (mean IoU {gap_text})"
    elif gap.mean_iou > gmp.mean_iou:
        where = (f"Here GAP's maps cover the shapes better than GMP's (mean IoU {gap_text}), as Zhou et al. "
                 "argue: GMP only needs one strong place per map")
    else:
        where = (f"Here GMP's maps localize the shapes better than GAP's (mean IoU {gap_text}), "
                 "against what Zhou et al. found on their data")
    sentence = f"{where}. GAP classifies {gap.accuracy:.0%} of the pictures right, GMP {gmp.accuracy:.0%}."
    if "flatten" in by_head:
        flat = by_head["flatten"]
        sentence += (f" The flatten head's dense layer needs {flat.head_parameters:,} parameters against "
                     f"{gap.head_parameters:,} for GAP's, for {flat.accuracy:.0%} correct and a mean IoU of "
                     f"{flat.mean_iou:.2f}.")
    return sentence


GAP_HEAD_NUMPY = '''import numpy as np

# f: last feature maps (N, h, w, C); w: dense weights (C, K); b: biases (K,)
pooled = f.mean(axis=(1, 2))          # (N, C) global average pooling
scores = pooled @ w + b               # (N, K) one dense layer
exp = np.exp(scores - scores.max(axis=1, keepdims=True))
probabilities = exp / exp.sum(axis=1, keepdims=True)   # softmax

from pooling import global_pool2d     # the app's core, one picture
global_pool2d(f[0], "avg")            # == pooled[0]'''

GAP_HEAD_TORCH = '''import torch  # channels first: f is (N, C, h, w)

head = torch.nn.Sequential(
    torch.nn.AdaptiveAvgPool2d(1),    # (N, C, 1, 1)
    torch.nn.Flatten(),               # (N, C)
    torch.nn.Linear(C, K),            # weight (K, C) = w.T, bias = b
)
scores = head(f)                      # (N, K)'''

CAM_NUMPY = '''c = scores.argmax(axis=1)           # each picture's predicted class
# (N, h, w): the sum over k of w[k, c] * f[..., k]
cam = np.einsum("nhwc,cn->nhw", f, w[:, c])
# cam.mean(axis=(1, 2)) is the score of c minus b[c]:
# the map splits the score between places

# PyTorch, channels first
cam = torch.einsum("nchw,nc->nhw", f, head[2].weight[c])
cam = torch.nn.functional.interpolate(  # up to the picture
    cam[:, None], size=(32, 32), mode="bilinear")
# then box the largest region above 20% of the max'''
