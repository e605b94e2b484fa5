"""The image lesson through app.py: samples, uploads, broken files, the settings and the link."""

import io
import json
from functools import partial
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

from pooling import InputError, load_image, output_size
from pooling.inputs import UPLOAD_TYPES
from pooling.lessons.markdown import literal
from pooling.lessons.samples import SAMPLES, photo_like
from tests.image_corpus import broken_and_odd_images
from tests.lesson_apptest import every_snippet
from tests.lesson_apptest import open_lesson as open_through_app

PAGE = "pages/image.py"

open_lesson = partial(open_through_app, PAGE)


def upload(at: AppTest, name: str, data: bytes, mime: str = "image/png") -> AppTest:
    if at.radio(key="img_source").value != "upload":
        at.radio(key="img_source").set_value("upload").run()
    at.file_uploader(key="img_upload").set_value((name, data, mime)).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def encoded(pixels: np.ndarray, format: str, **options) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format, **options)
    return buffer.getvalue()


def texts(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown] + [c.value for c in at.caption]


def panel_titles(at: AppTest) -> dict[str, str]:
    """Each panel's title -> the sizes written beside it, e.g. 'Max pooling' -> '256×192 → 128×96 px'."""
    titles = {}
    for text in texts(at):
        if text.startswith("**") and "**  \n" in text and text.endswith(" px"):
            title, sizes = text[2:].split("**  \n", 1)
            titles[title] = sizes
    return titles


def figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def as_text(spec: dict) -> str:
    """A figure's JSON with its captions each on one line (a long one is broken to fit a phone)."""
    return json.dumps(spec, ensure_ascii=False).replace("<br>", " ")


def set_settings(at: AppTest, **values) -> AppTest:
    for key, value in values.items():
        if isinstance(value, bool):
            box = at.checkbox(key=key)
            (box.check() if value else box.uncheck()).run()
        else:
            at.number_input(key=key).set_value(value).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("name", SAMPLES)
def test_each_sample_renders_its_four_panels_animation_and_difference_picture(name):
    at = open_lesson()
    at.selectbox(key="img_sample").set_value(name).run()
    assert not at.exception and not at.error
    assert panel_titles(at) == {
        "Original": "256×192 px",
        "Max pooling": "256×192 → 128×96 px",
        "Average pooling": "256×192 → 128×96 px",
        "Min pooling": "256×192 → 128×96 px",
    }
    animation, = figures(at)
    assert len(animation["frames"]) == 16  # an 8x8 patch, 2x2 windows, stride 2
    pictures = [html.proto.body for html in at.get("html")]
    assert any('alt="max minus average for each pooled pixel"' in body for body in pictures)


@pytest.mark.parametrize("format, mime", [("PNG", "image/png"), ("JPEG", "image/jpeg")])
def test_an_uploaded_photo_is_pooled_at_full_size(format, mime):
    data = encoded(photo_like(300, 400), format, quality=90)
    at = upload(open_lesson(), f"photo.{format.lower()}", data, mime)
    assert not at.error
    assert panel_titles(at)["Original"] == "400×300 px"
    assert panel_titles(at)["Average pooling"] == "400×300 → 200×150 px"
    assert any(text.startswith("**photo.") and "400×300 pixels, colour" in text for text in texts(at))


def test_every_broken_or_odd_file_gives_a_clear_error_or_its_image():
    at = open_lesson()
    for name, data in broken_and_odd_images().items():
        if Path(name).suffix.lstrip(".") not in UPLOAD_TYPES:
            name += ".png"  # the uploader only takes image names; a student could rename the file
        upload(at, name, data)
        try:
            shape = load_image(data).shape
        except InputError as error:
            assert [e.value for e in at.error] == [literal(str(error))], name
            continue
        assert any(f"**{literal(name)}**: {shape[1]}×{shape[0]} pixels" in text for text in texts(at)), name
        if min(shape[:2]) < 2:  # too small for the 2x2 window: the page says how to fix it
            assert "the window" in at.error[0].value and "make the kernel" in at.error[0].value, name
        else:
            assert not at.error, name


def test_a_bad_upload_keeps_the_previous_image():
    at = upload(open_lesson(), "photo.png", encoded(photo_like(60, 80), "PNG"))
    upload(at, "notes.txt.png", b"these are my notes, not a picture")
    assert "not an image" in at.error[0].value
    assert panel_titles(at)["Original"] == "80×60 px"
    assert "Still showing the previous image." in texts(at)


def test_the_session_keeps_only_the_pictures_key_not_its_pixels():
    at = upload(open_lesson(), "photo.png", encoded(photo_like(60, 80), "PNG"))
    assert panel_titles(at)["Original"] == "80×60 px"
    key = at.session_state["img_picture"]  # the pixels are in the server's bounded picture store
    assert isinstance(key, str) and key.startswith("upload:")


