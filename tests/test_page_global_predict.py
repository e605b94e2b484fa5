"""Predict first on the global pooling lesson: the bars and each experiment's chart wait for a
prediction, the reveal marks it, and the score is the one the practice page shows."""

from functools import partial

import numpy as np
from streamlit.testing.v1 import AppTest

from pooling.lessons import experiments as ex
from pooling.lessons import predictions as pr
from pooling.lessons.feature_maps import MAP_FEATURES
from tests.lesson_apptest import open_lesson as open_through_app

PAGE = "pages/global_pooling.py"

open_lesson = partial(open_through_app, PAGE)


def predicting(**query) -> AppTest:
    at = open_lesson(**query)
    at.toggle(key="gp_predict_first").set_value(True).run()
    assert not at.exception
    return at


def takeaways(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith("**Takeaway.**")]


def marks(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown if "You said" in m.value)


def predict(at: AppTest, form: str, predictions, choices) -> AppTest:
    for i, (prediction, choice) in enumerate(zip(predictions, choices)):
        if choice is not None:
            at.radio(key=f"{form}_{i}_{prediction.key}").set_value(choice)
    at.button(key=f"FormSubmitter:{form}_form-Reveal").click().run()
    assert not at.exception
    return at


def test_with_predict_first_on_no_pooled_numbers_or_experiment_charts_show_before_a_prediction():
    at = open_lesson()
    charts, shown = len(at.get("plotly_chart")), len(takeaways(at))
    at.toggle(key="gp_predict_first").set_value(True).run()
    assert len(at.get("plotly_chart")) == charts - 2  # the bars and the experiment shown wait
    assert len(takeaways(at)) == shown - 2  # only the parameter counter's remains
    assert "0 of 0" in next(m.value for m in at.markdown if m.value.startswith("**Score this session"))
    names = tuple(f"**{name}**" for name in MAP_FEATURES)
    titles = [m.value for m in at.markdown if m.value.startswith(names)]
    assert len(titles) == 4 and all(title.endswith("max ? · mean ?") for title in titles)


def test_a_right_and_a_wrong_prediction_are_marked_then_the_bars_appear_and_the_score_counts_them():
    at = predicting(src="sequence", x="1; 2; 9")
    asked = pr.predictions_for(ex.pooled_sequence(np.array([1.0, 2.0, 9.0])))
    assert [p.answer for p in asked] == ["GMP", "2× to 10×"]
    before = len(at.get("plotly_chart"))
    predict(at, "gp_pooledsequence", asked, ["GMP", "up to 2×"])
    text = marks(at)
    assert "Right" in text and "Not quite" in text and "it is *2× to 10×*" in text
    assert text.count("GMP 9 vs GAP 4: GMP is 2.2 times GAP.") == 1  # once for the feature's two
    assert "**1 of 2**" in text
    assert len(at.get("plotly_chart")) == before + 1


def test_an_experiment_waits_for_its_prediction_and_asks_again_for_new_settings():
    at = predicting(exp="outlier")
    asked = pr.predictions_for(ex.outlier(5.0))
    predict(at, "gp_outlier", asked, ["GAP"])
    assert "Not quite" in marks(at) and "it is *GMP*" in marks(at)
    assert any("One spike of 5" in t for t in takeaways(at))
    at.slider(key="gp_spike").set_value(9.0).run()
    assert not any("One spike of" in t for t in takeaways(at))
    predict(at, "gp_outlier", pr.predictions_for(ex.outlier(9.0)), ["GMP"])
    assert any("One spike of 9" in t for t in takeaways(at))


def test_reveal_without_every_answer_asks_for_the_rest():
    at = predicting()
    asked = pr.predictions_for(ex.translation(8, 12))
    predict(at, "gp_translation", asked, ["yes", None, None])
    assert "Pick an answer to every question" in at.warning[0].value
    assert not marks(at)


def test_the_score_is_shared_with_the_practice_page_and_survives_switching_pages():
    at = predicting(exp="gradients")
    predict(at, "gp_gradients", pr.predictions_for(ex.gradients(4)), ["one", "all 16"])
    at.switch_page("pages/practice.py").run()
    assert any("Score this session: 2 of 2" in m.value for m in at.markdown)
    at.switch_page(PAGE).run()
    assert at.toggle(key="gp_predict_first").value
