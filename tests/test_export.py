"""Pooled pictures saved as PNG pixel for pixel, at the size they were computed."""

import io

import numpy as np
import pytest
from PIL import Image

from pooling import pool2d
from pooling.lessons.export import png_bytes


@pytest.mark.parametrize("shape, mode", [((5, 7), "L"), ((5, 7, 1), "L"), ((5, 7, 3), "RGB"),
                                         ((5, 7, 4), "RGBA")])
def test_the_png_holds_every_pixel(shape, mode):
    picture = (np.arange(np.prod(shape)) % 256).astype(np.uint8).reshape(shape)
    with Image.open(io.BytesIO(png_bytes(picture))) as png:
        assert (png.format, png.mode, png.size) == ("PNG", mode, (7, 5))
        np.testing.assert_array_equal(np.asarray(png), picture.reshape(png.height, png.width, -1).squeeze())


def test_an_average_pooled_picture_is_rounded_to_whole_values():
    picture = np.array([[[0, 0, 0], [1, 1, 1]], [[254, 254, 254], [255, 255, 255]]], np.uint8)
    pooled = pool2d(picture, (1, 2), op="avg")  # float32 halves
    with Image.open(io.BytesIO(png_bytes(pooled))) as png:
        assert np.asarray(png).tolist() == [[[0, 0, 0]], [[254, 254, 254]]]  # round half to even


def test_other_shapes_are_refused():
    with pytest.raises(ValueError, match=r"has shape \(H, W\), \(H, W, 3\) or \(H, W, 4\); got \(5, 7, 2\)"):
        png_bytes(np.zeros((5, 7, 2), np.uint8))
