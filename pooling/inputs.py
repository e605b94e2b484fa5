"""Numbers typed by a student and images they upload, turned into arrays or a clear InputError."""

from __future__ import annotations

import io
import re
import struct
import warnings

import numpy as np
from PIL import Image, ImageOps

from .errors import InputError

__all__ = ["MAX_MAGNITUDE", "MAX_PIXELS", "MAX_VALUES", "UPLOAD_TYPES", "load_image", "parse_sequence"]

MAX_VALUES = 10_000
MAX_MAGNITUDE = 1e15  # beyond this, sums overflow or lose the digits a lesson shows
MAX_PIXELS = 50_000_000

_ROWS = re.compile(r"[\n;]")
_TOKEN = re.compile(r"[^,\s]+")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_NOT_FINITE = {"nan", "inf", "infinity"}
_MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2013": "-"})

_FORMATS = ("PNG", "JPEG", "WEBP", "BMP", "GIF", "TIFF")
UPLOAD_TYPES = ["png", "jpg", "jpeg", "webp", "bmp", "gif", "tif", "tiff"]  # file endings of _FORMATS
_NOT_AN_IMAGE = (
    "This file is not an image Pillow can read (PNG, JPEG, WebP, BMP, GIF, TIFF). Try exporting it as PNG."
)
_DAMAGED = (
    "This image file is damaged or incomplete, so its pixels cannot be read. "
    "Upload it again, or open it in an image editor and export it as PNG."
)
# load_image refuses images over MAX_PIXELS itself, from the header, before any pixel is decoded;
# Pillow's own warning for large images would only repeat that in the server's log.
warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)

# What Pillow raises on malformed files, besides its own UnidentifiedImageError (an OSError).
_DECODE_FAILURES = (OSError, SyntaxError, ValueError, EOFError, IndexError, struct.error)


def parse_sequence(text: str) -> np.ndarray:
    """Read the numbers a student typed into a float array.

    Numbers are separated by commas, spaces or tabs; rows by newlines or ``;``. Blank rows and
    repeated or trailing separators are ignored, and the minus signs ``−`` and ``–`` count as ``-``.
    A comma always separates, so write decimals with a point (``1.5``). Rows are counted without the
    blank ones.

    Parameters
    ----------
    text : str
        What was typed, e.g. ``"1, -2.5, 3e2"`` or ``"1 2\\n3 4"``.

    Returns
    -------
    numpy.ndarray of float64, shape (steps,) or (steps, features)
        ``(steps,)`` when there is one row, or one number per row. ``(steps, features)`` when every
        row holds the same number (>= 2) of values: each row is one step, its numbers the features.

    Raises
    ------
    InputError
        No numbers; more than ``MAX_VALUES`` of them; a token that is not a number, NaN, infinite or
        too large (the message names it and its item number, counted from 1 over the whole text);
        rows of different lengths.

    Examples
    --------
    >>> parse_sequence("0, 1, 2, 2, 5, 1, 2")
    array([0., 1., 2., 2., 5., 1., 2.])
    >>> parse_sequence("−1.5  2e1,\\n")
    array([-1.5, 20. ])
    >>> parse_sequence("1 2 3; 4 5 6")
    array([[1., 2., 3.],
           [4., 5., 6.]])
    >>> parse_sequence("1, 5x")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    pooling.errors.InputError: '5x' (item 2) is not a number. ...
    """
    rows = [_TOKEN.findall(row) for row in _ROWS.split(text.translate(_MINUS_SIGNS))]
    rows = [row for row in rows if row]
    tokens = [token for row in rows for token in row]
    if not tokens:
        raise InputError("There are no numbers here. Type a few, separated by commas, e.g. 1, 3, 2, 5")
    if len(tokens) > MAX_VALUES:
        raise InputError(
            f"There are {len(tokens):,} numbers; the most this takes is {MAX_VALUES:,}. "
            "Use a shorter sequence."
        )
    values = np.array([_number(token, item) for item, token in enumerate(tokens, start=1)])
    widths = [len(row) for row in rows]
    if max(widths) == 1 or len(rows) == 1:
        return values
    for number, width in enumerate(widths, start=1):
        if width != widths[0]:
            raise InputError(
                f"Row {number} has {width} numbers but row 1 has {widths[0]}. "
                "Give every row the same count: one number per feature."
            )
    return values.reshape(len(rows), widths[0])


