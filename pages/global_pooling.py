"""Global max vs global average pooling, side by side, and why GAP replaced dense heads."""

import numpy as np
import streamlit as st

from pages.common import enter_through_app, show_errors, ui_scale
from pooling import UPLOAD_TYPES, load_image, parse_sequence
from pooling.charts import global_figures as charts
from pooling.lessons import experiments as ex
from pooling.lessons import sentences as sentence
from pooling.lessons.citations import CAM, NIN
from pooling.lessons.feature_maps import FEATURES, feature_maps, shrink
from pooling.lessons.samples import SAMPLES, load_sample

enter_through_app()

KIM = "Kim 2014, *Convolutional Neural Networks for Sentence Classification*, EMNLP 2014, arXiv:1408.5882"
BOUREAU = ("Boureau, Ponce & LeCun 2010, *A Theoretical Analysis of Feature Pooling in Visual "
           "Recognition*, ICML 2010")
VGG = ("Simonyan & Zisserman 2014, *Very Deep Convolutional Networks for Large-Scale Image "
       "Recognition*, arXiv:1409.1556 (ICLR 2015)")
GOOGLENET = "Szegedy et al. 2015, *Going Deeper with Convolutions*, CVPR 2015, arXiv:1409.4842"
RESNET = ("He, Zhang, Ren & Sun 2016, *Deep Residual Learning for Image Recognition*, CVPR 2016, "
          "arXiv:1512.03385")

MAX_SIDE = 128
SCALE = ui_scale()
SAMPLE, UPLOAD, SEQUENCE = "a sample image", "your own image", "a sequence (steps, features)"


def chart(fig) -> None:
    st.plotly_chart(fig, theme=None, config={"displayModeBar": False})


def takeaway(text: str) -> None:
    st.markdown(f"**Takeaway.** {text}")


@st.cache_data(max_entries=4, show_spinner=False)
def shrunk_upload(data: bytes) -> np.ndarray:
    return shrink(load_image(data), MAX_SIDE)


@st.cache_data(max_entries=len(SAMPLES), show_spinner=False)
def shrunk_sample(name: str) -> np.ndarray:
    return shrink(load_sample(name), MAX_SIDE)


def image_ui(source: str) -> np.ndarray | None:
    """The chosen sample or upload, shrunk, as float (H, W, 3); None while nothing is uploaded."""
    if source == SAMPLE:
        name = st.selectbox("Sample", list(SAMPLES), index=list(SAMPLES).index("shapes"), key="gp_sample",
                            format_func=lambda n: SAMPLES[n].title)
        return shrunk_sample(name)
    upload = st.file_uploader("Your image (PNG, JPEG, WebP, BMP, GIF, TIFF)", key="gp_upload",
                              type=UPLOAD_TYPES)
    if upload is None:
        st.info("Upload an image to see its feature maps, or pick a sample.")
        return None
    return shrunk_upload(upload.getvalue())


def sequence_ui() -> ex.PooledSequence:
    """The typed sequence, pooled over time; the sentence's words and features name it while it keeps
    the sentence's shape. Raises InputError for text that is not a sequence."""
    text = st.text_area(
        "Your sequence: one line per step, the same number of features on every line", key="gp_sequence",
        value=sentence.rows_text(sentence.SCORES), height=260,
        help="Commas or spaces between numbers. Prefilled with a sentence: one line per word, "
             f"scoring {', '.join(sentence.FEATURES)}.")
    x = parse_sequence(text)
    if x.shape == sentence.SCORES.shape:
        return ex.pooled_sequence(x, sentence.FEATURES, sentence.WORDS)
    return ex.pooled_sequence(x)


def image_section(source: str) -> ex.Pooled | None:
    st.markdown(
        "Two 3x3 edge filters (Sobel) and two per-pixel ones, fixed here where a network would learn "
        f"them, turn the image into {len(FEATURES)} feature maps: "
        + ", ".join(f"**{name}**" for name in FEATURES)
        + f". Images are first shrunk by average pooling to at most {MAX_SIDE} pixels a side."
    )
    image = None
    with show_errors():
        image = image_ui(source)
    if image is None:
        return None
    result = ex.pooled(feature_maps(image))
    st.image(np.clip(image, 0, 1), caption=f"The image, {image.shape[1]}x{image.shape[0]} pixels",
             width=2 * image.shape[1])
    chart(charts.feature_map_grid(result, FEATURES, SCALE))
    st.caption("The circle marks the cell that holds each map's global max.")
    chart(charts.pooled_bars(result, FEATURES, SCALE))
    takeaway(result.takeaway)
    return result


