"""Time the sliding-window lesson on a 60-step input and measure its figure.

    python benchmarks/bench_window_1d.py

Runs the page through app.py with AppTest (in this process), opens it on 60 random steps, then
changes a control again and again. Prints the median script run after a control change (target:
under 150 ms) and the size of the animated figure's JSON as the browser receives it (target: under
1 MB). Also prints the size of the largest patch animation of the image lesson (16 x 16, stride 1).
"""

import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from pooling.charts.animation import grid_animation  # noqa: E402
from pooling.lessons.frames import frames2d  # noqa: E402

STEPS = 60
RERUNS = 30
CHANGES = [  # (widget kind, key, value): each rerun changes one control
    ("slider", "w1d_kernel", 4), ("slider", "w1d_kernel", 3),
    ("radio", "w1d_op", "avg"), ("radio", "w1d_op", "max"),
    ("slider", "w1d_stride", 2), ("slider", "w1d_stride", 1),
]


def spec_bytes(at: AppTest) -> int:
    return len(at.get("plotly_chart")[0].proto.spec.encode())


def main() -> None:
    steps = np.random.default_rng(0).integers(0, 10, STEPS)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["x"] = ", ".join(map(str, steps))
    at.run()
    at.switch_page("pages/window_1d.py").run()
    assert not at.exception, at.exception
    frames = len(json.loads(at.get("plotly_chart")[0].proto.spec)["frames"])
    print(f"Sliding-window lesson, {STEPS} steps, max k3 s1: {frames} animation frames")
    print(f"  figure JSON            {spec_bytes(at) / 1024:8.1f} KB   (target < 1024 KB)")

    times = []
    for i in range(RERUNS):
        kind, key, value = CHANGES[i % len(CHANGES)]
        widget = getattr(at, kind)(key=key).set_value(value)
        start = time.perf_counter()
        widget.run()
        times.append(time.perf_counter() - start)
        assert not at.exception, at.exception
    print(f"  rerun after a control  {statistics.median(times) * 1000:8.1f} ms median of {RERUNS} "
          f"(min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f}; target < 150 ms)")

    patch = np.random.default_rng(0).integers(0, 256, (16, 16))
    start = time.perf_counter()
    figure = grid_animation(patch, frames2d(patch, 2, stride=1))
    built = time.perf_counter() - start
    size = len(figure.to_json().encode())
    print(f"Image lesson patch, 16 x 16, k2 s1: {len(figure.frames)} frames, "
          f"{size / 1024:.1f} KB JSON, built in {built * 1000:.0f} ms")


if __name__ == "__main__":
    main()
