"""Heatmap figures: a sequence's features over time, the gradients of global pooling; and, as
pictures, feature maps and where max and average pooling of a picture differ."""

from __future__ import annotations

import functools

import numpy as np
import plotly.graph_objects as go
from plotly.colors import get_colorscale, sample_colorscale, unlabel_rgb
from plotly.subplots import make_subplots

from ..lessons.experiments import PooledSequence
from ..lessons.feature_maps import argmax_cells
from .style import (
    FONT,
    MAPS,
    as_images,
    fitting_font,
    heatmap,
    outline_cell,
    planned_width,
    styled,
)

__all__ = ["colour_key", "difference_picture", "gradient_figure", "map_picture", "sequence_heatmap"]


def map_picture(values: np.ndarray) -> np.ndarray:
    """A feature map ``(H, W)`` of values at least 0 as an RGB picture ``(H, W, 3)``, uint8, one pixel
    per cell, in the maps' colour scale from 0 (darkest) to the map's max (brightest), as `heatmap`
    draws it.

    A picture rather than a plotly heatmap: as a plotly grid, four maps of 128 cells a side took the
    browser about 0.1 s of every opening of the global pooling lesson. The page frames and circles the
    max cell over the picture (`pages.common.show_picture`).

    >>> map_picture(np.array([[0.0, 0.5, 1.0]]))[0].tolist()
    [[0, 34, 78], [125, 124, 118], [254, 232, 56]]
    """
    top = max(float(values.max()), 1e-9)
    return _colours(MAPS)[np.rint(np.clip(values / top, 0, 1) * 255).astype(np.uint8)]


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
