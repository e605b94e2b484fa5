"""Pooling in neural networks, exactly as PyTorch and Keras compute it, in numpy.

Images are ``(H, W)`` or ``(H, W, C)`` and sequences ``(steps,)`` or ``(steps, features)``:
channels last, as Keras.
"""

from .errors import InputError, PoolingError
from .grad import pool1d_grad, pool2d_grad
from .inputs import load_image, parse_grid, parse_sequence
from .ops import OPS, global_pool1d, global_pool2d, pad_value, pool1d, pool2d
from .windows import Windows1D, Windows2D, output_size, windows1d, windows2d

__all__ = [
    "InputError",
    "OPS",
    "PoolingError",
    "UPLOAD_TYPES",
    "Windows1D",
    "Windows2D",
    "global_pool1d",
    "global_pool2d",
    "load_image",
    "output_size",
    "pad_value",
    "parse_grid",
    "parse_sequence",
    "pool1d",
    "pool1d_grad",
    "pool2d",
    "pool2d_grad",
    "windows1d",
    "windows2d",
]
