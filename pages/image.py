"""Lesson: pooling an image. The window on a small patch, then the whole picture pooled.

The picture is chosen and kept by `pages.image_choice`; sections 4-6 are `pages.image_whole`."""

from __future__ import annotations

import contextlib

import numpy as np
import streamlit as st

from pages.common import (
    animation,
    chart,
    enter_through_app,
    keep_in_link,
    linked_fragment,
    literal,
    show_errors,
    show_picture,
    write_link,
)
from pages.image_choice import NOT_IN_LINKS, current_picture, original_level, stored
from pages.image_whole import whole_picture
from pages.predict import predict_switch, predicted_step
from pages.presenter import ui_scale
from pages.sharing import gif_download
from pooling import windows2d
from pooling.charts.animation import grid_animation
from pooling.lessons import diagnose
from pooling.lessons import pictures as pic
from pooling.lessons.frames import frames2d

enter_through_app()

OPS = pic.OPS


@st.cache_data(max_entries=16, show_spinner=False)
def framed_uri(key: str, top: int, left: int, patch_shape: tuple, _original: pic.Level, _shape: tuple) -> str:
    """The picture ``key`` with the patch framed, as a `pic.data_uri`: made once for each place of
    the patch, not again on every rerun that shows it (a PNG encoding, about 10 ms)."""
    return pic.data_uri(pic.mark_patch(_original.shown, _shape, top, left, *patch_shape))


def pair_ui(column, label: str, name: str, low: int, high: int, disabled=False, help=None):
    """Two whole numbers, (height, width), under one heading; each labelled short enough for one line."""
    column.markdown(f"**{label}**", help=help)
    word = label.split()[0]
    return tuple(int(column.number_input(f"{word} {side}", low, high, key=f"img_{name}_{axis}",
                                         disabled=disabled))
                 for side, axis in (("height", "h"), ("width", "w")))


def settings_ui() -> dict:
    """The `pool2d` keyword arguments chosen, with PyTorch's names; pairs are (height, width)."""
    kernel_col, stride_col, padding_col, dilation_col = st.columns(4)
    flags = st.container(horizontal=True, gap="medium")
    same = flags.checkbox("Same padding", key="img_same",
                          help="Keras' padding=\"same\": pad just enough that the output is "
                               "ceil(input / stride) long; padded cells are never counted.")
    kernel = pair_ui(kernel_col, "Kernel size", "kernel", 1, 8, help="The window's height and width.")
    stride = pair_ui(stride_col, "Stride", "stride", 1, 8,
                     help="How far the window moves each step. PyTorch's default is the kernel size.")
    padding = pair_ui(padding_col, "Padding", "pad", 0, 4, disabled=same,
                      help="Cells added on each side; they never win a max or a min, and count as 0 "
                           "in an average only if 'Count padding' is on.")
    dilation = pair_ui(dilation_col, "Dilation", "dilation", 1, 4,
                       help="Gaps between the cells a window reads (1 = no gaps). PyTorch has no "
                            "average pooling with dilation.")
    ceil_mode = flags.checkbox("Ceil mode", key="img_ceil", disabled=same,
                               help="Round the number of outputs up: keep a last, partial window.")
    count = flags.checkbox("Count padding", key="img_count_pad", disabled=same,
                           help="Divide an average by the whole window, padding included "
                                "(PyTorch's default), or only by the real cells.")
    return {"kernel_size": kernel, "stride": stride, "padding": "same" if same else padding,
            "dilation": dilation, "ceil_mode": ceil_mode, "count_include_pad": count}


def channel_ui(container, colour: bool) -> str:
    if not colour:
        return "grey"
    return container.selectbox("Channel", pic.CHANNELS, key="img_channel",
                               help="A colour picture has red, green and blue channels, pooled "
                                    "separately; grey is Pillow's luma of the three.")


