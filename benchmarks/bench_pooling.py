"""Time the pooling core on a 12-megapixel image and a 10-million-step sequence.

    python benchmarks/bench_pooling.py

Prints the median time of each case and its ratio to one ``x.copy()`` of the same input (to
``x.max()`` for global pooling, to the forward pass for gradients). Targets: k2 s2 within 3x of a
copy, k3 s1 within 6x, global pooling within 2x of ``x.max()``, every case on the image under
0.5 s, gradients within 10x of the forward pass.
"""

import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pooling import global_pool1d, global_pool2d, pool1d, pool1d_grad, pool2d, pool2d_grad  # noqa: E402

CASES = {"k2 s2": (2, 2, 0), "k3 s1": (3, 1, 0), "k7 s1": (7, 1, 0), "k3 s2 p1": (3, 2, 1)}


def median_seconds(function, repeats=3):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def row(name, seconds, baseline, against):
    print(f"  {name:<22} {seconds * 1000:9.1f} ms  {seconds / baseline:6.2f}x {against}")


def bench(label, x, pool, global_pool, grad):
    print(f"{label}: shape {x.shape}, {x.dtype}")
    copy = median_seconds(x.copy)
    full_max = median_seconds(x.max)
    row("x.copy()", copy, copy, "copy")
    forward = {}
    for op in ("max", "avg"):
        for name, (k, s, p) in CASES.items():
            seconds = median_seconds(lambda op=op, k=k, s=s, p=p: pool(x, k, stride=s, padding=p, op=op))
            forward[op, name] = seconds
            row(f"{op} {name}", seconds, copy, "copy")
    for op in ("max", "avg"):
        row(f"global {op}", median_seconds(lambda op=op: global_pool(x, op)), full_max, "x.max()")
    if grad is not None:
        for op in ("max", "avg"):
            for name in ("k2 s2", "k3 s1"):
                k, s, p = CASES[name]
                grad_out = np.ones(pool(x, k, stride=s, padding=p, op=op).shape, dtype=np.float32)
                seconds = median_seconds(lambda op=op, k=k, s=s, p=p, g=grad_out: grad(
                    x, g, k, stride=s, padding=p, op=op))
                row(f"grad {op} {name}", seconds, forward[op, name], "forward")


def main():
    rng = np.random.default_rng(0)
    image = rng.integers(0, 256, size=(3000, 4000, 3), dtype=np.uint8)
    bench("image", image, pool2d, global_pool2d, None)
    bench("image", image.astype(np.float32), pool2d, global_pool2d, pool2d_grad)
    sequence = rng.standard_normal(10_000_000).astype(np.float32)
    bench("sequence", sequence, pool1d, global_pool1d, pool1d_grad)


if __name__ == "__main__":
    main()
