"""A class on one server: the server's CPU and memory per interaction, per session, and under load.

Starts a real `streamlit run app.py` (with MALLOC_ARENA_MAX=2, as run.sh does) and drives it with
headless Chromium, reading the server's CPU seconds (/proc/<pid>/stat) and resident memory
(/proc/<pid>/status). Prints:

1. CPU seconds and memory per interaction: opening each lesson, changing a control, uploading a
   12-megapixel photo (a JPEG made in memory by `photo_like(3000, 4000)`, each one different);
2. memory per session with a photo uploaded, and how much comes back once the sessions are closed
   and server.disconnectedSessionTTL has passed (and whether their pictures are still served);
3. the queueing that implies for 30 and 60 students uploading at the same moment;
4. a real run: as many browser sessions as asked uploading at the same moment, the server sampled
   every half second;
5. the server's own figure: the same simultaneous uploads from clients that speak Streamlit's protocol
   and draw nothing (`protocol_client.Client`), the server sampled the same way; with ``--replicas N``
   (N > 1) against deploy/school.sh N instead, the clients through HAProxy, every replica sampled,
   and each client's requests checked to have stayed on one replica;

and each figure next to its target.

    python benchmarks/bench_classroom.py [--students 30] [--sequential 8] [--protocol-students 30]
                                         [--replicas 1] [--ttl 20] [--arenas 2]

The browsers run on the same 2 cores as the server: the latencies of the real run are pessimistic
(each browser draws for about a second); part 5 leaves the drawing out.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from benchmarks.protocol_client import Client, ProtocolError, Run  # noqa: E402
from pooling.lessons.catalog import LESSONS  # noqa: E402
from pooling.lessons.pictures import SOURCES, size_text  # noqa: E402
from pooling.lessons.samples import photo_like  # noqa: E402
from tests import test_deploy  # noqa: E402
from tests.conftest import CHROMIUM, CHROMIUM_FLAGS, running_server  # noqa: E402
from tests.test_deploy import wait_until  # noqa: E402

HEIGHT, WIDTH = 3000, 4000
POOLED = f"{size_text((HEIGHT, WIDTH))} → {size_text((HEIGHT // 2, WIDTH // 2))} px"
POOLED_PANELS = 3  # max, average and min pooled: the upload's results are shown
IMAGE_LESSON = next(lesson for lesson in LESSONS if lesson.file == "pages/image.py")
TICK = os.sysconf("SC_CLK_TCK")
TARGET_LAST_UPLOAD_SECONDS = 15
RETURNED_WITHIN_MB = 100  # after every session has expired, RSS is back within this of its start
AFFINITY_COOKIE = re.search(r"^\s*cookie\s+(\S+)", (ROOT / "deploy" / "haproxy.cfg").read_text(), re.M)[1]


# ---- the server, from /proc -----------------------------------------------------------------------

def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of the process, all its threads."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime: fields 14 and 15 of stat


def memory_mb(pid: int, field: str = "VmRSS") -> float:
    """A /proc/<pid>/status memory field (VmRSS: resident now, VmHWM: the peak) in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise KeyError(field)


class Sample(NamedTuple):
    """One look at the server's processes: by name, each one's CPU seconds so far and its RSS in MB."""

    time: float
    cpu: dict[str, float]
    rss: dict[str, float]


class Sampler(threading.Thread):
    """Samples the CPU and RSS of the server's processes (``pids``, by name: the one server, or every
    replica) every ``every`` seconds until stopped."""

    def __init__(self, pids: dict[str, int], every: float = 0.5):
        super().__init__(daemon=True)
        self.pids, self.every, self.samples, self.done = pids, every, [], threading.Event()

    def sample(self) -> None:
        self.samples.append(Sample(time.monotonic(),
                                   {name: cpu_seconds(pid) for name, pid in self.pids.items()},
                                   {name: memory_mb(pid) for name, pid in self.pids.items()}))

    def run(self) -> None:
        while not self.done.is_set():
            self.sample()
            self.done.wait(self.every)

    def stop(self) -> list[Sample]:
        """The samples, the last one taken now."""
        self.done.set()
        self.join()
        self.sample()
        return self.samples


