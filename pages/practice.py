"""Check yourself: questions generated from the core, in three levels, each with a worked answer and
a link to the lesson that teaches it."""

from __future__ import annotations

import streamlit as st

from pages.common import enter_through_app, keep_in_link, literal, write_link
from pages.presenter import presenter_mode
from pages.score import record, score_panel
from pooling import InputError
from pooling.lessons import diagnose, practice
from pooling.lessons.catalog import lesson_for
from pooling.lessons.links import PRESENT_PARAM

enter_through_app()

ATTEMPTS_KEY = "pr_attempts"


def new_questions() -> None:
    st.session_state.pr_seed = practice.new_seed()


def open_lesson(question: practice.Question) -> None:
    """Open the question's lesson in exactly its settings: the link's values replace the ones this
    session had. In presenter mode the link says so too (a switch of page with new query parameters
    started the lesson without it)."""
    for setting in practice.LESSON_LINKS[question.lesson]:
        st.session_state.pop(setting.key, None)
    query = {**question.query, PRESENT_PARAM: "1"} if presenter_mode() else question.query
    st.switch_page(question.lesson, query_params=query)


def worked_answer(question: practice.Question, attempt: practice.Attempt, slip: str, key: str) -> None:
    """The verdict (with the usual ``slip`` that gives a wrong answer, if one does), the worked answer
    and the button that opens the lesson."""
    if attempt.right:
        st.success(f"Right: {question.answer_text}.", icon=":material/check_circle:")
    else:
        st.error(" ".join(filter(None, [f"Not quite: you answered {attempt.given_text}; the answer is "
                                        f"{question.answer_text}.", slip])), icon=":material/cancel:")
    st.markdown("**Worked answer.** " + " ".join(question.worked))
    for derivation in question.latex:
        st.latex(derivation)
    lesson = lesson_for(question.lesson)
    if st.button(f"Open this in “{lesson.title}”", key=f"{key}_open", icon=lesson.icon):
        open_lesson(question)


def question_ui(number: int, question: practice.Question, key: str) -> None:
    attempts = st.session_state.setdefault(ATTEMPTS_KEY, {})
    with st.container(border=True):
        st.markdown(f"**Question {number}.** {question.prompt}")
        with st.form(f"{key}_form", border=False):
            text = st.text_input(f"Your answer ({question.asks_for})", key=f"{key}_answer")
            checked = st.form_submit_button("Check")
        if checked:
            try:
                attempt = question.check(text)
                attempts[key] = attempt, "" if attempt.right else diagnose.reason(question.check_as, text)
                record(key, attempt.right)
            except InputError as error:
                st.error(literal(str(error)), icon="⚠️")
        if key in attempts:
            worked_answer(question, *attempts[key], key)


keep_in_link(practice.LINK)
st.title("Check yourself")
st.markdown(
    "Answer first, then see: each question is worked out after you try it, and opens the lesson with "
    "exactly its settings. Every answer is computed by the same code as the lessons.")

level = st.radio("Level", list(practice.LEVELS), key="pr_level", horizontal=True,
                 format_func=lambda n: f"{n}. {practice.LEVELS[n]}")
seed = st.session_state.pr_seed
with st.container(horizontal=True, vertical_alignment="center"):
    st.markdown(f"Question set **{seed}**: share this page's link and the whole class gets the same "
                "questions in the same order.", width="content")
    st.button("New questions", key="pr_new", on_click=new_questions, icon=":material/refresh:")
write_link(practice.LINK)
score_area = st.container()  # filled last, so it counts the answer just checked
st.caption("Only your first answer to each question counts in the score.")

for number, question in enumerate(practice.questions(seed, level), start=1):
    question_ui(number, question, f"pr_{level}_{seed}_{number}")
with score_area:
    score_panel("pr")
