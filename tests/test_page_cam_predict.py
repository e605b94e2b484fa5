"""Predict first on the class activation map lesson: the maps and the measured table wait for a
prediction, whose answer is what the networks then show."""

from functools import partial

from pooling.lessons import cam
from pooling.lessons.cam_predictions import picture_predictions, table_predictions
from pooling.lessons.cam_weights import held_out, load_networks, load_table
from pooling.lessons.network import HEAD_NAMES
from pooling.lessons.shapes_data import CLASSES
from tests.lesson_apptest import open_lesson as open_through_app

open_lesson = partial(open_through_app, "pages/cam.py")
ORIGIN = "shipped with the app (default size, made by a script)"


def reveal(at, form: str, predictions, choices):
    for i, (prediction, choice) in enumerate(zip(predictions, choices)):
        at.radio(key=f"{form}_{i}_{prediction.key}").set_value(choice)
    at.button(key=f"FormSubmitter:{form}_form-Reveal").click().run()
    assert not at.exception


def test_the_maps_and_the_table_wait_for_predictions_that_the_networks_then_answer():
    at = open_lesson(picture="3")
    charts, tables = len(at.get("plotly_chart")), len(at.table)
    at.toggle(key="cam_predict_first").set_value(True).run()
    assert len(at.get("plotly_chart")) == charts - 1  # the picture alone, no maps; no scores
    assert len(at.table) == tables - 1

    networks, data = load_networks(), held_out()
    found = {head: cam.localize(networks[head], data.images[3][None]) for head in ("gap", "gmp")}
    overlaps = {head: float(cam.iou(r.boxes[0], data.boxes[3])) for head, r in found.items()}
    asked = picture_predictions(f"3:{ORIGIN}", {h: int(r.predicted[0]) for h, r in found.items()},
                                overlaps, CLASSES)
    assert asked[0].answer == CLASSES[found["gap"].predicted[0]]
    wrong_class = next(label for label in CLASSES if label != asked[0].answer)
    reveal(at, "cam_look", asked, [wrong_class, asked[1].answer])
    marks = "\n".join(m.value for m in at.markdown if "You said" in m.value)
    assert "Not quite" in marks and "Right" in marks and "IoU with the true box" in marks
    assert len(at.get("plotly_chart")) == charts

    table = table_predictions(load_table())
    reveal(at, "cam_table", table, [HEAD_NAMES["gap"], HEAD_NAMES["flatten"]])
    assert len(at.table) == tables
    assert "of 4" in next(m.value for m in at.markdown if "Score this session" in m.value)
