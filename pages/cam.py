"""Where does the network look? Class activation maps from small networks trained by the app itself."""

import time

import streamlit as st

from pages.common import (
    chart,
    enter_through_app,
    figure,
    image_upload,
    keep_in_link,
    linked_fragment,
    show_code,
    show_errors,
    write_link,
)
from pages.predict import asking, predict_first, predict_switch
from pages.presenter import ui_scale
from pooling import load_image
from pooling.charts import cam as charts
from pooling.inputs import FORMAT_NAMES
from pooling.lessons import cam
from pooling.lessons.cam_predictions import picture_predictions, table_predictions
from pooling.lessons.cam_weights import (
    HELD_OUT_SIZE,
    LINK,
    SOURCES,
    held_out,
    load_networks,
    load_table,
    measured_table,
    trained_networks,
)
from pooling.lessons.citations import CAM, NIN
from pooling.lessons.code import Snippet
from pooling.lessons.network import DEFAULT, HEAD_NAMES, QUICK
from pooling.lessons.shapes_data import CLASSES, SIDE

enter_through_app()

SCALE = ui_scale()
GENERATED, UPLOAD = SOURCES
SIZES = {"default": DEFAULT, "quick": QUICK}
SHOWN = ("gap", "gmp")


@st.cache_resource(show_spinner=False)
def shipped_networks():
    return load_networks()


@st.cache_resource(show_spinner=False)
def held_out_pictures():
    return held_out()


@st.cache_resource(show_spinner=False)
def shipped_table():
    return load_table()


def networks_in_use():
    """The networks trained on this page if any, else the shipped ones; their table; a one-line origin."""
    if "cam_trained" in st.session_state:
        return (*st.session_state["cam_trained"], "trained here, in this session")
    return shipped_networks(), shipped_table(), "shipped with the app (default size, made by a script)"


@st.cache_data(max_entries=4, show_spinner=False)
def uploaded_picture(data: bytes):
    return cam.as_shape_picture(load_image(data))


def picture_ui():
    """The picture to look at, ``(SIDE, SIDE)``, its true box (None for an upload) and a name for it
    (what the predictions are keyed by); the first held-out picture until an image is uploaded."""
    source = st.radio("Look at", [GENERATED, UPLOAD], key="cam_source", horizontal=True)
    data = held_out_pictures()
    if source == GENERATED:
        index = st.slider("Held-out picture number", 0, HELD_OUT_SIZE - 1, key="cam_picture")
        return data.images[index], data.boxes[index], str(index)
    upload = image_upload(f"Your image ({FORMAT_NAMES})", "cam_upload")
    st.caption(f"Its centre square is shrunk to {SIDE}x{SIDE} grey pixels; a mostly bright picture is "
               "inverted, since the networks learned bright shapes on a dark ground.")
    if upload is None:  # as the note under the uploader says, another picture meanwhile
        return data.images[0], data.boxes[0], "0"
    return uploaded_picture(upload[1]), None, f"upload {hash(upload[1])}"


@linked_fragment(LINK)
def look_section(networks, origin: str) -> None:
    """Section 1; its picture controls rerun only this section."""
    image, true_box, name = None, None, ""
    with show_errors():
        image, true_box, name = picture_ui()
    if image is None:
        return
    found = {head: cam.localize(networks[head], image[None]) for head in SHOWN}
    overlaps = None
    if true_box is not None:
        overlaps = {head: float(cam.iou(result.boxes[0], true_box)) for head, result in found.items()}
    asked = picture_predictions(f"{name}:{origin}", {h: int(r.predicted[0]) for h, r in found.items()},
                                overlaps, CLASSES)
    if asking(asked):  # the picture first, then the questions about it
        chart(charts.cam_figure(image, [], true_box, SCALE))
    if not predict_first(asked, "cam_look"):
        return
    views = []
    for head, result in found.items():
        label = CLASSES[result.predicted[0]]
        overlap = "" if overlaps is None else f"<br>IoU {overlaps[head]:.2f}"  # lines that fit a phone
        views.append((f"<b>{HEAD_NAMES[head]}</b><br>says {label}{overlap}", result.maps[0], result.boxes[0]))
    chart(figure(charts.cam_figure, image, views, true_box, SCALE))
    channels = networks["gap"].params["dense_w"].shape[0]
    st.caption(f"Colour: the map of the predicted class, Σₖ wₖᶜ fₖ(x, y), the {channels} last feature maps "
               "weighted by that class's dense weights, upsampled to the picture. Dashed "
               f"vermillion: the box around the largest region above {cam.BOX_FRACTION:.0%} of the map's "
               "max" + ("; solid green: the true box." if true_box is not None else "."))
    scores = {head: result.probabilities[0] for head, result in found.items()}
    chart(figure(charts.scores_figure, scores, CLASSES, SCALE))


