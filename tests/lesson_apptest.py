"""Open a page through app.py in AppTest, the way a student reaches it from the navigation."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def open_lesson(page: str, timeout: float = 60, **query) -> AppTest:
    """Run app.py with ``query`` in the address, switch to ``page`` and check it ran cleanly."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.run()
    for name, value in query.items():  # set after the home page's run, which clears the link
        at.query_params[name] = value
    at.switch_page(page).run()
    assert not at.exception
    return at


def every_snippet(at: AppTest, key: str) -> list[str]:
    """The code of each snippet "Show the code" offers (its radio ``key``), choosing each in turn; a
    snippet that is a note only gives ""."""
    choice = at.radio(key=key)
    codes = []
    for title in choice.options:
        choice.set_value(title).run()
        assert not at.exception
        codes.append(at.code[0].value if at.code else "")
        choice = at.radio(key=key)
    return codes
