"""parse_sequence and load_image: what students type and upload, good and bad."""

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from pooling import InputError, load_image, parse_sequence
from pooling.inputs import MAX_VALUES
from tests.image_corpus import BLUE, GRAY, RED, broken_and_odd_images, coordinate_image

CORPUS = broken_and_odd_images()

TOO_LARGE = r"too large.*16 million pixels, 48 MB decoded\. Resize it"
REFUSED = {
    "empty.png": r"empty \(0 bytes\)",
    "notes.txt.png": r"not an image Pillow can read \(PNG, JPEG, WebP, BMP, GIF, TIFF\)\. Try exporting it",
    "truncated.png": r"damaged or incomplete.*export it as PNG",
    "truncated.jpg": r"damaged or incomplete",
    "corrupted.png": r"damaged or incomplete",
    "icon.ico": r"not an image Pillow can read",
    "huge_8000x8000.png": r"too large \(8000 x 8000 = 64 million pixels, 64 MB decoded\)",
    "bomb_10000x10000.png": TOO_LARGE,
    "bomb_20000x20000.png": TOO_LARGE,
}
SHAPES = {
    "coordinates.png": (4, 6, 3),
    "coordinates.webp": (4, 6, 3),
    "coordinates.bmp": (4, 6, 3),
    "coordinates.tiff": (4, 6, 3),
    "photo.jpg": (64, 64, 3),
    "gray.png": (4, 6),
    "bilevel.png": (3, 5),
    "gray16.png": (1, 5),
    "rgb48.png": (2, 3, 3),
    "float.tiff": (1, 3),
    "cmyk.jpg": (8, 8, 3),
    "palette_transparent.png": (2, 4, 3),
    "rgba.png": (1, 3, 3),
    "la.png": (1, 3),
    "animated.gif": (8, 8, 3),
    "animated.webp": (8, 8, 3),
    "exif_rotated.jpg": (32, 16, 3),
}
WHITE = (255, 255, 255)


# parse_sequence: good input


@pytest.mark.parametrize(
    "text, expected",
    [
        ("0, 1, 2, 2, 5, 1, 2", [0, 1, 2, 2, 5, 1, 2]),
        ("1,2, 3", [1, 2, 3]),
        ("1\t2  3", [1, 2, 3]),
        ("1, 2, 3,  \n\n", [1, 2, 3]),
        (", 1 ,2", [1, 2]),
        ("1\n2\n3", [1, 2, 3]),
        ("1; 2; 3;", [1, 2, 3]),
        ("7", [7]),
        ("1e3, -2.5E-2, .5, 5., +4", [1000, -0.025, 0.5, 5, 4]),
        ("−1.5, –2", [-1.5, -2]),
        ("1 2\n\n3 4\n", [[1, 2], [3, 4]]),
        ("1, 2\r\n3, 4", [[1, 2], [3, 4]]),
        ("1 2 3; 4 5 6", [[1, 2, 3], [4, 5, 6]]),
    ],
)
def test_parse_sequence_reads_what_students_type(text, expected):
    values = parse_sequence(text)
    assert values.dtype == np.float64
    np.testing.assert_array_equal(values, np.array(expected, dtype=np.float64))


def test_parse_sequence_takes_exactly_the_maximum():
    assert parse_sequence("0 " * MAX_VALUES).shape == (10_000,)


# parse_sequence: one test per InputError branch


@pytest.mark.parametrize("text", ["", "  \n ", ",;, ;\n"])
def test_parse_sequence_refuses_no_numbers(text):
    with pytest.raises(InputError, match=r"no numbers here\. Type a few, separated by commas"):
        parse_sequence(text)


def test_parse_sequence_refuses_too_many_values():
    with pytest.raises(InputError, match=r"10,001 numbers; the most this takes is 10,000\. Use a shorter"):
        parse_sequence("1, " * 10_001)


@pytest.mark.parametrize(
    "text, token, item",
    [("1, 2, 3, 5x", "5x", 4), ("[1, 2]", r"\[1", 1), ("1 2\n3 four", "four", 4), ("1,5 1_000", "1_000", 3)],
)
def test_parse_sequence_names_the_token_that_is_not_a_number(text, token, item):
    with pytest.raises(InputError, match=rf"'{token}' \(item {item}\) is not a number\. Type plain numbers"):
        parse_sequence(text)


@pytest.mark.parametrize("token", ["nan", "NaN", "inf", "-Infinity", "+inf"])
def test_parse_sequence_refuses_nan_and_infinity(token):
    with pytest.raises(InputError, match=rf"'{re.escape(token)}' \(item 2\) is not a finite number.*as 0"):
        parse_sequence(f"1, {token}")


@pytest.mark.parametrize("token", ["-1e999", "1e308", "2e15"])
def test_parse_sequence_refuses_numbers_too_large_to_pool_and_show(token):
    with pytest.raises(InputError, match=rf"'{token}' \(item 1\) is too large: use numbers between"):
        parse_sequence(f"{token}, 2")
    assert parse_sequence("1e15, -1e15").tolist() == [1e15, -1e15]


