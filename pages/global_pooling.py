"""Global max vs global average pooling, side by side, and why GAP replaced dense heads."""

import numpy as np
import streamlit as st

from pages.common import (
    chart,
    enter_through_app,
    figure,
    image_upload,
    keep_in_link,
    keep_settings,
    linked_fragment,
    show_code,
    show_errors,
    show_picture,
    write_link,
)
from pages.predict import asking, predict_first, predict_switch
from pages.presenter import ui_scale
from pages.score import score_panel
from pooling import load_image, parse_sequence
from pooling.charts import bars, maps
from pooling.charts import experiments as figures
from pooling.inputs import FORMAT_NAMES
from pooling.lessons import experiments as ex
from pooling.lessons import global_lesson as lesson
from pooling.lessons import predictions as pr
from pooling.lessons import sentences as sentence
from pooling.lessons.code import global_snippets
from pooling.lessons.feature_maps import MAP_FEATURES, argmax_cells, feature_maps, fit_to_side
from pooling.lessons.pictures import data_uri, size_text, to_uint8
from pooling.lessons.samples import SAMPLES, load_sample

enter_through_app()

MAX_SIDE = 128
SCALE = ui_scale()
SAMPLE, UPLOAD, SEQUENCE = ex.SOURCES.values()


def takeaway(text: str) -> None:
    st.markdown(f"**Takeaway.** {text}")


def reveal(result, build, *args) -> None:
    """The result's figure (``build(*args)``, see `figure`), takeaway and note; with "Predict first"
    on, only once the student has predicted what it will show."""
    if predict_first(pr.predictions_for(result), f"gp_{type(result).__name__.lower()}"):
        chart(figure(build, *args))
        takeaway(result.takeaway)
        if getattr(result, "note", None):
            st.caption(result.note)


@st.cache_data(max_entries=8, show_spinner=False)
def map_uris(stack: np.ndarray) -> list[str]:
    """Each channel of the ``(H, W, C)`` feature maps as a `maps.map_picture`, in a `data_uri`."""
    return [data_uri(maps.map_picture(values)) for values in np.moveaxis(stack, -1, 0)]


def feature_map_pictures(result: ex.PooledMaps, values: bool) -> None:
    """One picture per feature map, two to a row, titled with its global max and average (only its
    name when ``values`` is False, while a student predicts them); each map's max cell marked."""
    uris, (rows, cols) = map_uris(result.maps), result.maps.shape[:2]
    places = list(zip(MAP_FEATURES, uris, argmax_cells(result.maps), result.gmp, result.gap))
    for start in range(0, len(places), 2):
        for column, (name, uri, (row, col), top, mean) in zip(st.columns(2), places[start:start + 2]):
            numbers = f"max {top:.2f} · mean {mean:.3f}" if values else "max ? · mean ?"
            column.markdown(f"**{name}**  \n{numbers}")
            show_picture(uri, f"the {name} map", column, mark=(row, col, rows, cols))


@st.cache_data(max_entries=4, show_spinner=False)
def shrunk_upload(data: bytes) -> np.ndarray:
    return fit_to_side(load_image(data), MAX_SIDE)


@st.cache_data(max_entries=len(SAMPLES), show_spinner=False)
def shrunk_sample(name: str) -> np.ndarray:
    return fit_to_side(load_sample(name), MAX_SIDE)


def image_ui(source: str) -> np.ndarray | None:
    """The chosen sample or upload, shrunk, as float (H, W, 3); None while nothing is uploaded."""
    if source == SAMPLE:
        name = st.selectbox("Sample", list(SAMPLES), key="gp_sample",
                            format_func=lambda n: SAMPLES[n].title)
        return shrunk_sample(name)
    upload = image_upload(f"Your image ({FORMAT_NAMES})", "gp_upload")
    if upload is None:
        return None
    return shrunk_upload(upload[1])


def sequence_ui() -> ex.PooledSequence:
    """The typed sequence, pooled over time; the sentence's words and features name it while it keeps
    the sentence's shape. Raises InputError for text that is not a sequence."""
    text = st.text_area(
        "Your sequence: one line per step, the same number of features on every line", key="gp_sequence",
        height=260,
        help="Commas or spaces between numbers. Prefilled with a sentence: one line per word, "
             f"scoring {', '.join(sentence.SENTENCE_FEATURES)}.")
    x = parse_sequence(text)
    if x.shape == sentence.SCORES.shape:
        return ex.pooled_sequence(x, sentence.SENTENCE_FEATURES, sentence.WORDS)
    return ex.pooled_sequence(x)


