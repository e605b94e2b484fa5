"""The link students open on their phones, and its QR code.

A QR code is only useful if it encodes an address the students' phones can reach: not
``localhost``, which on a phone is the phone itself. `student_link` picks it, in this order:

1. a public URL the teacher configured, in the environment variable ``POOLING_PUBLIC_URL``
   (e.g. ``https://pooling.school.example/`` behind a school's proxy, or the Community Cloud URL);
2. the address the teacher's browser is on, when that is not this computer (the teacher opened the
   network address or a public URL);
3. ``browser.serverAddress`` from Streamlit's configuration, when it is not localhost
   (``--browser.serverAddress 192.168.1.20``);
4. the address Streamlit listens on (``server.address``), when it is one network address;
5. this computer's network address, as Streamlit's "Network URL" reports it, unless the server
   listens only on this computer (``--server.address 127.0.0.1``).

When none is left, there is no link, and `StudentLink.problem` says what to change. The link keeps the
page and its query string, so every setting of the demo comes along.
"""

from __future__ import annotations

import io
import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit

import segno

__all__ = ["PUBLIC_URL_VARIABLE", "StudentLink", "is_this_computer", "qr_png", "student_link"]

PUBLIC_URL_VARIABLE = "POOLING_PUBLIC_URL"
QR_PIXELS = 720
"""A QR code is drawn about this many pixels across: large enough to scan from the back of a room."""
NO_ADDRESS = (
    "Students' phones cannot reach this server: it answers only on this computer (localhost). "
    "Start it on the school network with --server.address 0.0.0.0, or set "
    f"{PUBLIC_URL_VARIABLE} to the address students use."
)


@dataclass(frozen=True)
class StudentLink:
    """The link to the current demo that students can open, or why there is none."""

    url: str | None
    problem: str = ""


def is_this_computer(host: str | None) -> bool:
    """Whether ``host`` names only the machine it is used on (or nothing useful to a phone).

    >>> [is_this_computer(h) for h in ("localhost", "127.0.0.1", "::1", "0.0.0.0", "", "app.localhost")]
    [True, True, True, True, True, True]
    >>> [is_this_computer(h) for h in ("192.168.1.20", "pooling.school.example", "[fe80::1]")]
    [False, False, False]
    """
    host = (host or "").strip().strip("[]").lower().rstrip(".")
    if not host or host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def student_link(page_path: str, query: Mapping[str, str | list[str]], *, public_url: str | None = None,
                 browser_url: str | None = None, server_address: str | None = None,
                 listen_address: str | None = None, network_ip: str | None = None, port: int = 8501,
                 base_path: str = "", https: bool = False) -> StudentLink:
    """The link to this page with these settings that students' phones can open.

    Parameters
    ----------
    page_path : str
        The page's URL path, e.g. ``"window_1d"`` ("" for the home page).
    query : mapping of str to str or list of str
        The page's query parameters (its settings), e.g. ``st.query_params.to_dict()``.
    public_url : str, optional
        ``POOLING_PUBLIC_URL``: the app's address as students reach it (scheme, host, optional path).
    browser_url : str, optional
        The app's address in the teacher's browser, without page and query (``st.context.url``).
    server_address : str, optional
        Streamlit's ``browser.serverAddress``.
    listen_address : str, optional
        Streamlit's ``server.address`` (None or "" listens on every address).
    network_ip : str, optional
        This computer's network address (Streamlit's ``net_util.get_internal_ip()``).
    port : int
        Streamlit's ``server.port``.
    base_path : str
        Streamlit's ``server.baseUrlPath``.
    https : bool
        Whether Streamlit serves HTTPS itself (``server.sslCertFile`` set).

    Returns
    -------
    StudentLink
        With ``url``, never on localhost; or with ``url`` None and ``problem`` saying what to change.

    Examples
    --------
    >>> student_link("window_1d", {"x": "0,1,2", "k": "3"}, network_ip="192.168.1.20").url
    'http://192.168.1.20:8501/window_1d?x=0%2C1%2C2&k=3'
    >>> student_link("image", {}, browser_url="http://localhost:8501/", network_ip="127.0.0.1").problem != ""
    True
    """
    served = "https" if https else "http"
    bases = [public_url, browser_url]
    hosts = [server_address]
    if (listen_address or "").strip() in ("", "0.0.0.0", "::"):  # every address of this computer
        hosts.append(network_ip)
    elif not is_this_computer(listen_address):
        hosts.append(listen_address)
    bases += [f"{served}://{_url_host(host)}:{port}/{base_path.strip('/')}" for host in hosts if host]
    for base in bases:
        if base and not is_this_computer(urlsplit(base.strip()).hostname):
            return StudentLink(_page_url(base.strip(), page_path, query))
    return StudentLink(None, NO_ADDRESS)


def _url_host(host: str) -> str:
    """A host as written in a URL: IPv6 addresses in brackets."""
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def _page_url(base: str, page_path: str, query: Mapping[str, str | list[str]]) -> str:
    url = base.split("?")[0].split("#")[0].rstrip("/") + "/" + page_path.strip("/")
    text = urlencode(query, doseq=True, quote_via=quote)
    return f"{url}?{text}" if text else url


def qr_png(url: str, *, pixels: int = QR_PIXELS, dark: str = "#000000", light: str = "#FFFFFF") -> bytes:
    """A QR code of ``url`` as PNG bytes, about ``pixels`` across (whole modules, quiet zone included).

    >>> qr_png("http://192.168.1.20:8501/window_1d")[:8]
    b'\\x89PNG\\r\\n\\x1a\\n'
    """
    code = segno.make(url, error="m", micro=False)
    width, _ = code.symbol_size(scale=1, border=4)
    out = io.BytesIO()
    code.save(out, kind="png", scale=max(1, pixels // width), border=4, dark=dark, light=light)
    return out.getvalue()
