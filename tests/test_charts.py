"""The animated figures: one plotly frame per Frame, drawing exactly the frame's cells, winners,
outputs and caption, with padding labelled by op; read back as the browser gets them (JSON)."""

import json

import numpy as np
import plotly.graph_objects as go
import pytest

from pooling.charts.animation import FIGURE_HEIGHT, grid_animation, sequence_animation
from pooling.charts.style import PHONE_FONTS, phone_font_mark
from pooling.lessons.frames import MAX_STEPS, frames1d, frames2d
from pooling.lessons.sentences import KIM_FEATURES, KIM_SCORES, KIM_WORDS
from tests.specs import caption

SEED = [0, 1, 2, 2, 5, 1, 2]


def as_browser_sees(figure):
    return json.loads(figure.to_json())


def trace(spec, name):
    return next(t for t in spec["data"] if t.get("name") == name)


def frame_trace(spec, t, name):
    """Trace ``name`` as plotly frame ``t`` sets it (frames carry only what moves)."""
    index = next(i for i, d in enumerate(spec["data"]) if d.get("name") == name)
    frame = spec["frames"][t]
    return frame["data"][frame["traces"].index(index)]


def boxes(xs, ys):
    """The cells covered by the rectangles of a None-separated polygon path, as (row, col)."""
    cells = set()
    for start in range(0, len(xs), 6):
        left, right = round(min(xs[start:start + 5]) + 0.5), round(max(xs[start:start + 5]) - 0.5)
        top, bottom = round(min(ys[start:start + 5]) + 0.5), round(max(ys[start:start + 5]) - 0.5)
        cells |= {(r, c) for r in range(top, bottom + 1) for c in range(left, right + 1)}
    return cells


def points(t):
    return [(round(y, 3), round(x, 3)) for x, y in zip(t["x"], t["y"])]


def test_seed_animation_has_a_frame_per_output_and_controls_that_run_in_the_browser():
    frames = frames1d(SEED, 3, stride=1)
    spec = as_browser_sees(sequence_animation(SEED, frames))
    assert [f["name"] for f in spec["frames"]] == ["0", "1", "2", "3", "4"]
    buttons = spec["layout"]["updatemenus"][0]["buttons"]
    assert [b["label"] for b in buttons] == ["▶ Play", "❚❚ Pause", "Slow", "Fast"]
    assert {b["method"] for b in buttons} == {"animate"}
    durations = [b["args"][1]["frame"]["duration"] for b in buttons if b["args"][0] is None]
    assert len(set(durations)) == 3
    steps = spec["layout"]["sliders"][0]["steps"]
    assert [s["label"] for s in steps] == ["y[0]", "y[1]", "y[2]", "y[3]", "y[4]"]
    assert [s["args"][0] for s in steps] == [["0"], ["1"], ["2"], ["3"], ["4"]]
    assert trace(spec, "input values")["text"] == ["0", "1", "2", "2", "5", "1", "2"]
    assert trace(spec, "output values")["text"] == ["2", "2", "5", "5", "5"]


def test_each_frame_draws_its_window_winner_caption_and_written_outputs():
    frames = frames1d(SEED, 3, stride=2, padding=1)
    spec = as_browser_sees(sequence_animation(SEED, frames))
    out_row = trace(spec, "output values")["y"][0]
    for t, frame in enumerate(frames):
        window = frame_trace(spec, t, "window")
        assert boxes(window["x"], window["y"]) == set(frame.cells)
        winner = frame_trace(spec, t, "winner values")
        assert points(winner) == list(frame.winners)
        assert winner["text"] == [f"<b>{v:g}</b>" for v in frame.values]
        assert caption(spec, t) == " ".join(frame.captions)
        cover = frame_trace(spec, t, "not yet written")
        hidden = boxes(cover["x"], [y if y is None else y - out_row for y in cover["y"]])
        assert hidden == {(0, c) for c in range(t + 1, len(frames))}
    assert caption(spec) == " ".join(frames[0].captions)


def test_dilation_highlights_cells_with_gaps():
    frames = frames1d(SEED, 3, stride=1, dilation=2)
    window = frame_trace(as_browser_sees(sequence_animation(SEED, frames)), 0, "window")
    assert boxes(window["x"], window["y"]) == {(0, 0), (0, 2), (0, 4)}


@pytest.mark.parametrize("op, label, legend", [
    ("max", "-inf", "padding: holds -inf"),
    ("min", "+inf", "padding: holds +inf"),
    ("avg", "0", "padding: holds 0"),
])
def test_padding_cells_are_labelled_with_what_they_hold(op, label, legend):
    spec = as_browser_sees(sequence_animation(SEED, frames1d(SEED, 3, stride=1, padding=1, op=op)))
    labels = trace(spec, "padding labels")
    assert labels["text"] == [label, label]
    assert points(labels) == [(0, -1), (0, 7)]
    assert trace(spec, legend)["showlegend"] is True