def cost(pid: int, action) -> tuple[float, float, float]:
    """Run ``action()``; return its wall seconds, the server's CPU seconds and its RSS change in MB."""
    cpu, rss, start = cpu_seconds(pid), memory_mb(pid), time.monotonic()
    action()
    return time.monotonic() - start, cpu_seconds(pid) - cpu, memory_mb(pid) - rss


# ---- a school: deploy/school.sh --------------------------------------------------------------------

@dataclass
class School:
    """deploy/school.sh serving: HAProxy's URL and PID, and by replica name ("replica1", ...) each
    replica's own URL and its PID."""

    url: str
    haproxy: int
    replica_urls: dict[str, str]
    pids: dict[str, int]


@contextmanager
def running_school(replicas: int, log: Path, options=(), env=None) -> Iterator[School]:
    """`tests.test_deploy.running_school`, its run directory next to ``log``, yielded once every
    replica also answers its health check, with the PIDs of HAProxy and of each replica."""
    run_dir = log.parent / "school"
    with test_deploy.running_school(replicas, run_dir, log, options, env) as (url, replica_urls):
        wait_until(lambda: all(served(f"{own}/_stcore/health") for own in replica_urls.values()),
                   "every replica answers its health check")
        yield School(url, int((run_dir / "haproxy.pid").read_text()), replica_urls,
                     {name: int((run_dir / f"{name}.pid").read_text()) for name in replica_urls})


# ---- students ---------------------------------------------------------------------------------------

def photos(count: int) -> list[bytes]:
    """``count`` different 12-megapixel JPEGs, made in memory (each differs in one block of pixels)."""
    base = photo_like(HEIGHT, WIDTH)
    made = []
    for number in range(count):
        pixels = base.copy()
        pixels[:64, :64] = number % 256
        pixels[64:128, :64] = number // 256
        buffer = io.BytesIO()
        Image.fromarray(pixels).save(buffer, "JPEG", quality=90)
        made.append(buffer.getvalue())
    return made


class Student:
    """One browser context on the image lesson; every /media/ answer it gets is recorded."""

    def __init__(self, browser, url: str):
        self.url = url
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.media: dict[str, int] = {}
        self.page.on("response", self.record)

    def record(self, response) -> None:
        if "/media/" in response.url:
            self.media[response.url] = response.status

    def settled(self) -> None:
        self.page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]',
                                    timeout=300_000)

    def open(self, url_path: str = IMAGE_LESSON.url_path) -> None:
        self.page.goto(f"{self.url}/{url_path}")
        self.settled()
        if self.page.locator(".js-plotly-plot").count():
            self.page.wait_for_selector(".js-plotly-plot .main-svg")

    def choose_upload(self) -> None:
        self.page.get_by_text("Your own image").click()
        self.settled()

    def start_upload(self, photo: bytes) -> None:
        self.page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
            {"name": "photo.jpg", "mimeType": "image/jpeg", "buffer": photo})

    def has_results(self) -> bool:
        return self.page.get_by_text(POOLED).count() == POOLED_PANELS

    def upload(self, photo: bytes) -> None:
        self.start_upload(photo)
        self.page.get_by_text(POOLED).nth(POOLED_PANELS - 1).wait_for(timeout=300_000)
        self.settled()

    def change_times(self, key: str) -> None:
        self.page.get_by_role("slider", name="Pool again: how many times").press(key)
        self.page.wait_for_timeout(300)  # let the rerun start
        self.settled()

    def pictures_shown(self) -> list[str]:
        return self.page.eval_on_selector_all('[data-testid="stImage"] img', "imgs => imgs.map(i => i.src)")


class ProtocolStudent(Client):
    """A `Student` without a browser: the same steps on the image lesson, in Streamlit's protocol."""

    def open(self, url_path: str = IMAGE_LESSON.url_path) -> Run:
        return super().open(url_path)

    def choose_upload(self) -> Run:
        return self.choose("img_source", SOURCES["upload"])

    def upload_photo(self, photo: bytes) -> Run:
        return self.upload("img_upload", "photo.jpg", photo, "image/jpeg")

    def has_results(self) -> bool:
        return self.current().count(POOLED) == POOLED_PANELS


