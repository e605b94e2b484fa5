"""Pictures as files a teacher can put on a slide."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from .pictures import to_uint8

__all__ = ["png_bytes"]


def png_bytes(picture) -> bytes:
    """A picture as PNG bytes, pixel for pixel (no resizing).

    Parameters
    ----------
    picture : array_like, shape (H, W), (H, W, 1), (H, W, 3) or (H, W, 4)
        Grey, RGB or RGBA values from 0 to 255, e.g. a pooled picture at its full computed resolution
        (averages are rounded, as `to_uint8` does).

    Returns
    -------
    bytes
        A PNG of ``W x H`` pixels.

    Raises
    ------
    ValueError
        For another shape.

    Examples
    --------
    >>> png_bytes(np.zeros((2, 3, 3), np.uint8))[:8]
    b'\\x89PNG\\r\\n\\x1a\\n'
    """
    picture = to_uint8(np.asarray(picture))
    if picture.ndim == 3 and picture.shape[2] == 1:
        picture = picture[:, :, 0]
    if not (picture.ndim == 2 or (picture.ndim == 3 and picture.shape[2] in (3, 4))):
        raise ValueError(f"a picture to save has shape (H, W), (H, W, 3) or (H, W, 4); got {picture.shape}")
    out = io.BytesIO()
    Image.fromarray(picture).save(out, format="PNG")
    return out.getvalue()
