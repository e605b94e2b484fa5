"""Presenter mode, for a projector: larger type and lines, the sidebar folded away, a QR code of the
page for the students' phones, and the CSS every page gets (reduced motion, charts on phones)."""

from __future__ import annotations

import streamlit as st

from pooling.charts.style import PHONE_FONTS, phone_font_mark
from pooling.lessons.links import PRESENT_PARAM

from .sharing import current_link, qr_panel

PRESENTER_KEY = "presenter"
PRESENTER_SCALE = 1.4


def presenter_toggle() -> None:
    """The sidebar switch for a projector: larger type, thicker lines, the sidebar folded away.

    Called once by app.py before the page runs, so its state survives page switches. It starts as the
    link says (``?present=1``), once per session.
    """
    if PRESENTER_KEY not in st.session_state:
        st.session_state[PRESENTER_KEY] = st.session_state[FOLD_KEY] = opens_presenting()
    st.sidebar.toggle("Presenter mode", key=PRESENTER_KEY, on_change=_on_toggle,
                      help="Larger type and thicker lines, for a projector. The link keeps it: ?present=1")
    if st.session_state.pop(FOLD_KEY, False):
        st.sidebar.html(FOLD_SIDEBAR_SCRIPT, unsafe_allow_javascript=True)
    css = (REDUCED_MOTION_CSS + BUTTON_TEXT_CSS + PHONE_CHART_CSS + PHONE_TEXT_CSS + PHONE_FORMULA_CSS
           + METRIC_WRAP_CSS)
    css += _presenter_css() if presenter_mode() else ""
    st.html(f"<style>{css}</style>")


REDUCED_MOTION_CSS = """
    @media (prefers-reduced-motion: reduce) {
        *, *::before, *::after {
            animation: none !important; transition: none !important; scroll-behavior: auto !important;
        }
    }
"""
"""Nothing in the app moves by itself; with the browser's reduced-motion preference, Streamlit's own
fades and slides stop too."""


BUTTON_TEXT_CSS = """
    .js-plotly-plot .updatemenu-item-text { dominant-baseline: central; transform: translateY(-3px); }
"""
"""An animation's Play and Pause are written across the middle of their buttons: plotly sets their
baseline there, which at presenter mode's size puts the words against the buttons' top edge."""


PHONE_CHART_CSS = """
    @media (max-width: 480px) {
        .js-plotly-plot .annotation-text:not([data-unformatted^="y["]), .js-plotly-plot .legendtext,
        .js-plotly-plot .gtitle,
        .js-plotly-plot .xtitle, .js-plotly-plot .ytitle, .js-plotly-plot .x2title,
        .js-plotly-plot .y2title { font-size: 12px !important; }
        .js-plotly-plot .modebar { display: none; }
        .js-plotly-plot .bartext, .js-plotly-plot [class$="tick"] text { font-size: 10px !important; }
        .js-plotly-plot .heatmap-label text { font-size: 8px !important; }
        .js-plotly-plot .updatemenu-button:nth-of-type(n+3) { display: none; }
    }
"""
"""On a phone, a figure planned for a wider screen writes its titles, ticks and numbers small enough
for the width it gets (plotly lays them out with these sizes); the animations' cells are unchanged,
and so are their captions (``y[0] = max(0, 1, 2) = 2``), already broken into lines that fit a phone.
An animation keeps its Play and Pause buttons: Slow and Fast, which would run past the edge when row
labels take room on the left, are left out. The image download button over a chart, for slides, is
left out too: it covered the titles of the charts' right-hand panels."""


def _phone_text(size: int) -> str:
    return f'.js-plotly-plot .textpoint text[style*="{phone_font_mark(size)},"]'


PHONE_TEXT_CSS = "@media (max-width: 480px) {\n" + "\n".join([
    _phone_text(0) + " { display: none; }",
    *(_phone_text(size) + f" {{ font-size: {size}px !important; }}" for size in PHONE_FONTS),
]) + "\n}"
"""On a phone, numbers and words too large for the cells it draws are written at the size their
trace asks for (`pooling.charts.style.phone_font_family`), or left out."""


PHONE_FORMULA_CSS = """
    @media (max-width: 480px) { .katex-display > .katex { font-size: 0.97em; } }
"""
"""On a phone, a worked derivation (the output length of the sliding window) is written a fifth
smaller than KaTeX's 1.21em, so that its widest line fits the screen instead of scrolling sideways
in its box."""


METRIC_WRAP_CSS = """
    [data-testid="stMetricValue"] * { white-space: normal !important; text-overflow: clip !important; }
"""
"""A metric too long for its column (one pooled number per feature) goes on over two lines rather
than being cut short."""


FOLD_KEY = "_fold_sidebar"
FOLD_SIDEBAR_SCRIPT = """<script>(() => {
    const sidebar = document.querySelector('[data-testid="stSidebar"]');
    if (sidebar && sidebar.getAttribute("data-collapsed") === "false") {
        sidebar.querySelector('[data-testid="stSidebarCollapseButton"] button')?.click();
    }
})();</script>"""
"""Presenter mode folds the sidebar as it starts, as the sidebar's own button would. (The page config's
``initial_sidebar_state`` cannot: once someone has opened or closed the sidebar by hand, the browser
keeps that choice and ignores it.) A fixed script: nothing a user typed goes into it."""


def _on_toggle() -> None:
    if presenter_mode():
        st.session_state[FOLD_KEY] = True


def presenter_qr(page_path: str) -> None:
    """In presenter mode, the sidebar's QR code of this page's link, settings included.

    Called by app.py after the page ran, so the link holds the settings the page just wrote.
    """
    if presenter_mode():
        with st.sidebar:
            qr_panel(current_link(page_path), key="presenter_qr")


def opens_presenting() -> bool:
    """Whether this run starts presenter mode: its first, from a link with ``?present=1``."""
    return PRESENTER_KEY not in st.session_state and st.query_params.get(PRESENT_PARAM) == "1"


def presenter_mode() -> bool:
    """Whether presenter mode is on."""
    return bool(st.session_state.get(PRESENTER_KEY, False))


def ui_scale() -> float:
    """The factor to multiply chart font sizes and line widths by: 1.0, or more in presenter mode."""
    return PRESENTER_SCALE if presenter_mode() else 1.0


def _presenter_css() -> str:
    base = st.get_option("theme.baseFontSize") or 16
    return f"""
        html {{ font-size: {base * PRESENTER_SCALE:g}px; }}
        [data-testid="stSidebar"] {{ width: 17rem !important; }}
        [data-testid="stMainBlockContainer"] {{ padding-left: 2rem; padding-right: 2rem; }}
        hr, [data-testid="stMetric"], [data-testid="stTable"] td, [data-testid="stTable"] th {{
            border-width: 2px;
        }}
    """