def _number(token: str, item: int) -> float:
    if token.lower().lstrip("+-") in _NOT_FINITE:
        raise InputError(
            f"'{token}' (item {item}) is not a finite number, and pooling needs real values. "
            "Replace it with an ordinary number such as 0."
        )
    if not _NUMBER.fullmatch(token):
        raise InputError(
            f"'{token}' (item {item}) is not a number. Type plain numbers such as 3, -1.5 or 2e3, "
            "separated by commas or spaces (no brackets, units or decimal commas)."
        )
    value = float(token)
    if not abs(value) <= MAX_MAGNITUDE:
        raise InputError(
            f"'{token}' (item {item}) is too large: use numbers between -1e15 and 1e15."
        )
    return value


def load_image(data: bytes) -> np.ndarray:
    """Decode an uploaded image file into an 8-bit array, upright and without transparency.

    The EXIF orientation is applied; palette, CMYK and other colour modes become RGB; 16-bit
    images are scaled to 8 bits (``round(v / 257)``), 32-bit integer and float images are stretched
    from their darkest to their brightest value; transparency is composited on white; an animated
    image gives its first frame. Nothing is written to disk.

    Parameters
    ----------
    data : bytes
        The file's content: PNG, JPEG, WebP, BMP, GIF or TIFF.

    Returns
    -------
    numpy.ndarray of uint8, shape (H, W, 3), or (H, W) for a grayscale or black-and-white image
        A new, writeable array.

    Raises
    ------
    InputError
        An empty file, a file that is not an image in one of these formats, a damaged or truncated
        one, or one larger than ``MAX_PIXELS`` pixels (checked from the header before decoding).
    """
    if not data:
        raise InputError("This file is empty (0 bytes). Choose the image again, or export it anew as PNG.")
    try:
        image = Image.open(io.BytesIO(data), formats=_FORMATS)
    except Image.UnidentifiedImageError:
        raise InputError(_NOT_AN_IMAGE) from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise InputError(_too_big()) from None
    except _DECODE_FAILURES:
        raise InputError(_DAMAGED) from None
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise InputError(_too_big(f" ({width} x {height} = {width * height / 1e6:.0f} million pixels)"))
    try:
        ImageOps.exif_transpose(image, in_place=True)
        return _to_uint8(image)
    except _DECODE_FAILURES:
        raise InputError(_DAMAGED) from None


def _too_big(size: str = "") -> str:
    return (
        f"This image is too large{size}: the most this app takes is {MAX_PIXELS // 1_000_000} million "
        "pixels. Resize it (e.g. to 2000 pixels wide) and upload it again."
    )


def _to_uint8(image: Image.Image) -> np.ndarray:
    if image.mode.startswith("I;16"):
        return ((np.asarray(image).astype(np.uint32) + 128) // 257).astype(np.uint8)
    if image.mode in ("I", "F"):
        return _stretch(np.asarray(image, dtype=np.float64))
    base = "L" if image.mode in ("1", "L", "LA", "La") else "RGB"
    if image.has_transparency_data:
        with_alpha = image.convert(base + "A")
        image = Image.new(base, image.size, "white")
        image.paste(with_alpha, mask=with_alpha.getchannel("A"))
    return np.array(image.convert(base) if image.mode != base else image)


def _stretch(values: np.ndarray) -> np.ndarray:
    values = np.nan_to_num(values, nan=0.0, posinf=0.0, neginf=0.0)
    low, high = values.min(), values.max()
    scale = 255 / (high - low) if high > low else 0.0
    return np.round((values - low) * scale).astype(np.uint8)
