"""What every page shares: entering through the app, user text shown literally, errors, the link,
charts and "show the code"."""

from __future__ import annotations

import functools
import gc
import html
import runpy
from collections.abc import Sequence
from contextlib import contextmanager
from contextvars import ContextVar

import streamlit as st
from streamlit.runtime.uploaded_file_manager import DeletedFile

from pooling import InputError, PoolingError
from pooling.charts.style import MARK_COLOUR, for_dark_theme
from pooling.inputs import UPLOAD_TYPES
from pooling.lessons.catalog import APP_DIR
from pooling.lessons.code import Snippet
from pooling.lessons.frames import step_within
from pooling.lessons.links import PRESENT_PARAM, Setting, link_values, restore
from pooling.lessons.markdown import literal

from .presenter import presenter_mode

_INSIDE_APP: ContextVar[bool] = ContextVar("inside_app", default=False)


@contextmanager
def app_running():
    """Marks the pages run by app.py's navigation (see `enter_through_app`)."""
    token = _INSIDE_APP.set(True)
    try:
        yield
    finally:
        _INSIDE_APP.reset(token)


@st.cache_resource(show_spinner=False)
def settle_objects(page_path: str) -> None:
    """Once per page and server process, after the page's first run: put every object alive then
    (modules, plotly's validators, caches) out of the garbage collector's reach with ``gc.freeze``.

    Streamlit collects garbage after every run (``runner.postScriptGC``) while the browser still
    waits for the run's last messages. With some 100,000 long-lived objects to walk, that took 0.1 to
    0.8 s on a busy 2-core machine; without them, a few milliseconds. Garbage is collected first, so
    nothing frozen is garbage; what a session frees later is still freed as before.
    """
    gc.collect()
    gc.freeze()


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
        st.error(literal(str(error)), icon="⚠️")


def keep_in_link(settings: Sequence[Setting]) -> None:
    """Give the page's settings their values from the link (once per session), with a notice of
    the values that could not be used. Call before the widgets; `write_link` after them."""
    ignored = restore(settings, st.query_params.to_dict(), st.session_state)
    if ignored:
        notice = f"Some values in the link could not be used and were reset: {', '.join(ignored)}."
        st.caption(literal(notice))


def keep_settings(settings: Sequence[Setting]) -> None:
    """Keep the settings' values through runs that do not draw their widgets (Streamlit forgets a
    widget's value at the end of a run without it): call before the widgets that may be left out."""
    state = st.session_state
    for setting in settings:
        if setting.key in state:
            state[setting.key] = state[setting.key]


def write_link(settings: Sequence[Setting]) -> None:
    """Put the page's settings into the link, so that it restores this exact demo."""
    wanted, too_long, refused = link_values(settings, st.session_state)
    if too_long:
        st.caption(f"Too long for a link: {', '.join(too_long)}. It stays in this browser session; the "
                   "link keeps its last value.")
    wanted.update({name: st.query_params[name] for name in too_long + refused if name in st.query_params})
    if presenter_mode():
        wanted[PRESENT_PARAM] = "1"
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def linked_fragment(settings: Sequence[Setting]):
    """``st.fragment`` that puts the page's settings into the link after each of its reruns."""

    def decorate(function):
        @st.fragment
        @functools.wraps(function)
        def run(*args, **kwargs):
            function(*args, **kwargs)
            write_link(settings)

        return run

    return decorate


STEP_BUTTONS = (  # label, icon, key, move
    ("Start", ":material/first_page:", "Home", "first"),
    ("Back", ":material/chevron_left:", "Left", "back"),
    ("Next", ":material/chevron_right:", "Right", "next"),
)


def step_buttons(key: str, count: int) -> int:
    """Buttons, with the keys Home, Left and Right, that go to the first step of an animation, one
    step back and one forward; returns the step to draw (kept in ``st.session_state[key]``)."""
    state = st.session_state
    state[key] = step_within(state.get(key, 0), count)
    row = st.container(horizontal=True, vertical_alignment="center", key=f"{key}_buttons")
    for label, icon, shortcut, move in STEP_BUTTONS:
        row.button(label, icon=icon, key=f"{key}_{move}", shortcut=shortcut, help=f"Key: {shortcut}",
                   on_click=_move_step, args=(key, move, count))
    row.markdown(f"Buttons at step **{state[key] + 1}** of {count}")  # Play, in the chart, moves on its own
    return state[key]


def _move_step(key: str, move: str, count: int) -> None:
    step = {"first": 0, "back": st.session_state[key] - 1, "next": st.session_state[key] + 1}[move]
    st.session_state[key] = step_within(step, count)


NO_UPLOAD = ("No image is uploaded in this session, so the lesson shows another one. If the box above "
             "still lists a file, the app was restarted and lost it: remove it and upload it again.")
UPLOAD_GONE = ("The image you uploaded is no longer on the server: the app was restarted since. Remove "
               "it from the list above and upload it again.")


def keep_uploads_in_memory() -> None:
    """Keep every upload in the server's memory while it arrives, so that nothing a student uploads
    is written to disk. The web server of Streamlit 1.67 (Starlette) parses an upload with
    a `MultiPartParser`, which moves a file larger than its ``spool_max_size`` (1 MB) to a temporary
    file: a 12-megapixel photo went to disk. Raised here to the largest upload the server accepts;
    Streamlit then reads the file into memory anyway. app.py calls this on every run, so it is set
    before the first uploader of a server process is shown."""
    try:
        from starlette.formparsers import MultiPartParser
    except ImportError:  # an older Streamlit, served by Tornado, which reads an upload into memory
        return
    largest = (st.get_option("server.maxUploadSize") + 1) * 2**20  # the file and its multipart framing
    MultiPartParser.spool_max_size = max(MultiPartParser.spool_max_size, largest)


