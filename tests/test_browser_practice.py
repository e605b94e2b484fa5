"""The practice page in a real browser, with the keyboard alone: reach an answer box, type, press
Enter, read the worked answer; opening the lesson from it keeps presenter mode. (The lesson's settings
are tested through AppTest.)"""

from playwright.sync_api import expect

from pooling.lessons import practice
from tests.conftest import wait_for_app
from tests.keyboard import tab_to

SEED, LEVEL = 42, 1


def open_questions(open_page, extra: str = ""):
    """The practice page with question set SEED at LEVEL, once its script has run to the end (the
    score, written last): an answer typed while the first run still draws the boxes can be lost."""
    page = open_page(f"practice?seed={SEED}&level={LEVEL}{extra}")
    expect(page.get_by_role("heading", name="Check yourself")).to_be_visible()
    expect(page.get_by_text("Score this session: 0 of 0")).to_be_visible()
    wait_for_app(page)
    return page


def test_a_student_answers_with_the_keyboard_alone_and_sees_the_worked_answer(open_page, screenshot):
    question = practice.questions(SEED, LEVEL)[0]
    page = open_questions(open_page)

    tab_to(page, "el.getAttribute('aria-label')?.startsWith('Your answer')")
    page.keyboard.type(question.answer_text)
    expect(page.locator(":focus")).to_have_value(question.answer_text)  # typed into the box, not lost
    page.keyboard.press("Enter")
    wait_for_app(page)
    expect(page.get_by_text(f"Right: {question.answer_text}.")).to_be_visible()
    expect(page.get_by_text("Worked answer.")).to_be_visible()
    expect(page.get_by_text("Score this session: 1 of 1")).to_be_visible()
    assert page.locator('[data-testid="stException"]').count() == 0
    tab_to(page, "el.innerText?.includes('Open this in')")  # the next stop is the lesson's button
    screenshot("practice_answered")


def test_opening_the_lesson_from_a_question_keeps_presenter_mode(open_page):
    question = practice.questions(SEED, LEVEL)[0]
    page = open_questions(open_page, "&present=1")
    page.get_by_label(f"Your answer ({question.asks_for})").first.fill("0")
    page.keyboard.press("Enter")
    wait_for_app(page)
    page.get_by_role("button", name="Open this in").first.click()
    page.wait_for_url(lambda url: "/practice" not in url)
    wait_for_app(page)
    expect(page.get_by_role("switch", name="Presenter mode")).to_be_checked()
    assert "present=1" in page.url
