"""The app shell in a real browser: every page opens, presenter mode, nothing leaves the machine."""

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from pooling.lessons.catalog import available_lessons

DOCS_SCREENSHOT = Path(__file__).resolve().parent.parent / "docs" / "home.png"
LESSONS = available_lessons()
PAGES = [("", "Home"), *((lesson.url_path, lesson.title) for lesson in LESSONS)]
EXCEPTION = '[data-testid="stException"]'
CURRENT_PAGE = '[data-testid="stSidebarNav"] [aria-current="page"]'
BODY_TEXT = '[data-testid="stMain"] [data-testid="stMarkdownContainer"] p'


def body_font_size(page) -> float:
    return page.locator(BODY_TEXT).first.evaluate("p => parseFloat(getComputedStyle(p).fontSize)")


def test_home_renders_the_seed_example(open_page):
    page = open_page()
    expect(page.get_by_role("heading", name="Pooling, step by step")).to_be_visible()
    expect(page.locator(".seed-row .output")).to_have_text(["2", "2", "5", "5", "5"])
    expect(page.locator(EXCEPTION)).to_have_count(0)


@pytest.mark.parametrize(("url_path", "title"), PAGES, ids=[title for _, title in PAGES])
def test_every_page_opens_and_shows_its_title(open_page, screenshot, url_path, title):
    page = open_page(url_path)
    if len(PAGES) > 1:  # Streamlit hides the navigation of a one-page app
        expect(page.locator(CURRENT_PAGE)).to_contain_text(title)
    expect(page.locator("h1").first).to_be_visible()
    expect(page.locator(EXCEPTION)).to_have_count(0)
    shot = screenshot(url_path or "home")
    if not url_path and os.environ.get("UPDATE_DOCS_SCREENSHOT"):
        shutil.copy(shot, DOCS_SCREENSHOT)


def test_presenter_mode_folds_the_sidebar_and_enlarges_type_on_every_page(open_page, screenshot):
    page = open_page()
    normal = body_font_size(page)
    page.locator('[data-testid="stSidebar"]').get_by_text("Presenter mode").click()
    page.wait_for_function(
        f"() => parseFloat(getComputedStyle(document.querySelector('{BODY_TEXT}')).fontSize) > {normal}"
    )
    screenshot("home-presenter")
    if not LESSONS:
        return
    expect(page.locator('[data-testid="stSidebar"]')).to_have_attribute("data-collapsed", "true")  # folded
    page.get_by_test_id("stExpandSidebarButton").click()
    page.locator('[data-testid="stSidebarNav"]').get_by_text(LESSONS[0].title).click()
    expect(page.locator(CURRENT_PAGE)).to_contain_text(LESSONS[0].title)
    assert body_font_size(page) > normal


def test_presenter_mode_folds_the_sidebar_again_after_it_was_opened_by_hand(open_page):
    page = open_page()
    sidebar = page.locator('[data-testid="stSidebar"]')
    switch = sidebar.get_by_text("Presenter mode")
    for _ in range(2):  # the browser keeps a sidebar opened by hand open, unless presenter mode folds it
        switch.click()
        expect(sidebar).to_have_attribute("data-collapsed", "true")
        page.get_by_test_id("stExpandSidebarButton").click()
        expect(sidebar).to_have_attribute("data-collapsed", "false")
        switch.click()  # presenter mode off
        expect(page.get_by_role("switch", name="Presenter mode")).not_to_be_checked()
    expect(page.locator(EXCEPTION)).to_have_count(0)


def test_a_lesson_link_opens_the_full_app_on_a_fresh_server(page, fresh_app_url):
    if not LESSONS:
        pytest.skip("no lesson pages yet")
    page.goto(f"{fresh_app_url}/{LESSONS[0].url_path}")
    # The first run after a start imports the whole app: give it longer than a warm page.
    expect(page.locator(CURRENT_PAGE)).to_contain_text(LESSONS[0].title, timeout=30_000)
    switch = page.locator('[data-testid="stSidebar"]').get_by_text("Presenter mode")
    expect(switch).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Page not found")).to_have_count(0)


def test_every_request_stays_on_127_0_0_1(open_page, requested_urls):
    open_page()
    assert any(url.startswith("ws://127.0.0.1") for url in requested_urls)
    assert any(url.endswith(".js") for url in requested_urls)
