"""The bundled sample images: each one makes max, average and min pooling look different.

The PNGs under ``pooling/lessons/samples/`` are made by this module; run
``python -m pooling.lessons.samples`` to draw them again. Nothing is downloaded: the text uses
Pillow's built-in font.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

__all__ = ["SAMPLES", "SAMPLE_DIR", "Sample", "load_sample", "make_samples", "photo_like", "sample_path"]

SAMPLE_DIR = Path(__file__).with_name("samples")
HEIGHT, WIDTH = 192, 256

BLACK, WHITE = (0, 0, 0), (255, 255, 255)
ORANGE, SKY_BLUE, GREEN, VERMILLION = (230, 159, 0), (86, 180, 233), (0, 158, 115), (213, 94, 0)


def shapes() -> np.ndarray:
    """Thin bright lines and dots on black, and solid shapes crossed by thin dark lines (H, W, 3).

    Max pooling keeps the thin bright lines and erases the thin dark ones; min pooling does the
    opposite; average pooling dims both.
    """
    image = Image.new("RGB", (WIDTH, HEIGHT), BLACK)
    draw = ImageDraw.Draw(image)
    draw.line([(12, 180), (120, 12)], fill=WHITE, width=1)
    for row in range(24, 176, 16):
        for col in range(140, 248, 16):
            draw.point((col, row), fill=WHITE)
    draw.ellipse([(20, 20), (84, 84)], fill=ORANGE)
    draw.rectangle([(40, 110), (124, 176)], fill=SKY_BLUE)
    draw.polygon([(150, 100), (246, 100), (198, 20)], fill=GREEN)
    draw.line([(40, 143), (124, 143)], fill=BLACK, width=1)
    draw.line([(82, 110), (82, 176)], fill=BLACK, width=1)
    draw.rectangle([(150, 120), (246, 180)], outline=VERMILLION, width=1)
    return np.asarray(image)


def checkerboard() -> np.ndarray:
    """Four checkerboards with squares of 1, 2, 4 and 8 pixels, one per quadrant (H, W).

    With a 2x2 window and stride 2 the 1-pixel squares turn white under max, grey under average
    and black under min; the larger squares survive one or more poolings.
    """
    rows, cols = np.indices((HEIGHT, WIDTH))
    half_h, half_w = HEIGHT // 2, WIDTH // 2
    square = np.select(
        [(rows < half_h) & (cols < half_w), rows < half_h, cols < half_w], [1, 2, 4], default=8
    )
    return np.where((rows // square + cols // square) % 2 == 0, 255, 0).astype(np.uint8)


def text() -> np.ndarray:
    """Black writing on white, large and small (H, W).

    Thin dark strokes vanish under max pooling (white wins every window) and thicken under min.
    """
    image = Image.new("L", (WIDTH, HEIGHT), 255)
    draw = ImageDraw.Draw(image)
    draw.text((12, 8), "Pool", fill=0, font=ImageFont.load_default(size=64))
    draw.text((12, 92), "max keeps the bright,", fill=0, font=ImageFont.load_default(size=18))
    draw.text((12, 116), "min keeps the dark,", fill=0, font=ImageFont.load_default(size=18))
    draw.text((12, 140), "average blurs both.", fill=0, font=ImageFont.load_default(size=18))
    draw.text((12, 168), "tiny print fades first", fill=0, font=ImageFont.load_default(size=10))
    return np.asarray(image)


def gradient_dot() -> np.ndarray:
    """A smooth blue-to-orange gradient with one white dot of 2x2 pixels (H, W, 3).

    The dot starts on an odd row and column, so every 2x2 window with stride 2 that touches it
    holds one dot pixel and three dark ones: max pooling keeps it at full brightness however often
    it pools; average pooling dims it at once and spreads it out until it disappears.
    """
    across = np.linspace(0.0, 1.0, WIDTH, dtype=np.float32)[None, :, None]
    down = np.linspace(0.0, 0.25, HEIGHT, dtype=np.float32)[:, None, None]
    start = np.array([10, 30, 100], dtype=np.float32)
    end = np.array([240, 160, 40], dtype=np.float32)
    image = start + (end - start) * np.clip(across + down - 0.125, 0.0, 1.0)
    image = np.rint(image).astype(np.uint8)
    image[69:71, 85:87] = 255
    return image


def photo_like(height: int, width: int, seed: int = 0) -> np.ndarray:
    """A made-up photo (H, W, 3): smooth colour areas, fine grain and a few bright specks.

    For tests and benchmarks that need a phone-sized picture without shipping one; a
    4000 x 3000 one takes well under a second.

    >>> photo_like(30, 40).shape
    (30, 40, 3)
    """
    rng = np.random.default_rng(seed)
    coarse = Image.fromarray(rng.integers(30, 226, (6, 8, 3), dtype=np.uint8))
    image = np.asarray(coarse.resize((width, height), Image.Resampling.BICUBIC)).copy()
    grain = rng.integers(-12, 13, (height, width, 1), dtype=np.int8)
    image = np.clip(image + grain, 0, 255, dtype=np.int16).astype(np.uint8)
    rows = rng.integers(0, height, 12)
    cols = rng.integers(0, width, 12)
    image[rows, cols] = 255
    return image


@dataclass(frozen=True)
class Sample:
    """One bundled image, what to look for in it, and where an interesting patch starts."""

    name: str
    title: str
    look_for: str
    patch: tuple[int, int]
    draw: Callable[[], np.ndarray]


SAMPLES = {
    sample.name: sample
    for sample in [
        Sample("dot", "Gradient with a bright dot",
               "the white dot survives every max pooling; average pooling smears it away",
               (66, 82), gradient_dot),
        Sample("shapes", "Shapes and thin lines",
               "thin white lines survive max pooling; thin black lines survive min pooling",
               (139, 78), shapes),
        Sample("checkerboard", "Checkerboards",
               "1-pixel squares turn white (max), grey (average) or black (min)",
               (44, 124), checkerboard),
        Sample("text", "Text", "max pooling erases dark writing; min pooling makes it bold",
               (99, 13), text),
    ]
}


def sample_path(name: str) -> Path:
    """Where the PNG of sample ``name`` is stored."""
    return SAMPLE_DIR / f"{name}.png"


def load_sample(name: str) -> np.ndarray:
    """The stored sample ``name`` as uint8, (H, W, 3) in colour or (H, W) in grey."""
    if name not in SAMPLES:
        raise KeyError(f"no sample {name!r}; choose one of {', '.join(SAMPLES)}")
    with Image.open(sample_path(name)) as image:
        return np.asarray(image)


def make_samples(directory: Path = SAMPLE_DIR) -> list[Path]:
    """Draw every sample and save it as a PNG in ``directory``; return the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for sample in SAMPLES.values():
        path = directory / f"{sample.name}.png"
        Image.fromarray(sample.draw()).save(path, optimize=True)
        paths.append(path)
    return paths


if __name__ == "__main__":
    for made in make_samples():
        print(made)
