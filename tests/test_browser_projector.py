"""Every page as a class sees it on a projector: nothing overlaps, nothing is cut, every animation fits
the screen, and the animations can be stepped from the keyboard.

Presenter mode comes from the link (``?present=1``) at 1024x768 and 1280x720; at 1400x900 it is off,
and at 1024x768 it is also off once, as on a student's small laptop with the sidebar open.
"""

import os
import re
import shutil

import pytest
from playwright.sync_api import expect

from tests.conftest import OUTPUT, ROOT, wait_for_app
from tests.layout import CHARTS_DRAWN, screen_faults

SIZES = [(1024, 768, True), (1280, 720, True), (1400, 900, False), (1024, 768, False)]
STATES = {
    "home": "",
    "sliding a window": "window_1d",
    "sliding: a sentence with a mask": "window_1d?preset=sentence&mask=1",
    "image": "image",
    "image: text pooled 5 times": "image?img_sample=text&img_times=5",
    "global": "global_pooling",
    "global: one outlier": "global_pooling?exp=outlier",
    "global: presence vs extent": "global_pooling?exp=presence",
    "global: sparse features": "global_pooling?exp=sparse",
    "global: gradients on a 6x6 map": "global_pooling?exp=gradients&side=6",
    "class activation maps": "cam",
    "check yourself": "practice",
}


def save_screen(page, name: str) -> None:
    """The screen a class sees first (a lesson's first figure with its controls) as
    test-output/screenshots/<name>.png; copied to docs/ when UPDATE_DOCS_SCREENSHOT is set."""
    charts = page.locator('[data-testid="stPlotlyChart"]')
    if charts.count():
        charts.first.evaluate("chart => chart.scrollIntoView({block: 'end'})")
    else:
        page.locator('[data-testid="stMain"]').evaluate("e => e.scrollTo(0, 0)")
    page.wait_for_timeout(300)
    path = OUTPUT / "screenshots" / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=path)
    if os.environ.get("UPDATE_DOCS_SCREENSHOT"):
        shutil.copy(path, ROOT / "docs" / path.name)


@pytest.mark.parametrize(("width", "height", "presenting"), SIZES,
                         ids=[f"{w}x{h}{'-presenting' if on else ''}" for w, h, on in SIZES])
def test_every_page_reads_on_a_projector(page, app_url, requested_urls, width, height, presenting):
    page.set_viewport_size({"width": width, "height": height})
    faults = {}
    for state, address in STATES.items():
        join = "&" if "?" in address else "?"
        page.goto(f"{app_url}/{address}" + (f"{join}present=1" if presenting else ""))
        faults[state] = screen_faults(page, labels_on_one_line=presenting)
        if presenting and width == 1024 and ":" not in state:
            save_screen(page, f"presenter-{address or 'home'}")
    wrong = [f"{state}: {fault}" for state, found in faults.items() for fault in found]
    assert not wrong, "\n".join(wrong)


def test_presenter_mode_opens_from_the_link_and_stays_in_it(page, app_url, requested_urls):
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(f"{app_url}/window_1d?present=1")
    wait_for_app(page)
    expect(page.locator('[data-testid="stSidebar"]')).to_have_attribute("data-collapsed", "true")
    page.wait_for_function("parseFloat(getComputedStyle(document.documentElement).fontSize) > 20")
    page.locator('[data-testid="stMain"] [data-testid="stSlider"]').first.focus()
    page.keyboard.press("ArrowRight")  # a setting changes; the link still says present
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"[?&]present=1"))


def test_the_keyboard_steps_the_animation_and_the_link_keeps_the_step(page, app_url, requested_urls):
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(f"{app_url}/window_1d")
    wait_for_app(page)
    page.wait_for_function(CHARTS_DRAWN)
    figure = page.locator('[data-testid="stPlotlyChart"]').first
    # Streamlit binds a button's key once the button has mounted (through the hotkeys-js library).
    page.wait_for_function("() => window.hotkeys?.getAllKeyCodes().some(key => key.shortcut === 'right')")
    page.locator("h1").first.click()  # focus the page, not a text box
    for step in (2, 3, 4):
        page.keyboard.press("ArrowRight")
        expect(page.get_by_text(f"Step {step} of 5")).to_be_visible()
    expect(figure.locator("svg text", has_text="y[3] = max(2, 5, 1) = 5")).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]step=4"))
    page.keyboard.press("ArrowLeft")
    expect(figure.locator("svg text", has_text="y[2] = max(2, 2, 5) = 5")).to_be_visible()
    page.keyboard.press("Home")
    expect(figure.locator("svg text", has_text="y[0] = max(0, 1, 2) = 2")).to_be_visible()

    page.goto(f"{app_url}/window_1d?step=4")  # a prepared link opens at its step
    wait_for_app(page)
    expect(figure.locator("svg text", has_text="y[3] = max(2, 5, 1) = 5")).to_be_visible()