def test_padding_left_out_of_an_average_is_marked_not_counted():
    frames = frames1d(SEED, 3, stride=1, padding="same", op="avg")
    spec = as_browser_sees(sequence_animation(SEED, frames))
    assert trace(spec, "padding labels")["text"] == ["<s> 0 </s>", "<s> 0 </s>"]
    assert trace(spec, "padding: 0, not counted")
    lines = spec["frames"][0]["layout"]["annotations"][0]["text"]
    assert lines == "y[0] =<br>(0 + 1) / 2 = 0.5 (padding not counted)"  # broken to fit a phone


def test_ceil_mode_draws_the_cells_past_the_end():
    x = [1, 2, 3, 4, 5, 6]
    spec = as_browser_sees(sequence_animation(x, frames1d(x, 3, stride=2, ceil_mode=True)))
    beyond = trace(spec, "past the end: reads nothing")
    assert boxes(beyond["x"], beyond["y"]) == {(0, 6)}


def test_several_features_are_heatmap_rows_with_names():
    x = np.array([[0.1, 0.9], [0.7, 0.2], [0.3, 0.4]])
    frames = frames1d(x, 2, stride=1)
    spec = as_browser_sees(sequence_animation(x, frames, feature_names=["joy", "anger"],
                                              step_labels=["so", "very", "good"]))
    assert trace(spec, "input")["z"] == [[0.1, 0.7, 0.3], [0.9, 0.2, 0.4]]
    assert trace(spec, "input")["text"][1][2] == "x[2, 1] = 0.4"
    assert spec["layout"]["yaxis"]["ticktext"] == ["x joy", "x anger", "y joy", "y anger"]
    assert trace(spec, "input labels")["text"] == ["so", "very", "good"]
    assert caption(spec, 1) == "y[1, 0] = max(0.7, 0.3) = 0.7 y[1, 1] = max(0.2, 0.4) = 0.4"


def test_in_presenter_mode_several_features_have_their_outputs_beside_them():
    """Below them, the figure would be too tall for cells readable from the back of a room."""
    x = KIM_SCORES
    frames = frames1d(x, 3, stride=1)
    plain, presenting = (as_browser_sees(sequence_animation(x, frames, feature_names=KIM_FEATURES,
                                                            step_labels=KIM_WORDS, scale=scale))
                         for scale in (1.0, 1.4))
    assert presenting["layout"]["yaxis"]["ticktext"] == list(KIM_FEATURES)
    outputs = trace(presenting, "output values")
    assert sorted(set(outputs["y"])) == [0, 1, 2] and min(outputs["x"]) > x.shape[0]  # right of the input
    assert trace(plain, "output values")["y"][0] > x.shape[1]  # below it
    assert presenting["layout"]["height"] <= FIGURE_HEIGHT
    sizes = [trace(spec, "input values")["textfont"]["size"] for spec in (plain, presenting)]
    assert sizes[1] >= 20 > sizes[0]  # px: below, in presenter mode, they would be 9


def phone_size(spec, name):
    """The font size a trace's text asks for on a phone (0: left out), or None (as elsewhere)."""
    family = trace(spec, name)["textfont"].get("family")
    if family is None:
        return None
    return next(size for size in (0, *PHONE_FONTS) if family.startswith(f"{phone_font_mark(size)},"))


def test_numbers_too_large_for_a_phones_cells_are_written_smaller_there_or_left_out():
    wave = np.round(np.sin(np.arange(40) / 3) * 5, 1)  # 40 cells: about 8 px each on a phone
    crowded = as_browser_sees(sequence_animation(wave, frames1d(wave, 3, stride=1), max_steps=40))
    numbers = ("input values", "output values", "winner values")
    assert [phone_size(crowded, name) for name in numbers] == [0, 0, 0]
    patch = np.full((8, 8), 255.0)  # three digits in cells about 20 px wide
    tight = as_browser_sees(grid_animation(patch, frames2d(patch, 2)))
    assert 7 <= phone_size(tight, "input values") < trace(tight, "input values")["textfont"]["size"]
    roomy = as_browser_sees(sequence_animation(SEED, frames1d(SEED, 3, stride=1)))
    assert phone_size(roomy, "input values") is None and phone_size(roomy, "input labels") is None


