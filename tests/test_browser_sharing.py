"""The sharing helpers in a real browser, on a small page that uses each of them (tests/scripts/):
the downloads start with the right file type, plotly's image button saves a PNG without leaving
127.0.0.1, and the QR code on the page decodes to the page's link."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect
from pyzbar import pyzbar

from tests.conftest import ROOT, running_app, wait_for_app

SCRIPT = ROOT / "tests" / "scripts" / "sharing_demo.py"
PUBLIC = "https://pooling.school.example/"


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory):
    """The demo page served on 127.0.0.1, as the tests serve the app: students cannot reach it."""
    with running_app(tmp_path_factory.mktemp("sharing") / "server.log", script=SCRIPT) as url:
        yield url


@pytest.fixture(scope="module")
def public_demo_url(tmp_path_factory):
    """The same page, with a public URL configured for it."""
    log = tmp_path_factory.mktemp("sharing_public") / "server.log"
    with running_app(log, script=SCRIPT, env={"POOLING_PUBLIC_URL": PUBLIC}) as url:
        yield url


def open_demo(page, url, query=""):
    page.goto(f"{url}/{query}")
    wait_for_app(page)
    return page


def downloaded(download) -> bytes:
    with open(download.path(), "rb") as file:
        return file.read()


def test_the_gif_download_starts_and_holds_one_frame_per_step(page, demo_url, requested_urls):
    open_demo(page, demo_url, "?k=3")
    page.get_by_role("button", name="GIF for slides").click()
    page.get_by_text("Dark").click()
    button = page.get_by_role("button", name="Download GIF (5 frames, dark)")  # once the page has rerun
    expect(button).to_be_visible(timeout=30_000)
    wait_for_app(page)
    with page.expect_download() as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "pooling-animation.gif"
    with Image.open(io.BytesIO(downloaded(download))) as gif:
        assert (gif.format, gif.n_frames) == ("GIF", 5)


def test_the_png_download_is_the_picture_pixel_for_pixel(page, demo_url, requested_urls):
    open_demo(page, demo_url)
    with page.expect_download() as info:
        page.get_by_role("button", name="PNG, 7 x 5").click()
    assert info.value.suggested_filename == "pooled.png"
    with Image.open(io.BytesIO(downloaded(info.value))) as png:
        assert (png.format, png.size, png.mode) == ("PNG", (7, 5), "RGB")


def test_plotlys_image_button_saves_a_png_at_twice_the_size_offline(page, demo_url, requested_urls):
    open_demo(page, demo_url)
    figure = page.locator(".js-plotly-plot")
    expect(figure).to_be_visible(timeout=30_000)
    figure.hover()
    buttons = figure.locator(".modebar-btn")
    expect(buttons).to_have_count(1)
    page.context.set_offline(True)  # the PNG is drawn in the browser: no network needed
    with page.expect_download() as info:
        buttons.first.click()
    assert info.value.suggested_filename == "pooling.png"
    width = page.evaluate("document.querySelector('.js-plotly-plot')._fullLayout.width")
    with Image.open(io.BytesIO(downloaded(info.value))) as png:
        assert png.format == "PNG" and png.width == 2 * width


def test_on_a_local_only_server_the_qr_panel_says_what_to_change(page, demo_url, requested_urls):
    open_demo(page, demo_url)
    page.get_by_text("QR code for phones").click()
    expect(page.get_by_text("Students' phones cannot reach this server")).to_be_visible(timeout=30_000)
    assert page.locator('[data-testid="stImage"]').count() == 0


def test_the_qr_code_on_the_page_decodes_to_the_public_link_with_the_settings(page, public_demo_url,
                                                                               requested_urls):
    open_demo(page, public_demo_url, "?k=2")
    page.get_by_text("QR code for phones").click()
    image = page.locator('[data-testid="stImage"] img')
    expect(image).to_be_visible(timeout=30_000)
    assert image.get_attribute("src").endswith(".png")  # not re-encoded as a blurry JPEG
    link = f"{PUBLIC}sharing_demo?k=2"
    expect(page.locator('[data-testid="stCode"]')).to_contain_text(link)
    with Image.open(io.BytesIO(image.screenshot())) as shot:
        assert [symbol.data.decode() for symbol in pyzbar.decode(shot)] == [link]
