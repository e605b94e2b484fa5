"""Time the pooling core on a 12-megapixel image and a 10-million-step sequence, and judge it.

    python benchmarks/bench_pooling.py

Each case is the median processor time of several runs (the time this process computed, which
other work on a shared machine disturbs less than the clock does), divided by the same figure for
a baseline that numpy does in one pass over the same data (``x.max()``, ``x.copy()``,
``np.maximum(x[0::2], x[1::2])``) or for the forward pass it differentiates. A ratio travels better
between machines than a time; on a busy 2-core machine it still moves by some tens of percent from
run to run. The targets are issue 10's; the last line counts those met. Rows without a target are
there to watch.
"""

import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pooling import global_pool1d, global_pool2d, pool1d, pool1d_grad, pool2d, pool2d_grad  # noqa: E402

REPEATS = 7


def median_seconds(function, repeats=REPEATS):
    times = []
    for _ in range(repeats):
        start = time.process_time()
        function()
        times.append(time.process_time() - start)
    return statistics.median(times)


class Judge:
    """Prints each case next to its baseline and target, and counts the targets met."""

    def __init__(self):
        self.met = self.targets = 0

    def case(self, name, function, baseline, against, target=None):
        seconds, base = median_seconds(function), median_seconds(baseline)
        ratio = seconds / base
        verdict = ""
        if target is not None:
            self.targets += 1
            self.met += ratio <= target
            verdict = f"target <= {target:.1f}x  {'met' if ratio <= target else 'NOT MET'}"
        print(f"  {name:<34} {seconds * 1000:8.1f} ms  {ratio:5.2f}x {against:<22} {verdict}")

    def summary(self):
        print(f"{self.met} of {self.targets} targets met")


def forward(pool, x, k, s, op):
    return lambda: pool(x, k, stride=s, op=op)


def gradient(pool, grad, x, k, s, op):
    grad_out = np.ones(pool(x, k, stride=s, op=op).shape, dtype=np.float32)
    return lambda: grad(x, grad_out, k, stride=s, op=op)


def image_cases(judge, image):
    label = f"{image.dtype}"
    for op in ("max", "min"):
        judge.case(f"global {op}, {label}", lambda op=op: global_pool2d(image, op), image.max, "x.max()", 1.3)
    judge.case(f"global avg, {label}", lambda: global_pool2d(image, "avg"), image.max, "x.max()",
               3.0 if image.dtype == np.uint8 else None)
    for op in ("max", "avg"):
        judge.case(f"{op} k2 s2, {label}", forward(pool2d, image, 2, 2, op), image.copy, "x.copy()",
                   3.0 if image.dtype == np.uint8 else None)
        judge.case(f"{op} k3 s1, {label}", forward(pool2d, image, 3, 1, op), image.copy, "x.copy()")


def gradient_cases(judge, x, pool, grad, label):
    for k, s in ((2, 2), (3, 1)):
        judge.case(f"grad max k{k} s{s}, {label}", gradient(pool, grad, x, k, s, "max"),
                   forward(pool, x, k, s, "max"), "forward", 4.0)
    judge.case(f"grad avg k2 s2, {label}", gradient(pool, grad, x, 2, 2, "avg"),
               forward(pool, x, 2, 2, "avg"), "forward")


def main():
    rng = np.random.default_rng(0)
    judge = Judge()
    image = rng.integers(0, 256, size=(3000, 4000, 3), dtype=np.uint8)
    print(f"image {image.shape}")
    image_cases(judge, image)
    image = image.astype(np.float32)
    image_cases(judge, image)
    gradient_cases(judge, image, pool2d, pool2d_grad, "image float32")
    sequence = rng.standard_normal(10_000_000).astype(np.float32)
    print(f"sequence {sequence.shape}, float32")
    judge.case("max k2 s2", forward(pool1d, sequence, 2, 2, "max"),
               lambda: np.maximum(sequence[0::2], sequence[1::2]), "maximum(x[0::2], x[1::2])", 1.2)
    judge.case("max k3 s1", forward(pool1d, sequence, 3, 1, "max"), sequence.copy, "x.copy()")
    judge.case("global max", lambda: global_pool1d(sequence), sequence.max, "x.max()")
    gradient_cases(judge, sequence, pool1d, pool1d_grad, "sequence")
    del image
    judge.summary()


if __name__ == "__main__":
    main()
