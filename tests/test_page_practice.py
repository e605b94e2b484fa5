"""The practice page through app.py: right and wrong answers, bad answers, the score, the seed in
the link, new questions, and the lesson a worked answer opens."""

import re
from functools import partial

from streamlit.testing.v1 import AppTest

from pooling.lessons import practice
from tests.lesson_apptest import open_lesson as open_through_app
from tests.practice_slips import stride_left_out

PAGE = "pages/practice.py"

open_lesson = partial(open_through_app, PAGE)


def prompts(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith("**Question ")]


def score(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("**Score this session"))


def param(at: AppTest, name: str) -> str:
    value = at.query_params[name]
    return value[-1] if isinstance(value, list) else value


def answer(at: AppTest, number: int, text: str) -> AppTest:
    key = f"pr_{at.session_state.pr_level}_{at.session_state.pr_seed}_{number}"
    at.text_input(key=f"{key}_answer").set_value(text)
    at.button(key=f"FormSubmitter:{key}_form-Check").click().run()
    assert not at.exception
    return at


def test_the_seed_in_the_link_gives_the_same_questions_as_the_core():
    at = open_lesson(seed="42", level="2")
    expected = practice.questions(42, 2)
    assert [p.removeprefix(f"**Question {i}.** ") for i, p in enumerate(prompts(at), 1)] == [
        q.prompt for q in expected]
    assert param(at, "seed") == "42" and param(at, "level") == "2"
    again = open_lesson(seed="42", level="2")
    assert prompts(again) == prompts(at)


def test_a_right_answer_is_marked_right_with_its_worked_answer_and_counted():
    at = open_lesson(seed="7", level="1")
    question = practice.questions(7, 1)[0]
    answer(at, 1, question.answer_text)
    assert at.success[0].value == f"Right: {question.answer_text}."
    assert any(m.value.startswith("**Worked answer.**") for m in at.markdown)
    assert "1 of 1" in score(at)


def test_a_wrong_answer_shows_the_answer_and_only_the_first_answer_counts():
    at = open_lesson(seed="7", level="3")
    question = practice.questions(7, 3)[1]
    wrong = ", ".join(str(v + 5) for v in question.answer)
    answer(at, 2, wrong)
    assert f"the answer is {question.answer_text}" in at.error[0].value
    assert "0 of 1" in score(at)
    answer(at, 2, question.answer_text)
    assert "0 of 1" in score(at)
    answer(at, 1, practice.questions(7, 3)[0].answer_text)
    assert "1 of 2" in score(at)
    at.button(key="pr_reset_score").click().run()
    assert "0 of 0" in score(at)


def test_a_wrong_answer_that_a_usual_slip_gives_says_which_slip():
    seed, number, question, no_stride = next(stride_left_out(range(100)))
    at = open_lesson(seed=str(seed), level="1")
    answer(at, number, str(no_stride))
    shown = at.error[0].value
    assert shown.startswith(f"Not quite: you answered {no_stride}; the answer is {question.answer_text}.")
    assert "You left out the stride" in shown


def test_bad_answers_get_a_message_and_no_score():
    at = open_lesson(seed="7", level="1")
    for text, message in [("abc", "is not a number"), ("", "Type your answer first"),
                          ("1e400", "too large")]:
        answer(at, 1, text)
        assert message in at.error[0].value
        assert not at.success
    assert "0 of 0" in score(at)


def test_new_questions_change_the_seed_and_the_link():
    at = open_lesson(seed="7", level="1")
    before = prompts(at)
    at.button(key="pr_new").click().run()
    assert at.session_state.pr_seed != 7
    assert param(at, "seed") == str(at.session_state.pr_seed)
    assert prompts(at) != before


def test_a_worked_answer_opens_its_lesson_in_exactly_the_questions_settings():
    at = open_lesson(seed="42", level="1")
    at.switch_page("pages/window_1d.py").run()
    at.slider(key="w1d_kernel").set_value(2).run()  # this session had other settings
    at.switch_page(PAGE).run()
    question = practice.questions(42, 1)[0]
    answer(at, 1, question.answer_text)
    at.button(key="pr_1_42_1_open").click().run()
    assert not at.exception
    assert at.title[0].value == "Sliding a window along a sequence"
    assert at.text_area(key="w1d_text").value == question.query["x"]
    assert at.slider(key="w1d_kernel").value == int(question.query["k"])
    assert at.slider(key="w1d_stride").value == int(question.query["s"])
    assert param(at, "k") == question.query["k"]


def opened_from_practice(level: int, lesson: str) -> tuple[AppTest, practice.Question]:
    """Answer the first question of seed 5 that belongs to ``lesson`` and open it there."""
    asked = enumerate(practice.questions(5, level), start=1)
    number, question = next((i, q) for i, q in asked if q.lesson == lesson)
    at = open_lesson(seed="5", level=str(level))
    answer(at, number, question.answer_text)
    at.button(key=f"pr_{level}_5_{number}_open").click().run()
    assert not at.exception
    return at, question


def test_an_image_question_opens_the_image_lesson_on_its_grid_and_settings():
    at, question = opened_from_practice(2, practice.IMAGE)
    assert at.text_area(key="img_grid").value.replace("\n", "; ") == question.query["img_grid"]
    for name in ("img_kernel_h", "img_kernel_w", "img_stride_h", "img_stride_w"):
        assert at.number_input(key=name).value == int(question.query[name])


def test_a_global_question_opens_the_global_lesson_on_its_settings():
    at, question = opened_from_practice(3, practice.GLOBAL)
    settings = {s.name: s.key for s in practice.LESSON_LINKS[practice.GLOBAL]}
    for name, text in question.query.items():
        if name != "src":
            assert str(at.session_state[settings[name]]).replace("\n", "; ") == text


def test_the_lesson_a_link_opens_shows_the_questions_answer():
    asked = [q for seed in range(6) for q in practice.questions(seed, 1)]
    length = next(q for q in asked if q.kind == "output_length")
    at = open_through_app(practice.WINDOW, **length.query)
    assert re.search(r"= (\d+)\s*\\end\{aligned\}", at.latex[0].value)[1] == length.answer_text
    maxed = next(q for q in asked if q.kind == "value_at" and q.query["op"] == "max")
    at = open_through_app(practice.WINDOW, **maxed.query)
    shown = next(m.value for m in at.markdown if m.value.startswith("**y = ["))
    assert shown.split("[")[1].split("]")[0].split(", ")[maxed.at[0]] == maxed.answer_text
