"""The bundled samples: stored as drawn, small, and each one telling max, average and min apart."""

import numpy as np
import pytest

from pooling import pool2d
from pooling.lessons.samples import SAMPLES, load_sample, make_samples, sample_path


@pytest.mark.parametrize("name", SAMPLES)
def test_each_sample_is_a_small_stored_png_of_what_its_drawing_makes(name):
    stored = load_sample(name)
    drawn = SAMPLES[name].draw()
    assert stored.dtype == np.uint8 and stored.shape[:2] == (192, 256)
    assert sample_path(name).stat().st_size < 20_000
    if name == "text":  # font rendering may change with Pillow's version; the page does not
        assert stored.shape == drawn.shape
    else:
        np.testing.assert_array_equal(stored, drawn)


def test_make_samples_writes_one_png_per_sample(tmp_path):
    paths = make_samples(tmp_path)
    assert sorted(p.name for p in paths) == sorted(f"{name}.png" for name in SAMPLES)


@pytest.mark.parametrize("name", SAMPLES)
def test_each_sample_has_details_where_max_and_average_pooling_differ(name):
    picture = load_sample(name).astype(np.float32)
    assert (pool2d(picture, 2) - pool2d(picture, 2, op="avg")).max() >= 100


@pytest.mark.parametrize("name", ["shapes", "checkerboard", "text"])
def test_samples_with_thin_dark_details_differ_under_min_pooling_too(name):
    picture = load_sample(name).astype(np.float32)
    assert (pool2d(picture, 2, op="avg") - pool2d(picture, 2, op="min")).max() >= 100


@pytest.mark.parametrize("name", SAMPLES)
def test_each_samples_patch_fits_and_is_not_flat(name):
    top, left = SAMPLES[name].patch
    patch = load_sample(name)[top:top + 8, left:left + 8]
    assert patch.shape[:2] == (8, 8)
    assert patch.max() - patch.min() >= 100


def test_checkerboard_squares_of_one_pixel_go_white_grey_black():
    quadrant = load_sample("checkerboard")[:96, :128]
    assert (pool2d(quadrant, 2) == 255).all()
    assert (pool2d(quadrant, 2, op="avg") == 127.5).all()
    assert (pool2d(quadrant, 2, op="min") == 0).all()


def test_the_dot_survives_repeated_max_pooling_but_average_pooling_dims_it_at_once():
    white = load_sample("dot").min(axis=2)
    largest, average = white, white.astype(np.float32)
    dimmest = []
    for _ in range(4):
        largest, average = pool2d(largest, 2), pool2d(average, 2, op="avg")
        assert largest.max() == 255
        dimmest.append(average.max())
    assert dimmest[0] < 200 and dimmest[-1] < 100


def test_unknown_sample_names_the_choices():
    with pytest.raises(KeyError, match="dot"):
        load_sample("cat")
