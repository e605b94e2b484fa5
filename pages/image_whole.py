"""Sections 4-6 of the image lesson: the whole picture pooled with the window's settings (again
and again, if asked), where max and average pooling differ, the takeaway and the code."""

from __future__ import annotations

import numpy as np
import streamlit as st

from pages.common import show_code, show_picture
from pages.image_choice import original_level, picture_store
from pages.sharing import png_download
from pooling.charts.maps import colour_key, difference_picture
from pooling.lessons import pictures as pic
from pooling.lessons.code import pooling_snippets

OPS = pic.OPS


@st.cache_data(max_entries=8, show_spinner="Pooling the whole picture…")
def pooled_picture(key: str, times: int, settings: dict, _pixels: np.ndarray) -> pic.PooledPicture:
    return pic.pool_picture(_pixels, times, **settings)


@st.cache_data(max_entries=8, show_spinner=False)
def difference_uri(difference: np.ndarray) -> str:
    """`difference_picture` as a `pic.data_uri`, made once for the reruns that show it again."""
    return pic.data_uri(difference_picture(difference))


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


def whole_picture(picture: pic.Picture, settings: dict) -> None:
    """Sections 4-6 for ``picture`` and the `pool2d` keyword arguments ``settings``."""
    original = original_level(picture.key, picture.pixels)
    st.header("4. The whole picture")
    st.markdown("Every pixel of every colour channel, at full resolution, with the settings above.")
    times = st.slider("Pool again: how many times", 1, 5, key="img_times",
                      help="Pool the pooled picture again with the same settings: a pyramid.")
    pooled = pooled_picture(picture.key, times, settings, picture.pixels)
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
