"""What every page shares: entering through the app, error display and presenter mode."""

from __future__ import annotations

import runpy
from contextlib import contextmanager
from contextvars import ContextVar

import streamlit as st

from pooling import InputError, PoolingError
from pooling.lessons.catalog import APP_DIR

_INSIDE_APP: ContextVar[bool] = ContextVar("inside_app", default=False)


@contextmanager
def app_running():
    """Marks the pages run by app.py's navigation (see `enter_through_app`)."""
    token = _INSIDE_APP.set(True)
    try:
        yield
    finally:
        _INSIDE_APP.reset(token)


def enter_through_app() -> None:
    """Run the whole app, not this page alone, when Streamlit serves the page file by itself.

    Until a visitor's run first reaches st.navigation, Streamlit serves each file in pages/ at
    /<file name> on its own, without app.py's page setup, navigation and presenter mode: the first
    visit to a bookmarked lesson after the server starts would show a bare page. Every page calls
    this first; app.py then routes the same address back to the page, inside the app.
    """
    if not _INSIDE_APP.get():
        runpy.run_path(str(APP_DIR / "app.py"))
        st.stop()


@contextmanager
def show_errors():
    """Show a PoolingError or InputError raised in the block as ``st.error``; the page carries on.

    The rest of the block is skipped, so wrap the steps that need valid input::

        with show_errors():
            x = parse_sequence(text)
            st.plotly_chart(window_figure(x, kernel_size))
    """
    try:
        yield
    except (PoolingError, InputError) as error:
        st.error(str(error), icon="⚠️")


PRESENTER_KEY = "presenter"
PRESENTER_SCALE = 1.4


def presenter_toggle() -> None:
    """The sidebar switch that enlarges type and thickens lines on every page, for a projector.

    Called once by app.py before the page runs, so its state survives page switches.
    """
    st.sidebar.toggle("Presenter mode", key=PRESENTER_KEY, help="Larger type and thicker lines")
    if presenter_mode():
        st.html(f"<style>{_presenter_css()}</style>")


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