def sequence_section() -> ex.PooledSequence | None:
    st.markdown(
        "In a sentence classifier each word is a step and each convolution filter scores every step: "
        "a feature map over time. Pooling over time turns (steps, features) into one number per "
        f"feature ({KIM}). Prefilled: *{' '.join(sentence.WORDS)}*, with hand-set scores for "
        + ", ".join(f"**{name}**" for name in sentence.FEATURES) + "; type your own numbers to replace it."
    )
    with show_errors():
        seq = sequence_ui()
        chart(charts.sequence_heatmap(seq, SCALE))
        st.caption("The frame marks the step that holds each feature's global max.")
        chart(charts.pooled_bars(seq, seq.features, SCALE))
        st.caption(
            "Computed with `global_pool1d(x, \"max\")` and `global_pool1d(x, \"avg\")`; in Keras "
            "`GlobalMaxPooling1D()` and `GlobalAveragePooling1D()` map (batch, steps, features) to "
            "(batch, features); in numpy `x.max(axis=0)` and `x.mean(axis=0)`."
        )
        takeaway(seq.takeaway)
        return seq
    return None


def vector(values) -> str:
    return "[" + ", ".join(f"{v:.3f}" for v in values) + "]"


def sequence_code(seq: ex.PooledSequence) -> None:
    steps, n = seq.maps.shape
    st.markdown(f"Shapes: sequence (steps, features) = ({steps}, {n}) → pooled vector (features,) = ({n},).")
    st.code(f"""import numpy as np

x = sequence                     # (steps, features) = ({steps}, {n})
gmp = x.max(axis=0)              # (features,) {vector(seq.gmp)}
gap = x.mean(axis=0)             # (features,) {vector(seq.gap)}

from pooling import global_pool1d   # this app's core, same numbers
global_pool1d(x, "max"), global_pool1d(x, "avg")""", language="python")
    st.code("""import keras  # channels last: (batch, steps, features) -> (batch, features)

x = sequence[None]                        # (1, steps, features)
keras.layers.GlobalMaxPooling1D()(x)      # (1, features)
keras.layers.GlobalAveragePooling1D()(x)  # (1, features)""", language="python")
    st.code("""import torch  # channels first: (batch, features, steps)

x = torch.from_numpy(sequence).T[None]        # (1, features, steps)
torch.nn.AdaptiveMaxPool1d(1)(x).flatten(1)   # (1, features)
x.amax(dim=2)                                 # (1, features), the same
torch.nn.AdaptiveAvgPool1d(1)(x).flatten(1)   # (1, features)
x.mean(dim=2)                                 # (1, features), the same""", language="python")


def image_code(shown: ex.Pooled) -> None:
    h, w, c = shown.maps.shape
    st.markdown(f"Shapes: feature maps (H, W, C) = ({h}, {w}, {c}) → pooled vector (C,) = ({c},).")
    st.code(f"""import numpy as np

x = feature_maps                 # (H, W, C) = ({h}, {w}, {c})
gmp = x.max(axis=(0, 1))         # (C,) {vector(shown.gmp)}
gap = x.mean(axis=(0, 1))        # (C,) {vector(shown.gap)}

from pooling import global_pool2d   # this app's core, same numbers
global_pool2d(x, "max"), global_pool2d(x, "avg")""", language="python")
    st.code("""import keras  # channels last: (batch, H, W, C) -> (batch, C)

x = feature_maps[None]                    # (1, H, W, C)
keras.layers.GlobalMaxPooling2D()(x)      # (1, C)
keras.layers.GlobalAveragePooling2D()(x)  # (1, C)""", language="python")
    st.code("""import torch  # channels first: (batch, C, H, W)

x = torch.from_numpy(feature_maps).permute(2, 0, 1)[None]   # (1, C, H, W)
torch.nn.AdaptiveMaxPool2d(1)(x).flatten(1)   # (1, C, 1, 1) -> (1, C)
x.amax(dim=(2, 3))                            # (1, C), the same
torch.nn.AdaptiveAvgPool2d(1)(x).flatten(1)   # (1, C)
x.mean(dim=(2, 3))                            # (1, C), the same""", language="python")


st.title("Global max vs global average pooling")
st.markdown(
    "Global pooling turns each whole feature map into **one number**: its largest value "
    "(**global max pooling, GMP**) or its mean (**global average pooling, GAP**). "
    "GMP answers *is the feature anywhere?*, GAP answers *how much of it is there overall?*"
)

st.header("1. Feature maps, pooled")
source = st.radio("Start from", [SAMPLE, UPLOAD, SEQUENCE], key="gp_source", horizontal=True)
result = sequence_section() if source == SEQUENCE else image_section(source)

st.header("2. Experiments")
st.caption("Each control reruns only its own experiment.")


@st.fragment
def translation_experiment() -> None:
    st.subheader("Translation: move the object")
    limit_down, limit_right = ex.translation_range()
    col_down, col_right = st.columns(2)
    down = col_down.slider("Move down by (cells)", 0, limit_down, 8, key="gp_down")
    right = col_right.slider("Move right by (cells)", 0, limit_right, 12, key="gp_right")
    moved = ex.translation(down, right)
    chart(charts.translation_figure(moved, FEATURES.index("brightness"), "brightness", SCALE))
    takeaway(moved.takeaway)
    st.caption(
        "Change = ‖after − before‖ / ‖before‖ over all four maps. While the object stays inside the "
        "frame, GMP and GAP do not change at all. Global average pooling 'sums out the spatial "
        f"information', which makes it more robust to translations of the input ({NIN})."
    )


