"""Whole-picture pooling: per channel as pool2d, the pyramid, the difference map, and display copies."""

import threading
import time

import numpy as np
import pytest
from PIL import Image

from pooling import PoolingError, output_size, pool2d
from pooling.lessons.pictures import (
    Level,
    Picture,
    PictureStore,
    Slots,
    channel,
    for_display,
    mark_patch,
    pool_picture,
    pyramid,
    size_text,
)
from pooling.lessons.samples import photo_like

PHOTO = photo_like(37, 50)


def test_the_pyramid_shrinks_by_output_size_each_time_and_says_why_it_stops():
    levels, last, stopped = pyramid(PHOTO, "max", 5, kernel_size=3, stride=2)
    sizes = [(37, 50)]
    for _ in range(4):
        sizes.append(tuple(output_size(n, 3, stride=2) for n in sizes[-1]))
    assert sizes[1:] == [(18, 24), (8, 11), (3, 5), (1, 2)]
    assert [level.shape for level in levels] == [(h, w, 3) for h, w in sizes[1:]]
    assert last.shape == levels[-1].shape
    assert stopped.startswith("The pyramid stops after 4 poolings: the picture is 2×1 and the window")


def test_a_setting_that_never_fits_is_an_error_not_an_empty_pyramid():
    with pytest.raises(PoolingError, match="padding"):
        pool_picture(PHOTO, 2, kernel_size=2, padding=2)


def test_average_pooling_with_dilation_is_refused_while_max_and_min_still_run():
    pooled = pool_picture(PHOTO, 1, kernel_size=2, dilation=2)
    assert set(pooled.levels) == {"max", "min"}
    assert "no dilation" in pooled.refused["avg"]
    assert pooled.difference is None


def test_the_difference_map_is_max_minus_average_over_channels():
    pooled = pool_picture(PHOTO, 1, kernel_size=2)
    gap = (pool2d(PHOTO, 2).astype(float) - pool2d(PHOTO, 2, op="avg")).mean(axis=2)
    assert pooled.difference.dtype == np.uint8
    np.testing.assert_array_equal(pooled.difference, np.rint(gap))
    assert pooled.difference_largest == pytest.approx(gap.max())


def test_a_big_difference_map_is_shrunk_for_the_screen_keeping_its_peaks():
    photo = photo_like(600, 1000)
    photo[301, 501] = 255  # one bright speck in a 2x2 window of its own
    pooled = pool_picture(photo, 1, kernel_size=2)
    assert pooled.difference.shape == (100, 167)  # 300x500 max-pooled by 3 to fit HEATMAP_WIDTH
    assert pooled.difference.max() == round(pooled.difference_largest)


def test_levels_report_brightness_as_grey():
    level = Level.of(np.array([[[255, 255, 255], [0, 0, 255]]], np.uint8))
    assert (level.brightest, level.mean) == (255, pytest.approx((255 + 29) / 2))


def test_small_pictures_are_enlarged_with_crisp_pixels_and_big_ones_shrunk():
    small = np.arange(6, dtype=np.uint8).reshape(2, 3)
    shown = for_display(small, 480)
    assert shown.shape == (320, 480)
    np.testing.assert_array_equal(shown[::160, ::160], small)
    assert (shown[:160, :160] == 0).all()
    assert for_display(photo_like(3000, 4000), 480).shape == (360, 480, 3)
    assert for_display(np.zeros((4000, 10), np.uint8), 480).shape == (960, 2)


def test_channels_are_pillows_grey_or_one_colour():
    grey = np.asarray(Image.fromarray(PHOTO).convert("L"))
    np.testing.assert_array_equal(channel(PHOTO, "grey"), grey)
    np.testing.assert_array_equal(channel(PHOTO, "blue"), PHOTO[:, :, 2])
    np.testing.assert_array_equal(channel(grey, "red"), grey)
    with pytest.raises(ValueError, match="purple"):
        channel(PHOTO, "purple")


def test_the_patch_frame_is_drawn_where_the_patch_is_and_big_enough_to_see():
    shown = np.zeros((300, 400), np.uint8)
    marked = mark_patch(shown, (3000, 4000), 1500, 2000, 8, 8)
    assert marked.shape == (300, 400, 3)
    yellow = np.argwhere((marked == (240, 228, 66)).all(axis=2))
    assert yellow.min(axis=0).tolist() == [142, 192] and yellow.max(axis=0).tolist() == [158, 208]


def test_sizes_are_written_width_by_height():
    assert size_text((3000, 4000, 3)) == "4000×3000"


def test_the_picture_store_lets_go_of_pictures_nobody_uses_any_more():
    store = PictureStore(max_bytes=10**9, max_idle=0.2)
    kept = store.put(Picture("kept", "kept", np.zeros((4, 4), np.uint8)))
    store.put(Picture("left", "left", np.zeros((4, 4), np.uint8)))
    deadline = time.monotonic() + 5
    while store.bytes > kept.pixels.nbytes and time.monotonic() < deadline:
        store.get("kept")  # a session still using its picture
        time.sleep(0.02)
    assert store.get("left") is None and store.get("kept") is kept
    while store.bytes and time.monotonic() < deadline:  # the class has gone
        time.sleep(0.05)
    assert store.bytes == 0
    store.put(kept)  # the timer starts again with the next picture
    assert store.get("kept") is kept


def test_whole_picture_slots_let_in_as_many_threads_as_slots_and_a_thread_inside_again():
    slots = Slots(2)
    inside = [threading.Event() for _ in range(3)]
    leave = [threading.Event() for _ in range(3)]

    def student(number):
        with slots, slots:  # a page holding a slot, then pooling, which takes one too
            inside[number].set()
            leave[number].wait(timeout=10)

    threads = [threading.Thread(target=student, args=(number,)) for number in range(3)]
    for thread in threads[:2]:
        thread.start()
    assert inside[0].wait(timeout=5) and inside[1].wait(timeout=5)
    threads[2].start()
    assert not inside[2].wait(timeout=0.3)  # both slots are in use: the third waits
    leave[0].set()
    assert inside[2].wait(timeout=5)  # one left: the third is let in
    for event in leave:
        event.set()
    for thread in threads:
        thread.join(timeout=5)
    assert not any(thread.is_alive() for thread in threads)
