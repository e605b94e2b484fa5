"""Hostile links, a restarted server, a class uploading at once, uploads kept off the disk: in a browser.

Each page is opened with its query parameters set to the payloads in turn, a few payloads per
address, so that every payload reaches every page and every parameter gets several (the readers
behind them are tested on every payload in test_hostile_input.py); a 10 KB value goes into one
parameter (a longer request line is refused by the web server before the app sees it). A page fails on a
traceback, on any link in its body that points away from the app, on any request to another host,
and on an address bar longer than a few KB once it settles.
"""

from pathlib import Path
from urllib.parse import quote, urlsplit

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import expect

from pages.common import NO_UPLOAD
from pooling.lessons import experiments, pictures, practice, sliding
from pooling.lessons.samples import photo_like
from tests.conftest import free_port, running_app, running_server, wait_for_app

PARAMETERS = {
    "window_1d": [setting.name for setting in sliding.LINK],
    "image": [setting.name for setting in pictures.LINK],
    "global_pooling": [setting.name for setting in experiments.LINK],
    "practice": [setting.name for setting in practice.LINK],
    "": ["present"],
}
PAYLOADS = {
    "markdown link": "[Log in again here](https://example.org/login)",
    "markdown image": "![t](http://198.51.100.7/t.png)",
    "latex": "$\\int_0^1 x$",
    "html": "<a href='https://example.org'>x</a><img src='http://198.51.100.7/i.png'>",
    "superscript": "²",
    "5000 digits": "9" * 5000,
    "negative": "-3",
    "empty": "",
}
LONG = "1," * 5000  # 10 KB
LINK_LIMIT = 4096
EXCEPTION = '[data-testid="stException"]'
AWAY = """() => [...document.querySelectorAll('[data-testid="stMain"] a[href]')]
    .map(a => a.href).filter(href => new URL(href).hostname !== location.hostname)"""
BROKEN_IMAGES = """() => [...document.querySelectorAll('[data-testid="stMain"] img')]
    .filter(img => !img.complete || img.naturalWidth === 0).length"""


def check_settled(page) -> None:
    wait_for_app(page)
    expect(page.locator("h1").first).to_be_visible()
    assert page.locator(EXCEPTION).count() == 0
    assert page.evaluate(AWAY) == []
    assert len(page.url) < LINK_LIMIT, f"the address bar holds {len(page.url)} characters"


OFFSETS = (0, 3, 5)
CASES = [(path, offset) for path in PARAMETERS for offset in [*OFFSETS, "10 KB"]]


def query(names: list[str], offset) -> str:
    """Every parameter with one payload, the payloads taken in turn from ``offset``."""
    if offset == "10 KB":
        return f"{names[0]}={quote(LONG)}"
    payloads = list(PAYLOADS.values())
    return "&".join(f"{name}={quote(payloads[(i + offset) % len(payloads)])}" for i, name in enumerate(names))


@pytest.mark.parametrize("path, offset", CASES, ids=[f"{p or 'home'}-{o}" for p, o in CASES])
def test_a_hostile_link_shows_nothing_it_carries(open_page, requested_urls, path, offset):
    page = open_page(f"{path}?{query(PARAMETERS[path], offset)}")
    check_settled(page)


def photo_file(tmp_path, seed: int):
    path = tmp_path / f"photo{seed}.png"
    Image.fromarray(photo_like(120, 160, seed=seed)).save(path)
    return path


def upload_on_image_lesson(page, url, path) -> None:
    page.goto(f"{url}/image")
    wait_for_app(page)
    page.get_by_text("Your own image").click()
    wait_for_app(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(path)


def test_an_upload_lost_to_a_server_restart_is_reported(page, tmp_path):
    port = free_port()
    log = tmp_path / "server.log"
    with running_app(log, port) as url:
        upload_on_image_lesson(page, url, photo_file(tmp_path, 1))
        expect(page.get_by_text("160×120 → 80×60 px")).to_have_count(3, timeout=30_000)
    with running_app(log, port):
        page.wait_for_timeout(5000)  # the browser reconnects on its own; the page stays as it was
        expect(page.get_by_text("photo1.png", exact=False).first).to_be_visible()
        page.get_by_label("Kernel height").fill("3")
        page.get_by_label("Kernel height").press("Enter")
        expect(page.get_by_text(NO_UPLOAD.split(":")[0])).to_be_visible(timeout=30_000)
        assert page.locator(EXCEPTION).count() == 0


SESSIONS = 6


def test_a_class_uploading_at_once_keeps_every_picture(browser, app_url, tmp_path):
    pages = [browser.new_context(viewport={"width": 1280, "height": 900}).new_page() for _ in range(SESSIONS)]
    for page in pages:
        page.goto(f"{app_url}/image")
    for page in pages:
        wait_for_app(page)
        page.get_by_text("Your own image").click()
    for seed, page in enumerate(pages):
        wait_for_app(page)
        uploader = page.locator('[data-testid="stFileUploader"] input[type="file"]')
        uploader.set_input_files(photo_file(tmp_path, seed))
    for seed, page in enumerate(pages):
        expect(page.locator("strong", has_text=f"photo{seed}.png")).to_be_visible(timeout=60_000)
        expect(page.get_by_text("160×120 → 80×60 px")).to_have_count(3, timeout=60_000)
        wait_for_app(page)
        assert page.evaluate(BROKEN_IMAGES) == 0
        assert urlsplit(page.url).hostname == "127.0.0.1"
        assert page.locator(EXCEPTION).count() == 0
        assert page.locator('[data-testid="stMain"] img[src^="data:image/"]').count() >= 4
    for page in pages:
        page.context.close()


def disk_writes(pid: int) -> int:
    """Bytes the process ``pid`` has written to files (counted when a page of a file is dirtied, so a
    temporary file deleted before it reaches the disk still counts)."""
    for line in Path(f"/proc/{pid}/io").read_text().splitlines():
        if line.startswith("write_bytes:"):
            return int(line.split()[1])
    raise AssertionError("no write_bytes in /proc/<pid>/io")


def test_an_upload_is_never_written_to_disk(page, tmp_path):
    """A photo of several MB stays in the server's memory while it arrives and after (the web server
    would spool anything over 1 MB to a temporary file)."""
    noise = np.random.default_rng(7).integers(0, 256, (1000, 1000, 3), dtype=np.uint8)
    path = tmp_path / "noise.png"
    Image.fromarray(noise).save(path)
    size = path.stat().st_size
    assert size > 2_000_000
    with running_server(tmp_path / "server.log") as (url, server):
        page.goto(f"{url}/image")
        wait_for_app(page)
        before = disk_writes(server.pid)
        upload_on_image_lesson(page, url, path)
        expect(page.get_by_text("1000×1000 → 500×500 px")).to_have_count(3, timeout=30_000)
        written = disk_writes(server.pid) - before
    assert written < size / 10, f"the server wrote {written} bytes to files during a {size}-byte upload"
