"""How long the CAM lesson's "Train" button takes, how large the shipped weights are, and what they measure.

Trains the three heads at the default size (as the button does: same code, no page around it) a few
times and prints the median wall time (target < 30 s on a 2-core machine) with the process CPU time
next to it, the size of cam_weights.npz (target < 1 MB), whether retraining reproduces it bit for
bit, and the measured table of the shipped networks on the held-out pictures. The machine may be
shared: the median of the repeats and the CPU time say how much of the wall time was waiting.

    python benchmarks/bench_cam.py [repeats]
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pooling.lessons import cam  # noqa: E402
from pooling.lessons import cam_weights as shipped  # noqa: E402
from pooling.lessons.network import DEFAULT  # noqa: E402

TRAIN_SECONDS = 30
WEIGHTS_BYTES = 1_000_000


def verdict(met: bool) -> str:
    return "met" if met else "NOT met"


def main(repeats: int = 3) -> None:
    walls, cpus, networks = [], [], None
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        networks = shipped.trained_networks(DEFAULT)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    wall = statistics.median(walls)
    print(f"train 3 heads, default size ({DEFAULT.train_size} pictures x {DEFAULT.epochs} epochs): "
          f"median {wall:.1f} s wall of {', '.join(f'{w:.1f}' for w in walls)}; "
          f"median {statistics.median(cpus):.1f} s CPU  target < {TRAIN_SECONDS} s wall  "
          f"{verdict(wall < TRAIN_SECONDS)}")
    size = shipped.WEIGHTS.stat().st_size
    print(f"{shipped.WEIGHTS.name}: {size:,} bytes  target < {WEIGHTS_BYTES:,}  "
          f"{verdict(size < WEIGHTS_BYTES)}")
    buffer = io.BytesIO()
    shipped.save_networks(networks, buffer)
    buffer.seek(0)
    same = shipped.identical(shipped.load_networks(buffer), shipped.load_networks())
    print(f"retrained weights equal the shipped ones bit for bit: {same}")
    data = shipped.held_out()
    start = time.perf_counter()
    table = cam.evaluate(shipped.load_networks(), data.images, data.labels, data.boxes)
    seconds = time.perf_counter() - start
    print(f"measured table on {len(data)} held-out pictures: {seconds:.1f} s (the button does this after "
          f"training: {wall + seconds:.1f} s in all, target < {TRAIN_SECONDS} s  "
          f"{verdict(wall + seconds < TRAIN_SECONDS)})")
    print(f"  {'head':<16}{'parameters':>11}{'accuracy':>10}{'mean IoU':>10}{'IoU>=0.5':>10}")
    for row in table:
        print(f"  {row.name:<16}{row.parameters:>11,}{row.accuracy:>10.1%}{row.mean_iou:>10.3f}"
              f"{row.good_boxes:>10.1%}")
    print(f"takeaway: {cam.takeaway(table)}")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
