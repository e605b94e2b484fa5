"""Lesson: pooling an image. The window on a small patch, then the whole picture pooled."""

from __future__ import annotations

import hashlib
import inspect
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from pages.common import enter_through_app, show_errors, ui_scale
from pooling import UPLOAD_TYPES, InputError, load_image, windows2d
from pooling.charts.animation import grid_animation
from pooling.lessons.frames import frames2d
from pooling.lessons.pictures import CHANNELS, Level, channel, mark_patch, pool_picture, size_text
from pooling.lessons.samples import SAMPLES, load_sample
from pooling.reference import pool2d_loop, reduce_window

enter_through_app()

URL = "query-params"
OPS = {"max": "Max pooling", "avg": "Average pooling", "min": "Min pooling"}
SOURCES = {"sample": "A sample image", "upload": "Your own image", "numbers": "Numbers you type"}
NOT_IN_LINKS = "An uploaded image stays in your browser session: a shared link cannot carry it."
DEFAULT_GRID = np.array([
    [10, 10, 10, 10, 200, 200],
    [10, 250, 10, 10, 200, 200],
    [10, 10, 10, 10, 200, 200],
    [10, 10, 10, 10, 200, 200],
    [60, 60, 60, 60, 60, 60],
    [60, 60, 120, 60, 60, 60],
], dtype=np.uint8)
PATCH_SIDE = 16
PATCH_START = 8


