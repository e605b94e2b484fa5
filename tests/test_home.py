"""The home page through app.py, and the lesson registry it lists."""

import ast
import json
import re

from streamlit.testing.v1 import AppTest

from pooling.lessons.catalog import APP_DIR, LESSONS, PAGE_HELPERS
from tests.lesson_apptest import APP, open_lesson


def test_home_renders_the_seed_example_computed_by_the_core():
    at = AppTest.from_file(APP).run()
    assert not at.exception
    assert at.title[0].value == "Pooling, step by step"
    cells = re.findall(r'class="cell (input|output)">([^<]*)<', at.get("html")[0].proto.body)
    assert [value for kind, value in cells if kind == "input"] == ["0", "1", "2", "2", "5", "1", "2"]
    assert [value for kind, value in cells if kind == "output"] == ["2", "2", "5", "5", "5"]
    assert [metric.value for metric in at.metric] == ["5", "1.857"]
    text = "\n".join(markdown.value for markdown in at.markdown)
    assert "max(2, 2, 5) = 5" in text
    assert "13/7" in text


def test_every_lesson_page_file_is_registered_once():
    shell = {*PAGE_HELPERS, "pages/home.py"}
    files = {f"pages/{path.name}" for path in (APP_DIR / "pages").glob("*.py")} - shell
    registered = [lesson.file for lesson in LESSONS]
    assert len(registered) == len(set(registered))
    missing = files - set(registered)
    assert not missing, f"add these to LESSONS in pooling/lessons/catalog.py: {missing}"


def test_no_page_shows_a_string_meant_as_a_comment():
    """Streamlit's "magic" writes any expression standing alone in a page script, a string too: only
    the page's own docstring, its first statement, is left out."""
    for path in [APP_DIR / "app.py", *(APP_DIR / "pages").glob("*.py")]:
        if f"pages/{path.name}" in PAGE_HELPERS:
            continue
        statements = ast.parse(path.read_text()).body[1:]
        shown = [node.lineno for node in statements
                 if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)]
        assert not shown, f"{path.name}, line {shown}: make it a comment"


def test_every_page_enters_through_the_app():
    """Until app.py first runs, Streamlit serves pages/<name>.py alone at /<name>: pages must hand over."""
    for path in (APP_DIR / "pages").glob("*.py"):
        if f"pages/{path.name}" not in PAGE_HELPERS:
            assert "enter_through_app()" in path.read_text(), path.name


def test_every_chart_can_be_drawn_once():
    """Streamlit draws a new chart, then a copy of it at its measured width: plotly skips the second
    drawing only for a figure with a fixed ``datarevision`` and no template (`charts.style.drawn_once`)."""
    for lesson in LESSONS:
        at = open_lesson(lesson.file)
        for chart in at.get("plotly_chart"):
            layout = json.loads(chart.proto.spec)["layout"]
            assert layout.get("datarevision") == 1 and layout.get("template") is None, lesson.file
