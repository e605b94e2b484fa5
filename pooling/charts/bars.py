"""Bar figures: the two pooled vectors side by side, and what each classifier head has to learn."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..lessons.experiments import HeadParameters, PooledMaps, PooledSequence
from .style import AVG_COLOUR, FONT, GREY, MAX_COLOUR, styled

__all__ = ["GMP_GAP_KEY", "before_after_bars", "parameters_figure", "pooled_bars", "value_bars"]


def value_bars(fig, labels, values, colour, col, scale, name=None):
    """Horizontal bars, one per label, each with its value written beside it."""
    fig.add_trace(go.Bar(y=list(labels), x=[float(v) for v in values], orientation="h", name=name,
                         marker_color=colour, text=[f"{v:.3f}" for v in values],
                         textposition="outside", textfont={"size": FONT * scale}, cliponaxis=False),
                  row=1, col=col)


GMP_GAP_KEY = (f'<span style="color:{MAX_COLOUR}">■</span> GMP  '
               f'<span style="color:{AVG_COLOUR}">■</span> GAP')
"""Which colour of `before_after_bars` is which, for the title above them: beside each bar there is
room for its value only, on a phone."""


def pooled_bars(pooled: PooledMaps | PooledSequence, names, scale: float = 1.0) -> go.Figure:
    """The two pooled vectors side by side on one scale, feature names once, titled with the shapes:
    ``(H, W, C) → (C,)`` for feature maps, ``(steps, features) → (features,)`` for a sequence."""
    shape = pooled.maps.shape
    c = shape[-1]
    fig = make_subplots(rows=1, cols=2, shared_yaxes=True, horizontal_spacing=0.06, subplot_titles=[
        f"<b>Global {name}</b><br>{shape}<br>→ ({c},)" for name in ("max", "average")])  # narrow: a phone
    value_bars(fig, names, pooled.gmp, MAX_COLOUR, 1, scale)
    value_bars(fig, names, pooled.gap, AVG_COLOUR, 2, scale)
    low = min(0.0, float(np.min(pooled.gap)), float(np.min(pooled.gmp)))
    high = max(1.0, float(np.max(pooled.gmp)))
    fig.update_xaxes(range=[low * 1.4, high * 1.4], gridcolor="#dddddd")
    fig.update_yaxes(autorange="reversed", ticksuffix=" ")  # labels clear of the axis
    styled(fig, 170 + 55 * max(c, 2), scale)  # the margins, and room for the bars of even one feature
    fig.update_layout(margin={"t": int(110 * scale), "l": int(150 * scale)})
    return fig


def before_after_bars(fig, labels, gmp, gap, col, scale):
    """GMP and GAP of two maps as grouped horizontal bars in subplot column ``col`` (`GMP_GAP_KEY`
    tells them apart)."""
    value_bars(fig, labels, gmp, MAX_COLOUR, col, scale, "GMP")
    value_bars(fig, labels, gap, AVG_COLOUR, col, scale, "GAP")
    fig.update_layout(barmode="group")
    fig.update_xaxes(range=[0, max(*gmp, *gap) * 2.1], gridcolor="#dddddd", row=1, col=col)
    fig.update_yaxes(autorange="reversed", ticksuffix=" ", row=1, col=col)  # labels clear of the axis


def parameters_figure(counts: HeadParameters, scale: float = 1.0) -> go.Figure:
    """Trainable parameters of the three heads as bars on a log scale, with exact counts."""
    heads = {"flatten + dense": counts.flatten_dense, "GAP + dense": counts.gap_dense}
    if counts.gap_only is not None:
        heads["GAP alone (C = K)"] = counts.gap_only
    labels = list(heads)[::-1]
    values = [heads[label] for label in labels]
    colours = {"flatten + dense": GREY, "GAP + dense": AVG_COLOUR}
    end = np.log10(max(values)) * 1.35 + 0.5
    # Inside a bar reaching past the middle (plotly shrinks the number to fit a phone's narrow bar),
    # beside a shorter one, where the axis leaves room: never past the chart's edge.
    inside = [np.log10(max(v, 1)) > end / 2 for v in values]
    fig = go.Figure(go.Bar(
        y=labels, x=[max(v, 1) for v in values], orientation="h",
        marker_color=[colours.get(label, MAX_COLOUR) for label in labels],
        text=[f"{v:,}" for v in values], textposition=["inside" if i else "outside" for i in inside],
        textfont={"size": 22 * scale}, cliponaxis=False))
    fig.update_xaxes(type="log", title="parameters (log scale)", range=[0, end], gridcolor="#dddddd")
    styled(fig, 120 + 80 * len(values), scale)
    fig.update_layout(margin={"t": 10, "l": int(170 * scale)})
    fig.update_yaxes(ticksuffix=" ")  # labels clear of the axis
    return fig
