"""deploy/school.sh in a real run: two replicas behind HAProxy on loopback, several students' browsers.

Each browser context is one student with its own cookies, as on a school network where every
student is behind the same NAT address.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import tomllib
from contextlib import closing, contextmanager, suppress
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect

from pooling.lessons.catalog import LESSONS
from pooling.lessons.samples import photo_like
from tests.conftest import ROOT, SERVER_START_SECONDS, free_port, in_ci, stop, wait_for_app

SCHOOL = ROOT / "deploy" / "school.sh"
STUDENTS = 4
LESSON = next(lesson for lesson in LESSONS if lesson.file == "pages/image.py")
POOLED = "800×600 → 400×300 px"  # the caption of each of the three pooled panels


def test_every_way_of_starting_the_app_runs_it_without_a_file_watcher():
    """run.sh, school.sh, the Dockerfile and the tests start Streamlit in the repository, where it reads
    .streamlit/config.toml. A file watcher walks every imported module on every run: on a 2-core
    machine it added about 0.24 s of server CPU to each opening of a lesson."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["fileWatcherType"] == "none"


def haproxy_stat(run_dir: Path) -> dict[str, str]:
    """Each replica's status in HAProxy ("UP", "DOWN", ...), from its stats socket."""
    with closing(socket.socket(socket.AF_UNIX)) as stats:
        stats.connect(str(run_dir / "haproxy.sock"))
        stats.sendall(b"show stat\n")
        answer = b"".join(iter(lambda: stats.recv(65536), b"")).decode()
    rows = [line.split(",") for line in answer.splitlines() if line and not line.startswith("#")]
    return {row[1]: row[17] for row in rows if row[1].startswith("replica")}


def consecutive_free_ports(count: int) -> int:
    """The first of ``count`` consecutive ports that are free on 127.0.0.1 now."""
    for _ in range(50):
        first = free_port()
        try:
            for port in range(first, first + count):
                with socket.socket() as probe:
                    probe.bind(("127.0.0.1", port))
            return first
        except OSError:
            continue
    pytest.fail(f"no {count} consecutive free ports on 127.0.0.1")


def wait_until(condition, what: str, school: subprocess.Popen | None = None, log: Path | None = None):
    """Poll ``condition()`` until it is true; fail after SERVER_START_SECONDS or if school.sh exits."""
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if school is not None and school.poll() is not None:
            pytest.fail(f"school.sh exited with code {school.returncode}:\n{log.read_text()}")
        try:
            if condition():
                return
        except OSError:  # HAProxy's socket is not there yet
            pass
        time.sleep(0.3)
    pytest.fail(f"not true in {SERVER_START_SECONDS} s: {what}" + (f"\n{log.read_text()}" if log else ""))


