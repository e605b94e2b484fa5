"""Predict first in a real browser, with the keyboard alone: switch it on, say the output length, then
for each of the seed example's five outputs Tab to the box, type, press Enter, and press Right for
the next step."""

from playwright.sync_api import expect

from tests.conftest import wait_for_app
from tests.keyboard import tab_to
from tests.layout import CHARTS_DRAWN

SEED_OUTPUTS = ["2", "2", "5", "5", "5"]
ANSWER_BOX = "el.tagName === 'INPUT' && (el.getAttribute('aria-label') || '').startsWith('{}')"


def type_answer(page, label: str, text: str) -> None:
    tab_to(page, ANSWER_BOX.format(label))
    page.keyboard.type(text)
    page.keyboard.press("Enter")
    wait_for_app(page)


def test_a_student_answers_the_seed_example_with_the_keyboard_alone(open_page, screenshot):
    page = open_page("window_1d")
    page.wait_for_function(CHARTS_DRAWN)  # every control is on the page
    page.locator("h1").first.click()  # where a student starts reading
    tab_to(page, "el.getAttribute('role') === 'switch' && el.closest('label')?.innerText.includes('Predict')")
    page.keyboard.press("Space")
    wait_for_app(page)
    figure = page.locator('[data-testid="stPlotlyChart"]')
    expect(page.get_by_label("How many outputs? (the output length)")).to_be_visible()
    expect(figure).to_have_count(0)

    type_answer(page, "How many outputs?", "5")
    expect(page.get_by_text("Right: there are 5 outputs.")).to_be_visible()
    for step, value in enumerate(SEED_OUTPUTS):
        expect(page.get_by_text(f"Step {step + 1} of 5")).to_be_visible()
        expect(figure.locator("svg text", has_text=f"y[{step}] = ?")).to_have_count(1)  # hidden
        typed = "1" if step == 1 else value  # one slip: the average of 1, 2, 2 is not 1 either
        type_answer(page, f"y[{step}] = ?", typed)
        if step == 1:
            expect(page.get_by_text("Not quite: you said 1; y[1] = 2.")).to_be_visible()
        else:
            expect(page.get_by_text(f"Right: y[{step}] = {value}.")).to_be_visible()
        expect(figure.locator("svg text", has_text=f"y[{step}] = ?")).to_have_count(0)  # revealed
        expect(figure.locator("svg text", has_text=f"y[{step}] = max(")).to_have_count(1)
        if step == 2:
            screenshot("predict_steps_midway")
        if step < 4:
            page.keyboard.press("ArrowRight")
            wait_for_app(page)
    expect(page.get_by_text("Score: 5 of 6")).to_be_visible()
    assert page.locator('[data-testid="stException"]').count() == 0
