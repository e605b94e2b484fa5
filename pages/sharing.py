"""Taking a demo out of the app: GIF and PNG downloads and a QR code for phones (the plotly image
button is in `pages.common.CHART_CONFIG`).

Streamlit only; what the files hold is made in `pooling.lessons` (gif, export, qr). Every download
is made when it is clicked (a deferred ``st.download_button``), so a page pays nothing for it until then.
"""

from __future__ import annotations

import os

import streamlit as st
from streamlit import net_util

from pooling.lessons.export import png_bytes
from pooling.lessons.gif import DELAYS_MS, THEMES, animation_gif
from pooling.lessons.links import PRESENT_PARAM
from pooling.lessons.qr import PUBLIC_URL_VARIABLE, StudentLink, qr_png, student_link

SPEED_NAMES = {"slow": "Slow", "normal": "Normal", "fast": "Fast"}
THEME_NAMES = {"light": "Light", "dark": "Dark"}
QR_WIDTH = 480
"""Pixels across the QR code on the page (the image itself is larger, for a projector)."""


def gif_download(x, frames, *, key: str, file_name: str = "pooling-animation.gif", **drawing) -> None:
    """A "GIF" popover: the delay per frame, light or dark, and the download of the animation.

    Parameters
    ----------
    x, frames
        The input and the frames the page animates (as given to `sequence_animation` / `grid_animation`).
    key : str
        Prefix of the widget keys, e.g. ``"w1d_gif"``.
    file_name : str
        The downloaded file's name.
    **drawing
        ``value_range``, ``feature_names``, ``step_labels``: as `pooling.lessons.gif.animation_gif`.
    """
    with st.popover("GIF for slides", icon=":material/animation:"):
        speed = st.radio("Time per step", list(DELAYS_MS), index=1, horizontal=True, key=f"{key}_speed",
                         format_func=lambda name: f"{SPEED_NAMES[name]} ({DELAYS_MS[name] / 1000:g} s)")
        theme = st.radio("Colours", list(THEMES), horizontal=True, key=f"{key}_theme",
                         format_func=THEME_NAMES.get)
        st.download_button(
            f"Download GIF ({len(frames)} frames, {theme})", icon=":material/download:", key=f"{key}_file",
            data=lambda: animation_gif(x, frames, delay_ms=DELAYS_MS[speed], theme=theme, **drawing),
            file_name=file_name, mime="image/gif", on_click="ignore",
        )


def png_download(picture, name: str, *, key: str | None = None, shape=None) -> None:
    """A button downloading ``picture`` (uint8, or values 0 to 255) as ``<name>.png``, pixel for pixel;
    its widget key is ``key``, by default ``"<name>_png"``.

    ``picture`` may also be a function returning the picture, called only when the button is clicked
    (then ``shape``, the picture's shape, labels the button): a page can offer a large picture without
    keeping it.
    """
    height, width = (picture.shape if shape is None else shape)[:2]
    st.download_button(
        f"PNG, {width} x {height}", icon=":material/download:", key=key or f"{name}_png",
        data=lambda: png_bytes(picture() if callable(picture) else picture),
        file_name=f"{name}.png", mime="image/png", on_click="ignore",
    )


def current_link(page_path: str) -> StudentLink:
    """The link to this page with its current settings that students can open (see `student_link`)."""
    query = {name: st.query_params.get_all(name) for name in st.query_params if name != PRESENT_PARAM}
    listen = st.get_option("server.address")
    return student_link(
        page_path, query, public_url=os.environ.get(PUBLIC_URL_VARIABLE), browser_url=st.context.url,
        server_address=st.get_option("browser.serverAddress"), listen_address=listen,
        network_ip=net_util.get_internal_ip(), port=st.get_option("server.port"),
        base_path=st.get_option("server.baseUrlPath") or "", https=bool(st.get_option("server.sslCertFile")),
    )


def qr_panel(link: StudentLink, *, key: str) -> None:
    """A toggle showing a large QR code of ``link`` and the link itself as text, or why there is none."""
    if not st.toggle("QR code for phones", key=key, help="Students scan it to open this demo as it is now"):
        return
    if link.url is None:
        st.warning(link.problem, icon=":material/wifi_off:")
        return
    st.image(qr_png(link.url), width=QR_WIDTH, caption="Scan to open this demo with the same settings",
             output_format="PNG")
    st.code(link.url, language=None, wrap_lines=True)
