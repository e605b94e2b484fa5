"""The global pooling lesson in a real browser: every figure renders, an experiment is picked, and its
slider reruns it."""

import re

from playwright.sync_api import expect

from pooling.lessons.catalog import LESSONS
from tests.conftest import wait_for_app

TITLE = next(lesson.title for lesson in LESSONS if lesson.file == "pages/global_pooling.py")


def test_global_pooling_renders_and_a_slider_updates_its_takeaway(open_page, screenshot):
    page = open_page()
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=TITLE).click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Global max vs global average pooling")).to_be_visible()
    expect(page.locator(".js-plotly-plot")).to_have_count(3, timeout=20_000)
    expect(page.get_by_role("img", name="map", exact=False)).to_have_count(4)
    assert page.locator('[data-testid="stException"]').count() == 0

    page.get_by_text("One outlier", exact=True).click()
    expect(page.get_by_role("heading", name="One outlier: a single bright spike")).to_be_visible()
    expect(page.get_by_role("heading", name="Translation: move the object")).to_have_count(0)

    expect(page.get_by_text("One spike of 5 in 144 cells")).to_be_visible()
    page.get_by_role("slider", name="Value of the spike in the centre cell").press("ArrowRight")
    expect(page.get_by_text("One spike of 5.5 in 144 cells")).to_be_visible()
    assert page.locator('[data-testid="stException"]').count() == 0

    screenshot("global_pooling_lesson")


def test_an_experiment_keeps_its_settings_while_another_one_is_shown(open_page):
    """Streamlit forgets a widget's value in a run that does not draw it; the page keeps it."""
    page = open_page("global_pooling")
    down = page.get_by_role("slider", name="Move down by (cells)")
    down.press("ArrowRight")
    expect(page.get_by_text("Moving the object 9 down")).to_be_visible()
    experiments = page.get_by_role("radiogroup", name="Experiment")
    experiments.get_by_text("One outlier", exact=True).click()
    page.get_by_role("slider", name="Value of the spike in the centre cell").press("ArrowRight")
    expect(page.get_by_text("One spike of 5.5 in 144 cells")).to_be_visible()
    page.get_by_role("radiogroup", name="Start from").get_by_text("a sequence (steps, features)").click()
    # a run of the whole page, the translation experiment not drawn; its script state still reads
    # "notRunning" until the run starts, so wait for what the run draws first
    expect(page.get_by_role("textbox", name=re.compile("^Your sequence"))).to_be_visible()
    wait_for_app(page)
    experiments.get_by_text("Translation", exact=True).click()
    expect(page.get_by_text("Moving the object 9 down")).to_be_visible()
    experiments.get_by_text("One outlier", exact=True).click()
    expect(page.get_by_text("One spike of 5.5 in 144 cells")).to_be_visible()
    assert "down=9" in page.url and "spike=5.5" in page.url
