"""The numbers behind the global pooling lesson's experiments: what global max pooling (GMP) and
global average pooling (GAP) keep when an object moves, when one cell spikes, when an object grows,
when features are sparse, and what each sends back as a gradient; and what a classifier head costs.

Each experiment returns a small record with its arrays, its numbers and a one-sentence takeaway
built from those numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import InputError
from ..grad import pool2d_grad
from ..ops import global_pool1d, global_pool2d
from .citations import BOUREAU, CAM, GOOGLENET, KIM, NIN, RESNET, VGG
from .feature_maps import MAP_FEATURES, feature_maps
from .links import Setting, choice, decimal, sequence_text, whole
from .samples import SAMPLES
from .sentences import SCORES, rows_text

__all__ = [
    "Gradients",
    "HeadParameters",
    "Outlier",
    "PooledMaps",
    "Presence",
    "PooledSequence",
    "Sparse",
    "Translation",
    "activations",
    "global_gradients",
    "gradients",
    "head_parameters",
    "outlier",
    "pooled",
    "pooled_sequence",
    "presence",
    "sparse",
    "square_scene",
    "translation",
    "translation_range",
]

RED = (1.0, 0.0, 0.0)
REDNESS = MAP_FEATURES.index("redness")


@dataclass(frozen=True)
class PooledMaps:
    """``(H, W, C)`` feature maps and their two pooled ``(C,)`` vectors."""

    maps: np.ndarray
    gmp: np.ndarray
    gap: np.ndarray

    @property
    def takeaway(self) -> str:
        h, w, c = self.maps.shape
        shapes = (f"The ({h}, {w}, {c}) maps become two vectors of {c} numbers: ({h}, {w}, {c}) → ({c},). "
                  f"GMP keeps each map's single strongest cell and forgets where it was; GAP keeps the "
                  f"mean of all {h * w:,} cells.")
        if not self.gmp.any():
            return f"{shapes} Every map is 0 here: no filter found anything."
        ratio = self.gmp / np.maximum(self.gap, np.finfo(float).tiny)
        k = int(np.argmax(ratio))
        return (f"{shapes} Max and mean differ most for **{MAP_FEATURES[k]}** (max {self.gmp[k]:.2f} vs "
                f"mean {self.gap[k]:.3f}, {ratio[k]:,.0f} times): strong in a few places only.")


def pooled(maps: np.ndarray) -> PooledMaps:
    """Global max and global average pooling of ``(H, W, C)`` feature maps (Keras' GlobalMaxPooling2D
    and GlobalAveragePooling2D)."""
    return PooledMaps(maps, global_pool2d(maps, "max"), global_pool2d(maps, "avg"))


MAX_SEQUENCE_FEATURES = 12


@dataclass(frozen=True)
class PooledSequence:
    """A ``(steps, features)`` sequence and its two pooled ``(features,)`` vectors.

    Each feature over time is one feature map, as in a sentence classifier (Kim 2014). ``words``
    names the steps, or is None for typed numbers; ``strongest`` is the step of each feature's max,
    the first one on a tie.
    """

    maps: np.ndarray
    features: tuple[str, ...]
    words: tuple[str, ...] | None
    gmp: np.ndarray
    gap: np.ndarray

    @property
    def strongest(self) -> np.ndarray:
        return np.argmax(self.maps, axis=0)

    @property
    def note(self) -> str:
        """How the numbers are computed, and the same in Keras and numpy."""
        return (
            "Computed with `global_pool1d(x, \"max\")` and `global_pool1d(x, \"avg\")`; in Keras "
            "`GlobalMaxPooling1D()` and `GlobalAveragePooling1D()` map (batch, steps, features) to "
            "(batch, features); in numpy `x.max(axis=0)` and `x.mean(axis=0)`."
        )

    def step_name(self, step: int) -> str:
        return f'"{self.words[step]}" (step {step})' if self.words else f"step {step}"

    @property
    def takeaway(self) -> str:
        steps, n = self.maps.shape
        shapes = (f"The ({steps}, {n}) sequence becomes two vectors of {n} number{'s' * (n > 1)}: "
                  f"({steps}, {n}) → ({n},).")
        gaps = self.gmp - self.gap
        if not gaps.any():
            return f"{shapes} Every feature has the same value at every step, so max and mean agree."
        k = int(np.argmax(gaps))
        unit = "word" if self.words else "step"
        return (f"{shapes} Max and mean differ most for **{self.features[k]}** (max {self.gmp[k]:.3g} "
                f"vs mean {self.gap[k]:.3g}): max over time keeps each feature's strongest {unit}, "
                f"here {self.step_name(int(self.strongest[k]))}, wherever it occurs, while the mean "
                f"spreads it over all {steps} steps.")


def pooled_sequence(x, features=None, words=None) -> PooledSequence:
    """Global max and global average pooling over time of a ``(steps, features)`` sequence (Keras'
    GlobalMaxPooling1D and GlobalAveragePooling1D); a ``(steps,)`` one is one feature.

    ``features`` and ``words`` name the columns and the rows; features default to "feature 0", ...

    >>> pooled_sequence([[1, 0], [3, 2]]).gap.tolist()
    [2.0, 1.0]
    """
    maps = np.asarray(x, dtype=float)
    maps = maps.reshape(len(maps), -1)
    n = maps.shape[1]
    if n > MAX_SEQUENCE_FEATURES:
        raise InputError(f"type at most {MAX_SEQUENCE_FEATURES} numbers on a line, one per feature "
                         f"(got {n}): each feature gets its own row and bar")
    features = tuple(features) if features is not None else tuple(f"feature {j}" for j in range(n))
    return PooledSequence(maps, features, tuple(words) if words is not None else None,
                          global_pool1d(maps, "max"), global_pool1d(maps, "avg"))


def square_scene(shape: tuple[int, int], top: int, left: int, side: int, colour=RED) -> np.ndarray:
    """A black ``(H, W, 3)`` image with one ``side`` x ``side`` square of ``colour`` at (top, left).

    >>> square_scene((3, 4), 1, 2, 1)[..., 0].tolist()
    [[0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0], [0.0, 0.0, 0.0, 0.0]]
    """
    image = np.zeros((*shape, 3))
    image[top : top + side, left : left + side] = colour
    return image


def relative_change(before: np.ndarray, after: np.ndarray) -> float:
    """``||after - before|| / ||before||``: 0 means unchanged, 1 means moved by its own length."""
    return float(np.linalg.norm(after - before) / np.linalg.norm(before))


@dataclass(frozen=True)
class Translation:
    """The same square before and after a shift of ``(down, right)`` cells, as feature maps.

    ``changes`` maps "flattened", "GMP" and "GAP" to the relative change of that vector.
    """

    down: int
    right: int
    before: np.ndarray
    after: np.ndarray
    changes: dict

    @property
    def note(self) -> str:
        """Where the experiment comes from and how it is computed."""
        return (
            "Change = ‖after − before‖ / ‖before‖ over all four maps. While the object stays inside the "
            "frame, GMP and GAP do not change at all. Global average pooling 'sums out the spatial "
            f"information', which makes it more robust to translations of the input ({NIN})."
        )

    @property
    def takeaway(self) -> str:
        c = self.changes
        return (
            f"Moving the object {self.down} down and {self.right} right changed the flattened "
            f"{self.before.size:,}-number vector by {c['flattened']:.0%} of its length, "
            f"the {self.before.shape[2]}-number GMP vector by {c['GMP']:.0%} "
            f"and the GAP vector by {c['GAP']:.0%}."
        )


TRANSLATION_SHAPE = (32, 32)
TRANSLATION_SIDE = 8
TRANSLATION_START = 2


def translation_range(shape=TRANSLATION_SHAPE, side=TRANSLATION_SIDE, start=TRANSLATION_START):
    """The largest (down, right) shift that keeps the square and a 1-cell margin inside the frame.

    The margin keeps the 3x3 edge filters' response inside too.

    >>> translation_range()
    (21, 21)
    """
    return tuple(n - 1 - side - start for n in shape)


def translation(down: int, right: int, shape=TRANSLATION_SHAPE, side=TRANSLATION_SIDE,
                start=TRANSLATION_START) -> Translation:
    """Feature maps of a red square at (start, start) and at (start + down, start + right)."""
    limits = translation_range(shape, side, start)
    for name, shift, limit in zip(("down", "right"), (down, right), limits):
        if not 0 <= shift <= limit:
            raise InputError(f"shift {name} must be between 0 and {limit} to stay inside the frame; "
                             f"got {shift}")
    before = feature_maps(square_scene(shape, start, start, side))
    after = feature_maps(square_scene(shape, start + down, start + right, side))
    changes = {
        "flattened": relative_change(before.ravel(), after.ravel()),
        "GMP": relative_change(global_pool2d(before, "max"), global_pool2d(after, "max")),
        "GAP": relative_change(global_pool2d(before, "avg"), global_pool2d(after, "avg")),
    }
    return Translation(down, right, before, after, changes)


def both_pooled(first: np.ndarray, second: np.ndarray, op: str) -> tuple[float, float]:
    """The global ``op`` pooling of two ``(H, W)`` maps."""
    return float(global_pool2d(first, op)), float(global_pool2d(second, op))


class TwoMaps:
    """Two (H, W) maps side by side, ``compared``, and the global max and average of each."""

    compared: tuple[np.ndarray, np.ndarray]

    @property
    def gmp(self) -> tuple[float, float]:
        return both_pooled(*self.compared, "max")

    @property
    def gap(self) -> tuple[float, float]:
        return both_pooled(*self.compared, "avg")


@dataclass(frozen=True)
class Outlier(TwoMaps):
    """A map of ordinary activations before and after one cell is set to ``spike``."""

    spike: float
    before: np.ndarray
    after: np.ndarray

    @property
    def compared(self) -> tuple[np.ndarray, np.ndarray]:
        return self.before, self.after

    @property
    def takeaway(self) -> str:
        (max0, max1), (avg0, avg1) = self.gmp, self.gap
        if max1 == max0:
            return (
                f"A spike of {self.spike:g} is no larger than the map's max, so GMP stays at {max0:.2f}; "
                f"GAP moves from {avg0:.3f} to {avg1:.3f} ({avg1 - avg0:+.3f}). Raise the spike above "
                f"{max0:.2f} to see GMP jump."
            )
        return (
            f"One spike of {self.spike:g} in {self.before.size} cells moved GMP from {max0:.2f} to "
            f"{max1:.2f} ({max1 - max0:+.2f}) but GAP only from {avg0:.3f} to {avg1:.3f} "
            f"({avg1 - avg0:+.3f})."
        )


def activations(shape: tuple[int, int], seed: int = 0, high: float = 1.0) -> np.ndarray:
    """A seeded feature map of ordinary activations, uniform in [0, ``high``)."""
    return np.random.default_rng(seed).uniform(0, high, shape)


def outlier(spike: float, shape=(12, 12), seed=0) -> Outlier:
    """Seeded activations in [0, 0.5), with the centre cell set to ``spike`` in ``after``."""
    before = activations(shape, seed, high=0.5)
    after = before.copy()
    after[shape[0] // 2, shape[1] // 2] = spike
    return Outlier(spike, before, after)


@dataclass(frozen=True)
class Presence(TwoMaps):
    """The redness maps of a small and a large red square in the same frame."""

    small: np.ndarray
    large: np.ndarray
    small_side: int
    large_side: int

    @property
    def compared(self) -> tuple[np.ndarray, np.ndarray]:
        return self.small, self.large

    @property
    def note(self) -> str:
        """Where the experiment comes from and how it is computed."""
        return (
            "Zhou et al. argue that training with GAP encourages a network to find the whole extent of an "
            f"object, while GMP lets it settle for one discriminative part ({CAM})."
        )

    @property
    def takeaway(self) -> str:
        (max_s, max_l), (avg_s, avg_l) = self.gmp, self.gap
        s, b = self.small_side, self.large_side
        return (
            f"GMP is {max_s:.2f} for the {s}x{s} square and {max_l:.2f} for the {b}x{b} one "
            f"(red is present in both), while GAP grows from {avg_s:.3f} to {avg_l:.3f}, "
            f"{avg_l / avg_s:.1f} times, as the area ({b * b / (s * s):.1f} times)."
        )


def presence(small_side: int, large_side: int, shape=(24, 24)) -> Presence:
    """Redness maps of a centred red square of each side."""
    maps = []
    for side in (small_side, large_side):
        if not 1 <= side <= min(shape):
            raise InputError(f"square side must be between 1 and {min(shape)}; got {side}")
        top, left = ((n - side) // 2 for n in shape)
        maps.append(feature_maps(square_scene(shape, top, left, side))[..., REDNESS])
    return Presence(*maps, small_side, large_side)


def expected_max(alpha, cells):
    """Boureau, Ponce & LeCun (ICML 2010): E[max of ``cells`` Bernoulli(alpha) features].

    >>> round(expected_max(0.05, 16), 3)
    0.56
    """
    return 1 - (1 - alpha) ** cells


@dataclass(frozen=True)
class Sparse:
    """Bernoulli(alpha) features over 1 ... ``max_cells`` cells: the formula and a seeded simulation.

    ``cells`` is the chosen P; arrays are indexed by P - 1.
    """

    alpha: float
    cells: int
    trials: int
    formula_max: np.ndarray
    simulated_max: np.ndarray
    simulated_avg: np.ndarray

    @property
    def note(self) -> str:
        """Where the experiment comes from and how it is computed."""
        return (
            f"Each cell holds the feature (1) with probability α, independently, else 0: the model of "
            f"binary features pooled in {BOUREAU}. Max reports whether the feature occurs at least once; "
            f"average reports how often. Dots: {self.trials:,} seeded draws per P, pooled with "
            "`global_pool1d`."
        )

    @property
    def takeaway(self) -> str:
        p = self.cells
        return (
            f"With alpha = {self.alpha:g} over P = {p} cells, global max pooling expects "
            f"1 - (1 - {self.alpha:g})^{p} = {self.formula_max[p - 1]:.2f} (simulated: "
            f"{self.simulated_max[p - 1]:.2f}) while the average stays at alpha = {self.alpha:g} "
            f"(simulated: {self.simulated_avg[p - 1]:.2f})."
        )


def sparse(alpha: float, cells: int, max_cells: int = 64, trials: int = 2000, seed: int = 0) -> Sparse:
    """Draw ``trials`` columns of ``max_cells`` Bernoulli(alpha) features; pool the first P of each.

    Each P reuses the same draws (its first P rows), so the simulated curves are smooth in P.
    """
    if not 0 < alpha < 1:
        raise InputError(f"alpha must be strictly between 0 and 1; got {alpha}")
    if not 1 <= cells <= max_cells:
        raise InputError(f"P must be between 1 and {max_cells}; got {cells}")
    draws = (np.random.default_rng(seed).random((max_cells, trials)) < alpha).astype(float)
    counts = np.arange(1, max_cells + 1)
    simulated_max = np.array([global_pool1d(draws[:p], "max").mean() for p in counts])
    simulated_avg = np.array([global_pool1d(draws[:p], "avg").mean() for p in counts])
    return Sparse(alpha, cells, trials, expected_max(alpha, counts), simulated_max, simulated_avg)


def global_gradients(x: np.ndarray) -> dict[str, np.ndarray]:
    """d(global pool)/dx of an ``(H, W)`` map for "max" and "avg", from `pooling.pool2d_grad`.

    Global pooling is a window the size of the map, so its gradient is ``pool2d_grad`` with
    ``kernel_size = (H, W)`` and an upstream gradient of 1.

    >>> g = global_gradients(np.array([[1.0, 3.0], [2.0, 0.0]]))
    >>> g["max"].tolist(), g["avg"].tolist()
    ([[0.0, 1.0], [0.0, 0.0]], [[0.25, 0.25], [0.25, 0.25]])
    """
    return {op: pool2d_grad(x, np.ones((1, 1)), x.shape, op=op) for op in ("max", "avg")}


@dataclass(frozen=True)
class Gradients:
    """A feature map ``x`` and the gradients of its global max and global average."""

    x: np.ndarray
    grads: dict

    @property
    def note(self) -> str:
        """Where the experiment comes from and how it is computed."""
        return (
            "Computed with `pool2d_grad(x, 1, kernel_size=(H, W))`: global pooling is one window as big as "
            "the map. With a tie, the gradient goes to the first tied cell, as in PyTorch's "
            "`AdaptiveMaxPool2d(1)` (`x.amax` would split it evenly between the tied cells)."
        )

    @property
    def takeaway(self) -> str:
        to_max = self.grads["max"]
        cells = to_max.size
        row, col = (int(i) for i in np.argwhere(to_max)[0])
        return (
            f"Global max sends the whole gradient, {to_max.sum():g}, to the one cell that won "
            f"(row {row}, column {col}) and 0 to the other {cells - 1}; global average sends "
            f"1/{cells} = {self.grads['avg'][0, 0]:.4f} to each of the {cells} cells."
        )


def gradients(side: int, seed: int = 0) -> Gradients:
    """Seeded activations on a ``side`` x ``side`` map (2 decimals) and their global gradients."""
    x = activations((side, side), seed).round(2)
    return Gradients(x, global_gradients(x))


@dataclass(frozen=True)
class HeadParameters:
    """Trainable parameters of a classifier head on an H x W x C feature map with K classes.

    ``gap_only`` is 0 when C = K (each map is one class's score, as in Network in Network) and None
    otherwise.
    """

    height: int
    width: int
    channels: int
    classes: int

    @property
    def flatten_dense(self) -> int:
        return self.height * self.width * self.channels * self.classes + self.classes

    @property
    def gap_dense(self) -> int:
        return self.channels * self.classes + self.classes

    @property
    def gap_only(self) -> int | None:
        return 0 if self.channels == self.classes else None

    @property
    def takeaway(self) -> str:
        h, w, c, k = self.height, self.width, self.channels, self.classes
        return (
            f"Flatten + dense needs {h}·{w}·{c}·{k} + {k} = {self.flatten_dense:,} parameters, "
            f"GAP + dense {c}·{k} + {k} = {self.gap_dense:,}: {self.flatten_dense / self.gap_dense:,.1f} "
            f"times fewer; GAP alone has 0, "
            + (f"possible here because C = K = {k}." if self.gap_only == 0
               else f"but only when C = K (here C = {c}, K = {k}).")
        )


def head_parameters(height: int, width: int, channels: int, classes: int) -> HeadParameters:
    """Count weights and biases: flatten + dense ``H*W*C*K + K``, GAP + dense ``C*K + K``, GAP alone 0.

    >>> p = head_parameters(7, 7, 512, 1000)
    >>> p.flatten_dense, p.gap_dense, p.gap_only
    (25089000, 513000, None)
    """
    sizes = {"H": height, "W": width, "C": channels, "K": classes}
    for name, value in sizes.items():
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise InputError(f"{name} must be a whole number of at least 1; got {value!r}")
    return HeadParameters(*(int(v) for v in sizes.values()))



def why_gap() -> str:
    """Why global average pooling replaced dense heads, as a Markdown list with its sources."""
    vgg = head_parameters(7, 7, 512, 4096)
    return (
        f"- VGG-16's first dense layer alone maps its 7x7x512 feature maps to 4096 units: "
        f"7·7·512·4096 + 4096 = **{vgg.flatten_dense:,}** parameters ({VGG}).\n"
        f"- **Three reasons from {NIN}:** global average pooling has no parameters to optimize, so "
        f"overfitting is avoided at that layer (it is a structural regularizer); it sums out the spatial "
        f"information, so it is more robust to translations of the input (see the experiment above); and "
        f"it ties each feature map to one category, so the maps read as category confidence maps.\n"
        f"- **Class activation maps.** With GAP followed by one dense layer, the class's weights applied to "
        f"the last feature maps, Σₖ wₖᶜ fₖ(x, y), show where the network found the class, though it was "
        f"trained with image labels only ({CAM}).\n"
        f"- **In vision, global average pooling is the usual head**: GoogLeNet ({GOOGLENET}) and ResNet "
        f"({RESNET}) end with global average pooling and one dense layer.\n"
        f"- **In text, global max pooling over time is the usual choice**: Kim's sentence classifier keeps "
        f"each feature map's strongest value, wherever in the sentence it occurs, which also handles "
        f"sentences of any length ({KIM})."
    )


EXPERIMENTS = {  # short name in the link -> the experiment's title; the page shows one at a time
    "translation": "Translation: move the object",
    "outlier": "One outlier: a single bright spike",
    "presence": "Presence vs extent: a small and a large object",
    "sparse": "Sparse features: how often does the max fire?",
    "gradients": "Gradients: where does the learning signal go?",
}
_EXPERIMENT_NAMES = {title: name for name, title in EXPERIMENTS.items()}

SOURCES = {"sample": "a sample image", "upload": "your own image", "sequence": "a sequence (steps, features)"}
_SHORT = {label: name for name, label in SOURCES.items()}
EXPERIMENT_LINK = [  # the experiments' settings: the chosen one and each experiment's controls
    Setting("exp", "gp_experiment", EXPERIMENTS["translation"],
            choice(list(EXPERIMENTS.values()), _EXPERIMENT_NAMES), write=_EXPERIMENT_NAMES.get),
    Setting("down", "gp_down", 8, whole(0, translation_range()[0])),
    Setting("right", "gp_right", 12, whole(0, translation_range()[1])),
    Setting("spike", "gp_spike", 5.0, decimal(0.5, 10.0, 0.5)),
    Setting("small", "gp_small", 2, whole(1, 6)),
    Setting("large", "gp_large", 12, whole(6, 24)),
    Setting("alpha", "gp_alpha", 0.05, decimal(0.01, 0.5, 0.01)),
    Setting("cells", "gp_cells", 16, whole(1, 64)),
    Setting("side", "gp_side", 4, whole(2, 6)),
]
LINK = [  # what the global pooling lesson keeps in its link
    Setting("src", "gp_source", SOURCES["sample"], choice(list(SOURCES.values()), _SHORT), write=_SHORT.get),
    Setting("sample", "gp_sample", "shapes",
            choice(list(SAMPLES), {name: sample.title for name, sample in SAMPLES.items()})),
    Setting("x", "gp_sequence", rows_text(SCORES), sequence_text),
    *EXPERIMENT_LINK,
    Setting("h", "gp_h", 7, whole(1, 512)),
    Setting("w", "gp_w", 7, whole(1, 512)),
    Setting("c", "gp_c", 512, whole(1, 8192)),
    Setting("k", "gp_k", 1000, whole(1, 100_000)),
]
