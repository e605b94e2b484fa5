"""The QR code of the current demo: it decodes (with zbar, a real decoder) to the page's link with every
setting, and the link is one students' phones can reach, never this computer's localhost."""

import io
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image
from pyzbar import pyzbar  # needs Debian's libzbar0, which tests/run.sh installs

from pooling.lessons.qr import NO_ADDRESS, is_this_computer, qr_png, student_link

SETTINGS = {"x": "0, 1, 2, 2, 5, 1, 2", "k": "3", "s": "1", "op": "max", "w": "not; héllo & ?"}
LOCAL = ["localhost", "127.0.0.1", "127.0.1.1", "::1", "0.0.0.0", "", None, "LOCALHOST", "app.localhost"]


def decode(png: bytes) -> list[str]:
    with Image.open(io.BytesIO(png)) as image:
        return [symbol.data.decode() for symbol in pyzbar.decode(image) if symbol.type == "QRCODE"]


def test_the_qr_code_decodes_to_the_page_link_with_every_setting():
    link = student_link("window_1d", SETTINGS, network_ip="192.168.1.20")
    png = qr_png(link.url)
    assert decode(png) == [link.url]
    url = urlsplit(decode(png)[0])
    assert (url.scheme, url.hostname, url.port, url.path) == ("http", "192.168.1.20", 8501, "/window_1d")
    assert {key: values[0] for key, values in parse_qs(url.query).items()} == SETTINGS


def test_a_long_link_still_decodes_and_is_drawn_large():
    settings = {"x": ", ".join(str(i % 10) for i in range(120)), "k": "4", "p": "same"}
    link = student_link("window_1d", settings, public_url="https://pooling.school.example/app/")
    png = qr_png(link.url)
    assert link.url.startswith("https://pooling.school.example/app/window_1d?x=0%2C%201")
    assert decode(png) == [link.url]
    with Image.open(io.BytesIO(png)) as image:
        assert image.width >= 600


def test_a_public_url_comes_first():
    link = student_link("image", {"k": "2"}, public_url="https://pooling.school.example",
                        browser_url="http://10.0.0.5:8501/", network_ip="10.0.0.5")
    assert link.url == "https://pooling.school.example/image?k=2"


def test_the_teachers_browser_address_serves_when_it_is_not_this_computer():
    link = student_link("image", {}, browser_url="http://10.0.0.5:8501/", network_ip="10.0.0.9")
    assert link.url == "http://10.0.0.5:8501/image"
    link = student_link("", {}, browser_url="http://localhost:8501/", network_ip="10.0.0.9")
    assert link.url == "http://10.0.0.9:8501/"


def test_configured_server_address_port_and_base_path():
    link = student_link("image", {}, browser_url="http://localhost:9000/", server_address="classroom.lan",
                        network_ip="10.0.0.9", port=9000, base_path="/pool/")
    assert link.url == "http://classroom.lan:9000/pool/image"
    assert student_link("image", {}, listen_address="10.1.2.3", network_ip="10.0.0.9").url == \
        "http://10.1.2.3:8501/image"


def test_a_server_that_listens_only_on_this_computer_has_no_link_but_says_what_to_change():
    link = student_link("image", {}, browser_url="http://127.0.0.1:8501/", server_address="localhost",
                        listen_address="127.0.0.1", network_ip="192.168.1.20")
    assert link.url is None and link.problem == NO_ADDRESS
    assert "--server.address 0.0.0.0" in link.problem and "POOLING_PUBLIC_URL" in link.problem


@pytest.mark.parametrize("host", LOCAL)
def test_local_names_are_recognised(host):
    assert is_this_computer(host)


addresses = st.one_of(st.sampled_from(LOCAL), st.ip_addresses().map(str),
                      st.sampled_from(["pooling.school.example", "10.0.0.5", "[::1]", "[fe80::1]"]))


@given(public=st.one_of(st.none(), addresses.map(lambda host: f"http://{host}:8501/")),
       browser=st.one_of(st.none(), addresses.map(lambda host: f"http://{host}:8501/")),
       server=st.one_of(st.none(), addresses), listen=st.one_of(st.none(), addresses),
       network=st.one_of(st.none(), addresses))
def test_the_link_never_points_at_this_computer(public, browser, server, listen, network):
    link = student_link("window_1d", {"k": "3"}, public_url=public, browser_url=browser,
                        server_address=server, listen_address=listen, network_ip=network)
    if link.url is None:
        assert link.problem == NO_ADDRESS
    else:
        assert not is_this_computer(urlsplit(link.url).hostname), link.url
        assert urlsplit(link.url).path.endswith("/window_1d") and urlsplit(link.url).query == "k=3"
