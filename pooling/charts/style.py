"""What every plotly figure shares: colour-blind-safe colours, large type, white ground; heatmaps
with square cells and marked cells. Imports plotly, never streamlit.

Feature maps are drawn in cividis, global max pooling in Okabe-Ito orange, global average pooling
in Okabe-Ito blue. ``scale`` multiplies font sizes and line widths (presenter mode).
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

__all__ = ["AVG_COLOUR", "FONT", "GREY", "MAPS", "MARK_COLOUR", "MAX_COLOUR", "as_images", "heatmap",
           "mark_cell", "outline_cell", "styled"]

MAX_COLOUR = "#E69F00"

AVG_COLOUR = "#0072B2"

MARK_COLOUR = "#D55E00"

GREY = "#555555"

MAPS = "Cividis"

FONT = 18


def styled(fig: go.Figure, height: float, scale: float) -> go.Figure:
    """Large type, white background, tight margins: readable from the back of a classroom.

    ``height`` is in pixels at normal scale.
    """
    fig.update_layout(
        height=int(height * scale),
        font={"size": FONT * scale},
        margin={"l": int(60 * scale), "r": 10, "t": int(70 * scale), "b": int(60 * scale)},
        plot_bgcolor="white",
        paper_bgcolor="white",
        showlegend=False,
    )
    fig.update_annotations(font_size=FONT * scale)
    return fig


def heatmap(z: np.ndarray, zmax: float | None = None, labels=None, zmin: float = 0.0) -> go.Heatmap:
    """A cividis heatmap of a 2D map from ``zmin`` to ``zmax`` (its max by default), with ``labels``
    (a 2D list of strings) written in the cells if given.

    Values are sent as float32: half the bytes of float64 (a 128×128 map's four channels are 0.5 MB
    in float64), with seven significant digits where hovers show three decimals."""
    z = np.asarray(z, dtype=np.float32)
    text = {}
    if labels is not None:
        text = {"text": labels, "texttemplate": "%{text}", "textfont": {"size": FONT}}
    return go.Heatmap(z=z, zmin=zmin, zmax=zmax if zmax is not None else max(float(z.max()), zmin + 1e-9),
                      colorscale=MAPS, showscale=False, xgap=0, ygap=0,
                      hovertemplate="row %{y}, col %{x}: %{z:.3f}<extra></extra>", **text)


def as_images(fig: go.Figure) -> None:
    """Square cells, row 0 at the top, no axis clutter, in every subplot that holds a heatmap.

    The ranges are pinned to the map so that a marker on an edge cell does not widen it.
    """
    plain = {"showticklabels": False, "ticks": "", "showgrid": False, "zeroline": False,
             "constrain": "domain"}
    axes = {}
    for trace in fig.data:
        if isinstance(trace, go.Heatmap):
            h, w = np.shape(trace.z)
            x, y = trace.xaxis or "x", trace.yaxis or "y"
            axes[x.replace("x", "xaxis")] = {**plain, "range": [-0.5, w - 0.5]}
            axes[y.replace("y", "yaxis")] = {**plain, "range": [h - 0.5, -0.5], "scaleanchor": x}
    fig.update_layout(axes)


def outline_cell(fig: go.Figure, row: int, col: int, subplot: tuple[int, int], scale: float) -> None:
    """Draw a frame around one cell of the heatmap in the subplot at (row, col) ``subplot``."""
    fig.add_shape(type="rect", x0=col - 0.5, x1=col + 0.5, y0=row - 0.5, y1=row + 0.5,
                  line={"color": MARK_COLOUR, "width": 4 * scale}, row=subplot[0], col=subplot[1])


def mark_cell(fig: go.Figure, row: int, col: int, subplot: tuple[int, int], scale: float) -> None:
    """Frame and circle one cell, so that it stands out even when cells are a pixel wide."""
    outline_cell(fig, row, col, subplot, scale)
    fig.add_trace(go.Scatter(x=[col], y=[row], mode="markers", hoverinfo="skip", cliponaxis=False,
                             marker={"symbol": "circle-open", "size": 26 * scale,
                                     "color": MARK_COLOUR, "line": {"width": 4 * scale}}),
                  row=subplot[0], col=subplot[1])