@dataclass(frozen=True)
class Picture:
    """The image the lesson is about: a cache key, a name, its uint8 pixels, what to look for in it,
    and where its most telling patch starts (top, left)."""

    key: str
    title: str
    pixels: np.ndarray
    look_for: str = ""
    patch: tuple[int, int] | None = None

    @property
    def start(self) -> tuple[int, int]:
        if self.patch is not None:
            return self.patch
        height, width = self.pixels.shape[:2]
        return max((height - PATCH_START) // 2, 0), max((width - PATCH_START) // 2, 0)


@st.cache_data(max_entries=2, show_spinner="Reading your image…")
def decoded(data: bytes) -> np.ndarray:
    return load_image(data)


@st.cache_data(max_entries=len(SAMPLES), show_spinner=False)
def sample_pixels(name: str) -> np.ndarray:
    return load_sample(name)


def sample_picture(name: str) -> Picture:
    sample = SAMPLES[name]
    return Picture(f"sample:{name}", sample.title, sample_pixels(name), sample.look_for, sample.patch)


@st.cache_data(max_entries=4, show_spinner=False)
def original_level(key: str, _pixels: np.ndarray) -> Level:
    return Level.of(_pixels)


@st.cache_data(max_entries=8, show_spinner="Pooling the whole picture…")
def pooled_picture(key: str, times: int, settings: dict, _pixels: np.ndarray):
    return pool_picture(_pixels, times, **settings)


def digest(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()[:16]


# ---- 1. the picture -------------------------------------------------------------------------------

def grid_text(values: np.ndarray) -> str:
    return ";".join(",".join(str(v) for v in row) for row in values)


def grid_from_url() -> np.ndarray:
    """The grid in the link (``img_grid=10,20;30,40``), or the default grid if there is none or it is
    not whole numbers 0..255 in equal rows."""
    try:
        rows = [[int(v) for v in row.split(",")] for row in st.query_params["img_grid"].split(";")]
        values = np.array(rows)
        if values.ndim == 2 and values.size and values.min() >= 0 and values.max() <= 255:
            return values.astype(np.uint8)
    except (KeyError, ValueError):
        pass
    return DEFAULT_GRID


def resized(values: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """``values`` cut or padded with zeros to ``rows`` x ``cols``."""
    out = np.zeros((rows, cols), dtype=np.uint8)
    r, c = min(rows, values.shape[0]), min(cols, values.shape[1])
    out[:r, :c] = values[:r, :c]
    return out


def grid_ui() -> Picture:
    """A small grid of numbers 0..255 to check by hand; raises InputError for an emptied cell."""
    if "img_grid_values" not in st.session_state:
        st.session_state["img_grid_values"] = grid_from_url()
    start = st.session_state["img_grid_values"]
    left, right = st.columns(2)
    rows = left.number_input("Rows", 1, PATCH_SIDE, start.shape[0], key="img_grid_rows", bind=URL)
    cols = right.number_input("Columns", 1, PATCH_SIDE, start.shape[1], key="img_grid_cols", bind=URL)
    base = resized(start, rows, cols)
    columns = [str(c) for c in range(cols)]
    number = st.column_config.NumberColumn(min_value=0, max_value=255, step=1, required=True)
    edited = st.data_editor(pd.DataFrame(base, columns=columns), key=f"img_grid_{rows}x{cols}",
                            column_config=dict.fromkeys(columns, number),
                            width="content", row_height=40)
    values = edited.to_numpy(dtype=float)
    empty = np.argwhere(np.isnan(values))
    if empty.size:
        r, c = empty[0]
        raise InputError(f"The cell in row {r}, column {c} is empty: type a whole number from 0 to 255.")
    if values.min() < 0 or values.max() > 255 or (values != np.round(values)).any():
        raise InputError("Every cell must hold a whole number from 0 to 255 (a pixel's brightness).")
    values = values.astype(np.uint8)
    st.session_state["img_grid_values"] = values
    st.query_params["img_grid"] = grid_text(values)
    return Picture(f"numbers:{digest(values.tobytes() + bytes(values.shape))}",
                   f"your {rows}×{cols} numbers", values)


def picture_ui() -> Picture | None:
    """The chosen picture, or None when there is nothing new to show (no upload yet, or a bad one)."""
    source = st.radio("Start from", list(SOURCES), format_func=SOURCES.get, key="img_source",
                      horizontal=True, bind=URL)
    if source != "numbers":
        st.query_params.pop("img_grid", None)
    if source == "sample":
        name = st.selectbox("Sample", list(SAMPLES), format_func=lambda n: SAMPLES[n].title,
                            key="img_sample", bind=URL)
        return sample_picture(name)
    if source == "numbers":
        return grid_ui()
    upload = st.file_uploader("Your image: PNG, JPEG, WebP, BMP, GIF or TIFF, up to a 12-megapixel photo",
                              type=UPLOAD_TYPES, key="img_upload", help=NOT_IN_LINKS)
    if upload is None:
        return None
    data = upload.getvalue()
    return Picture(f"upload:{digest(data)}", upload.name, decoded(data))


def current_picture() -> Picture:
    """The picture chosen now, or else the last good one (a bad upload keeps the previous image)."""
    chosen = None
    with show_errors():
        chosen = picture_ui()
    if chosen is not None:
        st.session_state["img_picture"] = chosen
    elif "img_picture" in st.session_state:
        st.caption("Still showing the previous image.")
    else:
        st.session_state["img_picture"] = sample_picture(next(iter(SAMPLES)))
    return st.session_state["img_picture"]


# ---- 2. the settings -------------------------------------------------------------------------------

def pair_ui(column, label: str, name: str, low: int, high: int, default: int, disabled=False, help=None):
    column.markdown(f"**{label}**", help=help)
    height = column.number_input(f"{label}: height", low, high, default, key=f"img_{name}_h",
                                 bind=URL, disabled=disabled)
    width = column.number_input(f"{label}: width", low, high, default, key=f"img_{name}_w",
                                bind=URL, disabled=disabled)
    return int(height), int(width)


def settings_ui() -> dict:
    """The `pool2d` keyword arguments chosen, with PyTorch's names; pairs are (height, width)."""
    kernel_col, stride_col, padding_col, dilation_col = st.columns(4)
    kernel = pair_ui(kernel_col, "Kernel size", "kernel", 1, 8, 2, help="The window's height and width.")
    stride = pair_ui(stride_col, "Stride", "stride", 1, 8, 2,
                     help="How far the window moves each step. PyTorch's default is the kernel size.")
    same = padding_col.checkbox('padding = "same" (Keras)', key="img_same", bind=URL,
                                help="Pad just enough that the output is ceil(input / stride) long; "
                                     "padded cells are never counted.")
    padding = pair_ui(padding_col, "Padding", "pad", 0, 4, 0, disabled=same,
                      help="Cells added on each side; they never win a max or a min, and count as 0 "
                           "in an average only if 'count padding' is on.")
    dilation = pair_ui(dilation_col, "Dilation", "dilation", 1, 4, 1,
                       help="Gaps between the cells a window reads (1 = no gaps). PyTorch has no "
                            "average pooling with dilation.")
    ceil_col, count_col = st.columns(2)
    ceil_mode = ceil_col.checkbox("ceil mode: keep a last, partial window", key="img_ceil", bind=URL,
                                  disabled=same)
    count = count_col.checkbox("count padding in the average", True, key="img_count_pad", bind=URL,
                               disabled=same)
    return {"kernel_size": kernel, "stride": stride, "padding": "same" if same else padding,
            "dilation": dilation, "ceil_mode": ceil_mode, "count_include_pad": count}


# ---- 3. the patch ----------------------------------------------------------------------------------

def channel_ui(container, colour: bool) -> str:
    if not colour:
        return "grey"
    return container.selectbox("Channel", CHANNELS, key="img_channel", bind=URL,
                               help="A colour picture has red, green and blue channels, pooled "
                                    "separately; grey is Pillow's luma of the three.")


def patch_ui(picture: Picture, original: Level) -> np.ndarray:
    """Where the patch is (controls, and the picture with the patch framed); returns the patch.

    A picture of at most PATCH_SIDE pixels a side is its own patch."""
    pixels = picture.pixels
    height, width = pixels.shape[:2]
    colour = pixels.ndim == 3
    if max(height, width) <= PATCH_SIDE:
        name = channel_ui(st, colour)
        st.caption(f"The picture is small enough to be its own patch: all {size_text(pixels.shape)} "
                   f"pixels, {name} channel.")
        return channel(pixels, name)
    state = st.session_state
    if state.get("img_patch_for") != picture.key:
        # A new picture starts at its telling patch; the first one of a visit keeps a shared link's.
        for key, value in zip(("img_top", "img_left"), picture.start):
            if "img_patch_for" in state or key not in state:
                state[key] = value
        state["img_patch_for"] = picture.key
    where, controls = st.columns([1, 2])
    size_col, top_col, left_col = controls.columns(3)
    side = size_col.slider("Patch size (pixels)", 2, PATCH_SIDE, PATCH_START, key="img_side", bind=URL)
    limits = {"img_top": max(height - side, 0), "img_left": max(width - side, 0)}
    for key, limit in limits.items():
        state[key] = min(int(state.get(key, 0)), limit)
    top = top_col.number_input("Top row", 0, limits["img_top"], key="img_top", bind=URL)
    left = left_col.number_input("Left column", 0, limits["img_left"], key="img_left", bind=URL)
    name = channel_ui(controls, colour)
    patch = channel(pixels[top:top + side, left:left + side], name)
    where.image(mark_patch(original.shown, pixels.shape, top, left, *patch.shape), width="stretch")
    where.caption(f"The {size_text(patch.shape)} patch at row {top}, column {left}, {name} channel.")
    return patch


# ---- 4. the whole picture --------------------------------------------------------------------------

def size_line(original: Level, levels: list[Level]) -> str:
    sizes = [original.shape, *(level.shape for level in levels)]
    if len(sizes) > 3:
        sizes = [sizes[0], sizes[1], "…", sizes[-1]]
    return " → ".join(s if isinstance(s, str) else size_text(s) for s in sizes) + " px"


def level_facts(level: Level) -> str:
    return f"brightest pixel {level.brightest} · mean brightness {level.mean:.0f}"


def panels(original: Level, pooled) -> None:
    """Original and max-pooled side by side, average- and min-pooled below, each with its size."""
    cells = [cell for _ in range(2) for cell in st.columns(2)]
    with cells[0]:
        st.markdown(f"**Original**  \n{size_text(original.shape)} px")
        st.image(original.shown, width="stretch")
        st.caption(level_facts(original))
    for cell, (op, title) in zip(cells[1:], OPS.items()):
        with cell:
            if op in pooled.refused:
                st.markdown(f"**{title}**")
                st.info(pooled.refused[op])
                continue
            levels = pooled.levels[op]
            st.markdown(f"**{title}**  \n{size_line(original, levels)}")
            st.image(levels[-1].shown, width="stretch")
            st.caption(level_facts(levels[-1]))


def pyramid_rows(pooled) -> None:
    for op, levels in pooled.levels.items():
        st.markdown(f"**{OPS[op]}, again and again**")
        for n, (column, level) in enumerate(zip(st.columns(5), levels), start=1):
            column.image(level.shown, width="stretch")
            column.caption(f"{n}×: {size_text(level.shape)} px · brightest {level.brightest}")


def difference_figure(pooled) -> go.Figure:
    """Heatmap of max minus average, in the same orientation as the pictures."""
    scale = ui_scale()
    difference = pooled.difference
    figure = go.Figure(go.Heatmap(
        z=difference, colorscale="Cividis", zmin=0, zmax=max(float(difference.max()), 1.0),
        colorbar={"title": {"text": "max − average"}, "tickfont": {"size": round(16 * scale)}},
        hovertemplate="max − average = %{z}<extra></extra>",
    ))
    h, w = difference.shape
    figure.update_xaxes(visible=False, constrain="domain")
    figure.update_yaxes(visible=False, autorange="reversed", scaleanchor="x", constrain="domain")
    figure.update_layout(height=round(min(480, max(200, 400 * h / w))), font={"size": round(16 * scale)},
                         margin={"l": 0, "r": 0, "t": 10, "b": 0})
    return figure


# ---- 5. the takeaway -------------------------------------------------------------------------------

def takeaway(original: Level, pooled, settings: dict, times: int) -> str:
    """Two or three sentences about what is on screen, with its numbers."""
    levels = pooled.levels
    top = levels["max"][-1]
    sentences = []
    if "avg" in levels:
        average = levels["avg"][-1]
        if average.brightest < top.brightest:
            sentences.append(
                f"**Max pooling keeps the strongest value in each window**: its brightest pixel is still "
                f"{top.brightest} (the original's is {original.brightest}), while **average pooling "
                f"blurs** bright details into their surroundings: its brightest pixel is only "
                f"{average.brightest}. Min pooling keeps the darkest value instead."
            )
        else:
            sentences.append(
                f"Max and average pooling both keep the brightest pixel, {top.brightest}: somewhere a "
                f"whole window is that bright. Pool again to see the average blur it."
            )
        if pooled.difference_largest > 0:
            sentences.append(
                f"The heatmap shows where they disagree: by up to {pooled.difference_largest:.0f} "
                f"(of 255) at edges and small details; on smooth areas max and average agree."
            )
    stride = "×".join(str(s) for s in settings["stride"])
    shrink = (original.shape[0] * original.shape[1]) / (top.shape[0] * top.shape[1])
    poolings = f" after {len(levels['max'])} poolings" if times > 1 else ""
    sentences.append(
        f"**Stride sets how much the image shrinks**: with stride {stride} it went from "
        f"{size_text(original.shape)} to {size_text(top.shape)} pixels{poolings}, "
        f"{shrink:,.1f} times fewer."
    )
    return " ".join(sentences)


# ---- 6. the code -----------------------------------------------------------------------------------

def dict_lines(name: str, **arguments) -> list[str]:
    """Source lines of ``name = dict(...)``, one argument a line, strings in double quotes."""
    values = {key: f'"{value}"' if isinstance(value, str) else repr(value)
              for key, value in arguments.items()}
    return [f"{name} = dict(", *(f"    {key}={value}," for key, value in values.items()), ")"]


def torch_code(settings: dict, window, grey: bool) -> str:
    dilation, padding = settings["dilation"], settings["padding"]
    lines = ["import torch", "import torch.nn.functional as F", ""]
    if grey:
        lines += ["# image: (H, W) uint8; PyTorch wants", "# (batch, channels, H, W)",
                  "x = torch.from_numpy(image)[None, None].float()", ""]
    else:
        lines += ["# image: (H, W, 3) uint8, channels last;", "# PyTorch wants (batch, channels, H, W)",
                  "x = torch.from_numpy(image).permute(2, 0, 1)", "x = x.unsqueeze(0).float()", ""]
    sizes = {"kernel_size": settings["kernel_size"], "stride": settings["stride"]}
    if padding == "same":
        pads = (window.cols.pad_left, window.cols.pad_right, window.rows.pad_left, window.rows.pad_right)
        lines += ["# Keras' \"same\": (left, right, top, bottom)", f"pads = {pads}",
                  *dict_lines("window", **sizes),
                  "padded = F.pad(x, pads, value=float(\"-inf\"))",
                  f"max_pooled = F.max_pool2d(padded, **window, dilation={dilation})"]
        if dilation == (1, 1):
            lines += ["# the share of real cells in each window",
                      "share = F.avg_pool2d(F.pad(torch.ones_like(x), pads), **window)",
                      "avg_pooled = F.avg_pool2d(F.pad(x, pads), **window) / share"]
        lines += ["padded = F.pad(-x, pads, value=float(\"-inf\"))",
                  f"min_pooled = -F.max_pool2d(padded, **window, dilation={dilation})"]
    else:
        lines += [*dict_lines("window", **sizes, padding=padding, ceil_mode=settings["ceil_mode"]),
                  f"max_pooled = F.max_pool2d(x, **window, dilation={dilation})"]
        if dilation == (1, 1):
            lines.append(f"avg_pooled = F.avg_pool2d(x, **window, "
                         f"count_include_pad={settings['count_include_pad']})")
        lines.append(f"min_pooled = -F.max_pool2d(-x, **window, dilation={dilation})")
    if dilation != (1, 1):
        lines.append("# no avg_pooled: PyTorch averages have no dilation")
    lines += ["", "# back to channels last: (H_out, W_out, C)",
              "max_picture = max_pooled[0].permute(1, 2, 0)"]
    return "\n".join(lines)


def keras_code(settings: dict, grey: bool) -> tuple[str, str]:
    """The Keras layers for the settings, or "" and why Keras cannot do them."""
    if settings["dilation"] != (1, 1):
        return "", "Keras' pooling layers have no dilation: set dilation to 1 to see the Keras code."
    padding = settings["padding"]
    if settings["ceil_mode"] and padding != "same":
        return "", 'Keras has no ceil mode: turn it off, or use padding = "same", its nearest relative.'
    lines = ["import keras", ""]
    lines += (["# (1, H, W, 1)", "x = image[None, :, :, None].astype(\"float32\")"] if grey else
              ["# (1, H, W, 3): Keras is channels last, no permute", "x = image[None].astype(\"float32\")"])
    lines += dict_lines("window", pool_size=settings["kernel_size"], strides=settings["stride"],
                        padding="same" if padding == "same" else "valid")
    if padding == "same":
        lines.append("# JAX and TensorFlow's rule (Keras' torch backend differs)")
    lines += ["maximum = keras.layers.MaxPooling2D(**window)",
              "average = keras.layers.AveragePooling2D(**window)"]
    if padding in ("same", (0, 0)):
        lines += ["max_pooled = maximum(x)", "avg_pooled = average(x)", "min_pooled = -maximum(-x)"]
    else:
        lines += ["# Keras pools cannot pad: add the zeros first",
                  f"pad = keras.layers.ZeroPadding2D(padding={padding})",
                  "# pixels are >= 0, so a padded 0 never wins a max",
                  "max_pooled = maximum(pad(x))"]
        lines += ["avg_pooled = average(pad(x))"] if settings["count_include_pad"] else [
            "# leave padding out: divide by the share of real cells",
            "avg_pooled = average(pad(x)) / average(pad(x * 0 + 1))"]
        lines += ["# 255 - x >= 0 too, so the same trick gives the min",
                  "min_pooled = 255 - maximum(pad(255 - x))"]
    lines += ["", "max_picture = max_pooled[0]  # (H_out, W_out, C)"]
    return "\n".join(lines), ""


def code_section(settings: dict, window, grey: bool, times: int) -> None:
    again = f" To pool {times} times, apply the same calls to their own results." if times > 1 else ""
    st.markdown(f"The same pooling in PyTorch and Keras, for the settings above.{again}")
    torch_tab, keras_tab, loop_tab = st.tabs(["PyTorch", "Keras", "The readable loop"])
    torch_tab.code(torch_code(settings, window, grey), language="python", wrap_lines=True)
    code, missing = keras_code(settings, grey)
    if code:
        keras_tab.code(code, language="python", wrap_lines=True)
    else:
        keras_tab.info(missing)
    loop_tab.markdown("What `pool2d` computes, one window at a time (from `pooling/reference.py`):")
    loop_tab.code(inspect.getsource(pool2d_loop) + "\n\n" + inspect.getsource(reduce_window),
                  language="python")


# ---- the page --------------------------------------------------------------------------------------

st.title("Pooling an image")
st.markdown(
    "A picture is a grid of numbers, one per pixel and colour channel. 2D pooling slides a small "
    "window over that grid and keeps one number per window: watch it on a patch, then see what it "
    "does to the whole picture."
)

st.header("1. Choose an image")
picture = current_picture()
kind = "colour (red, green, blue)" if picture.pixels.ndim == 3 else "grey (one channel)"
look_for = f" Look for: {picture.look_for}." if picture.look_for else ""
st.caption(f"**{picture.title}**: {size_text(picture.pixels.shape)} pixels, {kind}.{look_for}")

st.header("2. The window")
settings = settings_ui()
window = None
with show_errors():
    window = windows2d(picture.pixels.shape[:2], **settings)

if window is not None:
    st.header("3. The window on a patch")
    st.markdown("Pick a few pixels; their values are written in the cells. Press **Play**.")
    original = original_level(picture.key, picture.pixels)
    patch = patch_ui(picture, original)
    op = st.radio("Pooling", list(OPS), format_func=OPS.get, key="img_op", horizontal=True, bind=URL)
    with show_errors():
        frames = frames2d(patch, settings["kernel_size"], op=op, **{
            k: v for k, v in settings.items() if k != "kernel_size"})
        figure = grid_animation(patch, frames, value_range=(0, 255), scale=ui_scale())
        st.plotly_chart(figure, key="img_patch_chart", config={"displayModeBar": False})

    st.header("4. The whole picture")
    st.markdown("Every pixel of every colour channel, at full resolution, with the settings above.")
    times = st.slider("Pool again: how many times", 1, 5, 1, key="img_times", bind=URL,
                      help="Pool the pooled picture again with the same settings: a pyramid.")
    pooled = pooled_picture(picture.key, times, settings, picture.pixels)
    panels(original, pooled)
    if pooled.stopped:
        st.info(pooled.stopped)
    if times > 1:
        st.subheader("The pyramid: what survives")
        pyramid_rows(pooled)
    if pooled.difference is not None:
        st.subheader("Where max and average pooling differ")
        heatmap, about = st.columns([3, 2])
        heatmap.plotly_chart(difference_figure(pooled), key="img_difference",
                             config={"displayModeBar": False})
        about.metric("Largest difference", f"{pooled.difference_largest:.0f} of 255")
        over = ", averaged over the colour channels" if picture.pixels.ndim == 3 else ""
        about.markdown(f"Max minus average for each pooled pixel{over}. **Dark**: they agree (a "
                       "smooth area). **Bright**: a small bright detail or an edge in the window, which "
                       "max keeps and average dilutes.")

    st.header("5. Takeaway")
    st.markdown(takeaway(original, pooled, settings, times))

    st.header("6. Show the code")
    code_section(settings, window, picture.pixels.ndim == 2, times)

st.caption(f"Share this lesson: the address bar holds the settings and the sample. {NOT_IN_LINKS}")
