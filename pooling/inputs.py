"""Numbers typed by a student and images they upload, turned into arrays or a clear InputError."""

from __future__ import annotations

import io
import re
import struct
import warnings

import numpy as np
from PIL import Image, ImageOps

from .errors import InputError

__all__ = [
    "FORMAT_NAMES", "IMAGE_FORMATS", "MAX_DECODED_BYTES", "MAX_GRID_SIDE", "MAX_MAGNITUDE", "MAX_PIXELS",
    "MAX_VALUES",
    "UPLOAD_TYPES", "load_image", "parse_grid", "parse_sequence",
]

MAX_VALUES = 10_000
MAX_MAGNITUDE = 1e15  # beyond this, sums overflow or lose the digits a lesson shows
MAX_PIXELS = 16_000_000
"""The most pixels an image may have: a 16-megapixel photo (phones take 12)."""
MAX_DECODED_BYTES = 48_000_000
"""The most bytes its pixels may take once decoded (16 megapixels of RGB); checked before decoding."""
MAX_GRID_SIDE = 16
"""The most rows and columns of a typed grid of pixel values."""

_ROWS = re.compile(r"[\n;]")
_TOKEN = re.compile(r"[^,\s]+")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_NOT_FINITE = {"nan", "inf", "infinity"}
_MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2013": "-"})

IMAGE_FORMATS = ("PNG", "JPEG", "WEBP", "BMP", "GIF", "TIFF")
"""What `load_image` reads (Pillow's names)."""
UPLOAD_TYPES = ("png", "jpg", "jpeg", "webp", "bmp", "gif", "tif", "tiff")
"""The file name endings an uploader offers for them."""
FORMAT_NAMES = "PNG, JPEG, WebP, BMP, GIF, TIFF"
"""The formats as a sentence names them."""
_NOT_AN_IMAGE = f"This file is not an image Pillow can read ({FORMAT_NAMES}). Try exporting it as PNG."
_DAMAGED = (
    "This image file is damaged or incomplete, so its pixels cannot be read. "
    "Upload it again, or open it in an image editor and export it as PNG."
)
# Bytes per decoded pixel in each of Pillow's modes (4 for any mode not listed).
_MODE_BYTES = {"1": 1, "L": 1, "P": 1, "LA": 2, "La": 2, "PA": 2, "I;16": 2, "I;16B": 2, "I;16L": 2,
               "I;16N": 2, "RGB": 3, "YCbCr": 3, "LAB": 3, "HSV": 3}

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


def parse_grid(text: str) -> np.ndarray:
    """Read a typed grid of pixel values: whole numbers 0..255, one row per line (or ``;``).

    Parameters
    ----------
    text : str
        E.g. ``"10, 20, 30\n40 50 60"``.

    Returns
    -------
    numpy.ndarray of uint8, shape (rows, cols)

    Raises
    ------
    InputError
        No numbers; a cell that is not a whole number from 0 to 255 (the message names its row and
        column, counted from 1); rows of different lengths; more than ``MAX_GRID_SIDE`` rows or columns.

    Examples
    --------
    >>> parse_grid("10, 20; 30, 40").tolist()
    [[10, 20], [30, 40]]
    >>> parse_grid("10, 12.5")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    pooling.errors.InputError: The cell in row 1, column 2 holds '12.5': ...
    """
    lines = _ROWS.split(text.translate(_MINUS_SIGNS))
    rows = [row for row in (_TOKEN.findall(line) for line in lines) if row]
    if not rows:
        raise InputError("There are no numbers here. Type rows of pixel values 0..255, e.g. 10, 200; 30, 40")
    if len(rows) > MAX_GRID_SIDE or max(map(len, rows)) > MAX_GRID_SIDE:
        raise InputError(f"The grid is {len(rows)} rows by {max(map(len, rows))} columns; the most this "
                         f"takes is {MAX_GRID_SIDE} by {MAX_GRID_SIDE}. Use a smaller grid.")
    for number, row in enumerate(rows, start=1):
        if len(row) != len(rows[0]):
            raise InputError(f"Row {number} has {len(row)} numbers but row 1 has {len(rows[0])}. "
                             "Give every row the same count.")
        for column, token in enumerate(row, start=1):
            if not (token.isascii() and token.isdigit() and len(token) <= 3 and int(token) <= 255):
                raise InputError(f"The cell in row {number}, column {column} holds '{token}': type a whole "
                                 "number from 0 to 255 (a pixel's brightness).")
    return np.array(rows, dtype=np.int64).astype(np.uint8)


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
        one, or one larger than ``MAX_PIXELS`` pixels or ``MAX_DECODED_BYTES`` decoded bytes (both
        checked from the header, before decoding).
    """
    if not data:
        raise InputError("This file is empty (0 bytes). Choose the image again, or export it anew as PNG.")
    try:
        with warnings.catch_warnings():
            # Pillow warns of large images as it opens them; the size is checked below, before decoding.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=IMAGE_FORMATS)
    except Image.UnidentifiedImageError:
        raise InputError(_NOT_AN_IMAGE) from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise InputError(_too_big()) from None
    except _DECODE_FAILURES:
        raise InputError(_DAMAGED) from None
    width, height = image.size
    decoded = width * height * _MODE_BYTES.get(image.mode, 4)
    if width * height > MAX_PIXELS or decoded > MAX_DECODED_BYTES:
        raise InputError(_too_big(f" ({width} x {height} = {width * height / 1e6:.0f} million pixels, "
                                  f"{decoded / 1e6:.0f} MB decoded)"))
    try:
        ImageOps.exif_transpose(image, in_place=True)
        return _to_uint8(image)
    except _DECODE_FAILURES:
        raise InputError(_DAMAGED) from None


def _too_big(size: str = "") -> str:
    return (
        f"This image is too large{size}: the most this app takes is {MAX_PIXELS // 1_000_000} million "
        f"pixels, {MAX_DECODED_BYTES // 1_000_000} MB decoded. Resize it (e.g. to 2000 pixels wide) and "
        "upload it again."
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
