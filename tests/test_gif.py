"""The animation exported as a GIF: one frame per output step, the window, winner and caption where
the frame records (and so the page) put them, checked on the decoded GIF's pixels."""

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageSequence

from pooling import pool1d, windows1d, windows2d
from pooling.charts.animation import sequence_animation
from pooling.lessons.frames import MAX_STEPS, frames1d, frames2d
from pooling.lessons.gif import THEMES, WINDOW, WINNER, animation_gif, draw_caption, gif_layout
from tests.specs import caption

SEED = [0, 1, 2, 2, 5, 1, 2]


def decoded(gif: bytes) -> list[np.ndarray]:
    """Every frame of a GIF as an RGB array, as a viewer shows it."""
    with Image.open(io.BytesIO(gif)) as image:
        assert image.format == "GIF"
        return [np.asarray(frame.convert("RGB")) for frame in ImageSequence.Iterator(image)]


def near(pixel, colour, tolerance=40) -> bool:
    return int(np.abs(np.asarray(pixel, int) - np.asarray(colour, int)).max()) <= tolerance


@pytest.mark.parametrize("x, frames", [
    (SEED, frames1d(SEED, 3, stride=1)),
    (SEED, frames1d(SEED, 2, stride=2, padding=1, ceil_mode=True, op="avg")),
    (np.arange(30).reshape(10, 3), frames1d(np.arange(30).reshape(10, 3), 3, stride=1, dilation=2)),
    (np.arange(25).reshape(5, 5), frames2d(np.arange(25).reshape(5, 5), 2, stride=1, padding=1)),
])
def test_one_gif_frame_per_output_step(x, frames):
    gif = animation_gif(x, frames, delay_ms=350)
    with Image.open(io.BytesIO(gif)) as image:
        assert image.n_frames == len(frames)
        assert image.info["duration"] == 350
        assert image.info["loop"] == 0


def test_seed_frame_3_highlights_the_cells_windows1d_names():
    frames = frames1d(SEED, 3, stride=1)
    gif = decoded(animation_gif(SEED, frames))
    layout = gif_layout(SEED, frames)
    window = set(windows1d(len(SEED), 3, stride=1).positions[3].tolist())
    winner = int(pool1d(SEED, 3, stride=1, return_indices=True)[1][3])
    assert window == {3, 4, 5} and winner == 4
    picture = gif[3]
    for col in range(len(SEED)):
        x0, y0, x1, y1 = layout.cell_box(0, col)
        on_frame = picture[y0 + 1, (x0 + x1) // 2]  # where the window's thick frame runs
        assert near(on_frame, WINDOW) == (col in window), col
        inset = picture[y0 + layout.cell // 6, x0 + layout.cell // 6]  # inside a winner's fill
        assert near(inset, WINNER) == (col == winner), col
    # The output being written is framed too, and only that one.
    for col in range(len(frames)):
        x0, y0, x1, y1 = layout.out_box(0, col)
        assert near(picture[y0 + 1, (x0 + x1) // 2], WINDOW) == (col == 3), col


def caption_ink(picture: np.ndarray, layout) -> np.ndarray:
    """Which pixels of the caption area are ink (dark on the light theme)."""
    area = picture[layout.caption_y:layout.height, :layout.width]
    return area.mean(axis=2) < 128


def drawn_caption(text: str, layout) -> np.ndarray:
    theme = THEMES["light"]
    image = Image.new("RGB", (layout.width, layout.height), theme.background)
    draw_caption(ImageDraw.Draw(image), layout, text, theme.ink)
    return caption_ink(np.asarray(image), layout)


def test_seed_frame_3_caption_is_the_pages_caption():
    frames = frames1d(SEED, 3, stride=1)
    picture = decoded(animation_gif(SEED, frames))[3]
    layout = gif_layout(SEED, frames)
    figure = sequence_animation(SEED, frames)
    assert caption(figure.to_dict(), 3) == "y[3] = max(2, 5, 1) = 5" == frames[3].caption
    ink = caption_ink(picture, layout)
    assert ink.sum() > 500  # something is written there
    assert (ink != drawn_caption(frames[3].caption, layout)).mean() < 0.001
    # The check tells captions apart: frame 2 writes "y[2] = max(2, 2, 5) = 5".
    assert (ink != drawn_caption(frames[2].caption, layout)).sum() > 20
    assert (ink != drawn_caption("y[3] = max(2, 5, 1) = 6", layout)).sum() > 20  # one digit off


def test_patch_window_and_winner_are_where_windows2d_says():
    patch = np.array([[12, 40, 1, 9], [7, 33, 2, 80], [5, 6, 70, 3]])
    frames = frames2d(patch, 2, stride=1)
    layout = gif_layout(patch, frames)
    t = 4  # output (1, 1)
    picture = decoded(animation_gif(patch, frames, value_range=(0, 255), theme="dark"))[t]
    window = {tuple(cell) for cell in windows2d(patch.shape, 2, stride=1).positions[1, 1].tolist()}
    assert frames[t].winners == ((2, 2),)
    for row in range(patch.shape[0]):
        for col in range(patch.shape[1]):
            x0, y0, x1, y1 = layout.cell_box(row, col)
            inside_window = (row, col) in window
            # The frame runs along the window's outer edges: left edge of its left column.
            if col in (1, 2) and row in (1, 2):
                edge = picture[(y0 + y1) // 2, x0 + 1] if col == 1 else picture[(y0 + y1) // 2, x1 - 2]
                assert near(edge, WINDOW), (row, col)
            fill = picture[y0 + layout.cell // 6, x0 + layout.cell // 6]
            assert near(fill, WINNER) == ((row, col) == (2, 2)), (row, col)
            if not inside_window and (row, col - 1) not in window:
                assert not near(picture[(y0 + y1) // 2, x0 + 1], WINDOW), (row, col)


def test_the_dark_theme_draws_on_a_dark_background():
    frames = frames1d(SEED, 3, stride=1)
    corner = decoded(animation_gif(SEED, frames, theme="dark"))[0][2, 2]
    assert near(corner, THEMES["dark"].background, 8)
    with pytest.raises(ValueError, match="theme must be one of"):
        animation_gif(SEED, frames, theme="blue")


def test_frames_of_another_input_are_refused():
    with pytest.raises(ValueError, match="is not the input of these frames"):
        animation_gif([1, 2, 3], frames1d(SEED, 3, stride=1))


def test_a_long_sequence_widens_the_picture_instead_of_shrinking_cells_below_legibility():
    x = np.arange(60) % 10
    layout = gif_layout(np.stack([x, x, x], axis=1), frames1d(np.stack([x, x, x], axis=1), 3, padding=1),
                        feature_names=["a long feature name", "b", "c"], max_steps=60)
    assert layout.cell >= 22 and layout.width > 1280


def test_a_long_sequence_is_cut_short_as_the_page_cuts_it():
    x = np.arange(100) % 10
    frames = frames1d(x, 3, stride=1)
    figure = sequence_animation(x, frames)
    layout = gif_layout(x, frames)
    assert layout.frames == len(figure.frames) == MAX_STEPS - 2
    assert layout.note == figure.layout.title.text
    with Image.open(io.BytesIO(animation_gif(x, frames))) as gif:
        assert gif.n_frames == len(figure.frames)