SETTINGS = [
    {"img_kernel_h": 3, "img_kernel_w": 2, "img_stride_h": 1, "img_stride_w": 3},
    {"img_kernel_h": 3, "img_kernel_w": 3, "img_pad_h": 1, "img_pad_w": 0, "img_ceil": True},
    {"img_kernel_h": 5, "img_kernel_w": 2, "img_stride_h": 3, "img_stride_w": 2, "img_dilation_h": 2},
    {"img_kernel_h": 2, "img_kernel_w": 3, "img_stride_h": 3, "img_stride_w": 2, "img_same": True},
]


@pytest.mark.parametrize("values", SETTINGS)
def test_output_sizes_follow_output_size(values):
    at = set_settings(open_lesson(), **values)
    padding = "same" if values.get("img_same") else None

    def size(axis, n):
        return output_size(n, values.get(f"img_kernel_{axis}", 2),
                           stride=values.get(f"img_stride_{axis}", 2),
                           padding=padding or values.get(f"img_pad_{axis}", 0),
                           dilation=values.get(f"img_dilation_{axis}", 1),
                           ceil_mode=values.get("img_ceil", False))

    expected = f"256×192 → {size('w', 256)}×{size('h', 192)} px"
    titles = panel_titles(at)
    assert titles["Max pooling"] == titles["Min pooling"] == expected
    if values.get("img_dilation_h", 1) > 1:
        assert "Average pooling" not in titles
        assert any("no dilation in PyTorch" in info.value for info in at.info)
    else:
        assert titles["Average pooling"] == expected


def test_a_setting_pytorch_refuses_shows_the_fix_and_no_traceback():
    at = set_settings(open_lesson(), img_pad_h=2)
    refusal = "padding (height) 2 is more than half of kernel_size 2 (at most 1)"
    assert [e.value for e in at.error] == [literal(refusal)]
    assert not at.get("plotly_chart")
    set_settings(at, img_kernel_h=4)
    assert not at.error and len(at.get("plotly_chart")) == 1


def test_pool_again_builds_the_pyramid_and_stops_when_the_picture_is_too_small():
    at = open_lesson()
    at.slider(key="img_times").set_value(5).run()
    assert panel_titles(at)["Max pooling"] == "256×192 → 128×96 → … → 8×6 px"
    assert sum("5×: 8×6 px" in text for text in texts(at)) == 3  # one pyramid row per op
    at.radio(key="img_source").set_value("numbers").run()
    assert panel_titles(at)["Max pooling"] == "6×6 → 3×3 → 1×1 px"
    assert any("The pyramid stops after 2 poolings" in info.value for info in at.info)


def test_typed_numbers_animate_with_the_arithmetic_a_student_can_check():
    at = open_lesson()
    at.radio(key="img_source").set_value("numbers").run()
    animation = figures(at)[0]
    assert len(animation["frames"]) == 9
    assert "y[0, 0] = max(10, 10, 10, 250) = 250" in as_text(animation)
    at.radio(key="img_op").set_value("avg").run()
    assert "y[0, 0] = (10 + 10 + 10 + 250) / 4 = 70" in as_text(figures(at)[0])


def test_a_shared_link_restores_the_sample_settings_and_typed_numbers():
    at = open_lesson(img_sample="Text", img_kernel_h="3", img_stride_w="1", img_times="2")
    assert panel_titles(at)["Max pooling"] == "256×192 → 255×95 → 254×47 px"
    assert any(text.startswith("**Text**") for text in texts(at))
    at = open_lesson(img_source="Numbers you type", img_grid="0,10,20;30,40,50;60,70,80", img_stride_h="1",
                     img_stride_w="1")
    assert panel_titles(at)["Original"] == "3×3 px"
    assert "y[1, 1] = max(40, 50, 70, 80) = 80" in as_text(figures(at)[0])


def test_the_patch_follows_its_controls_and_the_takeaway_its_numbers():
    at = open_lesson()
    at.number_input(key="img_top").set_value(10).run()
    at.slider(key="img_side").set_value(4).run()
    assert any("The 4×4 patch at row 10, column 82" in text for text in texts(at))
    assert len(figures(at)[0]["frames"]) == 4
    takeaway = next(text for text in texts(at) if "Stride sets how much" in text)
    assert "its brightest pixel is still 255" in takeaway
    assert "with stride 2×2 it went from 256×192 to 128×96 pixels" in takeaway


def test_the_code_tabs_follow_the_settings():
    at = set_settings(open_lesson(), img_kernel_h=3, img_pad_h=1, img_count_pad=False)
    torch_code, keras_code, *_, loop = every_snippet(at, "img_code")
    assert "kernel_size=(3, 2),\n    stride=(2, 2),\n    padding=(1, 0),\n    ceil_mode=False," in torch_code
    assert "permute(2, 0, 1)" in torch_code and "count_include_pad=False" in torch_code
    assert "keras.layers.ZeroPadding2D(padding=(1, 0))" in keras_code
    assert "def pool2d_loop" in loop
