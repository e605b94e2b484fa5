"""Every page on a phone (375x667): no horizontal scrolling, no chart text covering other text or cut
labels, uploads open the camera roll, and the GIF and PNG downloads start with the right file type."""

import pytest
from playwright.sync_api import expect

from pooling.lessons.catalog import available_lessons
from pooling.lessons.experiments import EXPERIMENTS
from tests.conftest import wait_for_app
from tests.layout import screen_faults

PHONE = {"width": 375, "height": 667}
PAGES = [""] + [lesson.url_path for lesson in available_lessons()]
GIF_SIGNATURE, PNG_SIGNATURE = b"GIF89a", b"\x89PNG\r\n\x1a\n"
WIDTHS = """() => {
    const main = document.querySelector('[data-testid="stMain"]');
    return {page: document.documentElement.scrollWidth, main: main.scrollWidth,
            mainWidth: main.clientWidth, viewport: window.innerWidth};
}"""


@pytest.fixture
def phone(page, open_page):
    """``phone(url_path)``: that page of the app, opened at 375x667."""

    def open_(url_path: str = ""):
        page.set_viewport_size(PHONE)
        return open_page(url_path)

    return open_


def first_bytes(download, count: int) -> bytes:
    with open(download.path(), "rb") as file:
        return file.read(count)


def download_of(page, button) -> bytes:
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=60_000) as info:
        button.click()
    return first_bytes(info.value, 8)


@pytest.mark.parametrize("url_path", PAGES)
def test_no_page_scrolls_sideways_on_a_phone(phone, url_path, screenshot):
    page = phone(url_path)
    page.wait_for_timeout(500)  # let plotly lay out its figures at the phone's width
    widths = page.evaluate(WIDTHS)
    screenshot(f"phone-{url_path or 'home'}")
    assert widths["page"] <= widths["viewport"], widths
    assert widths["main"] <= widths["mainWidth"], widths
    faults = screen_faults(page, labels_on_one_line=False)
    assert not faults, "\n".join(faults)


EXPERIMENT_LINKS = [f"global_pooling?exp={name}" for name in EXPERIMENTS if name != "translation"]


@pytest.mark.parametrize("url_path", [*EXPERIMENT_LINKS, "global_pooling?src=sequence"])
def test_every_experiment_of_the_global_lesson_fits_a_phone(phone, url_path):
    """The page opens on the first experiment (above); the others, and a sequence's pooled bars."""
    page = phone(url_path)
    page.wait_for_timeout(500)
    faults = screen_faults(page, labels_on_one_line=False)
    assert not faults, "\n".join(faults)


def test_an_animation_with_long_row_labels_keeps_its_play_buttons_and_caption_on_a_phone(phone):
    """The sentence features name the rows, so the animation's plot starts far from its left edge:
    Play and Pause stay inside the chart (Slow and Fast are left out on a phone), and the caption,
    which starts at the chart's left edge, is not cut at its right edge."""
    page = phone("window_1d?preset=kim")
    page.wait_for_timeout(500)  # let plotly lay out its figures at the phone's width
    cut = [fault for fault in screen_faults(page, labels_on_one_line=False) if "cut" in fault]
    assert not cut, "\n".join(cut)
    chart = page.locator(".js-plotly-plot").first.bounding_box()
    buttons = page.locator(".js-plotly-plot .updatemenu-button")
    shown = [box for box in (buttons.nth(i).bounding_box() for i in range(buttons.count())) if box]
    assert len(shown) == 2 and shown[0]["x"] > chart["x"] + 100  # the row labels take room on the left
    assert all(box["x"] + box["width"] <= chart["x"] + chart["width"] + 1 for box in shown), (chart, shown)


def test_the_image_uploader_takes_pictures_from_the_camera_roll(phone):
    page = phone("image")
    page.get_by_text("Your own image").click()
    wait_for_app(page)
    accept = page.locator('[data-testid="stFileUploader"] input[type="file"]').get_attribute("accept")
    assert "image/" in accept or ".png" in accept, accept


def test_the_gif_of_the_sliding_window_downloads_on_a_phone(phone):
    page = phone("window_1d")
    page.get_by_role("button", name="GIF for slides").click()
    button = page.get_by_role("button", name="Download GIF")
    expect(button).to_be_visible(timeout=30_000)
    assert download_of(page, button).startswith(GIF_SIGNATURE)


def test_the_gif_of_the_patch_downloads_on_a_phone(phone):
    page = phone("image")
    page.get_by_role("button", name="GIF for slides").click()
    button = page.get_by_role("button", name="Download GIF")
    expect(button).to_be_visible(timeout=30_000)
    assert download_of(page, button).startswith(GIF_SIGNATURE)


def test_the_pooled_pictures_download_as_png_on_a_phone(phone):
    page = phone("image")
    buttons = page.get_by_role("button", name="PNG,")
    expect(buttons).to_have_count(3)
    for index in range(3):
        assert download_of(page, buttons.nth(index)) == PNG_SIGNATURE


NUMBERS_SHOWN = """() => [...document.querySelectorAll('.js-plotly-plot .textpoint text')]
    .filter(text => getComputedStyle(text).display !== "none")
    .map(text => ({font: text.getAttribute("style"), size: parseFloat(getComputedStyle(text).fontSize)}))"""


def test_a_long_sequence_on_a_phone_shows_its_numbers_sized_to_its_cells(phone):
    """The 40-step wave is animated over its first 20 steps: about 14 px cells on a phone, whose
    numbers are written smaller there, while a short sequence keeps its numbers at full size."""
    page = phone("window_1d?preset=wave")
    page.wait_for_selector(".js-plotly-plot .textpoint text", state="attached")
    wave = [text["size"] for text in page.evaluate(NUMBERS_SHOWN)]
    assert wave and min(wave) >= 7 and max(wave) < 18
    page = phone("window_1d")
    page.wait_for_selector(".js-plotly-plot .textpoint text", state="attached")
    assert min(text["size"] for text in page.evaluate(NUMBERS_SHOWN)) >= 18


def test_the_home_pages_rows_of_cells_stay_inside_the_column_on_a_phone(phone):
    page = phone("")
    edges = page.evaluate("""() => {
        const main = document.querySelector('[data-testid="stMainBlockContainer"]');
        const inner = main.getBoundingClientRect().right - parseFloat(getComputedStyle(main).paddingRight);
        const rows = [...document.querySelectorAll('.seed-row')];
        return rows.map(row => [row.lastElementChild.getBoundingClientRect().right, inner]);
    }""")
    assert edges and all(right <= inner + 1 for right, inner in edges), edges
