"""The class activation map lesson in a real browser: the maps, the table and the curve render, and a
quick training run fills its progress bar and replaces the table."""

from playwright.sync_api import expect

from pooling.lessons.catalog import lesson_for
from tests.conftest import wait_for_app

LESSON = lesson_for("pages/cam.py")


def test_cam_lesson_renders_and_trains_a_quick_model(open_page, screenshot):
    page = open_page(LESSON.url_path)
    expect(page.get_by_role("heading", name=LESSON.title)).to_be_visible(timeout=60_000)
    expect(page.locator(".js-plotly-plot")).to_have_count(3, timeout=60_000)
    expect(page.locator('[data-testid="stTable"]')).to_contain_text("GMP + dense")
    expect(page.get_by_text("shipped with the app", exact=False)).to_be_visible()
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot("cam_lesson")

    page.get_by_text("quick: 128 pictures", exact=False).click()
    wait_for_app(page)
    page.get_by_role("button", name="Train the three networks").click()
    expect(page.get_by_text("Trained the three networks in", exact=False)).to_be_visible(timeout=120_000)
    wait_for_app(page)
    expect(page.get_by_text("trained here, in this session", exact=False)).to_be_visible()
    expect(page.locator(".js-plotly-plot")).to_have_count(3)
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot("cam_lesson_trained")
