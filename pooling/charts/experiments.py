"""The global pooling lesson's experiments: an object moved, one outlier, a small and a large object,
and sparse features."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..lessons.experiments import Outlier, Presence, Sparse, Translation
from ..lessons.feature_maps import argmax_cells
from .bars import GMP_GAP_KEY, before_after_bars
from .style import AVG_COLOUR, FONT, GREY, MAX_COLOUR, as_images, heatmap, mark_cell, styled

__all__ = ["outlier_figure", "presence_figure", "sparse_figure", "translation_figure"]


def translation_figure(t: Translation, channel: int, channel_name: str, scale: float = 1.0) -> go.Figure:
    """One channel before and after the shift, and how much each vector changed (in %)."""
    fig = make_subplots(rows=1, cols=3, column_widths=[0.27, 0.27, 0.46], horizontal_spacing=0.06,
                        subplot_titles=[f"{channel_name},<br>before", f"moved<br>({t.down}, {t.right})",
                                        "change"])  # short lines, side by side on a phone
    zmax = float(t.before[..., channel].max())
    fig.add_trace(heatmap(t.before[..., channel], zmax), row=1, col=1)
    fig.add_trace(heatmap(t.after[..., channel], zmax), row=1, col=2)
    as_images(fig)
    changes = [100 * v for v in t.changes.values()]
    fig.add_trace(go.Bar(x=list(t.changes), y=changes, marker_color=[GREY, MAX_COLOUR, AVG_COLOUR],
                         text=[f"{v:.0f}%" for v in changes], textposition="outside",
                         textfont={"size": FONT * scale}, constraintext="none", cliponaxis=False),
                  row=1, col=3)
    fig.update_yaxes(range=[0, 165], showticklabels=False, showgrid=False, row=1, col=3)
    fig.update_xaxes(tickangle=0, tickfont={"size": round(14 * scale)}, row=1, col=3)
    return styled(fig, 330, scale)


def outlier_figure(o: Outlier, scale: float = 1.0) -> go.Figure:
    """The map with its spike circled, and GMP and GAP before and after the spike."""
    fig = make_subplots(rows=1, cols=2, column_widths=[0.4, 0.6], horizontal_spacing=0.15,
                        subplot_titles=["the map, with the spike",
                                        f"before and after the spike<br>{GMP_GAP_KEY}"])
    fig.add_trace(heatmap(o.after), row=1, col=1)
    (row, col), = argmax_cells(o.after[..., None])
    mark_cell(fig, row, col, (1, 1), scale)
    as_images(fig)
    before_after_bars(fig, ["before", "after"], o.gmp, o.gap, 2, scale)
    return styled(fig, 380, scale)


def presence_figure(p: Presence, scale: float = 1.0) -> go.Figure:
    """The small and the large square's redness maps, and GMP and GAP of each."""
    fig = make_subplots(rows=1, cols=3, column_widths=[0.25, 0.25, 0.5], horizontal_spacing=0.11,
                        subplot_titles=[f"{p.small_side}x{p.small_side} square",
                                        f"{p.large_side}x{p.large_side} square",
                                        f"pooled redness<br>{GMP_GAP_KEY}"])
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
