"""The fixed filters that turn an image into the global pooling lesson's feature maps."""

import numpy as np
import pytest

from pooling.lessons.feature_maps import MAP_FEATURES, argmax_cells, feature_maps, fit_to_side, to_unit_rgb

VERTICAL, HORIZONTAL, BRIGHTNESS, REDNESS = range(4)


@pytest.mark.parametrize("image", [np.zeros((5, 7)), np.zeros((5, 7, 3), dtype=np.uint8)])
def test_maps_keep_height_and_width_with_one_channel_per_feature(image):
    assert feature_maps(image).shape == (5, 7, len(MAP_FEATURES))


def test_a_vertical_step_lights_the_two_columns_beside_it_in_the_vertical_edge_map_only():
    image = np.zeros((6, 8))
    image[:, 4:] = 1
    maps = feature_maps(image)
    expected = np.zeros((6, 8))
    expected[:, 3:5] = 1
    np.testing.assert_allclose(maps[..., VERTICAL], expected, atol=1e-12)
    np.testing.assert_allclose(maps[..., HORIZONTAL], 0, atol=1e-12)


def test_a_horizontal_step_lights_the_horizontal_edge_map():
    image = np.zeros((6, 8))
    image[3:] = 1
    maps = feature_maps(image)
    np.testing.assert_allclose(maps[2:4, :, HORIZONTAL], 1, atol=1e-12)
    assert maps[..., HORIZONTAL].sum() == pytest.approx(2 * 8)
    np.testing.assert_allclose(maps[..., VERTICAL], 0, atol=1e-12)


def test_brightness_and_redness_of_pure_colours():
    image = np.array([[[255, 0, 0], [255, 255, 255], [0, 0, 255]]], dtype=np.uint8)
    maps = feature_maps(image)
    np.testing.assert_allclose(maps[0, :, BRIGHTNESS], [0.299, 1.0, 0.114], atol=1e-6)
    np.testing.assert_allclose(maps[0, :, REDNESS], [1.0, 0.0, 0.0], atol=1e-6)


def test_grey_uint8_images_become_three_equal_channels_in_unit_range():
    unit = to_unit_rgb(np.array([[0, 51, 255]], dtype=np.uint8))
    assert unit.shape == (1, 3, 3)
    np.testing.assert_allclose(unit[0, :, 1], [0, 0.2, 1])


def test_shrink_average_pools_a_big_photo_below_the_limit_and_keeps_small_ones():
    photo = np.full((3000, 4000, 3), 255, dtype=np.uint8)
    small = fit_to_side(photo, 128)
    assert small.shape == (93, 125, 3)
    np.testing.assert_allclose(small, 1)
    assert fit_to_side(np.zeros((64, 100)), 128).shape == (64, 100, 3)


def test_argmax_cells_find_each_channels_global_max():
    maps = np.zeros((4, 5, 2))
    maps[3, 1, 0] = 2
    maps[0, 4, 1] = 1
    assert argmax_cells(maps) == [(3, 1), (0, 4)]
