"""Plotly figures for the class activation map lesson; imports plotly, never streamlit.

Pictures in greys, maps in cividis laid over them; boxes and heads in Okabe-Ito colours: the true box
bluish green, the box from the map vermillion; GAP blue, GMP orange (as in the global pooling lesson),
flatten reddish purple.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..lessons.network import HEAD_NAMES
from .style import AVG_COLOUR, FONT, MAPS, MAX_COLOUR, as_images, styled

__all__ = ["HEAD_COLOURS", "cam_figure", "scores_figure", "training_figure"]

HEAD_COLOURS = {"gap": AVG_COLOUR, "gmp": MAX_COLOUR, "flatten": "#CC79A7"}
TRUE_BOX = "#009E73"
MAP_BOX = "#D55E00"
PICTURE = [[0, "black"], [1, "white"]]


def box_shape(fig: go.Figure, box, colour: str, col: int, scale: float, dash: str = "solid") -> None:
    """Draw ``(top, left, bottom, right)`` (pixel edges, bottom and right exclusive) in subplot ``col``."""
    top, left, bottom, right = (float(v) for v in box)
    fig.add_shape(type="rect", x0=left - 0.5, x1=right - 0.5, y0=top - 0.5, y1=bottom - 0.5,
                  line={"color": colour, "width": 3 * scale, "dash": dash}, row=1, col=col)


def cam_figure(image: np.ndarray, views: list[tuple[str, np.ndarray, np.ndarray]], true_box=None,
               scale: float = 1.0) -> go.Figure:
    """The picture, then one panel per network: its class map laid over the picture and its box.

    ``views`` holds ``(title, map (H, W), box)``; ``true_box`` is drawn in every panel when known.
    """
    titles = ["<b>picture</b>", *(title for title, _, _ in views)]
    fig = make_subplots(rows=1, cols=len(titles), subplot_titles=titles, horizontal_spacing=0.03)
    picture = go.Heatmap(z=image, zmin=0, zmax=1, colorscale=PICTURE, showscale=False,
                         hovertemplate="row %{y}, col %{x}: %{z:.2f}<extra></extra>")
    fig.add_trace(picture, 1, 1)
    for col, (_, cam, box) in enumerate(views, start=2):
        fig.add_trace(picture, 1, col)
        top = max(float(cam.max()), 1e-9)
        fig.add_trace(go.Heatmap(z=np.clip(cam, 0, None), zmin=0, zmax=top, colorscale=MAPS, opacity=0.6,
                                 showscale=False, hovertemplate="map %{z:.3f}<extra></extra>"), 1, col)
        box_shape(fig, box, MAP_BOX, col, scale, dash="dash")
    if true_box is not None:
        for col in range(1, len(titles) + 1):
            box_shape(fig, true_box, TRUE_BOX, col, scale)
    as_images(fig)
    # The titles' three lines stay under the image button in the top right corner (about 28 px).
    margin = {"l": 10, "r": 10, "t": int(80 * scale) + 28, "b": 10}
    return styled(fig, 380, scale).update_layout(margin=margin)


def scores_figure(probabilities: dict[str, np.ndarray], classes, scale: float = 1.0) -> go.Figure:
    """Each network's probability for every class, as grouped bars with their values written on, in %
    as the axis says: without the sign, they need less of a bar's width, and a phone's narrow bars
    write them larger."""
    fig = go.Figure(layout={"title": {"text": "<b>probability of each class</b>", "x": 0}})
    for head, p in probabilities.items():
        fig.add_trace(go.Bar(x=list(classes), y=p, name=HEAD_NAMES[head], marker_color=HEAD_COLOURS[head],
                             text=[f"{100 * v:.0f}" for v in p], textposition="outside", cliponaxis=False,
                             textfont={"size": FONT * scale}))
    fig = styled(fig, 320, scale)
    fig.update_layout(barmode="group", showlegend=True,
                      legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 1, "xanchor": "right"},
                      yaxis={"range": [0, 1.15], "tickformat": ".0%", "gridcolor": "#dddddd"})
    return fig


def training_figure(histories: dict[str, np.ndarray], steps: int, scale: float = 1.0) -> go.Figure:
    """Training loss and accuracy against the step, one line per head; ``histories`` rows are
    ``(step, loss, accuracy)`` and may be partial (the curve grows while training runs)."""
    fig = make_subplots(rows=1, cols=2, subplot_titles=["<b>loss</b> (cross-entropy)", "<b>accuracy</b>"],
                        horizontal_spacing=0.1)
    for head, history in histories.items():
        history = np.asarray(history, dtype=float).reshape(-1, 3)
        for col, values in ((1, history[:, 1]), (2, history[:, 2])):
            fig.add_trace(go.Scatter(x=history[:, 0].tolist(), y=values.tolist(), mode="lines",
                                     name=HEAD_NAMES[head], legendgroup=head, showlegend=col == 1,
                                     line={"color": HEAD_COLOURS[head], "width": 3 * scale}), 1, col)
    fig = styled(fig, 340, scale)
    fig.update_layout(showlegend=True, legend={"orientation": "h", "y": 1.15, "yanchor": "bottom", "x": 0},
                      margin={"t": int(110 * scale)})
    # The first step a little right of the y axis, so that its "0" clears the axis's "0%".
    fig.update_xaxes(range=[-0.04 * steps, steps], title="training step", gridcolor="#dddddd")
    fig.update_yaxes(rangemode="tozero", gridcolor="#dddddd", row=1, col=1)
    fig.update_yaxes(range=[0, 1.02], tickformat=".0%", gridcolor="#dddddd", row=1, col=2)
    return fig
