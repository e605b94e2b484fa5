"""Lesson: a pooling window slides along a sequence, cell by cell; global pooling is its limit."""

from __future__ import annotations

import inspect
import math

import numpy as np
import streamlit as st

from pages.common import enter_through_app, show_errors, ui_scale
from pooling import InputError, global_pool1d, output_size, parse_sequence, pool1d, windows1d
from pooling.charts.animation import sequence_animation
from pooling.lessons.frames import format_number, frames1d
from pooling.lessons.sentences import FEATURES as SENTENCE_FEATURES
from pooling.lessons.sentences import PAD_WORD, rows_text
from pooling.lessons.sentences import PADDED_SCORES as SENTENCE_SCORES
from pooling.lessons.sentences import PADDED_WORDS as SENTENCE_WORDS
from pooling.reference import pool1d_loop, reduce_window

enter_through_app()

SEED_TEXT = "0, 1, 2, 2, 5, 1, 2"
KIM_WORDS = ("i did not", "did not like", "not like this", "like this movie", "this movie at", "movie at all")
KIM_FEATURES = ("negation filter", "dislike filter", "movie filter")
KIM_SCORES = [
    (0.2, 0.0, 0.0), (0.9, 0.4, 0.0), (0.8, 0.95, 0.1), (0.1, 0.6, 0.5), (0.0, 0.1, 0.8), (0.3, 0.2, 0.6),
]
PRESETS = {
    "seed": "The seed example",
    "random": "Random whole numbers",
    "wave": "A smooth wave with one spike",
    "sentence": "A sentence: word feature scores",
    "kim": "Kim 2014: max over time",
}
OPS = {"max": "max", "avg": "average", "min": "min"}
PAD_MODES = ("number", "valid", "same")
KIM = "Kim 2014, *Convolutional Neural Networks for Sentence Classification*, EMNLP 2014, arXiv:1408.5882"


def preset_text(preset: str, length: int, seed: int) -> str:
    if preset == "random":
        return ", ".join(str(v) for v in np.random.default_rng(seed).integers(0, 10, length))
    if preset == "wave":
        wave = 3 + 2 * np.sin(np.arange(40) * 2 * np.pi / 20)
        wave[27] = 9
        return ", ".join(f"{v:.1f}" for v in wave)
    if preset == "sentence":
        return rows_text(SENTENCE_SCORES)
    if preset == "kim":
        return rows_text(KIM_SCORES)
    return SEED_TEXT


# How a value in the URL is read back: the value, or None when it cannot be used.
def _whole(text, low=1, high=None):
    if not text.isdigit() or int(text) < low or (high is not None and int(text) > high):
        return None
    return int(text)


def _flag(text):
    return {"1": True, "0": False}.get(text)


def _padding(text):
    return text if text in ("valid", "same") else _whole(text, 0)


def _sequence(text):
    """Typed numbers from the URL, where ``;`` stands for a line break."""
    text = "\n".join(part.strip() for part in text.split(";"))
    try:
        parse_sequence(text)
    except InputError:
        return None
    return text


def _preset_numbers():
    state = st.session_state
    return preset_text(state.w1d_preset, state.w1d_length, state.w1d_seed)


CONTROLS = {  # query name: (session key, default or a function giving it, reader)
    "preset": ("w1d_preset", "seed", lambda t: t if t in PRESETS else None),
    "n": ("w1d_length", 20, lambda t: _whole(t, 2, 200)),
    "seed": ("w1d_seed", 0, lambda t: _whole(t, 0)),
    "x": ("w1d_text", _preset_numbers, _sequence),
    "op": ("w1d_op", "max", lambda t: t if t in OPS else None),
    "k": ("w1d_kernel", 3, _whole),
    "s": ("w1d_stride", 1, _whole),
    "pad": ("w1d_pad", 0, _padding),
    "d": ("w1d_dilation", 1, _whole),
    "ceil": ("w1d_ceil", False, _flag),
    "cip": ("w1d_count_pad", True, _flag),
    "mask": ("w1d_mask", False, _flag),
}