def table_section(table, origin: str) -> None:
    if not predict_first(table_predictions(table), "cam_table"):
        return
    st.table(cam.table_columns(table))
    st.caption(f"Networks {origin}. Each box is drawn from the map of the class the network predicts, as "
               f"in {CAM}; IoU is the overlap of that box with the true one (intersection over union).")
    st.markdown(f"**Takeaway.** {cam.takeaway(table)}")


def forget_training() -> None:
    for key in ("cam_trained", "cam_trained_in"):
        st.session_state.pop(key, None)


def train_section(networks) -> None:
    size = st.radio("Size", list(SIZES), key="cam_size", horizontal=True,
                    format_func=lambda s: f"{s}: {SIZES[s].train_size} pictures, {SIZES[s].epochs} epochs")
    config = SIZES[size]
    curve = st.empty()
    with curve:
        chart(figure(charts.training_figure, {h: n.history for h, n in networks.items()},
                                     int(max(n.history[-1, 0] for n in networks.values())), SCALE))
    if not st.button("Train the three networks", key="cam_train", type="primary"):
        if "cam_trained_in" in st.session_state:
            seconds = st.session_state["cam_trained_in"]
            st.progress(1.0, text=f"Trained the three networks in {seconds:.1f} s; sections 1 and 2 use them")
            st.button("Use the shipped networks again", key="cam_reset", on_click=forget_training)
        return
    bar = st.progress(0.0, text="Training...")
    histories, last_drawn = {}, [0.0]

    def report(progress) -> None:
        histories.setdefault(progress.head, []).append((progress.step, progress.loss, progress.accuracy))
        done = (list(histories).index(progress.head) + progress.step / progress.steps) / 3
        bar.progress(done, text=f"{HEAD_NAMES[progress.head]}: step {progress.step} of {progress.steps}, "
                                f"loss {progress.loss:.2f}, accuracy {progress.accuracy:.0%}")
        if time.monotonic() - last_drawn[0] > 0.5 or progress.step == progress.steps:
            last_drawn[0] = time.monotonic()
            with curve:
                chart(charts.training_figure(histories, progress.steps, SCALE))

    started = time.monotonic()
    trained = trained_networks(config, report)
    bar.progress(1.0, text=f"Measuring the networks on {HELD_OUT_SIZE} held-out pictures...")
    table = measured_table(trained)
    st.session_state["cam_trained"] = (trained, table)
    st.session_state["cam_trained_in"] = time.monotonic() - started
    st.rerun()


keep_in_link(LINK)
st.title("Where does the network look?")
st.markdown(
    f"Three small networks learned to tell {', '.join(CLASSES[:-1])} and {CLASSES[-1]} apart in "
    f"{SIDE}x{SIDE} pictures, from the class name alone: no one showed them where the shape is. "
    f"Yet a network that ends with **global average pooling** and one dense layer can point at it: "
    f"its dense weights turn its feature maps into a **class activation map** ({CAM})."
)
networks, table, origin = networks_in_use()

st.header("1. Where does each network look?")
st.markdown("Two of the three networks: they have the same convolutions and were trained on the same "
            f"pictures; one pools its last maps by their average (GAP, as in {NIN}), the other by their max "
            "(GMP). The third, which flattens its maps, is measured in the table below.")
predict_switch("cam")
look_section(networks, origin)

st.header(f"2. Measured on {HELD_OUT_SIZE} held-out pictures")
table_section(table, origin)

st.header("3. Train them yourself")
st.markdown("The curve shows each head's loss and accuracy on the training pictures while it learns. "
            "Training runs here, in numpy, with the app's own pooling forward and backward.")
train_section(networks)

st.header("4. Show the code")
gap_w = networks["gap"].params["dense_w"]
st.markdown(f"The GAP head on the last feature maps `f` of shape (N, h, w, C = {gap_w.shape[0]}), "
            f"for {len(CLASSES)} classes:")
show_code([Snippet("numpy", cam.GAP_HEAD_NUMPY), Snippet("PyTorch", cam.GAP_HEAD_TORCH),
           Snippet("The class activation map", cam.CAM_NUMPY,
                   "The class activation map reuses the dense weights, before pooling:")], key="cam_code")
write_link(LINK)
