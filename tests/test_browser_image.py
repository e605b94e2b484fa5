"""The image lesson in a real browser: upload a photo, see the four panels, play the patch animation."""

import numpy as np
from PIL import Image
from playwright.sync_api import expect

from pooling import pool2d
from pooling.lessons.catalog import LESSONS
from pooling.lessons.frames import frames2d
from pooling.lessons.pictures import channel
from pooling.lessons.samples import photo_like
from tests.conftest import wait_for_app

TITLE = next(lesson.title for lesson in LESSONS if lesson.file == "pages/image.py")
PANELS = {"Original": "800×600 px", "Max pooling": "800×600 → 400×300 px",
          "Average pooling": "800×600 → 400×300 px", "Min pooling": "800×600 → 400×300 px"}
ANIMATED = """() => [...document.querySelectorAll('.js-plotly-plot')]
    .find(plot => plot._transitionData && plot._transitionData._frames.length)"""


def test_upload_pool_and_play_the_patch_animation(open_page, screenshot, tmp_path):
    photo = photo_like(600, 800, seed=3)
    path = tmp_path / "photo.png"
    Image.fromarray(photo).save(path)
    patch = channel(photo[296:304, 396:404], "grey")  # the default patch: 8x8 at the centre
    last_caption = frames2d(patch, (2, 2), stride=(2, 2))[-1].caption

    page = open_page()
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=TITLE).click()
    wait_for_app(page)
    page.get_by_text("Your own image").click()
    wait_for_app(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(path)
    expect(page.get_by_text("800×600 → 400×300 px")).to_have_count(3, timeout=30_000)
    wait_for_app(page)
    for title, sizes in PANELS.items():
        panel = page.locator("p").filter(has=page.get_by_text(title, exact=True)).filter(has_text=sizes)
        expect(panel).to_be_visible()
    expect(page.get_by_text("The 8×8 patch at row 296, column 396")).to_be_visible()

    frames = page.evaluate_handle(ANIMATED)
    assert frames.evaluate("plot => plot._transitionData._frames.length") == 16
    plot = page.locator(".js-plotly-plot").filter(has=page.locator(".updatemenu-button"))
    plot.locator(".updatemenu-button", has_text="Fast").click()
    page.wait_for_function(f"() => ({ANIMATED})()._fullLayout._currentFrame === '15'", timeout=30_000)
    expect(plot.get_by_text(last_caption.partition(" = ")[2])).to_be_visible()  # the caption's 2nd line
    assert page.locator('[data-testid="stException"]').count() == 0

    with page.expect_download() as info:  # the first of the three pooled panels: max pooling
        page.get_by_role("button", name="PNG, 400 x 300").first.click()
    assert info.value.suggested_filename == "max-pooled.png"
    with Image.open(info.value.path()) as png:
        assert np.array_equal(np.asarray(png), pool2d(photo, kernel_size=(2, 2), stride=(2, 2)))

    shot = screenshot("image_lesson_after_upload")
    assert np.asarray(Image.open(shot)).shape[0] > 2000
