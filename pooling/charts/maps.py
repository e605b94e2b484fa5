"""Heatmap figures: feature maps with their global max marked, a sequence's features over time, the
gradients of global pooling; and, as a picture, where max and average pooling of a picture differ."""

from __future__ import annotations

import functools

import numpy as np
import plotly.graph_objects as go
from plotly.colors import get_colorscale, sample_colorscale, unlabel_rgb
from plotly.subplots import make_subplots

from ..lessons.experiments import PooledMaps, PooledSequence
from ..lessons.feature_maps import argmax_cells
from .style import (
    FONT,
    MAPS,
    as_images,
    fitting_font,
    heatmap,
    mark_cell,
    outline_cell,
    planned_width,
    styled,
)

__all__ = ["colour_key", "difference_picture", "feature_map_grid", "gradient_figure", "sequence_heatmap"]


def feature_map_grid(pooled: PooledMaps, names, scale: float = 1.0, values: bool = True) -> go.Figure:
    """One heatmap per channel of the ``(H, W, C)`` maps, two to a row, titled with its global max and
    average (only its name when ``values`` is False, while a student predicts them). The cell holding
    each global max is circled.
    """
    maps = pooled.maps
    titles = [f"<b>{name}</b><br>" + (f"max {m:.2f} · mean {a:.3f}" if values else "max ? · mean ?")
              for name, m, a in zip(names, pooled.gmp, pooled.gap)]
    rows = -(-len(names) // 2)
    fig = make_subplots(rows=rows, cols=2, subplot_titles=titles, horizontal_spacing=0.04,
                        vertical_spacing=0.16)
    for c, (row, col) in enumerate(argmax_cells(maps)):
        subplot = (c // 2 + 1, c % 2 + 1)
        fig.add_trace(heatmap(maps[..., c]), *subplot)
        mark_cell(fig, row, col, subplot, scale)
    as_images(fig)
    h, w = maps.shape[:2]
    return styled(fig, 40 / scale + rows * (80 + 300 * h / w / scale), scale)


MAX_LABELLED_STEPS = 30


def sequence_heatmap(seq: PooledSequence, scale: float = 1.0) -> go.Figure:
    """The ``(steps, features)`` values as one heatmap, a row per feature and a column per step (named
    by its word if any), each feature's global max framed; values in the cells up to
    ``MAX_LABELLED_STEPS`` steps.
    """
    values = seq.maps.T
    n, steps = values.shape
    labels = [[f"{v:.3g}" for v in row] for row in values] if steps <= MAX_LABELLED_STEPS else None
    fig = make_subplots(rows=1, cols=1)
    fig.add_trace(heatmap(values, labels=labels, zmin=min(0.0, float(values.min()))))
    fig.update_traces(hovertemplate="x[%{x}, %{y}]: %{z:.4g}<extra></extra>", textfont_size=FONT * scale)
    for feature, step in enumerate(seq.strongest):
        outline_cell(fig, feature, int(step), (1, 1), scale)
    if seq.words and steps <= MAX_LABELLED_STEPS:
        fig.update_xaxes(tickvals=list(range(steps)), ticktext=list(seq.words))
    fig.update_xaxes(title="step", side="top", showgrid=False, zeroline=False)
    fig.update_yaxes(tickvals=list(range(n)), ticktext=list(seq.features), autorange="reversed",
                     showgrid=False, zeroline=False)
    styled(fig, 90 + 70 * n, scale)
    fig.update_layout(margin={"t": int(80 * scale), "l": int(150 * scale), "b": 10})
    return fig


def gradient_figure(x: np.ndarray, grads: dict, scale: float = 1.0) -> go.Figure:
    """The feature map and d(pooled)/dx for global max and global average, values in every cell.

    Cells are as large as three maps side by side allow on the planned width, and their numbers are
    sized to fit them.
    """
    rows, cols = x.shape
    cell = min(44 * scale, 0.9 * (planned_width(scale) - 70 * scale) / 3 / cols)
    fig = make_subplots(rows=1, cols=3, horizontal_spacing=0.04,
                        subplot_titles=["feature map x", "∂ GMP / ∂x", "∂ GAP / ∂x"])
    fig.add_trace(heatmap(x, labels=[[f"{v:.2f}" for v in row] for row in x]), 1, 1)
    fig.add_trace(heatmap(grads["max"], 1.0, labels=[[f"{v:g}" for v in row] for row in grads["max"]]),
                  1, 2)
    fig.add_trace(heatmap(grads["avg"], 1.0, labels=[[f"1/{x.size}"] * x.shape[1]] * x.shape[0]), 1, 3)
    (row, col), = argmax_cells(x[..., None])
    for subplot in (1, 2):
        outline_cell(fig, row, col, (1, subplot), scale)
    as_images(fig)
    fig.update_traces(textfont_size=fitting_font(cell, 4, FONT * scale))
    return styled(fig, (130 * scale + rows * cell) / scale, scale)


@functools.cache
def _colours(scale: str) -> np.ndarray:
    """The plotly colour scale as 256 RGB colours, uint8 (256, 3)."""
    shades = sample_colorscale(get_colorscale(scale), list(np.linspace(0, 1, 256)))
    return np.rint([unlabel_rgb(shade) for shade in shades]).astype(np.uint8)


def difference_picture(difference: np.ndarray) -> np.ndarray:
    """Max minus average of a pooled picture (uint8, 0..255) as an RGB picture in the maps' colour
    scale, from 0 (darkest: they agree) to its largest value (brightest), one pixel per pooled pixel.

    A picture rather than a plotly heatmap: the browser shows it at once, where a heatmap of a few
    hundred cells a side takes a redraw of a tenth of a second or more on every change.

    >>> difference_picture(np.array([[0, 5, 10]], np.uint8))[0].tolist()
    [[0, 34, 78], [125, 123, 117], [254, 232, 56]]
    """
    top = max(int(difference.max()), 1)
    return _colours(MAPS)[np.minimum(difference.astype(np.uint16) * 255 // top, 255)]


def colour_key() -> str:
    """The colour scale of `difference_picture`, darkest on the left, as a CSS gradient.

    >>> colour_key()[:40]
    'linear-gradient(to right, rgb(0, 34, 78)'
    """
    stops = ", ".join(f"rgb({r}, {g}, {b})" for r, g, b in _colours(MAPS)[::15].tolist())
    return f"linear-gradient(to right, {stops})"
