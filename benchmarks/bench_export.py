"""Time the GIF export of a 60-step animation and measure the file.

    python benchmarks/bench_export.py

Builds the frames of a 60-step sequence (max, kernel 3, stride 1, padding 1: 60 frames) and exports
them as a 1280 px GIF, in light and dark, one feature and three. Prints the median export time of a
few repeats (target: under 2 s) and the GIF size (target: under 5 MB), then the same for the image
lesson's largest patch animation (16 x 16, kernel 2, stride 1: 225 frames), for information.
Timings on a shared machine are noisy: the median is the figure to read.
"""

import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pooling.lessons.frames import frames1d, frames2d  # noqa: E402
from pooling.lessons.gif import animation_gif  # noqa: E402

STEPS = 60
REPEATS = 5
SECONDS_TARGET = 2.0
BYTES_TARGET = 5 * 1024 * 1024


def measure(label, x, frames, target=True, **kwargs) -> None:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        gif = animation_gif(x, frames, **kwargs)
        times.append(time.perf_counter() - start)
    seconds, size = statistics.median(times), len(gif)
    print(f"{label}: {len(frames)} frames")
    if target:
        print(f"  export  {seconds:6.2f} s median of {REPEATS} (min {min(times):.2f}, max {max(times):.2f})"
              f"   target < {SECONDS_TARGET:g} s: {'met' if seconds < SECONDS_TARGET else 'NOT met'}")
        print(f"  size    {size / 1024:8.1f} KB   target < {BYTES_TARGET // 1024} KB: "
              f"{'met' if size < BYTES_TARGET else 'NOT met'}")
    else:
        print(f"  export  {seconds:6.2f} s median of {REPEATS}; size {size / 1024:.1f} KB (no target)")


def main() -> None:
    rng = np.random.default_rng(0)
    x = rng.integers(0, 10, STEPS)
    frames = frames1d(x, 3, stride=1, padding=1)
    measure(f"{STEPS}-step sequence, max k3 s1 p1, light", x, frames)
    measure(f"{STEPS}-step sequence, max k3 s1 p1, dark", x, frames, theme="dark")
    x3 = rng.integers(0, 10, (STEPS, 3))
    measure(f"{STEPS}-step sequence of 3 features, avg k3 s1 p1", x3,
            frames1d(x3, 3, stride=1, padding=1, op="avg"))
    patch = rng.integers(0, 256, (16, 16))
    measure("16 x 16 patch, max k2 s1", patch, frames2d(patch, 2, stride=1), target=False,
            value_range=(0, 255))


if __name__ == "__main__":
    main()