def test_parse_sequence_refuses_ragged_rows():
    with pytest.raises(InputError, match=r"Row 3 has 2 numbers but row 1 has 3\. Give every row the same"):
        parse_sequence("1 2 3\n4 5 6\n\n7 8")


# load_image: the corpus


def test_every_corpus_file_has_an_expected_outcome():
    assert set(CORPUS) == set(REFUSED) | set(SHAPES)


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
@pytest.mark.parametrize("name", sorted(CORPUS))
def test_every_corpus_file_loads_or_is_refused_with_input_error(name):
    if name in REFUSED:
        with pytest.raises(InputError, match=REFUSED[name]):
            load_image(CORPUS[name])
    else:
        image = load_image(CORPUS[name])
        assert image.dtype == np.uint8 and image.shape == SHAPES[name] and image.flags.writeable


@pytest.mark.filterwarnings("error::PIL.Image.DecompressionBombWarning")
def test_pillow_bomb_warning_raised_as_error_is_refused_too():
    with pytest.raises(InputError, match=TOO_LARGE):
        load_image(CORPUS["bomb_10000x10000.png"])


@pytest.mark.parametrize("name", [f"coordinates.{extension}" for extension in ("png", "webp", "bmp", "tiff")])
def test_lossless_formats_give_back_the_exact_pixels(name):
    np.testing.assert_array_equal(load_image(CORPUS[name]), coordinate_image())


def test_grayscale_stays_two_dimensional():
    expected = np.asarray(Image.fromarray(coordinate_image()).convert("L"))
    np.testing.assert_array_equal(load_image(CORPUS["gray.png"]), expected)
    np.testing.assert_array_equal(load_image(CORPUS["bilevel.png"]), np.full((3, 5), 255))


def test_16_bit_values_are_scaled_not_clipped():
    np.testing.assert_array_equal(load_image(CORPUS["gray16.png"]), [[0, 1, 4, 128, 255]])
    np.testing.assert_array_equal(load_image(CORPUS["rgb48.png"]), np.full((2, 3, 3), (255, 128, 0)))


def test_float_images_are_stretched_from_darkest_to_brightest():
    np.testing.assert_array_equal(load_image(CORPUS["float.tiff"]), [[0, 128, 255]])


def test_cmyk_becomes_rgb():
    np.testing.assert_allclose(load_image(CORPUS["cmyk.jpg"]), np.full((8, 8, 3), RED), atol=8)


def test_transparency_is_composited_on_white():
    np.testing.assert_array_equal(load_image(CORPUS["palette_transparent.png"])[0], [WHITE, WHITE, RED, RED])
    np.testing.assert_allclose(load_image(CORPUS["rgba.png"])[0], [WHITE, BLUE, (255, 127, 127)], atol=1)
    np.testing.assert_allclose(load_image(CORPUS["la.png"])[0], [255, 100, 127], atol=1)


@pytest.mark.parametrize("name", ["animated.gif", "animated.webp"])
def test_animation_gives_its_first_frame(name):
    np.testing.assert_array_equal(load_image(CORPUS[name]), np.full((8, 8, 3), RED))


def test_exif_orientation_is_applied():
    image = load_image(CORPUS["exif_rotated.jpg"]).astype(int)
    assert image.shape == (32, 16, 3)
    top_right, top_left, bottom_right = image[2, 13], image[2, 2], image[29, 13]
    np.testing.assert_allclose(top_right, RED, atol=12)
    np.testing.assert_allclose(top_left, GRAY, atol=12)
    np.testing.assert_allclose(bottom_right, GRAY, atol=12)


# Properties: whatever arrives, the answer is an array or an InputError


@st.composite
def damaged_files(draw):
    """A corpus file (not a huge one) with a few bytes overwritten and maybe cut short."""
    name = draw(st.sampled_from([name for name in sorted(CORPUS) if CORPUS[name] and "000x" not in name]))
    data = bytearray(CORPUS[name])
    for _ in range(draw(st.integers(0, 4))):
        data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    return bytes(data[: draw(st.integers(len(data) // 2, len(data)))])


@pytest.mark.filterwarnings("ignore::UserWarning", "ignore::PIL.Image.DecompressionBombWarning")
@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=200), damaged_files()))
def test_any_bytes_give_an_image_or_input_error(data):
    try:
        image = load_image(data)
    except InputError:
        return
    assert image.dtype == np.uint8 and image.ndim in (2, 3)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.text(alphabet="0123456789.,;+-−eE \n\tnaif")))
def test_any_text_gives_finite_numbers_or_input_error(text):
    try:
        values = parse_sequence(text)
    except InputError:
        return
    assert values.dtype == np.float64 and values.ndim in (1, 2) and np.isfinite(values).all()


@given(st.lists(st.floats(-1e15, 1e15), min_size=1, max_size=50))
def test_printed_floats_read_back_exactly(numbers):
    np.testing.assert_array_equal(parse_sequence(", ".join(map(repr, numbers))), numbers)
