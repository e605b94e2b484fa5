"""A small page for the sharing helpers' tests: the seed animation with the image button, a GIF
download, a PNG download and the QR panel. Run by AppTest and by `streamlit run` in browser tests."""

import numpy as np
import streamlit as st

from pages.common import CHART_CONFIG
from pages.sharing import current_link, gif_download, png_download, qr_panel
from pooling.charts.animation import sequence_animation
from pooling.lessons.frames import frames1d

SEED = [0, 1, 2, 2, 5, 1, 2]
PICTURE = (np.arange(5 * 7 * 3) * 2 % 256).astype(np.uint8).reshape(5, 7, 3)

frames = frames1d(SEED, int(st.query_params.get("k", 3)), stride=1)
st.plotly_chart(sequence_animation(SEED, frames), theme=None, config=CHART_CONFIG, key="chart")
gif_download(SEED, frames, key="demo_gif")
png_download(PICTURE, "pooled", key="demo_png")
qr_panel(current_link("sharing_demo"), key="demo_qr")
