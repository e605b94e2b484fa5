"""A small convolutional network in numpy, with three heads, trained by the lesson itself.

Pictures ``(N, H, W)`` go through 3x3 convolutions with ReLU and 2x2 max poolings, in the order a
layer list such as ``(8, "pool", 16, "pool", 32, 32)`` gives (a number is a convolution's output
channels), to ``C`` feature maps ``(N, h, w, C)``; a head turns them into one score per class:

- ``"gap"``: global average pooling, then one dense layer ``C -> K`` (Lin, Chen & Yan 2013; Zhou et al. 2016);
- ``"gmp"``: global max pooling, then the same dense layer;
- ``"flatten"``: every cell of every map into one dense layer ``h * w * C -> K`` (the VGG-style head).

Every pooling layer is the core's: `pooling.pool2d`, `pooling.pool2d_grad` and `pooling.global_pool2d`
pool one image ``(H, W, C)``, so a batch ``(N, H, W, C)`` is pooled as one image ``(H, W, N*C)``.
Each layer's backward pass sits next to its forward one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from threadpoolctl import threadpool_limits

from .. import global_pool2d, pool2d, pool2d_grad

__all__ = [
    "DEFAULT",
    "HEADS",
    "QUICK",
    "Network",
    "Progress",
    "TrainingConfig",
    "forward",
    "gradients",
    "initial_network",
    "parameter_count",
    "predict",
    "scores",
    "train",
    "train_heads",
]

HEADS = ("gap", "gmp", "flatten")
HEAD_NAMES = {"gap": "GAP + dense", "gmp": "GMP + dense", "flatten": "flatten + dense"}
POOL = "pool"


# ---- layers: forward and backward ----------------------------------------------------------------

def conv3x3(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """3x3 convolution (cross-correlation, as in PyTorch), stride 1, zero padding 1.

    ``x (N, H, W, C)``, ``w (3, 3, C, F)``, ``b (F,)`` -> ``(N, H, W, F)``, and the patches the
    backward pass needs, ``(N*H*W, 9*C)``.
    """
    n, h, width, c = x.shape
    padded = np.pad(x, ((0, 0), (1, 1), (1, 1), (0, 0)))
    patches = np.concatenate([padded[:, i:i + h, j:j + width] for i in range(3) for j in range(3)], axis=-1)
    patches = patches.reshape(n * h * width, 9 * c)
    out = patches @ w.reshape(9 * c, -1) + b
    return out.reshape(n, h, width, -1), patches


def conv3x3_grad(x_shape: tuple, patches: np.ndarray, w: np.ndarray, grad_out: np.ndarray,
                 input_grad: bool = True):
    """Gradients of `conv3x3` with respect to its input, weights and bias: ``(dx, dw, db)``.

    ``dx`` is None when ``input_grad`` is false (the first layer, whose input is the picture).
    """
    n, h, width, c = x_shape
    grad_rows = grad_out.reshape(-1, grad_out.shape[-1])
    dw = (patches.T @ grad_rows).reshape(w.shape)
    if not input_grad:
        return None, dw, grad_rows.sum(axis=0)
    grad_patches = (grad_rows @ w.reshape(9 * c, -1).T).reshape(n, h, width, 9, c)
    padded = np.zeros((n, h + 2, width + 2, c), dtype=grad_out.dtype)
    for tap, (i, j) in enumerate((i, j) for i in range(3) for j in range(3)):
        padded[:, i:i + h, j:j + width] += grad_patches[:, :, :, tap]
    return padded[:, 1:-1, 1:-1], dw, grad_rows.sum(axis=0)


def as_one_image(x: np.ndarray) -> np.ndarray:
    """A batch ``(N, H, W, C)`` as one image ``(H, W, N*C)``, the shape the core pools."""
    n, h, w, c = x.shape
    return x.transpose(1, 2, 0, 3).reshape(h, w, n * c)


def as_batch(image: np.ndarray, n: int) -> np.ndarray:
    """The inverse of `as_one_image`: ``(H, W, N*C)`` back to ``(N, H, W, C)``."""
    h, w, nc = image.shape
    return image.reshape(h, w, n, nc // n).transpose(2, 0, 1, 3)


def max_pool2x2(x: np.ndarray) -> np.ndarray:
    """2x2 max pooling, stride 2, by `pooling.pool2d`: ``(N, H, W, C) -> (N, H//2, W//2, C)``."""
    return as_batch(pool2d(as_one_image(x), 2, op="max"), len(x))


def max_pool2x2_grad(x: np.ndarray, grad_out: np.ndarray) -> np.ndarray:
    """Gradient of `max_pool2x2` by `pooling.pool2d_grad`: each window's to its first max."""
    return as_batch(pool2d_grad(as_one_image(x), as_one_image(grad_out), 2, op="max"), len(x))


def global_pool(x: np.ndarray, op: str) -> np.ndarray:
    """Global ``"avg"`` or ``"max"`` pooling by `pooling.global_pool2d`: ``(N, H, W, C) -> (N, C)``."""
    return global_pool2d(as_one_image(x), op).reshape(len(x), -1)


def global_pool_grad(x: np.ndarray, grad_out: np.ndarray, op: str) -> np.ndarray:
    """Gradient of `global_pool`: one window as large as the map, by `pooling.pool2d_grad`.

    For ``"max"`` all of a map's gradient goes to its first max, as PyTorch's ``AdaptiveMaxPool2d(1)``;
    for ``"avg"`` every cell gets ``1 / (H*W)`` of it.
    """
    n, h, w, c = x.shape
    grad = pool2d_grad(as_one_image(x), grad_out.reshape(1, 1, n * c), (h, w), op=op)
    return as_batch(grad, n)


def relu_grad(activated: np.ndarray, grad_out: np.ndarray) -> np.ndarray:
    """Gradient of ReLU, from its output: the gradient passes where the output is positive."""
    return grad_out * (activated > 0)


def softmax(logits: np.ndarray) -> np.ndarray:
    """Class probabilities ``(N, K)`` from scores ``(N, K)``."""
    exp = np.exp(logits - logits.max(axis=1, keepdims=True))
    return exp / exp.sum(axis=1, keepdims=True)


def cross_entropy(logits: np.ndarray, labels: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean softmax cross-entropy of ``logits (N, K)`` against ``labels (N,)``, and its gradient."""
    p = softmax(logits)
    rows = np.arange(len(labels))
    loss = -np.log(p[rows, labels] + 1e-12).mean()
    grad = p.copy()
    grad[rows, labels] -= 1
    return float(loss), grad / len(labels)


# ---- the network ---------------------------------------------------------------------------------

@dataclass
class Network:
    """Weights of one network: ``params`` maps ``conv1_w``, ..., ``dense_w``, ``dense_b`` to arrays."""

    head: str
    params: dict[str, np.ndarray]
    layers: tuple
    history: np.ndarray = field(default_factory=lambda: np.zeros((0, 3)))  # rows (step, loss, accuracy)

    @property
    def name(self) -> str:
        return HEAD_NAMES[self.head]


def initial_network(head: str, layers: tuple, classes: int, side: int, seed: int) -> Network:
    """He-initialised weights; the convolutions are the same for every head with the same seed.

    >>> {h: parameter_count(initial_network(h, (8, "pool", 16, 16), 4, 32, 0)) for h in HEADS}
    {'gap': 3636, 'gmp': 3636, 'flatten': 19956}
    """
    rng = np.random.default_rng(seed)
    params, fan_in = {}, 1
    convolutions = [out for out in layers if out != POOL]
    for number, out in enumerate(convolutions, start=1):
        params[f"conv{number}_w"] = rng.normal(0, np.sqrt(2 / (9 * fan_in)), (3, 3, fan_in, out))
        params[f"conv{number}_b"] = np.zeros(out)
        fan_in = out
    cells = (side // 2 ** layers.count(POOL)) ** 2
    inputs = fan_in * cells if head == "flatten" else fan_in
    params["dense_w"] = rng.normal(0, np.sqrt(1 / inputs), (inputs, classes))
    params["dense_b"] = np.zeros(classes)
    return Network(head, params, layers)


def parameter_count(network: Network) -> int:
    """How many numbers the network learns."""
    return sum(p.size for p in network.params.values())


def features(network: Network, images: np.ndarray) -> tuple[np.ndarray, list]:
    """The last feature maps ``(N, h, w, C)`` of pictures ``(N, H, W)``, and what backward needs."""
    x, tape, number = images[..., None], [], 0
    for layer in network.layers:
        if layer == POOL:
            tape.append((POOL, x))
            x = max_pool2x2(x)
            continue
        number += 1
        name = f"conv{number}"
        out, patches = conv3x3(x, network.params[f"{name}_w"], network.params[f"{name}_b"])
        tape.append((name, x.shape, patches, np.maximum(out, 0)))
        x = tape[-1][-1]
    return x, tape


def pooled(network: Network, maps: np.ndarray) -> np.ndarray:
    """What the head feeds its dense layer: ``(N, C)`` for GAP and GMP, ``(N, H*W*C)`` for flatten."""
    if network.head == "flatten":
        return maps.reshape(len(maps), -1)
    return global_pool(maps, "avg" if network.head == "gap" else "max")


def scores(network: Network, maps: np.ndarray) -> np.ndarray:
    """Class scores ``(N, K)`` from the last feature maps: the head's pooling, then the dense layer."""
    return pooled(network, maps) @ network.params["dense_w"] + network.params["dense_b"]


def forward(network: Network, images: np.ndarray) -> tuple[np.ndarray, tuple]:
    """Class scores ``(N, K)`` of pictures ``(N, H, W)``, and what `gradients` needs."""
    maps, tape = features(network, images)
    return scores(network, maps), (maps, tape)


def gradients(network: Network, cache: tuple, grad_scores: np.ndarray) -> dict[str, np.ndarray]:
    """Gradients of every parameter, given the gradient arriving at the scores."""
    maps, tape = cache
    p = network.params
    vector = pooled(network, maps)
    grads = {"dense_w": vector.T @ grad_scores, "dense_b": grad_scores.sum(axis=0)}
    grad_vector = grad_scores @ p["dense_w"].T
    if network.head == "flatten":
        grad = grad_vector.reshape(maps.shape)
    else:
        grad = global_pool_grad(maps, grad_vector, "avg" if network.head == "gap" else "max")
    for step in reversed(tape):
        if step[0] == POOL:
            grad = max_pool2x2_grad(step[1], grad)
            continue
        name, x_shape, patches, activated = step
        grad, grads[f"{name}_w"], grads[f"{name}_b"] = conv3x3_grad(
            x_shape, patches, p[f"{name}_w"], relu_grad(activated, grad), input_grad=name != "conv1")
    return grads


# ---- training ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TrainingConfig:
    """What to train on and how: sizes, Adam's step size, the seed of data and weights."""

    train_size: int = 1536
    epochs: int = 6
    batch_size: int = 32
    learning_rate: float = 0.004
    layers: tuple = (8, POOL, 16, POOL, 32, 32)
    seed: int = 0
    reports_per_epoch: int = 8
    dtype: str = "float32"  # a quarter faster than float64, and precise enough to learn

    @property
    def steps(self) -> int:
        return self.epochs * -(-self.train_size // self.batch_size)


DEFAULT = TrainingConfig()
QUICK = TrainingConfig(train_size=128, epochs=2, layers=(4, POOL, 8, POOL, 8), reports_per_epoch=2)


@dataclass(frozen=True)
class Progress:
    """Where training is: the head, steps done of all, and the running loss and accuracy."""

    head: str
    step: int
    steps: int
    loss: float
    accuracy: float


def train(network: Network, images: np.ndarray, labels: np.ndarray, config: TrainingConfig,
          on_progress: Callable[[Progress], None] | None = None) -> Network:
    """Train ``network`` in place with Adam on shuffled mini-batches, in ``config.dtype``; also returns it.

    Every ``1 / reports_per_epoch`` of an epoch the mean loss and accuracy since the last report are
    appended to ``network.history`` and passed to ``on_progress``. Deterministic given ``config.seed``.
    """
    with one_blas_thread():
        return train_steps(network, images, labels, config, on_progress)


def one_blas_thread():
    """Run numpy's matrix products on one thread: these small products run about three times faster
    so on a 2-core machine than when BLAS splits each one between threads (benchmarks/bench_cam.py)."""
    return threadpool_limits(1, user_api="blas")


def train_steps(network: Network, images: np.ndarray, labels: np.ndarray, config: TrainingConfig,
                on_progress: Callable[[Progress], None] | None) -> Network:
    rng = np.random.default_rng(config.seed + 1)
    network.params = {k: v.astype(config.dtype) for k, v in network.params.items()}
    images = images.astype(config.dtype)
    moments = {k: (np.zeros_like(v), np.zeros_like(v)) for k, v in network.params.items()}
    beta1, beta2 = 0.9, 0.999
    every = max(1, config.steps // (config.epochs * config.reports_per_epoch))
    history, losses, hits, seen, step = [], [], 0, 0, 0
    for _ in range(config.epochs):
        order = rng.permutation(len(labels))
        for start in range(0, len(order), config.batch_size):
            batch = order[start:start + config.batch_size]
            scores, cache = forward(network, images[batch])
            loss, grad_scores = cross_entropy(scores, labels[batch])
            step += 1
            for name, grad in gradients(network, cache, grad_scores).items():
                m, v = moments[name]
                m *= beta1
                m += (1 - beta1) * grad
                v *= beta2
                v += (1 - beta2) * grad**2
                m_hat, v_hat = m / (1 - beta1**step), v / (1 - beta2**step)
                network.params[name] -= config.learning_rate * m_hat / (np.sqrt(v_hat) + 1e-8)
            losses.append(loss * len(batch))
            hits += int((scores.argmax(axis=1) == labels[batch]).sum())
            seen += len(batch)
            if step % every == 0 or step == config.steps:
                history.append((step, sum(losses) / seen, hits / seen))
                losses, hits, seen = [], 0, 0
                if on_progress is not None:
                    on_progress(Progress(network.head, step, config.steps, *history[-1][1:]))
    network.history = np.array(history)
    return network


def train_heads(config: TrainingConfig, images: np.ndarray, labels: np.ndarray, classes: int,
                on_progress: Callable[[Progress], None] | None = None, heads=HEADS) -> dict[str, Network]:
    """The three heads (or those in ``heads``) trained on the same pictures in the same order, from the
    same first convolutions; each head's training depends on nothing but its own seed and data."""
    side = images.shape[1]
    return {
        head: train(initial_network(head, config.layers, classes, side, config.seed), images, labels,
                    config, on_progress)
        for head in heads
    }


def predict(network: Network, images: np.ndarray, batch_size: int = 256) -> np.ndarray:
    """Class probabilities ``(N, K)``, computed in batches."""
    return np.concatenate([softmax(forward(network, images[i:i + batch_size])[0])
                           for i in range(0, len(images), batch_size)])
