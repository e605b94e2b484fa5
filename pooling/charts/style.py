"""What every plotly figure shares: colour-blind-safe colours, large type, white ground; heatmaps
with square cells and marked cells. Imports plotly, never streamlit.

Feature maps are drawn in cividis, global max pooling in Okabe-Ito orange, global average pooling
in Okabe-Ito blue. ``scale`` multiplies font sizes and line widths (presenter mode).
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

__all__ = [
    "AVG_COLOUR", "DARK_GROUND", "FONT", "GREY", "MAPS", "MARK_COLOUR", "MAX_COLOUR", "as_images",
    "drawn_once", "fitting_font", "for_dark_theme", "heatmap", "mark_cell", "outline_cell",
    "phone_font_family", "phone_font_mark", "planned_width", "styled",
]

MAX_COLOUR = "#E69F00"

AVG_COLOUR = "#0072B2"

MARK_COLOUR = "#D55E00"

GREY = "#555555"

MAPS = "Cividis"

FONT = 18

PLANNED_WIDTH = 500
"""The width (px) a figure's cells and type are planned for: a chart in the main column of a 1024 px
screen with the sidebar open (measured: 507 px). A figure still scales to its container; with square
cells it centres on a wider one."""

PRESENTER_WIDTH = 900
"""The planned width in presenter mode (``scale`` above 1), whose sidebar starts folded (measured at
1024 px: 923 px)."""


def planned_width(scale: float) -> float:
    """The width a figure drawn at ``scale`` is planned for."""
    return PRESENTER_WIDTH if scale > 1 else PLANNED_WIDTH


PHONE_FONTS = range(7, 31)
"""Sizes (px) a trace's text can be given on a phone (`phone_font_family`); smaller than 7, it is left out."""

PLOTLY_FONTS = '"Open Sans", verdana, arial, sans-serif'
"""plotly's own font family, which the figures keep."""


def phone_font_mark(size: int) -> str:
    """The first entry of `phone_font_family`, a family no font has, which the phone style sheet
    looks for (followed by a comma) in a text's style; 0 (left out) for a size below `PHONE_FONTS`.

    >>> phone_font_mark(9), phone_font_mark(3)
    ('phonefont9', 'phonefont0')
    """
    return f"phonefont{size if size in PHONE_FONTS else 0}"


def phone_font_family(size: int) -> str:
    """A trace's ``textfont.family`` that asks the app's phone style sheet to write the text at
    ``size`` px on a phone's narrow screen, or to leave it out where ``size`` is below `PHONE_FONTS`:
    a figure cannot know the screen it is drawn on, and plotly passes no name or class of a trace to
    its text. The first family, `phone_font_mark`, leaves the text as it is everywhere else.

    >>> phone_font_family(9)
    'phonefont9, "Open Sans", verdana, arial, sans-serif'
    """
    return f"{phone_font_mark(size)}, {PLOTLY_FONTS}"


def fitting_font(cell_px: float, characters: int, largest: float) -> int:
    """The font size (px) at which ``characters`` digits fit a cell ``cell_px`` wide, at most ``largest``.

    >>> fitting_font(34, 4, 18), fitting_font(80, 4, 18)
    (13, 18)
    """
    return int(min(largest, cell_px / (0.62 * characters)))


DARK_GROUND = "#0E1117"
"""Streamlit's dark background; figures for the dark theme are drawn on it."""

_FOR_DARK = {  # a colour a figure uses on white -> the one it uses on the dark ground
    "white": DARK_GROUND, "#ffffff": DARK_GROUND,
    "#222222": "#FAFAFA", "#111111": "#FAFAFA", "black": "#FAFAFA",  # ink
    "#555555": "#C8CBD0", "#999999": "#80858F",  # faint ink, dotted lines
    "#dddddd": "#3A3F4B",  # grid lines
}
_BACKGROUNDS = {"paper_bgcolor", "plot_bgcolor", "fillcolor", "bgcolor"}


