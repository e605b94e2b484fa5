"""Pooling in neural networks, taught step by step: `streamlit run app.py`."""

import streamlit as st

from pages.common import app_running, keep_uploads_in_memory, settle_objects
from pages.presenter import opens_presenting, presenter_qr, presenter_toggle
from pooling.lessons.catalog import available_lessons

st.set_page_config(page_title="Pooling, step by step", page_icon="🔳", layout="wide",
                   initial_sidebar_state="collapsed" if opens_presenting() else None)
keep_uploads_in_memory()

home = st.Page("pages/home.py", title="Home", icon=":material/home:", default=True)
lessons = [
    st.Page(lesson.file, title=lesson.title, icon=lesson.icon, url_path=lesson.url_path)
    for lesson in available_lessons()
]
page = st.navigation({"Start": [home], "Lessons": lessons})
presenter_toggle()
with app_running():
    page.run()
presenter_qr(page.url_path)
settle_objects(page.url_path)