def served(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status == 200
    except urllib.error.HTTPError:
        return False


# ---- the measurements -------------------------------------------------------------------------------

def warm_up(browser, url: str) -> None:
    """Visit every page once: the first visit of each after a start imports, compiles and caches."""
    student = Student(browser, url)
    for lesson in ["", *(lesson.url_path for lesson in LESSONS)]:
        student.open(lesson)
    student.context.close()


def per_interaction(browser, url: str, pid: int, photo_bytes: list[bytes]) -> dict[str, float]:
    """Median server CPU seconds of each interaction (3 repeats); prints wall time and RSS change."""
    print("\n1. The server's cost per interaction (median of 3; CPU seconds of the server process)")
    medians = {}

    def report(name: str, runs: list[tuple[float, float, float]]) -> None:
        wall, cpu, rss = (statistics.median(values) for values in zip(*runs))
        medians[name] = cpu
        print(f"  {name:<42} CPU {cpu:5.2f} s   wall {wall:5.2f} s   RSS {rss:+6.0f} MB")

    for lesson in LESSONS:
        runs = []
        for _ in range(3):
            student = Student(browser, url)
            runs.append(cost(pid, lambda s=student, p=lesson.url_path: s.open(p)))
            student.context.close()
        report(f"open {lesson.title}", runs)
    student = Student(browser, url)
    student.open()
    report("change a control (pool again: 1 <-> 2 times)",
           [cost(pid, lambda k=key: student.change_times(k)) for key in ("ArrowRight", "ArrowLeft") * 2][:3])
    student.context.close()
    runs = []
    for photo in photo_bytes[:3]:
        student = Student(browser, url)
        student.open()
        student.choose_upload()
        runs.append(cost(pid, lambda s=student, p=photo: s.upload(p)))
        student.context.close()
    report("upload a 12 MP photo (until its results show)", runs)
    return medians


def per_session(browser, url: str, pid: int, photo_bytes: list[bytes], ttl: int) -> dict[str, float]:
    """Sessions opened one after another, each with its own photo; then all closed. Memory figures."""
    print(f"\n2. Memory per session: {len(photo_bytes)} sessions one after another, each uploading its "
          "own 12 MP photo, then all closed")
    before = memory_mb(pid)
    students = []
    for photo in photo_bytes:
        student = Student(browser, url)
        student.open()
        student.choose_upload()
        student.upload(photo)
        students.append(student)
    open_rss = memory_mb(pid)
    per = (open_rss - before) / len(students)
    print(f"  RSS before {before:.0f} MB, with {len(students)} sessions open {open_rss:.0f} MB: "
          f"{per:.0f} MB per session (a 12 MP photo is {HEIGHT * WIDTH * 3 / 2**20:.0f} MB of pixels)")
    pictures = [picture for student in students for picture in student.pictures_shown()]
    for student in students:
        student.context.close()
    time.sleep(5)
    closed_rss = memory_mb(pid)
    time.sleep(ttl + 5)
    newcomer = Student(browser, url)
    newcomer.open("")  # a new connection: the server drops expired sessions now
    newcomer.context.close()
    time.sleep(5)
    expired_rss = memory_mb(pid)
    for _ in range(5):  # a few more visits: allocations that let Python's cycle collector run
        newcomer = Student(browser, url)
        newcomer.open(LESSONS[0].url_path)
        newcomer.context.close()
    time.sleep(5)
    later_rss = memory_mb(pid)
    still_served = sum(served(picture) for picture in pictures)
    print(f"  RSS 5 s after closing {closed_rss:.0f} MB; {ttl + 5} s later (TTL {ttl} s passed, one new "
          f"session) {expired_rss:.0f} MB")
    print(f"  after 5 more short visits {later_rss:.0f} MB")
    print(f"  pictures shown by the closed sessions and still served after their TTL: {still_served} of "
          f"{len(pictures)}")
    return {"before": before, "per_session": per, "expired": later_rss,
            "returned": (open_rss - later_rss) / max(open_rss - before, 1e-9)}


def queueing(medians: dict[str, float], per_session_mb: float, base_mb: float) -> None:
    upload = medians["upload a 12 MP photo (until its results show)"]
    change = medians["change a control (pool again: 1 <-> 2 times)"]
    print("\n3. What that implies (script runs share one interpreter: about one core of Python work)")
    for students in (30, 60):
        print(f"  {students} students uploading at once: the last waits about {students * upload:.0f} s "
              f"on one core, {students * upload / os.cpu_count():.0f} s if all {os.cpu_count()} cores "
              f"helped; all changing a control: {students * change:.1f} s; memory about "
              f"{base_mb + students * per_session_mb:.0f} MB")


def real_run(browser, url: str, pid: int, photo_bytes: list[bytes], deadline: float) -> dict:
    """Every student uploads at the same moment; the server is sampled every half second."""
    count = len(photo_bytes)
    print(f"\n4. A real run: {count} browser sessions upload their own 12 MP photo at the same moment")
    students = []
    for _ in range(count):
        student = Student(browser, url)
        student.open()
        student.choose_upload()
        students.append(student)
    sampler = Sampler({"server": pid})
    sampler.start()
    started = {}
    for student, photo in zip(students, photo_bytes):
        started[student] = time.monotonic()
        student.start_upload(photo)
    waits, end = {}, time.monotonic() + deadline
    while len(waits) < count and time.monotonic() < end:
        for student in students:
            if student not in waits and student.has_results():
                waits[student] = time.monotonic() - started[student]
        time.sleep(0.2)
    for student in waits:
        student.settled()
    run = report_uploads(students, list(waits.values()), sampler.stop(), deadline)
    for student in students:
        student.context.close()
    return run


def warm_up_replicas(school: School, deadline: float) -> None:
    """Each replica, straight at its own port, opens the image lesson and pools a small photo: what a
    replica's first upload after its start imports and caches (the one server has done that in parts
    1 and 2). A small photo: its closed session holds little memory until its TTL has passed."""
    buffer = io.BytesIO()
    Image.fromarray(photo_like(600, 800)).save(buffer, "JPEG", quality=90)
    for url in school.replica_urls.values():
        with ProtocolStudent(url, timeout=deadline) as student:
            student.open()
            student.choose_upload()
            student.upload_photo(buffer.getvalue())


def protocol_run(url: str, pids: dict[str, int], photo_bytes: list[bytes], deadline: float,
                 proxy: int | None = None) -> dict:
    """The real run without browsers: clients that speak Streamlit's protocol and draw nothing open the
    image lesson, switch to the upload, then all upload their own photo at the same moment (one thread
    each, let go together); each waits for the run that follows and fetches its /media/ URLs.

    ``pids``: the server's processes by name (the one server, or each replica); with ``proxy`` (HAProxy's
    PID) the clients go through it, and each one's requests must all reach one replica."""
    count = len(photo_bytes)
    through = f", through HAProxy to {len(pids)} replicas" if proxy else ""
    print(f"\n5. The server's own figure: {count} protocol clients (no browser, nothing drawn) upload their "
          f"own 12 MP photo at the same moment{through}")
    students = []
    for _ in range(count):
        student = ProtocolStudent(url, timeout=deadline, affinity=AFFINITY_COOKIE if proxy else None)
        student.open()
        student.choose_upload()
        students.append(student)
    together = threading.Barrier(count)

    def upload(student: ProtocolStudent, photo: bytes) -> float | None:
        together.wait()
        started = time.monotonic()
        try:
            run = student.upload_photo(photo)
        except (TimeoutError, ProtocolError) as error:
            print(f"  a client gave up: {type(error).__name__}: {error}")
            return None
        waited = time.monotonic() - started
        student.fetch_media(run)  # as a browser shows the pictures
        return waited if student.has_results() else None

    sampler = Sampler(pids)
    sampler.start()
    own_cpu, proxy_cpu = time.process_time(), cpu_seconds(proxy) if proxy else 0.0
    with ThreadPoolExecutor(count) as pool:
        waits = [wait for wait in pool.map(upload, students, photo_bytes) if wait is not None]
    own_cpu = time.process_time() - own_cpu
    run = report_uploads(students, waits, sampler.stop(), deadline)
    haproxy = f"; HAProxy: {cpu_seconds(proxy) - proxy_cpu:.1f} CPU s" if proxy else ""
    print(f"  the clients themselves: {own_cpu:.1f} CPU s{haproxy}")
    if proxy:
        check_affinity(students, list(pids))
    for student in students:
        student.close()
    return run


def check_affinity(students: list[ProtocolStudent], replicas: list[str]) -> None:
    """Print how many clients each replica served (the affinity cookie its stream went with); raise
    ProtocolError if a client's requests (its health check, stream, upload, /media/ fetches) did not all
    reach one replica, its stream's."""
    served_by = Counter(replica for student in students for replica in student.routes["stream"])
    print(f"  clients per replica (HAProxy's cookie {AFFINITY_COOKIE}): "
          + ", ".join(f"{replica} {served_by[replica]}" for replica in replicas)
          + "".join(f", {replica} {n} (not a replica)" for replica, n in served_by.items()
                    if replica not in replicas))
    strays = {number: student.routes for number, student in enumerate(students)
              if len(set().union(*student.routes.values())) != 1 or None in student.routes["stream"]
              or "upload" not in student.routes}
    print(f"  clients whose every request reached their stream's replica: {len(students) - len(strays)} "
          f"of {len(students)}")
    if strays:
        raise ProtocolError("requests of one client reached different replicas (or none): " + "; ".join(
            f"client {number}: " + ", ".join(f"{kind} -> {sorted(map(str, where))}"
                                             for kind, where in routes.items())
            for number, routes in strays.items()))


def report_uploads(students: list, waits: list[float], samples: list[Sample], deadline: float) -> dict:
    """Print and return the figures of simultaneous uploads: how long until each student saw results
    (``waits``, of those who did), the server's CPU and memory (``samples`` of a `Sampler`: with
    several replicas, their sum, then each one's), the /media/ answers the students got (their
    ``media``: URL -> HTTP status)."""
    count = len(students)
    lost = [url for student in students for url, status in student.media.items() if status != 200]
    pictures = sum(len(student.media) for student in students)
    first, last = samples[0], samples[-1]
    seconds = last.time - first.time
    cpu = {name: last.cpu[name] - first.cpu[name] for name in first.cpu}
    peak = max(sum(sample.rss.values()) for sample in samples)
    ordered = sorted(waits)
    seen = (f"; first after {ordered[0]:.1f} s, median {statistics.median(ordered):.1f} s, last "
            f"{ordered[-1]:.1f} s" if ordered else "")
    together = f" ({len(cpu)} replicas together)" if len(cpu) > 1 else ""
    print(f"  results seen by {len(ordered)} of {count} within {deadline:.0f} s{seen}")
    print(f"  server{together}: {sum(cpu.values()):.0f} CPU s in {seconds:.0f} s (on average "
          f"{sum(cpu.values()) / seconds:.2f} cores busy), peak RSS {peak:.0f} MB (from "
          f"{sum(first.rss.values()):.0f} MB); /media/ requests {pictures}, not 200: {len(lost)}")
    if len(cpu) > 1:
        print("  each replica: " + "; ".join(
            f"{name} {busy:.0f} CPU s ({busy / seconds:.2f} cores busy), peak RSS "
            f"{max(sample.rss[name] for sample in samples):.0f} MB (from {first.rss[name]:.0f} MB)"
            for name, busy in cpu.items()))
    return {"count": count, "done": len(ordered), "last": ordered[-1] if ordered else float("inf"),
            "lost": len(lost), "pictures": pictures, "peak": peak, "replicas": len(cpu)}


def verdict(name: str, measured: str, target: str, met: bool) -> None:
    print(f"  {name:<44} {measured:<26} target {target:<30} {'met' if met else 'NOT met'}")


def last_upload(run: dict, who: str) -> None:
    verdict(f"last of {run['count']} simultaneous 12 MP uploads{who}", f"{run['last']:.1f} s "
            f"({run['done']}/{run['count']} done)", f"<= {TARGET_LAST_UPLOAD_SECONDS} s",
            run["done"] == run["count"] and run["last"] <= TARGET_LAST_UPLOAD_SECONDS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=30, help="browser sessions in the real run (0: none)")
    parser.add_argument("--sequential", type=int, default=8, help="sessions in the memory run")
    parser.add_argument("--protocol-students", type=int, default=30,
                        help="clients without a browser in the server's own run (0: none)")
    parser.add_argument("--replicas", type=int, default=1,
                        help="the server's own run against deploy/school.sh N: N replicas behind HAProxy "
                             "(1: the one server of the other parts)")
    parser.add_argument("--ttl", type=int, default=None,
                        help="server.disconnectedSessionTTL in seconds (default: .streamlit/config.toml)")
    parser.add_argument("--arenas", default="2", help='MALLOC_ARENA_MAX for the server ("" for glibc\'s)')
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                        help="another environment variable for the server (e.g. MALLOC_TRIM_THRESHOLD_=0)")
    parser.add_argument("--memory-only", action="store_true", help="only the memory per session (part 2)")
    parser.add_argument("--deadline", type=float, default=180, help="seconds the real run may take")
    args = parser.parse_args()
    if args.replicas < 1:
        parser.error(f"--replicas {args.replicas}: at least 1")
    if args.replicas > 1 and not args.arenas:
        parser.error('--arenas "" with --replicas: deploy/school.sh always sets MALLOC_ARENA_MAX '
                     "(2 unless given)")
    school = args.replicas > 1 and args.protocol_students > 0 and not args.memory_only

    ttl = args.ttl
    if ttl is None:
        import tomllib
        config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
        ttl = config.get("server", {}).get("disconnectedSessionTTL", 120)
    started = time.monotonic()
    # no phase reuses a cached photo
    first = 3 + args.sequential
    protocol_first = first + args.students
    photo_bytes = photos(protocol_first + args.protocol_students)
    print(f"photos: {len(photo_bytes)} different {WIDTH}x{HEIGHT} JPEGs, "
          f"{statistics.mean(map(len, photo_bytes)) / 1e6:.1f} MB each; MALLOC_ARENA_MAX="
          f"{args.arenas or '(unset)'}, disconnectedSessionTTL {ttl} s, {os.cpu_count()} cores"
          + "".join(f", {variable}" for variable in args.env))
    env = {"MALLOC_ARENA_MAX": args.arenas} if args.arenas else {}
    env.update(variable.split("=", 1) for variable in args.env)
    options = ["--server.disconnectedSessionTTL", str(ttl)]
    run = protocol = None
    with tempfile.TemporaryDirectory() as scratch:
        with sync_playwright() as playwright, \
                running_server(Path(scratch) / "server.log", options=options, env=env) as (url, server):
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            warm_up(browser, url)
            if not args.memory_only:
                medians = per_interaction(browser, url, server.pid, photo_bytes)
            memory = per_session(browser, url, server.pid, photo_bytes[3:first], ttl)
            if not args.memory_only:
                queueing(medians, memory["per_session"], memory["before"])
            if args.students and not args.memory_only:
                run = real_run(browser, url, server.pid, photo_bytes[first:protocol_first], args.deadline)
            browser.close()
            if args.protocol_students and not args.memory_only and not school:
                protocol = protocol_run(url, {"server": server.pid}, photo_bytes[protocol_first:],
                                        args.deadline)
        if school:  # the one server has stopped: the replicas have the cores to themselves
            with running_school(args.replicas, Path(scratch) / "school.log", options, env) as replicas:
                warm_up_replicas(replicas, args.deadline)
                protocol = protocol_run(replicas.url, replicas.pids, photo_bytes[protocol_first:],
                                        args.deadline, proxy=replicas.haproxy)

    print("\nTargets")
    verdict("memory per session with a 12 MP photo", f"{memory['per_session']:.0f} MB",
            "bounded (reported)", True)
    kept = memory["expired"] - memory["before"]
    verdict("memory returned after the sessions expired", f"{memory['returned']:.0%} ({kept:+.0f} MB kept)",
            f"back within {RETURNED_WITHIN_MB} MB", kept <= RETURNED_WITHIN_MB)
    if run is not None:
        last_upload(run, "")
        verdict("pictures lost (a /media/ answer not 200)", f"{run['lost']} of {run['pictures']}", "0",
                run["lost"] == 0)
    if protocol is not None:
        serving = f"{protocol['replicas']} replicas" if protocol["replicas"] > 1 else "one server"
        last_upload(protocol, f" (clients that do not draw, {serving})")
    shared = f"the real run's browsers share the server's {os.cpu_count()} cores; " if run else ""
    print(f"({shared}whole benchmark: {time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    main()
