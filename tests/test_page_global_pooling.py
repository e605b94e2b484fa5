"""The global pooling lesson through app.py: it renders, and every control changes its numbers."""

import io
import json
from functools import partial

import numpy as np
import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

from pooling import global_pool1d, parse_sequence
from pooling.lessons import experiments as ex
from pooling.lessons.feature_maps import MAP_FEATURES, argmax_cells, feature_maps, fit_to_side
from pooling.lessons.samples import load_sample
from tests.lesson_apptest import every_snippet
from tests.lesson_apptest import open_lesson as open_through_app

PAGE = "pages/global_pooling.py"
MAX_SIDE = 128  # the side the page shrinks its image to

open_lesson = partial(open_through_app, PAGE)


FEATURE_MAPS, EXPERIMENT, PARAMETERS = range(3)  # the takeaways on the page, in order

# (widget kind, key, new value, the experiment it belongs to or None, index of the takeaway it must change)
CONTROLS = [
    ("selectbox", "gp_sample", "checkerboard", None, FEATURE_MAPS),
    ("slider", "gp_down", 3, "translation", EXPERIMENT),
    ("slider", "gp_right", 1, "translation", EXPERIMENT),
    ("slider", "gp_spike", 9.0, "outlier", EXPERIMENT),
    ("slider", "gp_small", 4, "presence", EXPERIMENT),
    ("slider", "gp_large", 20, "presence", EXPERIMENT),
    ("slider", "gp_alpha", 0.2, "sparse", EXPERIMENT),
    ("slider", "gp_cells", 40, "sparse", EXPERIMENT),
    ("slider", "gp_side", 6, "gradients", EXPERIMENT),
    ("number_input", "gp_h", 14, None, PARAMETERS),
    ("number_input", "gp_w", 3, None, PARAMETERS),
    ("number_input", "gp_c", 1000, None, PARAMETERS),
    ("number_input", "gp_k", 10, None, PARAMETERS),
]

# a number each experiment's default settings give, cited or worked out in its text
EXPERIMENT_NUMBERS = {
    "translation": "by 141% of its length",
    "outlier": "One spike of 5 in 144 cells",
    "presence": "GAP grows from 0.007 to 0.250",
    "sparse": "1 - (1 - 0.05)^16 = 0.56",
    "gradients": "1/16 = 0.0625 to each of the 16 cells",
}


def choose_experiment(at: AppTest, name: str) -> AppTest:
    at.radio(key="gp_experiment").set_value(ex.EXPERIMENTS[name]).run()
    assert not at.exception
    return at


def takeaways(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith("**Takeaway.**")]


def page_text(at: AppTest) -> str:
    return "\n".join(element.value for element in [*at.markdown, *at.caption])


def png(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, format="PNG")
    return buffer.getvalue()


def test_the_lesson_opens_on_a_sample_with_one_experiment_and_its_cited_numbers():
    at = open_lesson()
    assert at.title[0].value == "Global max vs global average pooling"
    assert len(takeaways(at)) == 3
    assert len(at.get("plotly_chart")) == 3  # bars, the translation experiment, parameters
    assert at.subheader[0].value == ex.EXPERIMENTS["translation"]
    text = page_text(at)
    assert "by 141% of its length" in text and "GMP vector by 0%" in text
    assert "25,089,000" in text and "513,000" in text and "102,764,544" in text
    for citation in ("arXiv:1312.4400", "arXiv:1512.04150", "arXiv:1408.5882", "arXiv:1409.1556"):
        assert citation in text
    code = "\n".join(every_snippet(at, "gp_code"))
    for snippet in ("x.max(axis=(0, 1))", "x.mean(axis=(0, 1))", "GlobalMaxPooling2D",
                    "GlobalAveragePooling2D", "AdaptiveMaxPool2d(1)", "x.amax(dim=(2, 3))",
                    "AdaptiveAvgPool2d(1)", "x.mean(dim=(2, 3))"):
        assert snippet in code


@pytest.mark.parametrize("name", list(ex.EXPERIMENTS))
def test_each_experiment_shows_alone_with_its_chart_takeaway_and_numbers(name):
    at = choose_experiment(open_lesson(), name)
    assert [h.value for h in at.subheader] == [ex.EXPERIMENTS[name]]
    assert len(at.get("plotly_chart")) == 3 and len(takeaways(at)) == 3
    assert EXPERIMENT_NUMBERS[name] in takeaways(at)[EXPERIMENT]
    if name == "sparse":
        assert "ICML 2010" in page_text(at)


