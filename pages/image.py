"""Lesson: pooling an image. The window on a small patch, then the whole picture pooled."""

from __future__ import annotations

import contextlib

import numpy as np
import streamlit as st

from pages.common import (
    animation,
    chart,
    enter_through_app,
    image_upload,
    keep_in_link,
    linked_fragment,
    literal,
    show_code,
    show_errors,
    show_picture,
    write_link,
)
from pages.predict import predict_switch, predicted_step
from pages.presenter import ui_scale
from pages.sharing import gif_download, png_download
from pooling import parse_grid, windows2d
from pooling.charts.animation import grid_animation
from pooling.charts.maps import colour_key, difference_picture
from pooling.inputs import FORMAT_NAMES, MAX_PIXELS
from pooling.lessons import diagnose
from pooling.lessons import pictures as pic
from pooling.lessons.code import pooling_snippets
from pooling.lessons.frames import frames2d
from pooling.lessons.samples import SAMPLES, load_sample

enter_through_app()

NOT_IN_LINKS = "An uploaded image stays in your browser session: a shared link cannot carry it."
OPS, SOURCES = pic.OPS, pic.SOURCES

# Pixels kept for all sessions together: about eight 12-megapixel photos (see `picture_store`). A
# comment, not a docstring: Streamlit's "magic" would show a string standing alone on a page.
KEPT_BYTES = 300_000_000


@st.cache_resource(show_spinner=False)
def picture_store() -> pic.PictureStore:
    """The pictures in use on this server; a session keeps only its picture's key, so its memory
    stays small and the server's is bounded however many students upload photos. A picture unused
    for as long as the server keeps a closed tab's session is dropped: the memory comes back after
    a class, and a student who comes back later has the picture read again from the upload."""
    return pic.PictureStore(KEPT_BYTES, max_idle=st.get_option("server.disconnectedSessionTTL"))


def kept(key: str, make) -> pic.Picture:
    """The picture stored under ``key``, made by ``make()`` (and stored) when it is not there."""
    store = picture_store()
    return store.get(key) or store.put(make())


@st.cache_data(max_entries=len(SAMPLES), show_spinner=False)
def sample_pixels(name: str) -> np.ndarray:
    return load_sample(name)


@st.cache_data(max_entries=4, show_spinner=False)
def original_level(key: str, _pixels: np.ndarray) -> pic.Level:
    return pic.Level.of(_pixels)


@st.cache_data(max_entries=8, show_spinner="Pooling the whole picture…")
def pooled_picture(key: str, times: int, settings: dict, _pixels: np.ndarray) -> pic.PooledPicture:
    return pic.pool_picture(_pixels, times, **settings)


@st.cache_data(max_entries=16, show_spinner=False)
def framed_uri(key: str, top: int, left: int, patch_shape: tuple, _original: pic.Level, _shape: tuple) -> str:
    """The picture ``key`` with the patch framed, as a `pic.data_uri`: made once for each place of
    the patch, not again on every rerun that shows it (a PNG encoding, about 10 ms)."""
    return pic.data_uri(pic.mark_patch(_original.shown, _shape, top, left, *patch_shape))


@st.cache_data(max_entries=8, show_spinner=False)
def difference_uri(difference: np.ndarray) -> str:
    """`difference_picture` as a `pic.data_uri`, made once for the reruns that show it again."""
    return pic.data_uri(difference_picture(difference))


def read_upload(name: str, data: bytes) -> pic.Picture:
    with st.spinner("Reading your image…"):
        return pic.Picture.of_upload(name, data)


def picture_ui() -> pic.Picture | None:
    """The chosen picture, or None when there is nothing new to show (no upload yet, or a bad one)."""
    source = st.radio("Start from", list(SOURCES), format_func=SOURCES.get, key="img_source", horizontal=True)
    if source == "sample":
        name = st.selectbox("Sample", list(SAMPLES), format_func=lambda n: SAMPLES[n].title, key="img_sample")
        return kept(pic.Picture.sample_key(name), lambda: pic.Picture.of_sample(name, sample_pixels(name)))
    if source == "numbers":
        text = st.text_area("Your numbers: one row of pixel values (0 to 255) per line", key="img_grid",
                            height=180, help="Commas or spaces between numbers; at most 16 rows and columns.")
        return picture_store().put(pic.Picture.of_grid(parse_grid(text)))
    upload = image_upload(f"Your image: {FORMAT_NAMES}, up to {MAX_PIXELS // 1_000_000} megapixels",
                          "img_upload", help=NOT_IN_LINKS)
    if upload is None:
        return None
    name, data = upload
    return kept(pic.Picture.upload_key(name, data), lambda: read_upload(name, data))