@contextmanager
def running_school(replicas: int, run_dir: Path, log: Path, options=(), env=None):
    """Run ``deploy/school.sh <replicas>`` on free ports of 127.0.0.1 with this interpreter (nothing
    installed), extra Streamlit ``options`` and environment variables ``env``; its HAProxy config,
    socket, logs and PID files in ``run_dir``, its output in ``log``. Yields ``(url, replicas)`` once
    HAProxy sees every replica UP: HAProxy's URL, and each replica's own URL by name ("replica1", ...).
    Stops it by its PID."""
    port, first = free_port(), consecutive_free_ports(replicas)
    env = {**os.environ, **(env or {}), "PORT": str(port), "BIND": "127.0.0.1", "FIRST_PORT": str(first),
           "RUN_DIR": str(run_dir), "PYTHON": sys.executable}
    with log.open("wb") as output:
        school = subprocess.Popen(["bash", str(SCHOOL), str(replicas), "--browser.gatherUsageStats", "false",
                                   *options], cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        wait_until(lambda: list(haproxy_stat(run_dir).values()) == ["UP"] * replicas,
                   f"all {replicas} replicas are up", school, log)
        yield (f"http://127.0.0.1:{port}",
               {f"replica{i + 1}": f"http://127.0.0.1:{first + i}" for i in range(replicas)})
    finally:
        if stop(school, seconds=20):  # school.sh did not stop its replicas and HAProxy itself
            for pid_file in run_dir.glob("*.pid"):
                with suppress(ProcessLookupError):
                    os.kill(int(pid_file.read_text()), signal.SIGKILL)


@pytest.fixture
def school(tmp_path):
    """``(url, run_dir, replicas)``: deploy/school.sh 2 on 127.0.0.1 (``replicas``: each replica's own
    URL by name), stopped by its PID after the test."""
    if not (shutil.which("haproxy") or Path("/usr/sbin/haproxy").exists()):
        message = "no haproxy; install it with: apt-get install -y haproxy"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    run_dir = tmp_path / "run"
    with running_school(2, run_dir, tmp_path / "school.log") as (url, replicas):
        yield url, run_dir, replicas


PICTURES = '[data-testid="stHtml"] img'


class Student:
    """One browser context through HAProxy: its page, its replica (from the affinity cookie), and the
    hosts other than the app's that its browser asked for."""

    def __init__(self, browser, url: str):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.elsewhere = []
        self.page.on("request", lambda request: self.check_host(request.url))
        self.page.goto(f"{url}/{LESSON.url_path}")
        wait_for_app(self.page)
        self.first_replica = self.replica()

    def replica(self) -> str:
        """The replica HAProxy keeps this student on: the value of its affinity cookie."""
        cookies = self.context.cookies()
        return next(cookie["value"] for cookie in cookies if cookie["name"] == "LESSONS_REPLICA")

    def check_host(self, url: str) -> None:
        if not url.startswith("http://127.0.0.1:"):
            self.elsewhere.append(url)

    def upload(self, path: Path) -> None:
        self.page.get_by_text("Your own image").click()
        wait_for_app(self.page)
        self.page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(path)
        expect(self.page.get_by_text(POOLED)).to_have_count(3, timeout=60_000)
        wait_for_app(self.page)

    def pool_twice(self) -> None:
        self.page.get_by_role("slider", name="Pool again: how many times").press("ArrowRight")
        expect(self.page.get_by_text("The pyramid: what survives")).to_be_visible(timeout=60_000)
        wait_for_app(self.page)

    def uploaded_picture(self) -> str:
        """The source of the first picture on the page: the student's own photo, sent inside the page."""
        return self.page.locator(PICTURES).first.get_attribute("src")

    def assert_pictures_shown(self) -> None:
        """Every picture on the page loaded (no empty panel), and no error shows."""
        expect(self.page.locator(PICTURES).first).to_be_visible()
        self.page.wait_for_function(f"""() => [...document.querySelectorAll('{PICTURES}')]
            .every(img => img.complete && img.naturalWidth > 0)""", timeout=30_000)
        assert self.page.locator('[data-testid="stException"]').count() == 0
        assert not self.elsewhere, f"the browser contacted other hosts: {self.elsewhere}"


def test_each_student_keeps_a_replica_and_survives_the_other_ones_stop(school, browser, tmp_path):
    url, run_dir, _replicas = school
    students = [Student(browser, url) for _ in range(STUDENTS)]
    by_replica = {}
    for student in students:
        by_replica.setdefault(student.first_replica, []).append(student)
    assert sorted(by_replica) == ["replica1", "replica2"], "HAProxy sent every student to one replica"

    for number, student in enumerate(students):
        path = tmp_path / f"photo{number}.png"
        Image.fromarray(photo_like(600, 800, seed=number)).save(path)
        student.upload(path)
        student.assert_pictures_shown()
        assert student.replica() == student.first_replica
        student.photo = student.uploaded_picture()

    os.kill(int((run_dir / "replica1.pid").read_text()), signal.SIGTERM)
    wait_until(lambda: haproxy_stat(run_dir)["replica1"].startswith("DOWN"), "HAProxy saw replica1 stop")
    for student in by_replica["replica2"]:  # their sessions, uploads included, live on replica2 alone
        student.pool_twice()
        student.assert_pictures_shown()
        assert student.replica() == "replica2"
        assert student.uploaded_picture() == student.photo
    for student in students:
        student.context.close()
