"""The sharing helpers (pages/sharing.py) in AppTest, on the small page in tests/scripts/ that uses them."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

SCRIPT = str(Path(__file__).resolve().parent / "scripts" / "sharing_demo.py")
PUBLIC = "https://pooling.school.example/"


def open_demo(**query) -> AppTest:
    at = AppTest.from_file(SCRIPT, default_timeout=60)
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception
    return at


def test_downloads_are_made_only_when_clicked_and_do_not_rerun_the_page():
    at = open_demo()
    buttons = at.get("download_button")
    assert [button.proto.label for button in buttons] == ["Download GIF (5 frames, light)", "PNG, 7 x 5"]
    assert all(button.proto.deferred_file_id and button.proto.ignore_rerun for button in buttons)


def test_the_gif_follows_the_animation_and_offers_speeds_and_colours():
    at = open_demo(k="2")
    assert at.get("download_button")[0].proto.label == "Download GIF (6 frames, light)"
    assert at.radio(key="demo_gif_speed").value == "normal"
    assert at.radio(key="demo_gif_speed").options == ["Slow (1.8 s)", "Normal (0.9 s)", "Fast (0.35 s)"]
    at.radio(key="demo_gif_theme").set_value("dark").run()
    assert at.get("download_button")[0].proto.label == "Download GIF (6 frames, dark)"


def test_the_qr_panel_shows_the_public_link_with_the_settings(monkeypatch):
    monkeypatch.setenv("POOLING_PUBLIC_URL", PUBLIC)
    at = open_demo(k="2")
    assert not at.code
    at.toggle(key="demo_qr").set_value(True).run()
    assert [code.value for code in at.code] == [f"{PUBLIC}sharing_demo?k=2"]
    assert len(at.get("image")) == 1


APP = str(Path(__file__).resolve().parent.parent / "app.py")


def test_presenter_mode_offers_a_qr_code_of_the_page_with_its_current_settings(monkeypatch):
    monkeypatch.setenv("POOLING_PUBLIC_URL", PUBLIC)
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("pages/window_1d.py").run()
    assert not at.sidebar.get("toggle")[1:]  # only the presenter switch
    at.toggle(key="presenter").set_value(True).run()
    at.slider(key="w1d_kernel").set_value(4).run()
    at.toggle(key="presenter_qr").set_value(True).run()
    assert not at.exception
    link = at.sidebar.code[0].value
    assert link.startswith(f"{PUBLIC}window_1d?") and "k=4" in link
    assert len(at.sidebar.get("image")) == 1
