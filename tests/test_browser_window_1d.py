"""The sliding-window lesson in a real browser: the animation plays to its end; a link restores a demo."""

from pooling.lessons.catalog import LESSONS

PATH = next(lesson.url_path for lesson in LESSONS if lesson.file == "pages/window_1d.py")
FIGURE = "document.querySelector('.js-plotly-plot')"
CAPTION = (f"{FIGURE}._fullLayout.annotations.find(note => note.name === 'caption').text"
           ".replaceAll('<br>', ' ')")


def open_lesson(open_page, query=""):
    """The lesson, opened after the home page: on a server's first visit a lesson address also shows a
    "Page not found" dialog over the page."""
    open_page()
    return open_page(PATH + query)


def first_caption(page) -> str:
    page.wait_for_function(f"{FIGURE} && {FIGURE}._fullLayout")
    return page.evaluate(CAPTION)


def play_to_the_end(page) -> str:
    """Press Play, wait for the last frame, return its caption."""
    page.wait_for_function(f"{FIGURE} && {FIGURE}._transitionData")
    last = page.evaluate(f"{FIGURE}._transitionData._frames.length") - 1
    page.locator(".updatemenu-button", has_text="Play").click()
    page.wait_for_function(f"{FIGURE}._fullLayout._currentFrame === '{last}'", timeout=20_000)
    return page.evaluate(CAPTION)


def test_play_runs_the_window_to_the_last_output(open_page, screenshot):
    page = open_lesson(open_page)
    assert first_caption(page) == "y[0] = max(0, 1, 2) = 2"
    assert play_to_the_end(page) == "y[4] = max(5, 1, 2) = 5"
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot("window_1d_lesson")


def test_a_link_opens_the_same_demo_and_the_address_follows_the_controls(open_page):
    page = open_lesson(open_page, "?op=avg&pad=1&cip=0")
    assert play_to_the_end(page) == "y[6] = (1 + 2) / 2 = 1.5 (padding not counted)"
    assert "op=avg" in page.url and "cip=0" in page.url
    page.get_by_role("radiogroup", name="Operation").get_by_text("min").click()
    page.wait_for_function("location.search.includes('op=min')")
