"""Predict first in the animated lessons, through app.py: the output length (or shape) first, then
each output hidden until it is answered; answers are marked with their slip and counted in the
session score; bad answers get a message, never an exception."""

import json

from streamlit.testing.v1 import AppTest

from tests.lesson_apptest import open_lesson
from tests.specs import caption

WINDOW, IMAGE = "pages/window_1d.py", "pages/image.py"


def predicting(page: str = WINDOW, **query) -> AppTest:
    at = open_lesson(page, **query)
    prefix = "w1d" if page == WINDOW else "img"
    at.toggle(key=f"{prefix}_predict_first").set_value(True).run()
    assert not at.exception
    return at


def box(at: AppTest, kind: str):
    """The open question's text box: ``kind`` is "length" or "step"."""
    boxes = [t for t in at.text_input if f"_{kind}_" in t.key]
    assert len(boxes) == 1, [t.key for t in at.text_input]
    return boxes[0]


def answer(at: AppTest, kind: str, text: str) -> AppTest:
    """Type ``text`` in the open question's box and press its Check button (what Enter does)."""
    key = box(at, kind).key
    at.text_input(key=key).set_value(text)
    at.button(key=f"FormSubmitter:{key.removesuffix('_text')}_form-Check").click().run()
    assert not at.exception
    return at


def figure(at: AppTest) -> dict:
    charts = at.get("plotly_chart")
    return json.loads(charts[0].proto.spec)


def named(spec: dict, name: str) -> list:
    """The texts of the trace ``name``."""
    return next(trace for trace in spec["data"] if trace.get("name") == name)["text"]


def score(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("Score: "))


def marks(at: AppTest) -> list[str]:
    """The marked answers and the messages, as read (they are escaped for Markdown: shown literally)."""
    lines = [m.value for m in at.markdown if "[**Right**]" in m.value or "[**Not quite**]" in m.value]
    lines = [line.replace(":green[**Right**]", "Right").replace(":red[**Not quite**]", "Not quite")
             for line in lines]
    return [line.replace("\\", "") for line in [*lines, *(e.value for e in at.error)]]


def test_the_animation_waits_for_the_output_length_and_bad_answers_get_a_message():
    at = predicting()
    assert not at.get("plotly_chart")  # not even the output row, whose cells would tell the length
    assert score(at) == "Score: **0 of 0**"
    messages = {"abc": "'abc' (item 1) is not a number", "": "Type your answer first: one number.",
                "1e400": "'1e400' (item 1) is too large"}
    for typed, message in messages.items():
        answer(at, "length", typed)
        assert any(m.startswith(message) for m in marks(at)), marks(at)
        assert not at.get("plotly_chart") and "0 of 0" in score(at)
    answer(at, "length", "5")
    assert "Right: there are 5 outputs." in marks(at)
    spec = figure(at)
    assert caption(spec) == "y[0] = ?" and named(spec, "output values") == []
    assert "1 of 1" in score(at)


def test_a_step_right_and_a_step_wrong_are_marked_with_the_slip_and_counted():
    at = predicting()
    answer(at, "length", "5")
    answer(at, "step", "2")
    assert "Right: y[0] = 2." in marks(at)
    assert caption(figure(at)) == "y[0] = max(0, 1, 2) = 2"  # revealed as without predicting
    at.button(key="w1d_step_next").click().run()
    assert caption(figure(at)) == "y[1] = ?" and named(figure(at), "output values") == ["2"]
    for typed in ("abc", "", "1e400"):
        answer(at, "step", typed)
        assert caption(figure(at)) == "y[1] = ?"
    answer(at, "step", "1.67")
    assert ("Not quite: you said 1.67; y[1] = 2. That is the average of the window; this step takes its "
            "max.") in marks(at)
    assert score(at) == "Score: **2 of 3**"
    assert caption(figure(at)) == "y[1] = max(1, 2, 2) = 2"


def test_a_wrong_length_is_diagnosed_and_new_settings_ask_again():
    at = predicting(pad="1")
    answer(at, "length", "5")
    assert ("Not quite: you said 5; there are 7 outputs. You left out the padding: add 2p = 2 cells to the "
            "7 input cells.") in marks(at)
    assert at.get("plotly_chart")
    at.slider(key="w1d_kernel").set_value(4).run()
    box(at, "length")
    assert not at.get("plotly_chart")


def test_predicting_hides_the_gif_and_folds_the_arithmetic_away():
    at = open_lesson(WINDOW)
    assert at.get("download_button")
    at.toggle(key="w1d_predict_first").set_value(True).run()
    assert not at.get("download_button")
    assert at.expander and "gives the answers away" in at.expander[0].label


def test_the_switch_is_one_for_every_lesson_and_the_image_asks_the_output_shape():
    at = predicting(WINDOW)
    at.query_params["img_source"] = "numbers"  # the 6 x 6 grid of typed numbers, kernel 2, stride 2
    at.switch_page(IMAGE).run()
    assert at.toggle(key="img_predict_first").value
    answer(at, "length", "abc")
    assert any(m.startswith("'abc' (item 1) is not a number") for m in marks(at))
    answer(at, "length", "2, 2")
    assert "Not quite: you said 2, 2; the output is 3 × 3." in marks(at)
    spec = figure(at)
    assert caption(spec) == "y[0, 0] = ?"
    answer(at, "step", "70")  # (10 + 10 + 10 + 250) / 4
    assert ("Not quite: you said 70; y[0, 0] = 250. That is the average of the window; this step takes "
            "its max.") in marks(at)
    assert "0 of 2" in score(at)
    assert caption(figure(at)) == "y[0, 0] = max(10, 10, 10, 250) = 250"