def image_upload(label: str, key: str, **kwargs) -> tuple[str, bytes] | None:
    """An uploader of images; returns the file's name and bytes, or None (with a note) when there is
    none in this session, which is also what a browser sees that still lists a file uploaded before
    the server restarted.

    Raises InputError when the browser's file is one the server no longer has.
    """
    upload = st.file_uploader(label, type=list(UPLOAD_TYPES), key=key, **kwargs)
    if upload is None:
        st.info(NO_UPLOAD)
        return None
    if isinstance(upload, DeletedFile):
        raise InputError(UPLOAD_GONE)
    return upload.name, upload.getvalue()


def show_picture(uri: str, alt: str, container=st, mark: tuple[int, int, int, int] | None = None) -> None:
    """Show a picture sent inside the page (a `pooling.lessons.pictures.data_uri`), framed so that a
    white picture still shows on a white page. Inside the page, not in Streamlit's media store: a
    picture can never expire between reruns, whatever the load.

    ``mark`` = (row, col, rows, cols) frames and circles the cell (row, col) of a picture of
    rows x cols cells: a circle of a fixed size, so that it shows however small the cells are drawn.
    """
    marks = ""
    if mark is not None:
        row, col, rows, cols = mark
        cell = (f"left: {100 * col / cols:.4f}%; top: {100 * row / rows:.4f}%; "
                f"width: {100 / cols:.4f}%; height: {100 / rows:.4f}%")
        marks = (f'<div style="position: absolute; {cell}; outline: 3px solid {MARK_COLOUR}"></div>'
                 f'<div style="position: absolute; left: calc({100 * (col + 0.5) / cols:.4f}% - 15px); '
                 f'top: calc({100 * (row + 0.5) / rows:.4f}% - 15px); width: 30px; height: 30px; '
                 f'box-sizing: border-box; border: 4px solid {MARK_COLOUR}; border-radius: 50%"></div>')
    container.html(f'<div style="position: relative; border: 2px solid #555; line-height: 0">'
                   f'<img src="{uri}" alt="{html.escape(alt)}" style="width: 100%; display: block; '
                   f'image-rendering: pixelated">{marks}</div>')


CHART_CONFIG = {
    "displayModeBar": True,
    "displaylogo": False,
    "modeBarButtons": [["toImage"]],
    "toImageButtonOptions": {"format": "png", "scale": 2, "filename": "pooling"},
}
"""``st.plotly_chart(..., config=CHART_CONFIG)``: a mode bar with only plotly's "Download plot as a
png" button, at twice the size drawn. It renders in the browser, offline (checked in a browser test)."""


FIGURES_KEPT = 400
"""Figures kept by `figure` for all sessions together (most are well under 100 KB)."""


@st.cache_resource(max_entries=FIGURES_KEPT, show_spinner=False)
def _built(name: str, args: tuple, kwargs: dict, _build):
    return _build(*args, **kwargs)


ANIMATIONS_KEPT = 40
"""Animations kept by `animation` for all sessions together: up to 0.8 MB each (a 16-pixel patch),
and one per step a student moves to with the step buttons."""


@st.cache_resource(max_entries=ANIMATIONS_KEPT, show_spinner=False)
def _animated(name: str, args: tuple, kwargs: dict, _build):
    return _build(*args, **kwargs)


def animation(build, *args, **kwargs):
    """`figure` for an animation, in a smaller cache of its own (`ANIMATIONS_KEPT`): plotly builds
    an animation's frames in 20-40 ms, while a class mostly watches the same few; pass the input and
    settings, not the frames (comparing frames by value takes half as long as building them)."""
    return _animated(f"{build.__module__}.{build.__qualname__}", args, kwargs, build)


def figure(build, *args, **kwargs):
    """``build(*args, **kwargs)``, a plotly figure built once per server for each set of arguments
    and shared by every session (`chart` only reads it).

    Building a figure with plotly (it checks every property) takes 20-150 ms, more than drawing the
    rest of a page, while a lesson shows the same few figures to a whole class: its defaults, and
    the values its sliders take. Arguments are compared by value, as ``st.cache_data`` does.
    """
    return _built(f"{build.__module__}.{build.__qualname__}", args, kwargs, build)


def chart(figure, key: str | None = None, container=st) -> None:
    """Draw a plotly figure the way every lesson does, in the colours of the app's theme."""
    if st.context.theme.type == "dark":
        figure = for_dark_theme(figure)
    container.plotly_chart(figure, theme=None, config=CHART_CONFIG, key=key)


@st.fragment
def show_code(snippets: Sequence[Snippet], key: str) -> None:
    """ "Show the code": a choice of snippet, then the chosen one, its note above the code or instead
    of it. Nothing is shown until a snippet is chosen: highlighting code takes the browser a quarter
    of a second, which would delay every opening of a lesson. Choosing reruns this section alone."""
    titles = [snippet.title for snippet in snippets]
    chosen = st.radio("Show the code in", titles, index=None, key=key, horizontal=True)
    if chosen not in titles:
        return
    snippet = snippets[titles.index(chosen)]
    if snippet.note:
        st.markdown(snippet.note)
    if snippet.code:
        st.code(snippet.code, language="python", wrap_lines=True)
