"""What a link, a typed grid or an image file can make the app do: nothing but a clear message.

Link values go through one bounded reader per kind; user text reaches Markdown only through
`literal`; images are refused from their header at the exact pixel and decoded-byte limits.
"""

import io
import re

import numpy as np
import pytest
from PIL import Image

from pooling import InputError, load_image, parse_grid
from pooling.inputs import MAX_DECODED_BYTES, MAX_PIXELS
from pooling.lessons.links import (
    FLAG,
    MAX_LINK_VALUE,
    Setting,
    choice,
    decimal,
    grid_text,
    link_values,
    restore,
    sequence_text,
    whole,
)
from pooling.lessons.markdown import literal

HOSTILE = [
    "[Log in again here](https://example.org/login)",
    "![t](http://198.51.100.7/t.png)",
    "$\\frac{1}{0}$",
    "<img src=x onerror=alert(1)>",
    "²",
    "9" * 5000,
    "-3",
    "",
    "1, " * 3400,
    "１２",  # full-width digits: str.isdigit() says yes, int() takes them, a link should not
]
READERS = {
    "whole": whole(1, 200), "decimal": decimal(0.5, 10, 0.5), "choice": choice(["max", "avg"]),
    "flag": FLAG, "sequence": sequence_text, "grid": grid_text,
}


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
@pytest.mark.parametrize("kind", READERS)
def test_every_reader_refuses_hostile_text_without_raising(kind, text):
    value = READERS[kind](text)
    if kind == "sequence" and (text.startswith("1, ") or text == "-3"):
        assert value is not None  # plain numbers: a sequence (3400 of them are too long for a link)
    else:
        assert value is None


def test_restore_falls_back_and_reports_each_value_shortened():
    settings = [Setting("k", "kernel", 3, whole(1, 200)), Setting("op", "op", "max", choice(["max"]))]
    state = {}
    ignored = restore(settings, {"k": "9" * 5000, "op": "[x](https://example.org)"}, state)
    assert state == {"kernel": 3, "op": "max"}
    assert ignored == ["k=" + "9" * 40 + "…", "op=[x](https://example.org)"]


def test_a_value_too_long_for_a_link_stays_out_of_it():
    x = Setting("x", "text", "1", sequence_text)
    long_text = ", ".join(["1"] * (MAX_LINK_VALUE // 2 + 10))
    assert link_values([x], {"text": long_text}) == ({}, ["x"], [])


@pytest.mark.parametrize("text", HOSTILE[:4])
def test_literal_leaves_no_markup(text):
    outside_code = re.sub(r"(`+).*?\1", "", literal(text))
    for active in "[]!$<>":
        assert outside_code.count(active) == outside_code.count("\\" + active)
    assert "://" not in outside_code


# typed grids


@pytest.mark.parametrize("text, message", [
    ("", "no numbers"),
    ("10, 12.5", r"row 1, column 2 holds '12\.5'"),
    ("10\n-5", r"row 2, column 1 holds '-5'"),
    ("abc", r"row 1, column 1 holds 'abc'"),
    ("300", r"row 1, column 1 holds '300'"),
    ("1, 2\n3", "Row 2 has 1 numbers but row 1 has 2"),
    ("1 " * 17, "1 rows by 17 columns"),
    ("1\n" * 17, "17 rows by 1 columns"),
])
def test_a_bad_grid_is_refused_naming_the_cell(text, message):
    with pytest.raises(InputError, match=message):
        parse_grid(text)


def test_a_grid_reads_rows_of_pixel_values():
    assert parse_grid("0, 255\n 7 8 ;9 10").tolist() == [[0, 255], [7, 8], [9, 10]]


# image limits, at their exact boundaries


def png(size: tuple[int, int], mode: str) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def test_an_image_at_the_pixel_limit_loads_and_one_pixel_more_is_refused():
    width = 4000
    height = MAX_PIXELS // width
    assert width * height == MAX_PIXELS
    assert load_image(png((width, height), "L")).shape == (height, width)
    with pytest.raises(InputError, match=r"too large \(4001 x 4000 = 16 million pixels"):
        load_image(png((width + 1, height), "L"))


def test_decoded_bytes_are_limited_too():
    # RGBA takes 4 bytes a pixel: 12 megapixels of it is exactly the byte limit
    width, height = 4000, MAX_DECODED_BYTES // 4 // 4000
    assert width * height * 4 == MAX_DECODED_BYTES
    assert load_image(png((width, height), "RGBA")).shape == (height, width, 3)
    with pytest.raises(InputError, match=r"48 MB decoded\)"):
        load_image(png((width, height + 1), "RGBA"))


def test_a_tiny_file_of_a_huge_image_is_refused_from_its_header():
    data = png((7000, 7000), "1")
    assert len(data) < 200_000
    with pytest.raises(InputError, match="7000 x 7000"):
        load_image(data)


def test_loading_an_image_leaves_the_process_warning_filters_alone():
    import warnings

    before = list(warnings.filters)
    load_image(png((10, 10), "RGB"))
    assert warnings.filters == before
    assert np.asarray(load_image(png((2, 3), "L"))).shape == (3, 2)
