"""Broken and odd image files, made in memory with Pillow, for tests of image uploads.

`broken_and_odd_images()` maps a file name to its bytes. Every file either loads with
`pooling.load_image` or is refused with an InputError; `tests/test_inputs.py` says which and checks
the pixels. The huge ones are crafted PNGs (a valid header and a stream of zero rows), a few KB each.
"""

from __future__ import annotations

import functools
import io
import struct
import zlib

import numpy as np
from PIL import Image

RED, GREEN, BLUE = (255, 0, 0), (0, 255, 0), (0, 0, 255)
GRAY = (128, 128, 128)


def broken_and_odd_images() -> dict[str, bytes]:
    """File name -> content of each file in the corpus (a fresh dict on every call)."""
    return dict(_build())


def coordinate_image(height: int = 4, width: int = 6) -> np.ndarray:
    """An RGB uint8 image whose pixel (r, c) is (40 r, 40 c, 200): every pixel tells where it is."""
    rows, cols = np.mgrid[:height, :width]
    return np.stack([40 * rows, 40 * cols, np.full_like(rows, 200)], axis=-1).astype(np.uint8)


def _save(image: Image.Image, format: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format, **options)
    return buffer.getvalue()


def _png_of(pixels: list) -> bytes:
    return _save(Image.fromarray(np.array(pixels, np.uint8)), "PNG")


def _png(width: int, height: int, bit_depth: int, colour_type: int, row: bytes) -> bytes:
    """A PNG written by hand whose every row is ``row``; rows are compressed as a stream, so a
    20000 x 20000 file costs a few KB and no big buffer."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    deflate = zlib.compressobj()
    line = b"\0" + row
    pixels = b"".join(deflate.compress(line) for _ in range(height)) + deflate.flush()
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def _bilevel_png(side: int) -> bytes:
    return _png(side, side, 1, 0, bytes(-(-side // 8)))


def _noise(mode: str = "RGB") -> Image.Image:
    pixels = np.random.default_rng(0).integers(0, 256, (64, 64, 3), dtype=np.uint8)
    return Image.fromarray(pixels).convert(mode)


def _exif_rotated_jpeg() -> bytes:
    """Stored 32 wide x 16 tall with a red block at the top left; orientation 6 says "rotate 90
    degrees clockwise to view", so the viewer sees 16 wide x 32 tall with the block at the top right."""
    pixels = np.full((16, 32, 3), GRAY, np.uint8)
    pixels[:8, :8] = RED
    exif = Image.Exif()
    exif[0x0112] = 6
    return _save(Image.fromarray(pixels), "JPEG", quality=95, exif=exif.tobytes())


def _palette_with_transparency() -> bytes:
    image = Image.new("P", (4, 2))
    image.putpalette([0, 0, 0, *RED])
    image.paste(1, (2, 0, 4, 2))
    return _save(image, "PNG", transparency=0)


def _frames(format: str, **options) -> bytes:
    first, *rest = [Image.new("RGB", (8, 8), colour) for colour in (RED, GREEN, BLUE)]
    return _save(first, format, save_all=True, append_images=rest, duration=100, loop=0, **options)


@functools.cache
def _build() -> dict[str, bytes]:
    coordinates = Image.fromarray(coordinate_image())
    png = _save(_noise(), "PNG")
    jpeg = _save(_noise(), "JPEG")
    corrupted = bytearray(png)
    corrupted[len(png) // 2 : len(png) // 2 + 64] = bytes(64)
    return {
        # Refused
        "empty.png": b"",
        "notes.txt.png": b"These are my notes, not a picture.\n",
        "truncated.png": png[: len(png) // 2],
        "truncated.jpg": jpeg[: len(jpeg) // 2],
        "corrupted.png": bytes(corrupted),
        "icon.ico": _save(coordinates, "ICO"),
        "huge_8000x8000.png": _bilevel_png(8000),
        "bomb_10000x10000.png": _bilevel_png(10000),
        "bomb_20000x20000.png": _bilevel_png(20000),
        # Loaded
        "coordinates.png": _save(coordinates, "PNG"),
        "coordinates.webp": _save(coordinates, "WEBP", lossless=True),
        "coordinates.bmp": _save(coordinates, "BMP"),
        "coordinates.tiff": _save(coordinates, "TIFF"),
        "photo.jpg": jpeg,
        "gray.png": _save(coordinates.convert("L"), "PNG"),
        "bilevel.png": _save(Image.new("1", (5, 3), 1), "PNG"),
        "gray16.png": _save(Image.fromarray(np.array([[0, 256, 1000, 32896, 65535]], np.uint16)), "PNG"),
        "rgb48.png": _png(3, 2, 16, 2, struct.pack(">3H", 65535, 32896, 0) * 3),
        "float.tiff": _save(Image.fromarray(np.array([[-1.0, 0.0, 1.0]], np.float32)), "TIFF"),
        "cmyk.jpg": _save(Image.new("CMYK", (8, 8), (0, 255, 255, 0)), "JPEG", quality=95),
        "palette_transparent.png": _palette_with_transparency(),
        "rgba.png": _png_of([[(0, 0, 0, 0), (*BLUE, 255), (*RED, 128)]]),
        "la.png": _png_of([[(0, 0), (100, 255), (0, 128)]]),
        "animated.gif": _frames("GIF"),
        "animated.webp": _frames("WEBP", lossless=True),
        "exif_rotated.jpg": _exif_rotated_jpeg(),
    }
