"""Animated plotly figures of a pooling window, built from `pooling.frames`; imports plotly, never streamlit.

The animation runs in the browser: one plotly frame per `Frame`, buttons to play (at three speeds)
and pause, and a slider to step back and forth. Cells sit on one pair of axes in cell units
(column = x, row = y pointing down, square cells), so drawing a frame is a lookup of its cells.
The output is drawn complete once; each frame only moves a cover off the cells written so far,
which keeps the figure small.

Colours are colour-blind safe (Okabe-Ito): the window in orange, the cell max or min picks filled
in vermillion, padding hatched grey; numbers are written dark on light cells and white on dark ones.
``scale`` multiplies font sizes and line widths (presenter mode).
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
from plotly.colors import get_colorscale, sample_colorscale, unlabel_rgb

from ..lessons.frames import (
    MAX_STEPS,
    Frame,
    cell_boxes,
    finite_range,
    first_steps,
    format_number,
    padding_label,
    step_within,
)
from ..windows import BEYOND, INPUT, PADDING
from .style import drawn_once, fitting_font, phone_font_family, planned_width

__all__ = ["MAX_STEPS", "grid_animation", "sequence_animation"]


WINDOW = "#E69F00"
WINDOW_FILL = "rgba(230, 159, 0, 0.30)"
WINNER = "#D55E00"
PAD_FILL = "#DDDDDD"
INK = "#222222"
FAINT = "#555555"  # 7.5:1 on white
SEQUENCE_COLOURS = [[0.0, "#EEF4F9"], [1.0, "#7FB8DA"]]
PLAY_MS = 900
"""Milliseconds per step when playing; a long animation plays faster, to finish in `PLAY_SECONDS`."""
PLAY_SECONDS = 30
FAST_SECONDS = 12
"""The "Fast" button plays any animation in about this long."""
FIGURE_HEIGHT = 560
"""The tallest a figure is planned (px): with the step buttons, it fits a 1024x720 screen."""
MIN_CELL_PX = 22
"""Long inputs are planned with cells at least this big: readable where the screen is wide enough."""
MAX_CELL_PX = 72
CROWDED = 30
"""Beyond this many columns only every fifth index is written."""


def sequence_animation(x, frames: list[Frame], *, feature_names=None, step_labels=None,
                       max_steps: int = MAX_STEPS, scale: float = 1.0, step: int = 0,
                       hide_current: bool = False) -> go.Figure:
    """The window sliding along a sequence, with the output row filling in below it (several
    features in presenter mode: each feature's outputs right of its row).

    Parameters
    ----------
    x : array_like, shape (steps,) or (steps, features)
        The sequence the frames were built on (`pooling.frames.frames1d`); several features are
        drawn as heatmap rows, named by ``feature_names``.
    frames : list of Frame
    feature_names : list of str, optional
        One per feature, written left of its row.
    step_labels : list of str, optional
        One per step (e.g. the words of a sentence), written above the input; default the indices.
    max_steps : int
        A longer sequence is animated over its first ``max_steps`` steps (more if one window spans
        more), and the title says so.
    scale : float
        Multiplies font sizes and line widths; above 1 (presenter mode) the figure is planned for
        a wider screen.
    step : int
        The frame drawn first (the slider starts there); clamped to the frames shown.
    hide_current : bool
        Predict first: the output being written at ``step`` (and every later one) stays hidden, its
        caption says only ``y[i] = ?`` and the cells max or min picks are not marked; the window is
        shown. The figure then has that one state, without play buttons or slider.

    Returns
    -------
    plotly.graph_objects.Figure
        One plotly frame per output step shown (none with ``hide_current``).
    """
    values, frames, note = first_steps(x, frames, max_steps)
    steps = np.shape(x)[0]
    values = values.reshape(values.shape[0], -1).T
    features = values.shape[0]
    if feature_names is None:
        feature_names = [""] if features == 1 else [f"feature {f}" for f in range(features)]
    labels = [str(label) for label in (range(steps) if step_labels is None else step_labels)]
    # Several features in presenter mode: each feature's outputs on its row, right of it, as in the
    # 2D lesson; below, the figure would be too tall for its cells to be read from the back of a room.
    # Elsewhere they stay below, where a phone's narrow screen has room for their cells.
    beside = features > 1 and scale > 1
    sides = [""] if beside else ["x", "y"]
    row_labels = [f"{side} {name}".strip() for side in sides for name in feature_names]
    plan = _plan(values, frames, labels[:values.shape[1]], row_labels, beside=beside, scale=scale,
                 out_shape=(features, len(frames)))
    rows = [*range(features), *([] if beside else (plan.out_row + r for r in range(features)))]
    return _animation(
        plan, values, frames, SEQUENCE_COLOURS, note, step, hide_current,
        cell_name=(lambda r, c: f"x[{c}]") if features == 1 else (lambda r, c: f"x[{c}, {r}]"),
        row_ticks=list(zip(rows, row_labels)),
    )


def grid_animation(x, frames: list[Frame], *, colorscale="gray", value_range=None,
                   scale: float = 1.0, step: int = 0, hide_current: bool = False) -> go.Figure:
    """The 2D window sliding over a small patch, with the output grid filling in to its right.

    Parameters
    ----------
    x : array_like, shape (H, W)
        The single-channel patch the frames were built on (`pooling.frames.frames2d`), up to
        about 16 x 16; every value is written in its cell.
    frames : list of Frame
    colorscale : str or list
        Plotly colour scale of the cells ("gray" shows a patch as the picture it is).
    value_range : (float, float), optional
        The values drawn darkest and brightest, e.g. (0, 255) for pixels, so a patch looks as it
        does in the picture; default the patch's own smallest and largest values.
    scale : float
        Multiplies font sizes and line widths (see `sequence_animation`).
    step : int
        The frame drawn first; clamped to the frames.
    hide_current : bool
        Predict first: hide the output being written at ``step`` (see `sequence_animation`).

    Returns
    -------
    plotly.graph_objects.Figure
        One plotly frame per output cell, row by row.
    """
    values = np.asarray(x, dtype=float)
    row_labels = [str(r) for r in range(values.shape[0])]
    plan = _plan(values, frames, [str(c) for c in range(values.shape[1])], row_labels, beside=True,
                 scale=scale, out_shape=frames[0].grid.out_shape)
    if isinstance(colorscale, str):
        colorscale = get_colorscale(colorscale)
    return _animation(plan, values, frames, colorscale, "", step, hide_current,
                      cell_name=lambda r, c: f"x[{r}, {c}]",
                      row_ticks=list(enumerate(row_labels)), zrange=value_range)


@dataclass(frozen=True)
class _Plan:
    """Where everything goes, in cell units, and how big it is drawn."""

    top: int
    bottom: int
    left: int
    right: int
    out_row: float
    out_col: float
    out_shape: tuple[int, int]
    col_labels: list[str]
    label_font: int
    phone_font: int | None
    phone_label_font: int | None
    label_rows: float
    caption_y: float
    caption_rows: float
    caption_font: int
    cell_px: float
    font: int
    tick_font: int
    margin_left: int
    scale: float

    def out(self, cell):
        """Where output cell (row, col) is drawn."""
        return self.out_row + cell[0], self.out_col + cell[1]


BUTTONS_PX = 300
"""The width of the row of play buttons at normal scale (px; 404 px measured at scale 1.4). In
presenter mode the step slider sits beside them, which leaves the cells more of the screen's height."""


LETTER_EM = 0.65
"""The width of a letter of a label, in em, that room is planned for (a little more than most take)."""

MARGIN_RIGHT = 10
"""The figure's right margin (px)."""

CAPTION_FONT = 22
"""The captions' font size at normal scale (px), where the longest fits one line of the narrowest screen."""

SMALLEST_CAPTION_FONT = 16
"""The captions' font size at normal scale (px) is no smaller than this, however long they are."""

CAPTION_INDENT = 5
"""Pixels between the figure's left edge and its caption."""

NARROWEST_PX = 340
"""The width a caption line must fit outside presenter mode: a phone's, the narrowest screen."""


def _caption_width_px(scale: float) -> float:
    """The width a caption line must fit: the narrowest screen (in presenter mode, the planned width)."""
    return planned_width(scale) if scale > 1 else NARROWEST_PX


def _caption_font(frames, scale: float) -> int:
    """The captions' font size (px): `CAPTION_FONT` at ``scale``, or as much smaller as puts the
    longest caption on one line (0.5 em a character), but not below `SMALLEST_CAPTION_FONT`.

    >>> class Step: captions = ["y[0] = max(0, 1, 2) = 2"]
    >>> class Long: captions = ["y[0, 0] = max(0.2, 0.9, 0.8, 0.1, 0, 0.3) = 0.9"]
    >>> _caption_font([Step], 1.0), _caption_font([Long], 1.0), _caption_font([Long], 1.4)
    (22, 16, 31)
    """
    longest = max(len(caption) for frame in frames for caption in frame.captions)
    fitting = _caption_width_px(scale) / (0.5 * longest)
    return round(max(SMALLEST_CAPTION_FONT * scale, min(CAPTION_FONT * scale, fitting)))


def _caption_lines(captions, font: float, scale: float) -> list[str]:
    """The frame's captions written at ``font`` px broken into lines that fit `_caption_width_px`,
    at about 0.5 em a character: a caption too long for one line puts its output, ``y[0, 0] =``, on
    a line of its own and wraps the rest between words.

    >>> _caption_lines(["y[0, 0] = max(71, 72, 71, 72) = 72", "y[1] = max(2, 5) = 5"], 22, 1.0)
    ['y[0, 0] =', 'max(71, 72, 71, 72) = 72', 'y[1] = max(2, 5) = 5']
    """
    chars = int(_caption_width_px(scale) / (0.5 * font))
    lines = []
    for caption in captions:
        if len(caption) <= chars:
            lines.append(caption)
            continue
        output, _, rest = caption.partition(" = ")
        lines += [f"{output} =", *textwrap.wrap(rest, chars, break_long_words=False)]
    return lines


def _below_px(scale: float) -> float:
    """The bottom margin: Play and the step slider, on one row in presenter mode, else on two."""
    return 75 * scale if scale > 1 else 110 * scale


def _controls_px(scale: float) -> float:
    """The height of the margins: the legend above the cells, Play and the step slider below."""
    return 40 + _below_px(scale)


def _plan(values, frames, col_labels, row_labels, *, beside, scale, out_shape) -> _Plan:
    shape = values.shape
    (pad_top, pad_bottom), (pad_left, pad_right) = frames[0].grid.pad
    rows = [r for f in frames for r, _ in f.cells]
    cols = [c for f in frames for _, c in f.cells]
    top, bottom = min([-pad_top, *rows]), max([shape[0] - 1 + pad_bottom, *rows])
    left, right = min([-pad_left, *cols]), max([shape[1] - 1 + pad_right, *cols])
    out_rows, out_cols = out_shape
    out_row, out_col = (0, right + 3) if beside else (bottom + 2.5, 0)
    width = right - left + 2 + (out_cols + 3 if beside else 0)
    caption_font = _caption_font(frames, scale)
    caption_lines = max(len(_caption_lines(f.captions, caption_font, scale)) for f in frames)
    caption_px = caption_lines * caption_font * 1.5
    # Cells as large as the planned width allows (presenter mode: wider, sidebar folded), but the
    # whole figure, captions and controls included, no taller than FIGURE_HEIGHT.
    across = planned_width(scale) / width
    cells_high = max(bottom, out_row + out_rows - 1) + 0.9 - top + 1.25
    # The words above the cells, a line each, are drawn at most 0.3 of a cell high (see label_font).
    label_words = [str(label).split(" ") for label in col_labels]
    longest_word = max(len(word) for words in label_words for word in words)
    label_cells = max(map(len, label_words)) * 1.3 * min(0.3, 1 / (LETTER_EM * longest_word))
    down = (FIGURE_HEIGHT - _controls_px(scale) - caption_px) / (cells_high + label_cells)
    cell_px = max(MIN_CELL_PX, min(MAX_CELL_PX * scale, across, down))
    # Numbers as large as their cells allow, the longest one still fitting.
    widest = max(len(format_number(v)) for v in [*values.flat, *(v for f in frames for v in f.values)])
    font = round(max(8, min(30 * scale, max(10, 0.42 * cell_px), cell_px / (0.62 * widest))))
    # Words above the cells: one per line, shrunk until the longest fits its cell.
    col_labels = _thinned([label.replace(" ", "<br>") for label in col_labels])
    lines = [label.split("<br>") for label in col_labels]
    longest = max(len(word) for words in lines for word in words)
    label_font = max(round(9 * scale), min(round(font * 0.7), int(cell_px / (LETTER_EM * longest))))
    tick_font = max(round(10 * scale), round(font * 0.7))
    margin_left = 10 + _labels_px(row_labels, tick_font)
    # On a phone the cells shrink to its width (the type does not): numbers and words that would
    # overflow their cells there are written smaller, or left out (`phone_font_family`).
    right_edge = max(right, out_col + out_cols - 1) + 0.6
    phone_cell_px = (NARROWEST_PX - margin_left - MARGIN_RIGHT) / (right_edge - (left - 1.7))
    phone_font = fitting_font(phone_cell_px, widest, font)
    phone_label_font = min(label_font, int(phone_cell_px / (LETTER_EM * longest)))
    return _Plan(
        top=top, bottom=bottom, left=left, right=right, out_row=out_row, out_col=out_col,
        out_shape=(out_rows, out_cols), col_labels=col_labels, label_font=label_font,
        label_rows=max(len(words) for words in lines) * label_font * 1.3 / cell_px,
        caption_y=max(bottom, out_row + out_rows - 1) + 0.9,
        caption_rows=caption_px / cell_px, caption_font=caption_font, cell_px=cell_px, font=font,
        tick_font=tick_font, margin_left=margin_left, scale=scale,
        phone_font=phone_font if phone_font < font else None,
        phone_label_font=phone_label_font if phone_label_font < label_font and len(col_labels) <= CROWDED
        else None,
    )


def _thinned(labels: list[str]) -> list[str]:
    """Every label, or only every fifth when there are too many to read."""
    if len(labels) <= CROWDED:
        return labels
    return [label if i % 5 == 0 else "" for i, label in enumerate(labels)]


def _animation(plan, values, frames, colorscale, note, step, hide_current, *, cell_name, row_ticks,
               zrange=None) -> go.Figure:
    """The figure both lessons share: input grid, output grid (below or beside), animated window.

    ``cell_name(row, col)`` names an input cell in the hover text, e.g. ``x[3]`` or ``x[1, 2]``.
    With ``hide_current``, the outputs from ``step`` on are left out, not only covered.
    """
    grid = frames[0].grid
    zrange = zrange or finite_range(values)
    step = step_within(step, len(frames))
    output = np.full(plan.out_shape, np.nan)
    for frame in frames[:step] if hide_current else frames:
        for cell, value in zip(frame.out_cells, frame.values):
            output[cell] = value
    out_cells = [(r, c) for r in range(plan.out_shape[0]) for c in range(plan.out_shape[1])]
    static = [
        _heatmap(values, (0, 0), colorscale, zrange, cell_name),
        *_padding(grid, plan),
        _texts([(plan.top - 0.55, c) for c in range(len(plan.col_labels))], plan.col_labels,
               plan.label_font, FAINT, "input labels", position="top center",
               phone_size=plan.phone_label_font),
        _texts([plan.out((-0.55, c)) for c in range(plan.out_shape[1])],
               _thinned([str(c) for c in range(plan.out_shape[1])]), plan.tick_font,
               FAINT, "output indices", position="top center"),
        _heatmap(output, plan.out((0, 0)), colorscale, zrange),
        _values(output, plan.out((0, 0)), colorscale, zrange, plan, "output values"),
    ]
    if hide_current:
        states = {step: _state(frames[step], frames[step:], plan, hidden=True)}
    else:
        states = {t: _state(frame, frames[t + 1:], plan) for t, frame in enumerate(frames)}
    grid_lines = _cells_trace([plan.out(c) for c in out_cells], "#999999", 1.5 * plan.scale,
                                name="output cells", dash="dot", legend=False)
    # The cover hides unwritten outputs; the dotted output grid is drawn above it. The input's numbers
    # are written over the window's tint, which would dim them, and under the cells a max picks.
    traces, caption = states[step]
    cover, window, *marks = traces
    numbers = _values(values, (0, 0), colorscale, zrange, plan, "input values")
    data = [*static, cover, grid_lines, window, numbers, *marks]
    first = len(static)
    animated = [first, first + 2, *range(first + 4, len(data))]
    moving = [] if hide_current else [
        {"data": [_moving(trace) for trace in moved], "traces": animated, "name": str(t),
         "layout": {"annotations": [said]}}
        for t, (moved, said) in states.items()]
    layout = _layout(plan, frames, note, row_ticks, step)
    layout["annotations"] = [caption]
    if hide_current:  # nothing to play: the next output is the student's to say
        layout.update(updatemenus=[], sliders=[])
    # Built from plain dicts without plotly's per-property validation, which would take longer
    # than the rest of the page; the tests check the result against the full schema.
    return drawn_once(go.Figure(data=data, layout=layout, frames=moving, _validate=False))


def _moving(trace: dict) -> dict:
    """Only what changes from frame to frame (plotly merges it into the trace), to keep frames small."""
    return {key: trace[key] for key in ("type", "x", "y", "text") if key in trace}


def _layout(plan, frames, note, row_ticks, step) -> dict:
    scale = plan.scale
    bottom = plan.caption_y + plan.caption_rows
    right = max(plan.right, plan.out_col + plan.out_shape[1] - 1)
    top = plan.top - 0.75 - plan.label_rows
    height = (bottom - top + 0.5) * plan.cell_px + _controls_px(scale) + (30 if note else 0)
    return {
        "height": round(height),
        "margin": {"l": plan.margin_left, "r": MARGIN_RIGHT,
                   "t": 70 if note else 40, "b": round(_below_px(scale))},
        "font": {"size": round(scale * 18), "color": INK}, "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "title": {"text": note, "x": 0.01, "font": {"size": round(scale * 18)}} if note else None,
        "legend": {"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom",
                   "font": {"size": round(scale * 16)}},
        "xaxis": {"visible": False, "range": [plan.left - 1.7, right + 0.6], "constrain": "domain",
                  "fixedrange": True},
        "yaxis": {"range": [bottom, top], "scaleanchor": "x", "constrain": "domain",
                  "tickvals": [r for r, _ in row_ticks], "ticktext": [t for _, t in row_ticks],
                  "showgrid": False, "zeroline": False, "fixedrange": True, "ticks": "",
                  "tickfont": {"size": plan.tick_font}, "automargin": False},  # see `_labels_px`
        "updatemenus": [_buttons(len(frames), scale)], "sliders": [_slider(frames, step, plan)],
    }


def _labels_px(texts: list[str], size: float) -> int:
    """Room for the longest of ``texts`` written at font ``size`` (px), with a little to spare.

    The margin is set rather than left to plotly's automargin, which measures the labels after
    drawing and then draws the whole figure again: half the time of drawing an animation.

    >>> _labels_px(["x", "y"], 13), _labels_px([], 13)
    (14, 0)
    """
    return round(max(map(len, texts)) * size * LETTER_EM) + 6 if texts else 0


def _outline(boxes, inset=0.0):
    """x and y lists tracing each ``(top, left, bottom, right)`` box of cells, separated by None."""
    xs, ys = [], []
    for top, left, bottom, right in boxes:
        x0, x1 = round(left - 0.5 + inset, 3), round(right + 0.5 - inset, 3)
        y0, y1 = round(top - 0.5 + inset, 3), round(bottom + 0.5 - inset, 3)
        xs += [x0, x1, x1, x0, x0, None]
        ys += [y0, y0, y1, y1, y0, None]
    return xs, ys


def _boxes_trace(boxes, colour, width, *, name, dash="solid", fill=None, inset=0.0, legend=True):
    xs, ys = _outline(boxes, inset)
    trace = {"type": "scatter", "x": xs, "y": ys, "mode": "lines", "name": name, "hoverinfo": "skip",
             "line": {"color": colour, "width": width, "dash": dash}, "showlegend": legend and bool(boxes)}
    if fill:
        trace.update(fill="toself", fillcolor=fill)
    return trace


def _cells_trace(cells, colour, width, **kwargs):
    """One square per cell: the window, the padding, the winners."""
    return _boxes_trace([(r, c, r, c) for r, c in cells], colour, width, **kwargs)


def _texts(cells, texts, size, colour, name, position="middle center", phone_size=None):
    """Texts written in cells at ``size`` px; on a phone at ``phone_size`` px, if given."""
    trace = {"type": "scatter", "x": [c for _, c in cells], "y": [r for r, _ in cells], "text": list(texts),
             "mode": "text", "textposition": position, "textfont": {"size": size, "color": colour},
             "hoverinfo": "skip", "showlegend": False, "name": name,
             "cliponaxis": False}  # words above the cells reach past the axes where cells are drawn small
    if phone_size is not None:
        trace["textfont"]["family"] = phone_font_family(phone_size)
    return trace


def _heatmap(values, origin, colorscale, zrange, cell_name=None):
    """Cells coloured by value (no text: `_values` writes it); NaN and infinite cells are blank.
    With ``cell_name``, hovering a cell names it and its value."""
    row0, col0 = origin
    z = [[round(float(v), 4) if math.isfinite(v) else None for v in row] for row in values]
    extra = {"hoverinfo": "skip"}
    if cell_name:
        extra = {"text": [[f"{cell_name(r, c)} = {format_number(v)}" for c, v in enumerate(row)]
                          for r, row in enumerate(values)], "hovertemplate": "%{text}<extra></extra>"}
    return {"type": "heatmap", "z": z, "x": [col0 + c for c in range(values.shape[1])],
            "y": [row0 + r for r in range(values.shape[0])], "colorscale": colorscale,
            "zmin": zrange[0], "zmax": zrange[1], "showscale": False, "xgap": 2, "ygap": 2,
            "name": "input" if cell_name else "output", **extra}


def _values(values, origin, colorscale, zrange, plan, name):
    """Every number written in its cell, dark on light cells and white on dark ones."""
    row0, col0 = origin
    cells = [(r, c) for r in range(values.shape[0]) for c in range(values.shape[1])
             if not math.isnan(values[r, c])]
    flat = [float(values[cell]) for cell in cells]
    low, high = zrange
    shades = sample_colorscale(colorscale, [min(max((v - low) / (high - low), 0), 1)
                                            if math.isfinite(v) else 1.0 for v in flat])
    inks = [INK if _luminance(shade) > 0.45 else "white" for shade in shades]
    trace = _texts([(row0 + r, col0 + c) for r, c in cells], [format_number(v) for v in flat], plan.font, INK,
                   name, phone_size=plan.phone_font)
    trace["textfont"]["color"] = inks
    return trace


def _luminance(rgb: str) -> float:
    r, g, b = (channel / 255 for channel in unlabel_rgb(rgb))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _padding(grid, plan):
    """Padding cells (hatched, labelled with what they hold) and past-the-end cells (dashed)."""
    cells = {PADDING: [], BEYOND: []}
    for row in range(plan.top, plan.bottom + 1):
        for col in range(plan.left, plan.right + 1):
            kind = grid.kind(row, col)
            if kind != INPUT:
                cells[kind].append((row, col))
    label = padding_label(grid.op)
    font = min(plan.font, round(plan.cell_px / (0.62 * len(label))))
    name = f"padding: holds {label}"
    if not grid.padding_counted:
        label, name = f"<s> {label} </s>", f"padding: {label}, not counted"
    width = 1.5 * plan.scale
    hatched = _cells_trace(cells[PADDING], "#888888", width, name=name, fill=PAD_FILL, inset=0.04)
    hatched["fillpattern"] = {"shape": "/", "fgcolor": "#AAAAAA", "bgcolor": PAD_FILL, "solidity": 0.15}
    return [
        hatched,
        _texts(cells[PADDING], [label] * len(cells[PADDING]), font, "#555555", "padding labels"),
        _cells_trace(cells[BEYOND], "#888888", width, name="past the end: reads nothing",
                       dash="dash", inset=0.04),
    ]


def _state(frame, later, plan, hidden=False):
    """The animated traces of one frame (the cover over outputs not yet written, the window, the
    output cell being written, the winners), and its caption, an annotation from the figure's left
    edge: row labels on the left do not narrow it. ``hidden``: the caption asks (``y[2] = ?``) and
    no winner is marked."""
    unwritten = [plan.out(cell) for f in later for cell in f.out_cells]
    winners = [(cell, value) for cell, value in zip(frame.winners, frame.values) if cell is not None]
    captions = frame.captions
    if hidden:
        winners, captions = [], [f"{caption.split(' = ')[0]} = ?" for caption in captions]
    width = plan.scale
    cover = _boxes_trace(cell_boxes(unwritten), "white", 0, name="not yet written", fill="white",
                         legend=False)
    traces = [
        cover,
        _boxes_trace(cell_boxes(frame.cells), WINDOW, 4 * width, name="window", fill=WINDOW_FILL),
        _cells_trace([plan.out(cell) for cell in frame.out_cells], WINDOW, 4 * width,
                     name="being written", legend=False),
        _cells_trace([cell for cell, _ in winners], WINNER, 2 * width, name=f"picked by {frame.grid.op}",
                     fill=WINNER, inset=0.1, legend=frame.grid.op != "avg"),
        _texts([cell for cell, _ in winners], [f"<b>{format_number(v)}</b>" for _, v in winners],
               plan.font, "white", "winner values", phone_size=plan.phone_font),
    ]
    text = "<br>".join(_caption_lines(captions, plan.caption_font, plan.scale))
    return traces, {
        "text": text, "name": "caption", "xref": "paper", "x": 0, "xanchor": "left",
        "xshift": -(plan.margin_left - CAPTION_INDENT), "yref": "y", "y": plan.caption_y,
        "yanchor": "top", "align": "left", "showarrow": False,
        "font": {"size": plan.caption_font, "color": INK}}


def speeds(count: int) -> tuple[tuple[str, int], ...]:
    """The play buttons and their milliseconds per step for an animation of ``count`` steps: a long
    one plays faster, so that "Fast" always ends within about `FAST_SECONDS`.

    >>> speeds(5)
    (('▶ Play', 900), ('Slow', 1800), ('Fast', 350))
    >>> speeds(200)
    (('▶ Play', 150), ('Slow', 300), ('Fast', 60))
    """
    play = min(PLAY_MS, max(100, round(PLAY_SECONDS * 1000 / count)))
    fast = min(350, max(40, round(FAST_SECONDS * 1000 / count)))
    return ("▶ Play", play), ("Slow", 2 * play), ("Fast", fast)


def _buttons(count, scale):
    """Play at three speeds, and pause; all in the browser."""
    plays = [{"label": label, "method": "animate",
              "args": [None, {"frame": {"duration": ms, "redraw": True}, "transition": {"duration": 0},
                              "fromcurrent": True, "mode": "immediate"}]} for label, ms in speeds(count)]
    pause = {"label": "❚❚ Pause", "method": "animate",
             "args": [[None], {"frame": {"duration": 0, "redraw": False}, "mode": "immediate"}]}
    return {"type": "buttons", "direction": "right", "x": 0, "y": 0, "xanchor": "left", "yanchor": "top",
            "pad": {"t": 10}, "showactive": False, "font": {"size": round(scale * 18)},
            "buttons": [plays[0], pause, *plays[1:]]}


def _slider(frames, step, plan):
    """One step per frame, labelled with the output it writes; tick labels hidden when crowded. Its
    grip has a dark border, to be seen from the back of a room."""
    scale = plan.scale
    crowded = len(frames) > 24
    steps = [{"label": f"y[{', '.join(map(str, frame.index))}]", "method": "animate",
              "args": [[str(t)], {"frame": {"duration": 0, "redraw": True}, "transition": {"duration": 0},
                                  "mode": "immediate"}]} for t, frame in enumerate(frames)]
    plot_px = planned_width(scale) - plan.margin_left - MARGIN_RIGHT
    beside = min(0.7, (BUTTONS_PX + 15) * scale / plot_px) if scale > 1 else 0
    return {"active": step, "steps": steps, "x": beside, "len": 1 - beside - (0.03 if beside else 0), "y": 0,
            "yanchor": "top",
            "pad": {"t": round((0 if beside else 50) * scale)}, "transition": {"duration": 0},
            "font": {"size": round(scale * 14), "color": "rgba(0,0,0,0)" if crowded else INK},
            "currentvalue": {"visible": False}, "bgcolor": "#E0E0E0", "activebgcolor": WINDOW,
            "bordercolor": FAINT}