def current_picture() -> pic.Picture:
    """The picture chosen now, or else the last good one (a bad upload keeps the previous image).

    Session state holds only the picture's key; the pixels are in `picture_store`."""
    chosen = None
    with show_errors():
        chosen = picture_ui()
    state = st.session_state
    if chosen is not None:
        state["img_picture"] = chosen.key
        return chosen
    previous = picture_store().get(state["img_picture"]) if "img_picture" in state else None
    if previous is not None:
        st.caption("Still showing the previous image.")
        return previous
    if "img_picture" in state:
        st.caption("The previous image is no longer kept on the server: showing a sample instead.")
    first = next(iter(SAMPLES))
    sample = kept(pic.Picture.sample_key(first), lambda: pic.Picture.of_sample(first, sample_pixels(first)))
    state["img_picture"] = sample.key
    return sample


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
    kernel = pair_ui(kernel_col, "Kernel size", "kernel", 1, 8, help="The window's height and width.")
    stride = pair_ui(stride_col, "Stride", "stride", 1, 8,
                     help="How far the window moves each step. PyTorch's default is the kernel size.")
    same = padding_col.checkbox('padding = "same" (Keras)', key="img_same",
                                help="Pad just enough that the output is ceil(input / stride) long; "
                                     "padded cells are never counted.")
    padding = pair_ui(padding_col, "Padding", "pad", 0, 4, disabled=same,
                      help="Cells added on each side; they never win a max or a min, and count as 0 "
                           "in an average only if 'count padding' is on.")
    dilation = pair_ui(dilation_col, "Dilation", "dilation", 1, 4,
                       help="Gaps between the cells a window reads (1 = no gaps). PyTorch has no "
                            "average pooling with dilation.")
    ceil_col, count_col = st.columns(2)
    ceil_mode = ceil_col.checkbox("ceil mode: keep a last, partial window", key="img_ceil", disabled=same)
    count = count_col.checkbox("count padding in the average", key="img_count_pad", disabled=same)
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


def panels(original: pic.Level, pooled: pic.PooledPicture, picture: pic.Picture, settings: dict) -> None:
    """Original and max-pooled side by side, average- and min-pooled below, each with its size and a
    PNG download at full resolution (pooled again when clicked, see `pic.pooled_later`)."""
    cells = [cell for _ in range(2) for cell in st.columns(2)]
    with cells[0]:
        st.markdown(f"**Original**  \n{pic.size_text(original.shape)} px")
        show_picture(original.uri, "the original picture")
        st.caption(pic.level_facts(original))
    for cell, (op, title) in zip(cells[1:], OPS.items()):
        with cell:
            if op in pooled.refused:
                st.markdown(f"**{title}**")
                st.info(pooled.refused[op])
                continue
            levels = pooled.levels[op]
            st.markdown(f"**{title}**  \n{pic.size_line(original, levels)}")
            show_picture(levels[-1].uri, f"the picture after {title.lower()}")
            st.caption(pic.level_facts(levels[-1]))
            png_download(pic.pooled_later(picture_store(), picture, op, len(levels), **settings),
                         f"{op}-pooled", shape=levels[-1].shape, key=f"img_png_{op}")


def difference_key(container, largest: int) -> None:
    """What the colours of the difference picture mean: 0 on the left, ``largest`` on the right."""
    container.html(
        f'<div style="height: 1.2em; margin-top: 0.4em; border: 1px solid #555; background: {colour_key()}">'
        '</div><div style="display: flex; justify-content: space-between">'
        f'<span>0: they agree</span><span>max − average = {largest}</span></div>')


def pyramid_rows(pooled: pic.PooledPicture) -> None:
    for op, levels in pooled.levels.items():
        st.markdown(f"**{OPS[op]}, again and again**")
        for n, (column, level) in enumerate(zip(st.columns(5), levels), start=1):
            show_picture(level.uri, f"{OPS[op].lower()}, {n} times", column)
            column.caption(f"{n}×: {pic.size_text(level.shape)} px · brightest {level.brightest}")


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


def stored(key: str) -> pic.Picture:
    """The picture a fragment's rerun is about; the whole page reruns if the server dropped it."""
    picture = picture_store().get(key)
    if picture is None:
        st.rerun(scope="app")
    return picture


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
    picture = stored(key)
    original = original_level(key, picture.pixels)
    st.header("4. The whole picture")
    st.markdown("Every pixel of every colour channel, at full resolution, with the settings above.")
    times = st.slider("Pool again: how many times", 1, 5, key="img_times",
                      help="Pool the pooled picture again with the same settings: a pyramid.")
    pooled = pooled_picture(key, times, settings, picture.pixels)
    panels(original, pooled, picture, settings)
    if pooled.stopped:
        st.info(pooled.stopped)
    if times > 1:
        st.subheader("The pyramid: what survives")
        pyramid_rows(pooled)
    if pooled.difference is not None:
        st.subheader("Where max and average pooling differ")
        heatmap, about = st.columns([3, 2])
        show_picture(difference_uri(pooled.difference), "max minus average for each pooled pixel", heatmap)
        difference_key(heatmap, int(pooled.difference.max()))
        about.metric("Largest difference", f"{pooled.difference_largest:.0f} of 255")
        over = ", averaged over the colour channels" if picture.pixels.ndim == 3 else ""
        about.markdown(f"Max minus average for each pooled pixel{over}. **Dark**: they agree (a "
                       "smooth area). **Bright**: a small bright detail or an edge in the window, which "
                       "max keeps and average dilutes.")

    st.header("5. Takeaway")
    st.markdown(pic.takeaway(original, pooled, settings, times))

    st.header("6. Show the code")
    again = f" To pool {times} times, apply the same calls to their own results." if times > 1 else ""
    st.markdown(f"The same pooling in PyTorch and Keras, for the settings above.{again}")
    show_code(pooling_snippets(settings, picture_shape=picture.pixels.shape), key="img_code")


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