def for_dark_theme(fig: go.Figure) -> go.Figure:
    """The same figure for a dark room: the dark ground, light ink and grid, the same data colours.

    Only single colours are swapped (a list of colours, e.g. numbers written dark on light cells and
    light on dark ones, already fits its cells), in the figure and in every animation frame.

    >>> dark = for_dark_theme(go.Figure(layout={"paper_bgcolor": "white", "font": {"color": "#222222"}}))
    >>> dark.layout.paper_bgcolor, dark.layout.font.color, dark.to_plotly_json()["layout"]["datarevision"]
    ('#0E1117', '#FAFAFA', 1)
    """
    spec = fig.to_plotly_json()
    _recolour(spec)
    layout = spec.setdefault("layout", {})
    layout.setdefault("paper_bgcolor", DARK_GROUND)
    layout.setdefault("plot_bgcolor", DARK_GROUND)
    layout.setdefault("font", {}).setdefault("color", "#FAFAFA")
    for menu in layout.get("updatemenus", []):
        menu.update(bgcolor="#262730", bordercolor="#80858F")
    dark = go.Figure(data=spec.get("data"), layout=layout, frames=spec.get("frames"), _validate=False)
    return drawn_once(dark)


def _recolour(node, key: str = "") -> None:
    if isinstance(node, dict):
        for name, value in node.items():
            if isinstance(value, str) and ("color" in name or name in _BACKGROUNDS):
                node[name] = _FOR_DARK.get(value.lower(), value)
            else:
                _recolour(value, name)
    elif isinstance(node, list):
        for item in node:
            _recolour(item, key)


def drawn_once(fig: go.Figure) -> go.Figure:
    """Make the browser's second drawing of ``fig`` cheap (in place; returns ``fig``).

    Streamlit 1.67 draws a new chart, then draws a copy of it at its measured width. Plotly redraws
    less of that copy when it sees nothing changed in the data: data arrays are new data unless
    ``datarevision`` says otherwise (it stays the same, since a chart's data never changes in place),
    and a template's lists of trace defaults look changed once copied. The figures set their own
    colours and need no template (the default, "streamlit", holds theme placeholders that the chart
    fills in only for ``theme="streamlit"``). Measured in a browser: the second drawing of the image
    lesson's patch animation takes 40-45 ms instead of 90 ms; it is not skipped, since the copy also
    comes with the chart's full configuration.

    >>> drawn_once(go.Figure()).to_plotly_json()["layout"]
    {'datarevision': 1}
    """
    fig.layout.template = None
    fig.layout.datarevision = 1
    return fig


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
    return drawn_once(fig)


def heatmap(z: np.ndarray, zmax: float | None = None, labels=None, zmin: float = 0.0) -> go.Heatmap:
    """A cividis heatmap of a 2D map from ``zmin`` to ``zmax`` (its max by default), with ``labels``
    (a 2D list of strings) written in the cells if given.

    Values are sent as float32: half the bytes of float64 (a 128×128 map's four channels are 0.5 MB
    in float64), with seven significant digits where hovers show three decimals."""
    z = np.asarray(z, dtype=np.float32)
    text = {}
    if labels is not None:
        # A shadow in the contrasting colour keeps numbers readable on cividis's middle greys; bold
        # strokes keep dark numbers dark inside their light shadow on the yellows.
        font = {"size": FONT, "shadow": "auto", "weight": "bold"}
        text = {"text": labels, "texttemplate": "%{text}", "textfont": font}
    return go.Heatmap(z=z, zmin=zmin, zmax=zmax if zmax is not None else max(float(z.max()), zmin + 1e-9),
                      colorscale=MAPS, showscale=False, xgap=0, ygap=0,
                      hovertemplate="row %{y}, col %{x}: %{z:.3f}<extra></extra>", **text)


def as_images(fig: go.Figure) -> None:
    """Square cells, row 0 at the top, no axis clutter, in every subplot that holds a heatmap.

    The ranges are pinned to the map so that a marker on an edge cell does not widen it. A map drawn
    smaller than its subplot (narrow on a phone) keeps to the subplot's top, under its title.
    """
    plain = {"showticklabels": False, "ticks": "", "showgrid": False, "zeroline": False,
             "constrain": "domain"}
    axes = {}
    for trace in fig.data:
        if isinstance(trace, go.Heatmap):
            h, w = np.shape(trace.z)
            x, y = trace.xaxis or "x", trace.yaxis or "y"
            axes[x.replace("x", "xaxis")] = {**plain, "range": [-0.5, w - 0.5]}
            axes[y.replace("y", "yaxis")] = {**plain, "range": [h - 0.5, -0.5], "scaleanchor": x,
                                              "constraintoward": "top"}
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
