"""The class activation map lesson through app.py: it renders with the shipped networks, a picture
changes its maps, an upload works, training a quick model shows progress and a new table."""

import io
import json
from functools import partial

import numpy as np
from PIL import Image
from streamlit.testing.v1 import AppTest

from pooling.lessons import cam
from pooling.lessons.cam_weights import load_table
from tests.lesson_apptest import every_snippet
from tests.lesson_apptest import open_lesson as open_through_app

PAGE = "pages/cam.py"

open_lesson = partial(open_through_app, PAGE, timeout=120)


def page_text(at: AppTest) -> str:
    return "\n".join(element.value for element in [*at.markdown, *at.caption])


def figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def table_rows(at: AppTest) -> list[list[str]]:
    frame = at.table[0].value
    return [list(map(str, values)) for values in frame.values.tolist()]


def test_the_lesson_opens_with_the_shipped_networks_their_maps_and_the_measured_table():
    at = open_lesson()
    assert at.title[0].value == "Where does the network look?"
    assert len(figures(at)) == 3  # maps, scores, training curve
    table = load_table()  # test_network checks it against a new measurement
    frame = at.table[0].value
    assert list(frame.columns) == ["", "GAP + dense", "GMP + dense", "flatten + dense"]
    assert frame[""].tolist()[:2] == ["dense layer parameters", "all parameters"]
    for score in table:
        assert frame[score.name].tolist() == [f"{score.head_parameters:,}", f"{score.parameters:,}",
                                              f"{score.accuracy:.1%}", f"{score.mean_iou:.2f}",
                                              f"{score.good_boxes:.1%}"]
    text = page_text(at)
    assert f"**Takeaway.** {cam.takeaway(table)}" in text
    assert "arXiv:1512.04150" in text and "arXiv:1312.4400" in text
    code = "\n".join(every_snippet(at, "cam_code"))
    for snippet in ("AdaptiveAvgPool2d(1)", "torch.nn.Linear(C, K)", 'np.einsum("nhwc,cn->nhw"'):
        assert snippet in code


def test_another_picture_changes_the_maps():
    at = open_lesson()
    before = figures(at)[0]
    at.slider(key="cam_picture").set_value(10).run()
    assert not at.exception
    assert figures(at)[0] != before


def test_an_uploaded_image_gets_maps_without_a_true_box_and_a_broken_one_an_error():
    at = open_lesson()
    at.radio(key="cam_source").set_value("your own image").run()
    assert not at.exception and len(figures(at)) == 3  # the first held-out picture until an upload
    assert at.info and "IoU" in figures(at)[0]["layout"]["annotations"][1]["text"]
    image = np.zeros((120, 90), dtype=np.uint8)
    image[30:80, 20:70] = 255
    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, format="PNG")
    at.file_uploader(key="cam_upload").set_value(("square.png", buffer.getvalue(), "image/png")).run()
    assert not at.exception and len(figures(at)) == 3
    assert "IoU" not in figures(at)[0]["layout"]["annotations"][1]["text"]
    at.file_uploader(key="cam_upload").set_value(("broken.png", b"not an image", "image/png")).run()
    assert not at.exception and len(at.error) == 1


def test_training_a_quick_model_shows_progress_then_its_own_table():
    at = open_lesson()
    shipped = table_rows(at)
    at.radio(key="cam_size").set_value("quick").run()
    at.button(key="cam_train").click().run()
    assert not at.exception
    progress = at.get("progress")
    assert len(progress) == 1 and progress[0].proto.value == 100
    assert "Trained the three networks in" in progress[0].proto.text
    assert "trained here, in this session" in page_text(at)
    assert table_rows(at) != shipped
    assert len(figures(at)) == 3
    at.button(key="cam_reset").click().run()
    assert not at.exception
    assert table_rows(at) == shipped and not at.get("progress")
