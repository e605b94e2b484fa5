"""The real app for browser tests: a live `streamlit run app.py` server and Playwright on system Chromium.

A lesson's browser test asks for ``open_page`` and checks what the page shows::

    def test_window_slides(open_page):
        page = open_page("window_1d")
        expect(page.locator(".js-plotly-plot")).to_be_visible()

Every test that opens a page also fails if the browser requested anything from a host other than
127.0.0.1.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
OUTPUT = ROOT / "test-output"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVER_START_SECONDS = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_healthy(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"streamlit exited with code {server.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"no answer from {url}/_stcore/health in {SERVER_START_SECONDS} s:\n{log.read_text()}")


def wait_for_app(page) -> None:
    """Wait until the app is connected and its script has finished running."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')


def stop(process: subprocess.Popen, seconds: float) -> bool:
    """Terminate ``process`` by its PID; kill it if it has not ended after ``seconds``. True if killed."""
    process.terminate()
    try:
        process.wait(timeout=seconds)
        return False
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        return True


@contextmanager
def running_server(log: Path, port: int | None = None, script: Path = APP, options=(), env=None):
    """Run `streamlit run app.py` (or ``script``) on ``port`` (default: a free one) of 127.0.0.1 with
    extra command-line ``options`` and environment variables ``env``; yield its base URL and process;
    stop it by its PID."""
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    command = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.headless", "true",
        "--server.address", "127.0.0.1",
        "--server.port", str(port),
        "--browser.gatherUsageStats", "false",
        *options,
    ]  # fmt: skip
    with log.open("ab") as output:
        server = subprocess.Popen(command, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT,
                                  env={**os.environ, **(env or {})})
    try:
        wait_until_healthy(url, server, log)
        yield url, server
    finally:
        stop(server, seconds=10)


@contextmanager
def running_app(log: Path, port: int | None = None, script: Path = APP, env: dict | None = None):
    """Like `running_server`, yielding the base URL only."""
    with running_server(log, port, script, env=env) as (url, _server):
        yield url


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    """The base URL of the live app, shared by the whole session."""
    with running_app(tmp_path_factory.mktemp("streamlit") / "server.log") as url:
        yield url


@pytest.fixture
def fresh_app_url(tmp_path):
    """The base URL of a live app started for this test alone, for what happens right after a start."""
    with running_app(tmp_path / "server.log") as url:
        yield url


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's launch options, pointed at the system Chromium (Playwright cannot download one)."""
    if not shutil.which(CHROMIUM):
        message = f"no Chromium at {CHROMIUM}; install it with: apt-get install -y chromium"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def requested_urls(page):
    """Every URL the browser page requests (websockets included); the test fails if one leaves 127.0.0.1.
    ``data:`` URLs and ``blob:`` URLs made by a 127.0.0.1 page (a file the page saves) stay in the browser."""
    urls = []
    page.on("request", lambda request: urls.append(request.url))
    page.on("websocket", lambda websocket: urls.append(websocket.url))
    yield urls
    elsewhere = [url for url in urls if not url.startswith("data:")
                 and urlsplit(url.removeprefix("blob:")).hostname != "127.0.0.1"]
    assert not elsewhere, f"the browser contacted other hosts: {elsewhere}"


@pytest.fixture
def open_page(page, app_url, requested_urls):
    """``open_page(url_path="")`` loads that page of the live app and returns the Playwright page once
    the script has run; ``url_path`` is a lesson's ``Lesson.url_path`` ("" is home)."""

    def open_(url_path: str = ""):
        page.goto(f"{app_url}/{url_path}")
        wait_for_app(page)
        return page

    return open_


@pytest.fixture
def screenshot(page):
    """``screenshot(name)`` saves a full-page PNG of the page as test-output/screenshots/<name>.png and
    returns its path. The app scrolls inside its main area, so the viewport is stretched to the content."""

    def take(name: str) -> Path:
        path = OUTPUT / "screenshots" / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        viewport = page.viewport_size
        height = page.evaluate('document.querySelector("[data-testid=stMain]").scrollHeight')
        page.set_viewport_size({"width": viewport["width"], "height": max(height, viewport["height"])})
        page.screenshot(path=path, full_page=True)
        page.set_viewport_size(viewport)
        return path

    return take
