"""The sliding-window lesson through app.py: the seed example, every control, refusals, the link."""

import json
from functools import partial

import pytest
from streamlit.testing.v1 import AppTest

from tests.lesson_apptest import every_snippet
from tests.lesson_apptest import open_lesson as open_through_app
from tests.specs import caption

PAGE = "pages/window_1d.py"

open_lesson = partial(open_through_app, PAGE)


def figure(at: AppTest) -> dict:
    charts = at.get("plotly_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.spec)


def named(spec: dict, name: str) -> dict:
    return next(trace for trace in spec["data"] if trace.get("name") == name)


def captions(spec: dict) -> list[str]:
    return [caption(spec, t) for t in range(len(spec["frames"]))]


def text(at: AppTest) -> str:
    return "\n".join(element.value for element in [*at.markdown, *at.caption, *at.latex])


def test_opens_on_the_seed_example_with_one_frame_per_output():
    at = open_lesson()
    spec = figure(at)
    assert named(spec, "input values")["text"] == ["0", "1", "2", "2", "5", "1", "2"]
    assert named(spec, "output values")["text"] == ["2", "2", "5", "5", "5"]
    assert captions(spec) == [
        "y[0] = max(0, 1, 2) = 2", "y[1] = max(1, 2, 2) = 2", "y[2] = max(2, 2, 5) = 5",
        "y[3] = max(2, 5, 1) = 5", "y[4] = max(5, 1, 2) = 5"]
    page = text(at)
    assert "**y = [2, 2, 5, 5, 5]**" in page
    assert r"\left\lfloor \frac{4}{1} \right\rfloor + 1 = 5" in page
    assert not at.error


# (widget kind, key, value, settings needed first so the change shows)
CONTROLS = [
    ("radio", "w1d_op", "avg", {}),
    ("radio", "w1d_op", "min", {}),
    ("slider", "w1d_kernel", 4, {}),
    ("slider", "w1d_stride", 2, {}),
    ("radio", "w1d_pad_mode", "same", {}),
    ("slider", "w1d_pad_number", 1, {}),
    ("slider", "w1d_dilation", 2, {}),
    ("checkbox", "w1d_ceil", True, {"k": "2", "s": "2"}),
    ("checkbox", "w1d_count_pad", False, {"op": "avg", "pad": "1"}),
    ("selectbox", "w1d_preset", "wave", {}),
    ("text_area", "w1d_text", "3, 1, 4, 1, 5, 9, 2, 6", {}),
    ("number_input", "w1d_length", 30, {"preset": "random"}),
    ("number_input", "w1d_seed", 7, {"preset": "random"}),
]


@pytest.mark.parametrize("kind, key, value, start", CONTROLS, ids=[f"{c[1]}={c[2]}" for c in CONTROLS])
def test_every_control_changes_the_animation(kind, key, value, start):
    at = open_lesson(**start)
    before = figure(at)
    getattr(at, kind)(key=key).set_value(value).run()
    assert not at.exception and not at.error
    assert figure(at) != before


def test_average_pooling_sets_dilation_aside_and_gets_it_back_for_max():
    at = open_lesson()
    at.slider(key="w1d_dilation").set_value(2).run()
    at.radio(key="w1d_op").set_value("avg").run()
    assert not at.exception and not at.error
    assert "Dilation: **1** (averages have none)" in text(at)
    assert at.get("plotly_chart")
    at.radio(key="w1d_op").set_value("max").run()
    assert at.slider(key="w1d_dilation").value == 2


def test_a_one_number_sequence_leaves_the_kernel_for_a_longer_one():
    at = open_lesson()
    at.text_area(key="w1d_text").input("4").run()
    assert "Kernel size: **1**" in text(at)
    at.text_area(key="w1d_text").input("1, 2, 3, 4, 5").run()
    assert at.slider(key="w1d_kernel").value == 3


def test_bad_numbers_are_explained_and_the_last_good_sequence_stays():
    at = open_lesson()
    at.text_area(key="w1d_text").set_value("1, 2, x").run()
    assert not at.exception
    assert "'x'" in at.error[0].value
    assert named(figure(at), "input values")["text"] == ["0", "1", "2", "2", "5", "1", "2"]


def test_the_link_restores_the_demo():
    at = open_lesson()
    at.radio(key="w1d_op").set_value("avg").run()
    at.slider(key="w1d_pad_number").set_value(1).run()
    at.checkbox(key="w1d_count_pad").set_value(False).run()
    at.slider(key="w1d_stride").set_value(2).run()
    link = {name: at.query_params[name][0] if isinstance(at.query_params[name], list)
            else at.query_params[name] for name in at.query_params}
    assert link["op"] == "avg" and link["pad"] == "1" and link["cip"] == "0" and link["s"] == "2"
    again = open_lesson(**link)
    assert figure(again) == figure(at)
    assert captions(figure(again))[0] == "y[0] = (0 + 1) / 2 = 0.5 (padding not counted)"


def test_unusable_link_values_fall_back_to_defaults_with_a_notice():
    at = open_lesson(k="three", op="median", x="1, 2, oops", pad="same")
    assert not at.error
    assert "k=three" in at.caption[0].value and "op=median" in at.caption[0].value
    assert at.slider(key="w1d_kernel").value == 3
    assert at.radio(key="w1d_op").value == "max"
    assert at.radio(key="w1d_pad_mode").value == "same"
    assert named(figure(at), "input values")["text"] == ["0", "1", "2", "2", "5", "1", "2"]


def test_growing_the_kernel_to_the_input_gives_global_pooling():
    at = open_lesson()
    at.button(key="w1d_grow").click().run()
    assert at.slider(key="w1d_kernel").value == 7
    assert captions(figure(at)) == ["y[0] = max(0, 1, 2, 2, 5, 1, 2) = 5"]
    assert [metric.value for metric in at.metric] == ["5", "1.86"]
    assert "(samples, steps, features) = (1, 7, 1)" in text(at)


def test_the_sentence_shows_global_max_and_average_per_feature_and_the_mask():
    at = open_lesson(preset="sentence")
    spec = figure(at)
    assert spec["layout"]["yaxis"]["ticktext"][:3] == ["x positive", "x negative", "x negation"]
    assert named(spec, "input labels")["text"][:3] == ["the", "film", "was"]
    table = at.table[0].value
    assert list(table["feature"]) == ["positive", "negative", "negation"]
    assert list(table["global max"]) == ["0.9", "0.7", "0.9"]
    assert list(table["max comes from"]) == ["good", "<pad>", "not"]
    at.toggle(key="w1d_mask").set_value(True).run()
    table = at.table[0].value
    assert list(table["global max"]) == ["0.9", "0.6", "0.9"]
    assert list(table["global average"]) == ["0.25", "0.15", "0.17"]
    assert "<pad>" not in list(table["max comes from"])
    assert "(features,)" in text(at)


def test_the_code_matches_the_settings():
    at = open_lesson()
    torch_code, keras_code, *_, loop = every_snippet(at, "w1d_code")
    assert "F.max_pool1d(x, kernel_size=3, stride=1, padding=0, dilation=1, ceil_mode=False)" in torch_code
    assert "x.transpose(1, 2)" in torch_code
    assert 'keras.layers.MaxPooling1D(pool_size=3, strides=1, padding="valid")(x)' in keras_code
    assert "def pool1d_loop" in loop
    at.slider(key="w1d_dilation").set_value(2).run()
    at.radio(key="w1d_code").set_value("Keras").run()
    assert "Keras' pooling layers have no dilation" in text(at)


def test_the_kim_preset_pools_each_filter_over_the_whole_sentence():
    at = open_lesson()
    at.selectbox(key="w1d_preset").set_value("kim").run()
    assert at.slider(key="w1d_kernel").value == 6
    assert captions(figure(at)) == ["y[0, 0] = max(0.2, 0.9, 0.8, 0.1, 0, 0.3) = 0.9 "
                                    "y[0, 1] = max(0, 0.4, 0.95, 0.6, 0.1, 0.2) = 0.95 "
                                    "y[0, 2] = max(0, 0, 0.1, 0.5, 0.8, 0.6) = 0.8"]


def test_a_million_numbers_are_refused_and_kept_out_of_the_link():
    at = open_lesson()
    at.text_area(key="w1d_text").set_value("1, " * 1_000_000).run()
    assert not at.exception
    assert "1,000,000 numbers" in at.error[0].value
    assert at.query_params["x"] in ("0, 1, 2, 2, 5, 1, 2", ["0, 1, 2, 2, 5, 1, 2"])
    assert sum(len(v if isinstance(v, str) else v[0]) for v in at.query_params.values()) < 4096


@pytest.mark.parametrize("query", [{"k": "²"}, {"k": "9" * 5000}, {"s": "-1"}, {"seed": "9" * 5000},
                                   {"n": "１２"}, {"d": ""}, {"x": "$x$"}])
def test_a_hostile_link_value_falls_back_with_a_notice(query):
    at = open_lesson(**query)
    assert not at.exception and not at.error
    assert "could not be used" in at.caption[0].value