def image_section(source: str) -> ex.PooledMaps | None:
    st.markdown(lesson.maps_intro(MAX_SIDE))
    image = None
    with show_errors():
        image = image_ui(source)
    if image is None:
        return None
    result = ex.pooled(feature_maps(image))
    column, _ = st.columns([2, 3])
    show_picture(data_uri(to_uint8(np.clip(image, 0, 1) * 255)), "the image", column)
    column.caption(f"The image, {size_text(image.shape)} pixels")
    feature_map_pictures(result, values=not asking(pr.predictions_for(result)))
    st.caption("The circle marks the cell that holds each map's global max.")
    reveal(result, bars.pooled_bars, result, MAP_FEATURES, SCALE)
    return result


def sequence_section() -> ex.PooledSequence | None:
    st.markdown(lesson.sequence_intro())
    with show_errors():
        seq = sequence_ui()
        chart(figure(maps.sequence_heatmap, seq, SCALE))
        st.caption("The frame marks the step that holds each feature's global max.")
        reveal(seq, bars.pooled_bars, seq, seq.features, SCALE)
        return seq
    return None


keep_in_link(ex.LINK)
st.title("Global max vs global average pooling")
st.markdown(lesson.INTRO)
if predict_switch("gp"):
    score_panel("gp")

st.header("1. Feature maps, pooled")
source = st.radio("Start from", [SAMPLE, UPLOAD, SEQUENCE], key="gp_source", horizontal=True)
result = sequence_section() if source == SEQUENCE else image_section(source)
write_link(ex.LINK)

st.header("2. Experiments")


def translation_experiment() -> None:
    limit_down, limit_right = ex.translation_range()
    col_down, col_right = st.columns(2)
    down = col_down.slider("Move down by (cells)", 0, limit_down, key="gp_down")
    right = col_right.slider("Move right by (cells)", 0, limit_right, key="gp_right")
    moved = ex.translation(down, right)
    brightness = MAP_FEATURES.index("brightness")
    reveal(moved, figures.translation_figure, moved, brightness, "brightness", SCALE)


def outlier_experiment() -> None:
    spike = st.slider("Value of the spike in the centre cell", 0.5, 10.0, step=0.5, key="gp_spike")
    spiked = ex.outlier(spike)
    reveal(spiked, figures.outlier_figure, spiked, SCALE)


def presence_experiment() -> None:
    col_small, col_large = st.columns(2)
    small = col_small.slider("Side of the small red square", 1, 6, key="gp_small")
    large = col_large.slider("Side of the large red square", 6, 24, key="gp_large")
    sizes = ex.presence(small, large)
    reveal(sizes, figures.presence_figure, sizes, SCALE)


def sparse_experiment() -> None:
    col_alpha, col_cells = st.columns(2)
    alpha = col_alpha.slider("α: chance that a cell holds the feature", 0.01, 0.5, step=0.01, key="gp_alpha")
    cells = col_cells.slider("P: number of cells pooled", 1, 64, key="gp_cells")
    model = ex.sparse(alpha, cells)
    st.latex(r"\mathbb{E}[\max] = 1 - (1 - \alpha)^P \qquad \mathbb{E}[\text{average}] = \alpha")
    reveal(model, figures.sparse_figure, model, SCALE)


def gradient_experiment() -> None:
    side = st.slider("Feature map size (side)", 2, 6, key="gp_side")
    flow = ex.gradients(side)
    reveal(flow, maps.gradient_figure, flow.x, flow.grads, SCALE)


EXPERIMENTS = {ex.EXPERIMENTS[name]: run for name, run in (  # title -> the experiment
    ("translation", translation_experiment), ("outlier", outlier_experiment),
    ("presence", presence_experiment), ("sparse", sparse_experiment), ("gradients", gradient_experiment))}


@linked_fragment(ex.LINK)
def experiment() -> None:
    """The chosen experiment, alone: its controls rerun only it, and the others are not drawn."""
    keep_settings(ex.EXPERIMENT_LINK)
    title = st.radio("Experiment", list(EXPERIMENTS), key="gp_experiment", horizontal=True,
                     format_func=lambda title: title.split(":")[0],
                     help="One experiment at a time; its controls redraw only it.")
    st.subheader(title)
    EXPERIMENTS[title]()


experiment()

st.header("3. Why GAP replaced dense layers")
st.markdown(lesson.GAP_HEADS)


@linked_fragment(ex.LINK)
def parameter_counter() -> None:
    col_h, col_w, col_c, col_k = st.columns(4)
    counts = ex.head_parameters(
        col_h.number_input("H", 1, 512, key="gp_h"),
        col_w.number_input("W", 1, 512, key="gp_w"),
        col_c.number_input("C (channels)", 1, 8192, key="gp_c"),
        col_k.number_input("K (classes)", 1, 100_000, key="gp_k"),
    )
    chart(figure(bars.parameters_figure, counts, SCALE))
    takeaway(counts.takeaway)


parameter_counter()
st.markdown(ex.why_gap())

st.header("4. Show the code")
shown = result or ex.pooled(ex.translation(0, 0).before)
show_code(global_snippets(shown.maps.shape, shown.gmp, shown.gap), key="gp_code")