def restore_from_url() -> list[str]:
    """Give every control not yet in the session its value from the URL, or its default.

    Returns the URL values that could not be used, for a small notice.
    """
    ignored = []
    for name, (key, default, read) in CONTROLS.items():
        if key in st.session_state:
            continue
        value = read(st.query_params[name]) if name in st.query_params else None
        if name in st.query_params and value is None:
            ignored.append(f"{name}={st.query_params[name]}")
        if value is None:
            value = default() if callable(default) else default
        st.session_state[key] = value
    pad = st.session_state["w1d_pad"]
    st.session_state.setdefault("w1d_pad_mode", pad if isinstance(pad, str) else "number")
    st.session_state.setdefault("w1d_pad_number", pad if isinstance(pad, int) else 0)
    return ignored


def mirror_to_url() -> None:
    """Write every control into the URL, so the link restores this exact demo."""
    wanted = {}
    for name, (key, _, _) in CONTROLS.items():
        value = st.session_state[key]
        wanted[name] = ("1" if value else "0") if isinstance(value, bool) else str(value).replace("\n", "; ")
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)


def apply_preset() -> None:
    state = st.session_state
    state.w1d_text = preset_text(state.w1d_preset, state.w1d_length, state.w1d_seed)
    if state.w1d_preset == "kim":
        grow_kernel(len(KIM_SCORES))


def grow_kernel(steps: int) -> None:
    """One window over the whole input: global pooling."""
    state = st.session_state
    state.w1d_kernel, state.w1d_stride, state.w1d_dilation = steps, 1, 1
    state.w1d_pad_mode, state.w1d_pad_number, state.w1d_pad = "number", 0, 0


def bounded_slider(label: str, key: str, low: int, high: int, column, hint=None) -> int:
    """A slider whose range follows the input; a fixed line of text when only one value fits."""
    st.session_state[key] = min(max(st.session_state[key], low), high)
    if high <= low:
        column.markdown(f"{label}: **{low}** (the only choice here)")
        return low
    return column.slider(label, low, high, key=key, help=hint)


def sequence_ui() -> tuple[np.ndarray, list[str] | None, list[str] | None]:
    """The sequence, with its step labels and feature names when a preset has them."""
    left, right = st.columns([1, 2])
    preset = left.selectbox("Start from", list(PRESETS), format_func=PRESETS.get, key="w1d_preset",
                            on_change=apply_preset)
    if preset == "random":
        left.number_input("Length", 2, 200, key="w1d_length", on_change=apply_preset)
        left.number_input("Random seed", 0, 10_000, key="w1d_seed", on_change=apply_preset)
    text = right.text_area(
        "Your numbers", key="w1d_text", height=150,
        help="Commas or spaces between numbers. Several features: one line per step, the same "
             "number of values on every line.")
    try:
        x = parse_sequence(text)
        st.session_state.w1d_last_good = text
    except InputError as error:
        right.error(f"{error} Showing the last sequence that worked.", icon="⚠️")
        x = parse_sequence(st.session_state.get("w1d_last_good", SEED_TEXT))
    words, features = {"sentence": (SENTENCE_WORDS, SENTENCE_FEATURES),
                       "kim": (KIM_WORDS, KIM_FEATURES)}.get(preset, (None, None))
    if words is None or x.shape != (len(words), len(features)):
        return x, None, None
    return x, list(words), list(features)


