"""Practice questions: every answer is what the textbook loops compute in the settings the question's
link opens; bad answers get a message; the same seed gives the same questions."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pooling import InputError, parse_grid, parse_sequence
from pooling.lessons import diagnose, practice
from pooling.lessons.experiments import gradients
from pooling.lessons.links import restore
from pooling.lessons.score import Score
from pooling.reference import pool1d_grad_loop, pool1d_loop, pool2d_grad_loop, pool2d_loop
from pooling.windows import output_size, windows1d, windows2d
from tests.practice_slips import stride_left_out

SEEDS = st.integers(0, practice.SEED_LIMIT)
LEVELS = st.sampled_from(list(practice.LEVELS))


def opened(question: practice.Question) -> dict:
    """The lesson's settings as its page restores them from the question's link."""
    state = {}
    assert restore(practice.LESSON_LINKS[question.lesson], question.query, state) == []
    return state


def window_settings(state: dict) -> dict:
    return {"kernel_size": state["w1d_kernel"], "stride": state["w1d_stride"], "padding": state["w1d_pad"],
            "dilation": state["w1d_dilation"], "ceil_mode": state["w1d_ceil"]}


def image_settings(state: dict) -> dict:
    pair = {name: (state[f"img_{name}_h"], state[f"img_{name}_w"]) for name in ("kernel", "stride", "pad")}
    return {"kernel_size": pair["kernel"], "stride": pair["stride"], "padding": pair["pad"],
            "ceil_mode": state["img_ceil"]}


def one_hot(shape, at) -> np.ndarray:
    grad_out = np.zeros(shape)
    grad_out[at] = 1.0
    return grad_out


def expected(question: practice.Question) -> tuple:
    """The answer recomputed from the lesson's settings with the textbook loops (`pooling.reference`)."""
    state = opened(question)
    kind = question.kind
    if question.lesson == practice.WINDOW:
        x, kw = parse_sequence(state["w1d_text"]), window_settings(state)
        if kind == "output_length":
            return (output_size(len(x), **kw),)
        if kind == "same_split":
            w = windows1d(len(x), kw["kernel_size"], stride=kw["stride"], padding="same")
            return (w.pad_left, w.pad_right)
        if kind == "value_at":
            return (pool1d_loop(x, op=state["w1d_op"], **kw)[question.at],)
        out = len(pool1d_loop(x, **kw))
        return (int(np.flatnonzero(pool1d_grad_loop(x, one_hot(out, question.at), **kw))[0]),)
    if question.lesson == practice.IMAGE:
        grid, kw = parse_grid(state["img_grid"]).astype(float), image_settings(state)
        if kind == "output_shape":
            return windows2d(grid.shape, **kw).out_shape
        if kind == "value_2d":
            return (pool2d_loop(grid, op=state["img_op"], **kw)[question.at],)
        out = pool2d_loop(grid, **kw).shape
        return tuple(np.argwhere(pool2d_grad_loop(grid, one_hot(out, question.at), **kw))[0])
    if kind == "gmp_gap":
        x = parse_sequence(state["gp_sequence"])
        return (pool1d_loop(x, len(x), op="max")[0], pool1d_loop(x, len(x), op="avg")[0])
    if kind == "head_parameters":
        h, w, c, k = (state[key] for key in ("gp_h", "gp_w", "gp_c", "gp_k"))
        return (h * w * c * k + k,) if "flatten" in question.prompt else (c * k + k,)
    x = gradients(state["gp_side"]).x
    if "global max" in question.prompt:
        return tuple(np.argwhere(pool2d_grad_loop(x, np.ones((1, 1)), x.shape, op="max"))[0])
    return (pool2d_grad_loop(x, np.ones((1, 1)), x.shape, op="avg")[0, 0],)


@settings(max_examples=60, deadline=None)
@given(seed=SEEDS, level=LEVELS)
def test_every_answer_is_what_the_loops_compute_in_the_lesson_the_link_opens(seed, level):
    for question in practice.questions(seed, level):
        assert np.allclose(question.answer, expected(question)), question
        assert question.check(question.answer_text).right
        assert set(question.query) <= {s.name for s in practice.LESSON_LINKS[question.lesson]}


@settings(max_examples=40, deadline=None)
@given(seed=SEEDS, level=LEVELS)
def test_the_slip_check_of_a_question_agrees_with_its_answer_and_never_diagnoses_it(seed, level):
    for question in practice.questions(seed, level):
        if question.check_as:
            kind, *arguments = question.check_as
            assert diagnose.CHECKS[kind](*arguments, question.answer_text).right, question
            assert diagnose.reason(question.check_as, question.answer_text) == ""


def test_a_length_answer_without_the_stride_is_told_so():
    slips = list(stride_left_out(range(60)))
    assert slips
    for _, _, question, wrong in slips:
        assert diagnose.reason(question.check_as, str(wrong)).startswith("You left out the stride")


@settings(max_examples=30, deadline=None)
@given(seed=SEEDS, level=LEVELS)
def test_a_wrong_answer_is_marked_wrong(seed, level):
    for question in practice.questions(seed, level):
        off_by_one = ", ".join(str(v + 1) for v in question.answer)
        assert not question.check(off_by_one).right


@settings(max_examples=20, deadline=None)
@given(seed=SEEDS, level=LEVELS)
def test_the_same_seed_gives_the_same_questions_in_the_same_order(seed, level):
    assert practice.questions(seed, level) == practice.questions(seed, level)


def test_each_level_asks_every_kind_of_its_lessons():
    for level, kinds in practice.KINDS.items():
        asked = {q.kind for q in practice.questions(3, level)}
        assert asked == {kind.__name__ for kind in kinds}
    assert len(practice.questions(3, 1)) == practice.QUESTIONS_PER_SET


def test_different_seeds_give_different_questions():
    prompts = {tuple(q.prompt for q in practice.questions(seed, 1)) for seed in range(10)}
    assert len(prompts) == 10


@pytest.mark.parametrize(("text", "message"), [
    ("", "Type your answer first: one number"),
    ("   ", "Type your answer first"),
    ("abc", "'abc' .* is not a number"),
    ("1e400", "too large"),
    ("nan", "not a finite number"),
    ("1, 2", "has 2 numbers: one number"),
    ("1/0", "'1/0' .* is not a number"),
])
def test_a_bad_answer_gets_a_message_that_says_what_to_type(text, message):
    with pytest.raises(InputError, match=message):
        practice.read_answer(text, 1)


def test_two_numbers_are_asked_for_when_the_answer_has_two():
    with pytest.raises(InputError, match="2 numbers separated by a comma"):
        practice.read_answer("3", 2)
    assert practice.read_answer("1 2", 2) == (1.0, 2.0)


def test_answers_may_be_fractions_or_have_thousands_grouped():
    assert practice.read_answer("1/16", 1) == (0.0625,)
    assert practice.read_answer("513,000", 1) == practice.read_answer("513 000", 1) == (513000.0,)
    assert practice.read_answer("1, 200", 2) == (1.0, 200.0)


def test_the_score_counts_the_first_answer_of_each_question_and_resets():
    score = Score()
    score.record("a", False)
    score.record("a", True)
    score.record("b", True)
    assert (score.right, score.asked, score.text) == (1, 2, "1 of 2")
    score.reset()
    assert score.text == "0 of 0"


def test_an_unknown_level_is_refused():
    with pytest.raises(InputError, match="level must be one of"):
        practice.questions(1, 4)