def test_a_long_sequence_is_animated_over_its_first_steps_larger_in_presenter_mode():
    """40 steps across a 1024 px screen with the sidebar open leave cells of 12 px: too small for
    their numbers; the first 20 fit, in both modes."""
    x = np.arange(40) % 7
    frames = frames1d(x, 3, stride=1)
    plain, presenting = (as_browser_sees(sequence_animation(x, frames, scale=scale)) for scale in (1.0, 1.4))
    note = f"Showing the first {MAX_STEPS} of 40 steps (outputs 0 to 17 of 38)"
    for spec in (plain, presenting):
        assert len(spec["frames"]) == MAX_STEPS - 2
        assert len(trace(spec, "input values")["text"]) == MAX_STEPS
        assert spec["layout"]["title"]["text"] == note
    sizes = [trace(spec, "input values")["textfont"]["size"] for spec in (plain, presenting)]
    assert sizes[1] >= 1.5 * sizes[0]


def test_a_sequence_of_up_to_20_steps_is_animated_in_full():
    x = np.arange(20) % 7
    spec = as_browser_sees(sequence_animation(x, frames1d(x, 3, stride=1)))
    assert len(spec["frames"]) == 18 and not spec["layout"].get("title")


def test_a_window_wider_than_the_shown_steps_still_gets_its_frame():
    x = np.arange(200) % 7
    spec = as_browser_sees(sequence_animation(x, frames1d(x, 31, stride=3, dilation=2)))
    assert len(spec["frames"]) == 1
    assert "first 61 of 200 steps" in spec["layout"]["title"]["text"]


def test_grid_animation_fills_the_output_grid_row_by_row():
    x = np.arange(1, 10).reshape(3, 3)
    frames = frames2d(x, 2, stride=1, padding=1, op="min")
    spec = as_browser_sees(grid_animation(x, frames))
    assert len(spec["frames"]) == 16
    assert trace(spec, "input")["z"] == x.tolist()
    assert trace(spec, "input")["text"][1][2] == "x[1, 2] = 6"
    assert len(trace(spec, "padding labels")["text"]) == 16
    assert set(trace(spec, "padding labels")["text"]) == {"+inf"}
    for t in (0, 5, 15):
        window = frame_trace(spec, t, "window")
        assert boxes(window["x"], window["y"]) == set(frames[t].cells)
        assert points(frame_trace(spec, t, "winner values")) == list(frames[t].winners)
    assert caption(spec, 5) == "y[1, 1] = min(1, 2, 4, 5) = 1"
    assert spec["layout"]["sliders"][0]["steps"][5]["label"] == "y[1, 1]"


def test_grid_numbers_are_dark_on_light_cells_and_white_on_dark_ones():
    x = np.array([[0, 255], [255, 0]])
    spec = as_browser_sees(grid_animation(x, frames2d(x, 2)))
    assert trace(spec, "input values")["textfont"]["color"] == ["white", "#222222", "#222222", "white"]
    assert trace(spec, "input")["colorscale"][0] == [0.0, "rgb(0, 0, 0)"]


def test_predict_first_hides_the_output_being_written_and_its_arithmetic_but_shows_the_window():
    frames = frames1d(SEED, 3, stride=1)
    spec = as_browser_sees(sequence_animation(SEED, frames, step=2, hide_current=True))
    assert trace(spec, "output values")["text"] == ["2", "2"]  # y[0] and y[1] only: no 5 anywhere
    window = trace(spec, "window")
    assert boxes(window["x"], window["y"]) == set(frames[2].cells)
    assert caption(spec) == "y[2] = ?"
    assert trace(spec, "winner values")["text"] == []
    out_row = trace(spec, "output values")["y"][0]
    cover = trace(spec, "not yet written")
    assert boxes(cover["x"], [y if y is None else y - out_row for y in cover["y"]]) == {
        (0, 2), (0, 3), (0, 4)}
    assert not spec.get("frames") and not spec["layout"]["updatemenus"] and not spec["layout"]["sliders"]
    x = np.arange(1, 10).reshape(3, 3)
    frames = frames2d(x, 2, stride=1)
    grid = as_browser_sees(grid_animation(x, frames, step=1, hide_current=True))
    assert trace(grid, "output values")["text"] == ["5"]
    assert caption(grid) == "y[0, 1] = ?"
    shown = as_browser_sees(grid_animation(x, frames, step=1))
    assert caption(shown, 1) == "y[0, 1] = max(2, 3, 5, 6) = 6"


@pytest.mark.parametrize("build", [
    lambda: sequence_animation(SEED, frames1d(SEED, 2, stride=2, padding=1, ceil_mode=True, op="avg")),
    lambda: sequence_animation(SEED, frames1d(SEED, 3, stride=1, padding=1), step=1, hide_current=True),
    lambda: grid_animation(np.eye(4), frames2d(np.eye(4), (2, 3), stride=1, padding="same", op="min")),
])
def test_figures_are_valid_plotly(build):
    """The charts skip plotly's validation for speed; the full schema must still accept them."""
    go.Figure(build().to_dict())