def settings_ui(steps: int) -> dict:
    """pool1d's keyword arguments from the controls; slider ranges follow the input length."""
    row = st.columns([1.2, 1, 1, 1.3, 1])
    op = row[0].radio("Operation", list(OPS), format_func=OPS.get, key="w1d_op", horizontal=True)
    kernel = bounded_slider("Kernel size", "w1d_kernel", 1, steps, row[1])
    stride = bounded_slider("Stride", "w1d_stride", 1, steps, row[2])
    mode = row[3].radio("Padding", PAD_MODES, key="w1d_pad_mode", horizontal=True,
                        help="A number of cells on each side (PyTorch), or Keras' 'valid' (none) "
                             "and 'same' (enough to keep ceil(steps / stride) outputs).")
    padding = mode
    if mode == "number":
        padding = bounded_slider("Padding cells per side", "w1d_pad_number", 0, kernel // 2, row[3],
                                 hint="PyTorch allows at most half the kernel size.")
    st.session_state.w1d_pad = padding
    span_room = steps + 2 * (padding if isinstance(padding, int) else 0) - 1
    dilation = bounded_slider("Dilation", "w1d_dilation", 1, max(1, span_room // max(kernel - 1, 1)),
                              row[4], hint="Gaps between the cells the window reads.")
    flags = st.columns([1.2, 1, 3.3])
    ceil_mode = flags[0].checkbox("Ceil mode", key="w1d_ceil", disabled=mode == "same",
                                  help="Round the number of outputs up: a last, partial window.")
    settings = {"kernel_size": kernel, "stride": stride, "padding": padding, "dilation": dilation,
                "ceil_mode": ceil_mode, "op": op}
    if op == "avg":
        settings["count_include_pad"] = flags[1].checkbox(
            "Count padding", key="w1d_count_pad", disabled=mode == "same",
            help="Divide by the whole window (PyTorch's default) or only by the real cells. "
                 "Keras' 'same' never counts padding.")
    return settings


def arithmetic(x: np.ndarray, settings: dict) -> None:
    n, k, s, d = x.shape[0], settings["kernel_size"], settings["stride"], settings["dilation"]
    out = output_size(n, k, stride=s, padding=settings["padding"], dilation=d,
                      ceil_mode=settings["ceil_mode"])
    if settings["padding"] == "same":
        w = windows1d(n, k, stride=s, padding="same", dilation=d)
        st.latex(rf"\text{{out}} = \left\lceil \frac{{n}}{{s}} \right\rceil = "
                 rf"\left\lceil \frac{{{n}}}{{{s}}} \right\rceil = {out}")
        st.markdown(f"'same' pads {w.pad_left} cell(s) on the left and {w.pad_right} on the right: "
                    f"just enough for {out} windows.")
    else:
        p = 0 if settings["padding"] == "valid" else settings["padding"]
        room = n + 2 * p - d * (k - 1) - 1
        left, right = (r"\left\lceil", r"\right\rceil") if settings["ceil_mode"] else (
            r"\left\lfloor", r"\right\rfloor")
        st.latex(rf"""\begin{{aligned}}
            \text{{out}} &= {left} \frac{{n + 2p - d\,(k - 1) - 1}}{{s}} {right} + 1 \\
            &= {left} \frac{{{n} + 2 \cdot {p} - {d} \cdot ({k} - 1) - 1}}{{{s}}} {right} + 1 \\
            &= {left} \frac{{{room}}}{{{s}}} {right} + 1 = {out}
            \end{{aligned}}""")
        if settings["ceil_mode"] and out != math.ceil(room / s) + 1:
            st.markdown("PyTorch drops a last window that would start in the right padding: one fewer.")
    y = pool1d(x, **settings)
    shown = f"**y = [{values_text(y)}]**" if y.ndim == 1 else "**y** (the bottom rows of the animation)"
    st.markdown(f"{shown}: x of shape `{x.shape}` gives y of shape `{y.shape}`.")


def global_limit(x: np.ndarray) -> None:
    steps = x.shape[0]
    st.markdown(
        f"Grow the window to the whole input ({steps} steps, stride 1, no padding): one output per "
        "feature, which is exactly **global pooling**.")
    st.button(f"Set the kernel to {steps}", key="w1d_grow", on_click=grow_kernel, args=(steps,))
    columns = st.columns(2)
    for column, op in zip(columns, ("max", "avg")):
        windowed = pool1d(x, steps, stride=1, op=op)[0]
        pooled = global_pool1d(x, op)
        column.metric(f"Global {OPS[op]}", values_text(pooled), border=True)
        column.markdown(f"`pool1d(x, kernel_size={steps}, op='{op}')` = {values_text(windowed)}  \n"
                        f"`global_pool1d(x, '{op}')` = {values_text(pooled)}")
    features = 1 if x.ndim == 1 else x.shape[1]
    st.markdown(
        f"Keras' `GlobalMaxPooling1D` computes `K.max(x, axis=1)` and `GlobalAveragePooling1D` "
        f"`K.mean(x, axis=1)`: shapes (samples, steps, features) = (1, {steps}, {features}) -> "
        f"(samples, features) = (1, {features}).")


def values_text(values) -> str:
    values = np.atleast_1d(values)
    return ", ".join(format_number(v) for v in values)


def several_features(x: np.ndarray, words, features) -> None:
    if x.ndim == 1:
        st.markdown("Type several numbers per line (one line per step), or pick the sentence preset: "
                    "each feature becomes a row of the heatmap above, pooled on its own.")
        return
    names = features or [f"feature {f}" for f in range(x.shape[1])]
    padded = words is not None and PAD_WORD in words
    mask = None
    if padded and st.toggle(f"Mask the {PAD_WORD} tokens", key="w1d_mask"):
        mask = np.array([word != PAD_WORD for word in words])
    maxed, averaged = global_pool1d(x, "max", mask=mask), global_pool1d(x, "avg", mask=mask)
    kept = np.arange(x.shape[0]) if mask is None else np.flatnonzero(mask)
    _, won = pool1d(x[kept], len(kept), stride=1, return_indices=True)
    rows = [{"feature": name, "global max": format_number(m), "global average": format_number(a),
             "max comes from": (words[kept[i]] if words else f"step {kept[i]}")}
            for name, m, a, i in zip(names, maxed, averaged, won[0])]
    st.table(rows)
    st.markdown(f"Shape `{x.shape}` (steps, features) -> `{maxed.shape}` (features,): one number per "
                "feature, wherever in the sequence it is strongest. This is max-over-time pooling, which "
                f"lets a sentence classifier read sentences of any length ({KIM}).")
    if padded:
        st.markdown(f"Masked {PAD_WORD} steps never win the max and are left out of the average. "
                    "Without the mask, padding added only to make sentences the same length changes "
                    "the answer.")


def pytorch_code(x: np.ndarray, settings: dict) -> str:
    op, padding, ceil_mode = settings["op"], settings["padding"], settings["ceil_mode"]
    tensor = rows_text(x.reshape(len(x), -1)).replace("\n", "], [")
    lines = ["import torch", "import torch.nn.functional as F", "",
             f"x = torch.tensor([[[{tensor}]]], dtype=torch.float32)  # (1, steps, features)",
             "x = x.transpose(1, 2)  # PyTorch wants channels first: (1, features, steps)"]
    if padding == "same":
        w = windows1d(len(x), settings["kernel_size"], stride=settings["stride"], padding="same",
                      dilation=settings["dilation"])
        sides = f"({w.pad_left}, {w.pad_right})"
        lines.append(f"# PyTorch pooling has no padding='same': pad {sides} cells by hand")
        padding, ceil_mode = 0, False
        if op == "avg":
            lines += [f"real = F.pad(torch.ones_like(x), {sides})  # 1 on real cells, 0 on padding",
                      f"x = F.pad(x, {sides})"]
        else:
            lines.append(f"x = F.pad(x, {sides}, value=float('{'-' if op == 'max' else '+'}inf'))")
    arguments = (f"kernel_size={settings['kernel_size']}, stride={settings['stride']}, "
                 f"padding={0 if padding == 'valid' else padding}")
    if op == "avg":
        call = (f"F.avg_pool1d(x, {arguments}, ceil_mode={ceil_mode}, "
                f"count_include_pad={settings.get('count_include_pad', True)})")
        if settings["padding"] == "same":
            call = (f"F.avg_pool1d(x, {arguments}) / F.avg_pool1d(real, {arguments})"
                    "  # sum / number of real cells")
    else:
        call = (f"F.max_pool1d({'-x' if op == 'min' else 'x'}, {arguments}, "
                f"dilation={settings['dilation']}, ceil_mode={ceil_mode})")
        if op == "min":
            call = f"-{call}  # min pooling: no layer of its own, so negate, max-pool, negate"
    lines += [f"y = {call}", "y = y.transpose(1, 2)  # back to (1, steps, features)"]
    return "\n".join(lines)


def keras_missing(settings: dict) -> list[str]:
    """What Keras' pooling layers cannot do of these settings (empty: there is an exact equivalent)."""
    op, padding = settings["op"], settings["padding"]
    missing = []
    if settings["dilation"] > 1:
        missing.append("dilation")
    if settings["ceil_mode"] and padding != "same":
        missing.append("ceil_mode")
    if isinstance(padding, int) and padding > 0 and op != "avg":
        missing.append(f"padding with {'-inf' if op == 'max' else '+inf'} (`ZeroPadding1D` pads zeros)")
    if isinstance(padding, int) and padding > 0 and not settings.get("count_include_pad", True):
        missing.append("count_include_pad=False")
    return missing


def keras_code(settings: dict) -> str:
    op, padding = settings["op"], settings["padding"]
    layer = "AveragePooling1D" if op == "avg" else "MaxPooling1D"
    mode = "same" if padding == "same" else "valid"
    lines = ["import keras", "", "# x: (samples, steps, features)"]
    if isinstance(padding, int) and padding > 0:
        lines.append(f"x = keras.layers.ZeroPadding1D({padding})(x)  # zeros, counted in the average")
    call = (f"keras.layers.{layer}(pool_size={settings['kernel_size']}, strides={settings['stride']}, "
            f'padding="{mode}")')
    lines.append(f"y = -{call}(-x)  # no min pooling layer: negate, max-pool, negate" if op == "min"
                 else f"y = {call}(x)")
    return "\n".join(lines)


restore_notice = restore_from_url()
st.title("Sliding a window along a sequence")
st.markdown(
    "A pooling window slides along the sequence and writes one number for each place it stops: the "
    "**max**, the **average** or the **min** of the cells it covers. Press Play and watch each output "
    "cell being computed from the cells under the window.")
if restore_notice:
    st.caption(f"Some values in the link could not be used and were reset: {', '.join(restore_notice)}.")

st.header("1. The sequence")
x, words, features = sequence_ui()

st.header("2. The window")
settings = settings_ui(x.shape[0])
mirror_to_url()

frames = None
with show_errors():
    frames = frames1d(x, **settings)
if frames is not None:
    st.header("3. Watch it slide")
    st.plotly_chart(
        sequence_animation(x, frames, feature_names=features, step_labels=words, scale=ui_scale()),
        theme=None, config={"displayModeBar": False}, key="w1d_chart")
    st.header("4. The arithmetic")
    arithmetic(x, settings)
    st.markdown(
        f"**Takeaway.** Each output is the {OPS[settings['op']]} of the {settings['kernel_size']} cells "
        f"under the window; the window moves {settings['stride']} at a time, so {x.shape[0]} steps give "
        f"{len(frames)} outputs.")

st.header("5. Global pooling is the limit")
global_limit(x)

st.header("6. Several features")
several_features(x, words, features)

st.header("7. Show the code")
torch_tab, keras_tab, loop_tab = st.tabs(["PyTorch", "Keras", "The loop"])
if frames is None:
    torch_tab.markdown("Fix the settings above to see the code for them.")
    keras_tab.markdown("Fix the settings above to see the code for them.")
else:
    torch_tab.code(pytorch_code(x, settings), language="python", wrap_lines=True)
    missing = keras_missing(settings)
    if missing:
        keras_tab.markdown(f"Keras' pooling layers have no {', no '.join(missing)}: there is no exact "
                           "equivalent of these settings.")
    else:
        keras_tab.code(keras_code(settings), language="python", wrap_lines=True)
loop_tab.markdown("As a textbook writes it (`pooling/reference.py`); the app computes the same numbers "
                  "vectorized.")
loop_tab.code(inspect.getsource(reduce_window) + "\n\n" + inspect.getsource(pool1d_loop), language="python")

st.header("8. Share this demo")
st.markdown("The address bar holds every setting above: copy the link to come back to this exact demo.")
