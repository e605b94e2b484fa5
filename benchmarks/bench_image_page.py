"""How fast the image lesson handles a 12-megapixel photo, and how much memory it takes.

Runs the page through app.py with AppTest (in this process), uploads a generated 4000 x 3000
photo-like JPEG, and prints: the time from upload to all panels rendered (target < 2 s), the time
for a few control changes afterwards (target < 1 s each), and the peak resident memory of the
process (target < 1.5 GB).

    python benchmarks/bench_image_page.py
"""

from __future__ import annotations

import io
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from pooling.lessons.samples import photo_like  # noqa: E402

HEIGHT, WIDTH = 3000, 4000
CHANGES = [
    ("kernel height 2 -> 3", lambda at: at.number_input(key="img_kernel_h").set_value(3)),
    ("stride width 2 -> 3", lambda at: at.number_input(key="img_stride_w").set_value(3)),
    ('padding "same"', lambda at: at.checkbox(key="img_same").check()),
    ("pool again: 3 times", lambda at: at.slider(key="img_times").set_value(3)),
    ("move the patch", lambda at: at.number_input(key="img_top").set_value(100)),
    ("average pooling on the patch", lambda at: at.radio(key="img_op").set_value("avg")),
    ("stride 1x1: every output full size", lambda at: [
        at.number_input(key=key).set_value(1) for key in ("img_stride_h", "img_stride_w")]),
]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(at: AppTest) -> float:
    start = time.perf_counter()
    at.run()
    seconds = time.perf_counter() - start
    if at.exception or at.error:
        raise SystemExit(f"the page failed: {[e.value for e in [*at.exception, *at.error]]}")
    return seconds


def main() -> None:
    buffer = io.BytesIO()
    Image.fromarray(photo_like(HEIGHT, WIDTH)).save(buffer, "JPEG", quality=90)
    photo = buffer.getvalue()
    print(f"photo: {WIDTH}x{HEIGHT} JPEG, {len(photo) / 1e6:.1f} MB; peak RSS before the app "
          f"{peak_rss_mb():.0f} MB")

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.switch_page("pages/image.py").run()
    at.radio(key="img_source").set_value("upload").run()

    at.file_uploader(key="img_upload").set_value(("photo.jpg", photo, "image/jpeg"))
    upload = timed(at)
    sizes = next(m.value for m in at.markdown if m.value.startswith("**Max pooling**")).split("\n")[1]
    print(f"upload to all panels rendered: {upload:.2f} s (target < 2 s); max pooling {sizes}")

    worst = 0.0
    for name, change in CHANGES:
        change(at)
        seconds = timed(at)
        worst = max(worst, seconds)
        print(f"control change, {name}: {seconds:.2f} s")
    print(f"slowest control change: {worst:.2f} s (target < 1 s)")
    print(f"peak RSS: {peak_rss_mb():.0f} MB (target < 1500 MB)")


if __name__ == "__main__":
    main()