def patch_ui(picture: pic.Picture, original: pic.Level) -> np.ndarray:
    """Where the patch is (controls, and the picture with the patch framed); returns the patch.

    A picture of at most PATCH_SIDE pixels a side is its own patch."""
    pixels = picture.pixels
    height, width = pixels.shape[:2]
    if max(height, width) <= pic.PATCH_SIDE:
        name = channel_ui(st, pixels.ndim == 3)
        st.caption(f"The picture is small enough to be its own patch: all {pic.size_text(pixels.shape)} "
                   f"pixels, {name} channel.")
        return pic.channel(pixels, name)
    state = st.session_state
    if state.get("img_patch_for") != picture.key:  # a new picture starts at its telling patch
        for key, value in zip(("img_top", "img_left"), picture.start):
            if "img_patch_for" in state or state.get(key) is None:
                state[key] = value
        state["img_patch_for"] = picture.key
    where, controls = st.columns([1, 2])
    size_col, top_col, left_col = controls.columns(3)
    side = size_col.slider("Patch side", 2, pic.PATCH_SIDE, key="img_side", help="In pixels.")
    limits = {"img_top": max(height - side, 0), "img_left": max(width - side, 0)}
    for key, limit in limits.items():
        state[key] = min(int(state[key]), limit)
    top = top_col.number_input("Top row", 0, limits["img_top"], key="img_top")
    left = left_col.number_input("Left column", 0, limits["img_left"], key="img_left")
    name = channel_ui(controls, pixels.ndim == 3)
    patch = pic.channel(pixels[top:top + side, left:left + side], name)
    uri = framed_uri(picture.key, top, left, patch.shape, original, pixels.shape)
    show_picture(uri, "the picture with the patch framed", where)
    where.caption(f"The {pic.size_text(patch.shape)} patch at row {top}, column {left}, {name} channel.")
    return patch


def patch_grid_animation(patch: np.ndarray, settings: dict, **kwargs):
    return grid_animation(patch, frames2d(patch, **settings), value_range=(0, 255), **kwargs)


def patch_animation(patch: np.ndarray, settings: dict, op: str, predicting: bool) -> None:
    """The window on the patch, drawn at the step the buttons (or the link) choose. With "Predict
    first" on, it waits for the output shape, then hides each output until answered."""
    with show_errors():
        settings = {**settings, "op": op}
        frames = frames2d(patch, **settings)
        shown = predicted_step("img", frames, diagnose.patch_questions(patch, settings))
        if shown is not None:
            chart(animation(patch_grid_animation, patch, settings, scale=ui_scale(), step=shown[0],
                            hide_current=shown[1]), key="img_patch_chart")
        if not predicting:  # the GIF would give the answers away
            gif_download(patch, frames, key="img_gif", file_name="patch-pooling.gif", value_range=(0, 255))


keep_in_link(pic.LINK)
LINKED = [setting for setting in pic.LINK  # the typed grid only when the numbers are typed
          if setting.key != "img_grid" or st.session_state.get("img_source") == "numbers"]


@linked_fragment(LINKED)
def patch_section(key: str, settings: dict) -> None:
    """3. The window on a patch; its controls rerun only this section."""
    picture = stored(key)
    st.header("3. The window on a patch")
    st.markdown("Pick a few pixels; their values are written in the cells. Press **Play**.")
    patch = patch_ui(picture, original_level(key, picture.pixels))
    op = st.radio("Pooling", list(OPS), format_func=OPS.get, key="img_op", horizontal=True)
    patch_animation(patch, settings, op, predict_switch("img"))


@linked_fragment(LINKED)
def whole_picture_section(key: str, settings: dict) -> None:
    """4-6. The whole picture pooled, the takeaway and the code; "pool again" reruns only these."""
    whole_picture(stored(key), settings)


def lesson() -> None:
    """Sections 1-6. The picture is this function's local: the session keeps its fragments, and
    with them this page's globals, until it ends; it must not keep the picture's pixels too (they
    are in `picture_store`, bounded for the whole server)."""
    st.header("1. Choose an image")
    picture = current_picture()
    st.caption(f"**{literal(picture.title)}**: {picture.about}")

    st.header("2. The window")
    settings = settings_ui()
    window = None
    with show_errors():
        window = windows2d(picture.pixels.shape[:2], **settings)
    if window is not None:
        patch_section(picture.key, settings)
        whole_picture_section(picture.key, settings)


st.title("Pooling an image")
st.markdown(
    "A picture is a grid of numbers, one per pixel and colour channel. 2D pooling slides a small "
    "window over that grid and keeps one number per window: watch it on a patch, then see what it "
    "does to the whole picture.")

# A run that reads and shows a photo holds one of the server's whole-picture slots throughout: no
# more photos in use at once than there are slots, however many students upload at the same moment.
with pic.WHOLE_PICTURES if st.session_state.get("img_source") == "upload" else contextlib.nullcontext():
    lesson()
write_link(LINKED)
st.caption(f"Share this lesson: the address bar holds the settings and the sample. {NOT_IN_LINKS}")