def test_each_feature_map_is_a_picture_titled_with_its_pooled_numbers_and_its_max_cell_marked():
    at = open_lesson()
    sample = next(setting.default for setting in ex.LINK if setting.key == "gp_sample")
    maps = ex.pooled(feature_maps(fit_to_side(load_sample(sample), MAX_SIDE)))
    rows, cols = maps.maps.shape[:2]
    pictures = {name: html.proto.body for html in at.get("html") for name in MAP_FEATURES
                if f'alt="the {name} map"' in html.proto.body}
    assert list(pictures) == list(MAP_FEATURES)
    for c, (name, (row, col)) in enumerate(zip(MAP_FEATURES, argmax_cells(maps.maps))):
        assert f"left: {100 * col / cols:.4f}%; top: {100 * row / rows:.4f}%" in pictures[name]
        title = f"**{name}**  \nmax {maps.gmp[c]:.2f} · mean {maps.gap[c]:.3f}"
        assert title in [m.value for m in at.markdown]


def test_every_control_changes_the_numbers_of_its_own_experiment_only():
    at = open_lesson()
    for kind, key, value, experiment, changed in CONTROLS:
        if experiment:
            choose_experiment(at, experiment)
        before = takeaways(at)
        getattr(at, kind)(key=key).set_value(value).run()
        assert not at.exception, key
        after = takeaways(at)
        differs = [i for i, (a, b) in enumerate(zip(before, after)) if a != b]
        assert differs == [changed], f"{key} changed takeaways {differs}, expected [{changed}]"


def test_an_uploaded_image_becomes_feature_maps_and_a_broken_one_an_error():
    at = open_lesson()
    at.radio(key="gp_source").set_value("your own image").run()
    assert not at.exception
    assert len(takeaways(at)) == 2
    image = np.zeros((300, 200, 3), dtype=np.uint8)
    image[100:150, 50:120] = (255, 0, 0)
    at.file_uploader(key="gp_upload").set_value(("red.png", png(image), "image/png")).run()
    assert not at.exception
    assert "(100, 66, 4) maps" in takeaways(at)[FEATURE_MAPS]
    at.file_uploader(key="gp_upload").set_value(("broken.png", b"not an image", "image/png")).run()
    assert not at.exception
    assert len(at.error) == 1
    assert len(takeaways(at)) == 2


@pytest.mark.parametrize("name", ["dot", "shapes", "checkerboard", "text"])
def test_every_sample_renders(name):
    at = open_lesson()
    at.selectbox(key="gp_sample").set_value(name).run()
    assert not at.exception
    assert "maps become two vectors of 4 numbers" in takeaways(at)[FEATURE_MAPS]


def test_a_sequence_is_pooled_over_time_per_feature_and_bad_text_is_an_error():
    at = open_lesson()
    at.radio(key="gp_source").set_value("a sequence (steps, features)").run()
    assert not at.exception
    assert len(takeaways(at)) == 3
    assert 'keeps each feature\'s strongest word, here "not" (step 3)' in takeaways(at)[FEATURE_MAPS]
    assert "GlobalMaxPooling1D" in " ".join(every_snippet(at, "gp_code"))
    bars = at.get("plotly_chart")[1].proto.spec
    for text in ("1, -2\n4, 0.5\n3, 2", "1, 2, 3"):
        at.text_area(key="gp_sequence").set_value(text).run()
        assert not at.exception
        x = parse_sequence(text)
        expected = [np.atleast_1d(global_pool1d(x, op)).tolist() for op in ("max", "avg")]
        figure = json.loads(at.get("plotly_chart")[1].proto.spec)
        assert [bar["x"] for bar in figure["data"]] == expected
    assert bars != at.get("plotly_chart")[1].proto.spec
    at.text_area(key="gp_sequence").set_value("1, 2\n3").run()
    assert not at.exception
    assert len(at.error) == 1 and "Row 2 has 1 numbers" in at.error[0].value
    assert len(takeaways(at)) == 2


def test_the_link_keeps_the_settings_and_restores_them():
    at = open_lesson()
    at.radio(key="gp_source").set_value("a sequence (steps, features)").run()
    at.slider(key="gp_down").set_value(3).run()
    choose_experiment(at, "outlier")
    at.slider(key="gp_spike").set_value(9.0).run()
    at.number_input(key="gp_k").set_value(10).run()
    link = dict(at.query_params.items())
    link = {name: value[0] if isinstance(value, list) else value for name, value in link.items()}
    assert link["src"] == "sequence" and link["exp"] == "outlier" and link["spike"] == "9"
    assert link["k"] == "10" and link["down"] == "3"  # a hidden experiment keeps its setting
    again = open_lesson(**link)
    assert takeaways(again) == takeaways(at)
    assert "Moving the object 3 down" in takeaways(choose_experiment(again, "translation"))[EXPERIMENT]


def test_unusable_link_values_fall_back_with_a_literal_notice():
    at = open_lesson(spike="2.3", k="1" * 5000, src="[Log in](https://example.org)", exp="$x$")
    notice = at.caption[0].value
    assert "spike=2.3" in notice and "\\[Log `in](https://example.org)" in notice and "exp=" in notice
    choose_experiment(at, "outlier")
    assert at.slider(key="gp_spike").value == 5.0 and at.number_input(key="gp_k").value == 1000
