"""Plotly figures for the global pooling lesson; imports plotly, never streamlit.

Colours are colour-blind safe: feature maps in cividis, global max pooling in Okabe-Ito orange,
global average pooling in Okabe-Ito blue. ``scale`` multiplies font sizes and line widths (presenter
mode passes 1.5).
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..lessons.experiments import (
    HeadParameters,
    Outlier,
    Pooled,
    PooledSequence,
    Presence,
    Sparse,
    Translation,
)
from ..lessons.feature_maps import argmax_cells

__all__ = [
    "feature_map_grid",
    "gradient_figure",
    "outlier_figure",
    "parameters_figure",
    "pooled_bars",
    "presence_figure",
    "sequence_heatmap",
    "sparse_figure",
    "translation_figure",
]

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
    (a 2D list of strings) written in the cells if given."""
    z = np.asarray(z, dtype=float)
    text = {}
    if labels is not None:
        text = {"text": labels, "texttemplate": "%{text}", "textfont": {"size": FONT}}
    return go.Heatmap(z=z, zmin=zmin, zmax=zmax if zmax is not None else max(z.max(), zmin + 1e-9),
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


def feature_map_grid(pooled: Pooled, names, scale: float = 1.0) -> go.Figure:
    """One heatmap per channel of the ``(H, W, C)`` maps, two to a row, titled with its global max and
    average. The cell holding each global max is circled.
    """
    maps = pooled.maps
    titles = [f"<b>{name}</b><br>max {m:.2f} · mean {a:.3f}"
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


def value_bars(fig, labels, values, colour, col, scale, name=None):
    """Horizontal bars, one per label, each with its value written beside it."""
    prefix = f"{name} " if name else ""
    fig.add_trace(go.Bar(y=list(labels), x=[float(v) for v in values], orientation="h", name=name,
                         marker_color=colour, text=[f"{prefix}{v:.3f}" for v in values],
                         textposition="outside", textfont={"size": FONT * scale}, cliponaxis=False),
                  row=1, col=col)


def pooled_bars(pooled: Pooled | PooledSequence, names, scale: float = 1.0) -> go.Figure:
    """The two pooled vectors side by side on one scale, feature names once, titled with the shapes:
    ``(H, W, C) → (C,)`` for feature maps, ``(steps, features) → (features,)`` for a sequence."""
    shape = pooled.maps.shape
    c = shape[-1]
    fig = make_subplots(rows=1, cols=2, shared_yaxes=True, horizontal_spacing=0.06, subplot_titles=[
        f"<b>Global {name}</b><br>{shape} → ({c},)" for name in ("max", "average")])
    value_bars(fig, names, pooled.gmp, MAX_COLOUR, 1, scale)
    value_bars(fig, names, pooled.gap, AVG_COLOUR, 2, scale)
    low = min(0.0, float(np.min(pooled.gap)), float(np.min(pooled.gmp)))
    high = max(1.0, float(np.max(pooled.gmp)))
    fig.update_xaxes(range=[low * 1.4, high * 1.4], gridcolor="#dddddd")
    fig.update_yaxes(autorange="reversed")
    styled(fig, 100 + 55 * c, scale)
    fig.update_layout(margin={"t": int(90 * scale), "l": int(150 * scale)})
    return fig


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


def translation_figure(t: Translation, channel: int, channel_name: str, scale: float = 1.0) -> go.Figure:
    """One channel before and after the shift, and how much each vector changed (in %)."""
    fig = make_subplots(rows=1, cols=3, column_widths=[0.3, 0.3, 0.4], horizontal_spacing=0.06,
                        subplot_titles=[f"{channel_name}, before", f"moved ({t.down}, {t.right})",
                                        "change"])
    zmax = float(t.before[..., channel].max())
    fig.add_trace(heatmap(t.before[..., channel], zmax), row=1, col=1)
    fig.add_trace(heatmap(t.after[..., channel], zmax), row=1, col=2)
    as_images(fig)
    changes = [100 * v for v in t.changes.values()]
    fig.add_trace(go.Bar(x=list(t.changes), y=changes, marker_color=[GREY, MAX_COLOUR, AVG_COLOUR],
                         text=[f"{v:.0f}%" for v in changes], textposition="outside",
                         textfont={"size": FONT * scale}, cliponaxis=False), row=1, col=3)
    fig.update_yaxes(range=[0, 165], showticklabels=False, showgrid=False, row=1, col=3)
    return styled(fig, 330, scale)


def before_after_bars(fig, labels, gmp, gap, col, scale):
    """GMP and GAP of two maps as grouped horizontal bars in subplot column ``col``."""
    value_bars(fig, labels, gmp, MAX_COLOUR, col, scale, "GMP")
    value_bars(fig, labels, gap, AVG_COLOUR, col, scale, "GAP")
    fig.update_layout(barmode="group")
    fig.update_xaxes(range=[0, max(*gmp, *gap) * 2.1], gridcolor="#dddddd", row=1, col=col)
    fig.update_yaxes(autorange="reversed", row=1, col=col)


def outlier_figure(o: Outlier, scale: float = 1.0) -> go.Figure:
    """The map with its spike circled, and GMP and GAP before and after the spike."""
    fig = make_subplots(rows=1, cols=2, column_widths=[0.4, 0.6], horizontal_spacing=0.15,
                        subplot_titles=["the map, with the spike", "before and after the spike"])
    fig.add_trace(heatmap(o.after), row=1, col=1)
    (row, col), = argmax_cells(o.after[..., None])
    mark_cell(fig, row, col, (1, 1), scale)
    as_images(fig)
    before_after_bars(fig, ["before", "after"], o.gmp, o.gap, 2, scale)
    return styled(fig, 380, scale)


def presence_figure(p: Presence, scale: float = 1.0) -> go.Figure:
    """The small and the large square's redness maps, and GMP and GAP of each."""
    fig = make_subplots(rows=1, cols=3, column_widths=[0.25, 0.25, 0.5], horizontal_spacing=0.07,
                        subplot_titles=[f"{p.small_side}x{p.small_side} square",
                                        f"{p.large_side}x{p.large_side} square", "pooled redness"])
    fig.add_trace(heatmap(p.small, 1.0), row=1, col=1)
    fig.add_trace(heatmap(p.large, 1.0), row=1, col=2)
    as_images(fig)
    before_after_bars(fig, ["small", "large"], p.gmp, p.gap, 3, scale)
    return styled(fig, 360, scale)


def sparse_figure(s: Sparse, scale: float = 1.0) -> go.Figure:
    """E[max] = 1 - (1 - alpha)^P and the average alpha against P, with the simulation as dots."""
    cells = np.arange(1, s.formula_max.size + 1).tolist()
    fig = go.Figure([
        go.Scatter(x=cells, y=s.formula_max.tolist(), mode="lines", name="max: 1 - (1 - α)^P",
                   line={"color": MAX_COLOUR, "width": 4 * scale}),
        go.Scatter(x=cells, y=s.simulated_max.tolist(), mode="markers", name="max, simulated",
                   marker={"color": MAX_COLOUR, "size": 9 * scale, "symbol": "circle-open",
                           "line": {"width": 2 * scale}}),
        go.Scatter(x=cells, y=[s.alpha] * len(cells), mode="lines", name="average: α",
                   line={"color": AVG_COLOUR, "width": 4 * scale, "dash": "dash"}),
        go.Scatter(x=cells, y=s.simulated_avg.tolist(), mode="markers", name="average, simulated",
                   marker={"color": AVG_COLOUR, "size": 9 * scale, "symbol": "diamond-open",
                           "line": {"width": 2 * scale}}),
    ])
    p = s.cells
    fig.add_vline(x=p, line={"color": GREY, "width": 2 * scale, "dash": "dot"})
    for value, colour in ((s.formula_max[p - 1], MAX_COLOUR), (s.alpha, AVG_COLOUR)):
        fig.add_annotation(x=p, y=value, text=f"<b>{value:.2f}</b>", showarrow=True, arrowhead=0,
                           ax=40 * scale, ay=-30 * scale, font={"color": colour, "size": 22 * scale},
                           bgcolor="white")
    styled(fig, 420, scale)
    fig.update_layout(showlegend=True, legend={"orientation": "h", "y": 1.02, "yanchor": "bottom"},
                      margin={"t": int(60 * scale)})
    fig.update_xaxes(title="P, the number of cells pooled", gridcolor="#dddddd")
    fig.update_yaxes(title="pooled value", range=[0, 1.05], gridcolor="#dddddd")
    return fig


def gradient_figure(x: np.ndarray, grads: dict, scale: float = 1.0) -> go.Figure:
    """The feature map and d(pooled)/dx for global max and global average, values in every cell.

    Cell labels keep the normal font size in presenter mode, so that they fit their cells.
    """
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
    return styled(fig, 300, scale)


def parameters_figure(counts: HeadParameters, scale: float = 1.0) -> go.Figure:
    """Trainable parameters of the three heads as bars on a log scale, with exact counts."""
    heads = {"flatten + dense": counts.flatten_dense, "GAP + dense": counts.gap_dense}
    if counts.gap_only is not None:
        heads["GAP alone (C = K)"] = counts.gap_only
    labels = list(heads)[::-1]
    values = [heads[label] for label in labels]
    colours = {"flatten + dense": GREY, "GAP + dense": AVG_COLOUR}
    fig = go.Figure(go.Bar(
        y=labels, x=[max(v, 1) for v in values], orientation="h",
        marker_color=[colours.get(label, MAX_COLOUR) for label in labels],
        text=[f"{v:,}" for v in values], textposition="outside", textfont={"size": 22 * scale},
        cliponaxis=False))
    fig.update_xaxes(type="log", title="parameters (log scale)",
                     range=[0, np.log10(max(values)) * 1.35 + 0.5], gridcolor="#dddddd")
    styled(fig, 120 + 80 * len(values), scale)
    fig.update_layout(margin={"t": 10, "l": int(170 * scale)})
    return fig