@st.fragment
def outlier_experiment() -> None:
    st.subheader("One outlier: a single bright spike")
    spike = st.slider("Value of the spike in the centre cell", 0.5, 10.0, 5.0, 0.5, key="gp_spike")
    spiked = ex.outlier(spike)
    chart(charts.outlier_figure(spiked, SCALE))
    takeaway(spiked.takeaway)


@st.fragment
def presence_experiment() -> None:
    st.subheader("Presence vs extent: a small and a large object")
    col_small, col_large = st.columns(2)
    small = col_small.slider("Side of the small red square", 1, 6, 2, key="gp_small")
    large = col_large.slider("Side of the large red square", 6, 24, 12, key="gp_large")
    sizes = ex.presence(small, large)
    chart(charts.presence_figure(sizes, SCALE))
    takeaway(sizes.takeaway)
    st.caption(
        "Zhou et al. argue that training with GAP encourages a network to find the whole extent of an "
        f"object, while GMP lets it settle for one discriminative part ({CAM})."
    )


@st.fragment
def sparse_experiment() -> None:
    st.subheader("Sparse features: how often does the max fire?")
    col_alpha, col_cells = st.columns(2)
    alpha = col_alpha.slider("α: chance that a cell holds the feature", 0.01, 0.5, 0.05, 0.01,
                             key="gp_alpha")
    cells = col_cells.slider("P: number of cells pooled", 1, 64, 16, key="gp_cells")
    model = ex.sparse(alpha, cells)
    st.latex(r"\mathbb{E}[\max] = 1 - (1 - \alpha)^P \qquad \mathbb{E}[\text{average}] = \alpha")
    chart(charts.sparse_figure(model, SCALE))
    takeaway(model.takeaway)
    st.caption(
        f"Each cell holds the feature (1) with probability α, independently, else 0: the model of "
        f"binary features pooled in {BOUREAU}. Max reports whether the feature occurs at least once; "
        f"average reports how often. Dots: {model.trials:,} seeded draws per P, pooled with "
        "`global_pool1d`."
    )


@st.fragment
def gradient_experiment() -> None:
    st.subheader("Gradients: where does the learning signal go?")
    side = st.slider("Feature map size (side)", 2, 6, 4, key="gp_side")
    flow = ex.gradients(side)
    chart(charts.gradient_figure(flow.x, flow.grads, SCALE))
    takeaway(flow.takeaway)
    st.caption(
        "Computed with `pool2d_grad(x, 1, kernel_size=(H, W))`: global pooling is one window as big as "
        "the map. With a tie, the gradient goes to the first tied cell, as in PyTorch's "
        "`AdaptiveMaxPool2d(1)` (`x.amax` would split it evenly between the tied cells)."
    )


translation_experiment()
outlier_experiment()
presence_experiment()
sparse_experiment()
gradient_experiment()

st.header("3. Why GAP replaced dense layers")
st.markdown(
    "Networks such as VGG flattened the last feature maps into a long vector and fed it to dense "
    f"layers. Network In Network ({NIN}) instead made one feature map per class and averaged each "
    "into that class's score. Count what each head has to learn:"
)


@st.fragment
def parameter_counter() -> None:
    col_h, col_w, col_c, col_k = st.columns(4)
    counts = ex.head_parameters(
        col_h.number_input("H", 1, 512, 7, key="gp_h"),
        col_w.number_input("W", 1, 512, 7, key="gp_w"),
        col_c.number_input("C (channels)", 1, 8192, 512, key="gp_c"),
        col_k.number_input("K (classes)", 1, 100_000, 1000, key="gp_k"),
    )
    chart(charts.parameters_figure(counts, SCALE))
    takeaway(counts.takeaway)


parameter_counter()
vgg = ex.head_parameters(7, 7, 512, 4096)
st.markdown(
    f"- VGG-16's first dense layer alone maps its 7x7x512 feature maps to 4096 units: "
    f"7·7·512·4096 + 4096 = **{vgg.flatten_dense:,}** parameters ({VGG}).\n"
    f"- **Three reasons from {NIN}:** global average pooling has no parameters to optimize, so "
    f"overfitting is avoided at that layer (it is a structural regularizer); it sums out the spatial "
    f"information, so it is more robust to translations of the input (see the experiment above); and "
    f"it ties each feature map to one category, so the maps read as category confidence maps.\n"
    f"- **Class activation maps.** With GAP followed by one dense layer, the class's weights applied to "
    f"the last feature maps, Σₖ wₖᶜ fₖ(x, y), show where the network found the class, though it was "
    f"trained with image labels only ({CAM}).\n"
    f"- **In vision, global average pooling is the usual head**: GoogLeNet ({GOOGLENET}) and ResNet "
    f"({RESNET}) end with global average pooling and one dense layer.\n"
    f"- **In text, global max pooling over time is the usual choice**: Kim's sentence classifier keeps "
    f"each feature map's strongest value, wherever in the sentence it occurs, which also handles "
    f"sentences of any length ({KIM})."
)

st.header("4. Show the code")
if isinstance(result, ex.PooledSequence):
    sequence_code(result)
else:
    image_code(result or ex.pooled(ex.translation(0, 0).before))
