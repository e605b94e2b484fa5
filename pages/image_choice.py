"""The image lesson's picture: chosen (a sample, typed numbers or an upload), read once and kept
for the whole server in a bounded store; a session keeps only its key."""

from __future__ import annotations

import numpy as np
import streamlit as st

from pages.common import image_upload, show_errors
from pooling import parse_grid
from pooling.inputs import FORMAT_NAMES, MAX_PIXELS
from pooling.lessons import pictures as pic
from pooling.lessons.samples import SAMPLES, load_sample

NOT_IN_LINKS = "An uploaded image stays in your browser session: a shared link cannot carry it."
SOURCES = pic.SOURCES

KEPT_BYTES = 300_000_000
"""Pixels kept for all sessions together: about eight 12-megapixel photos (see `picture_store`)."""


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


def stored(key: str) -> pic.Picture:
    """The picture a fragment's rerun is about; the whole page reruns if the server dropped it."""
    picture = picture_store().get(key)
    if picture is None:
        st.rerun(scope="app")
    return picture
