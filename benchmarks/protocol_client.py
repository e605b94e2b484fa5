"""A Streamlit client that speaks the app's protocol and draws nothing, for measuring the server alone.

A browser spends about a second of its main thread drawing the image lesson; thirty of them on the
server's cores measure the browsers. A `Client` sends and receives what the frontend of Streamlit 1.67
does, and nothing more (requests for the HTTP, websockets for the stream: both Streamlit's own
dependencies; the messages are `streamlit.proto`):

1. ``GET /_stcore/health``: with server.enableXsrfProtection its answer sets the ``_streamlit_xsrf``
   cookie, which the frontend reads back.
2. A websocket to ``/_stcore/stream`` with the subprotocols ``streamlit, <that cookie>`` (a third entry
   would resume an earlier session), the cookie and an Origin header, as a browser sends them.
3. BackMsg ``rerun_script``: for the session's first run ``page_name`` is the page's url path and
   ``page_script_hash`` is empty (``st.navigation`` finds the page); later runs send the
   ``page_script_hash`` of the last ``navigation`` (``new_session`` names app.py's), the query string
   of the last ``page_info_changed`` and the state of every widget set so far (a radio's value is the
   label of its option).
4. ForwardMsgs: ``new_session`` starts a run, each ``delta`` puts an element at its
   ``metadata.delta_path``, ``script_finished`` ends the run (``FINISHED_EARLY_FOR_RERUN``: another
   run follows, as after ``st.rerun``).
5. An upload: BackMsg ``file_urls_request`` (a request id, the file names, the session id), answered
   by ForwardMsg ``file_urls_response`` (per file its id, upload URL and delete URL); a ``PUT`` of
   multipart form data to the upload URL, one part named after the file, with the ``X-Xsrftoken``
   header set to the cookie (answer 204); then a rerun in which the uploader's widget state is a
   ``file_uploader_state_value`` listing the file's id, name, size and URLs.

Behind a load balancer that keeps each browser on one replica with a cookie (deploy/haproxy.cfg),
a client does as a browser does: its HTTP requests (one ``requests.Session``) and its websocket
handshake carry every cookie it has received, so its stream, its upload and its /media/ requests reach
the replica that holds its session. Given that cookie's name (``affinity``), `Client.routes` records
which replica each kind of request reached.

The client keeps what it sends and receives in memory; it writes nothing to disk. ::

    with Client("http://127.0.0.1:8501") as client:
        client.open("image")
        client.choose("img_source", "Your own image")
        run = client.upload("img_upload", "photo.jpg", jpeg_bytes, "image/jpeg")
        client.fetch_media(run)  # {"/media/...": 200, ...}
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from requests.cookies import get_cookie_header
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState, ContextInfo
from streamlit.proto.Common_pb2 import FileUploaderState, FileURLsRequest, UploadedFileInfo
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.runtime.state.common import user_key_from_element_id
from streamlit.web.server.starlette.starlette_server_config import XSRF_COOKIE_NAME as XSRF_COOKIE
from urllib3.util.retry import Retry
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

__all__ = ["Client", "ProtocolError", "Run"]

NO_XSRF_TOKEN = "PLACEHOLDER_AUTH_TOKEN"  # what the frontend sends when it has no cookie
ENDED = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
         ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}
TEXT_FIELDS = {"markdown": "body", "heading": "body", "text": "body", "alert": "body", "exception": "message"}
"""The elements whose text a `Run` reads (a caption is markdown), and the field that holds it."""
URL_FIELDS = {"audio": "url", "video": "url", "download_button": "url"}
MEDIA_IN_HTML = re.compile(r"""/media/[^"'\s)>]+""")


class ProtocolError(RuntimeError):
    """The server closed the stream, refused a request, or sent what a browser would not be sent."""


@dataclass
class Run:
    """What one script run sent: its elements by delta path, and how it ended."""

    elements: dict[tuple[int, ...], Element] = field(default_factory=dict)
    finished: int | None = None
    """A ``ForwardMsg.ScriptFinishedStatus``; None while the run goes on."""

    def texts(self) -> list[str]:
        """The text of every markdown (captions too), heading, text, alert and exception element."""
        return [getattr(getattr(element, kind), TEXT_FIELDS[kind])
                for element in self.elements.values() if (kind := element.WhichOneof("type")) in TEXT_FIELDS]

    def count(self, text: str) -> int:
        """How many elements' texts contain ``text``."""
        return sum(text in shown for shown in self.texts())

    def media_urls(self) -> list[str]:
        """The /media/ URLs the run's elements refer to: images, audio, video, downloads, and pictures
        inside HTML."""
        urls = []
        for element in self.elements.values():
            kind = element.WhichOneof("type")
            if kind == "imgs":
                urls += [image.url for image in element.imgs.imgs]
            elif kind in URL_FIELDS:
                urls.append(getattr(getattr(element, kind), URL_FIELDS[kind]))
            elif kind in ("html", "markdown"):
                urls += MEDIA_IN_HTML.findall(getattr(element, kind).body)
        return [url for url in urls if urlsplit(url).path.startswith("/media/")]

    def widget(self, key: str):
        """The proto of the widget with user key ``key`` (a ``Radio``, a ``FileUploader``, ...)."""
        for element in self.elements.values():
            proto = getattr(element, element.WhichOneof("type") or "", None)
            element_id = getattr(proto, "id", "")
            if element_id and user_key_from_element_id(element_id) == key:
                return proto
        raise KeyError(f"no widget with key {key!r} in this run")


def cookie_values(name: str, headers: list[str]) -> list[str]:
    """The values of cookie ``name`` in ``Cookie`` or ``Set-Cookie`` header values, in order (a
    ``Set-Cookie``'s attributes have other names)."""
    pairs = (part.strip().partition("=") for header in headers for part in header.split(";"))
    return [value for key, equals, value in pairs if equals and key == name]


class Client:
    """One browser session's traffic, from one thread; ``timeout`` bounds every wait for the server
    (then TimeoutError). ``affinity``: the name of a load balancer's cookie that keeps a session on
    one replica; `routes` then holds, per kind of request ("health", "stream", "upload", "media"),
    the replicas (that cookie's values) those requests reached."""

    def __init__(self, url: str, timeout: float = 300.0, affinity: str | None = None):
        self.url, self.timeout, self.affinity = url.rstrip("/"), timeout, affinity
        self.routes: dict[str, set[str | None]] = {}
        self.http = requests.Session()
        self.http.trust_env = False  # no proxy between a benchmark and its server
        # A request sent on a kept-alive connection just as the server closes it for being idle (5 s)
        # is sent again on a new one, as a browser does; a connection refused is not tried again.
        again = Retry(total=1, connect=0, read=1, status=0, other=0, allowed_methods=None)
        self.http.mount("http://", HTTPAdapter(max_retries=again))
        self.request("health", "GET", f"{self.url}/_stcore/health").raise_for_status()
        self.xsrf = self.http.cookies.get(XSRF_COOKIE)  # None when the server has XSRF protection off
        stream = f"{self.url}/_stcore/stream"
        cookies = get_cookie_header(self.http.cookies, requests.Request("GET", stream))
        self.socket = connect(
            f"ws{stream.removeprefix('http')}",
            subprotocols=["streamlit", self.xsrf or NO_XSRF_TOKEN],
            origin=self.url,
            additional_headers={"Cookie": cookies} if cookies else {},
            max_size=None, proxy=None, open_timeout=timeout)
        received = self.socket.response.headers.get_all("Set-Cookie")
        for header in received:  # the next requests carry what the handshake's answer set, too
            name, _, value = header.split(";", 1)[0].strip().partition("=")
            self.http.cookies.set(name, None)  # in place of the one from an earlier answer
            self.http.cookies.set(name, value, domain=urlsplit(self.url).hostname)
        self.record_route("stream", self.socket.request.headers.get_all("Cookie"), received)
        self.session_id = self.page_script_hash = self.query_string = ""
        self.widget_states: dict[str, WidgetState] = {}
        self.run: Run | None = None
        self.media: dict[str, int] = {}
        self.file_urls: dict[str, ForwardMsg] = {}

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def close(self) -> None:
        self.socket.close()
        self.http.close()

    # ---- HTTP ---------------------------------------------------------------------------------------

    def request(self, kind: str, method: str, url: str, **options) -> requests.Response:
        """An HTTP request from this client's session (its cookies go with it) to ``url`` (a path is
        on the server's URL); recorded in `routes` under ``kind``."""
        answer = self.http.request(method, urljoin(self.url, url), timeout=self.timeout, **options)
        self.record_route(kind, [answer.request.headers.get("Cookie", "")],
                          answer.raw.headers.getlist("Set-Cookie"))
        return answer

    def record_route(self, kind: str, sent: list[str], received: list[str]) -> None:
        """Note which replica a request reached: the affinity cookie its answer set last (the balancer
        chose or changed the replica), else the first one it sent (the one a balancer reads)."""
        if self.affinity is not None:
            chosen, kept = cookie_values(self.affinity, received), cookie_values(self.affinity, sent)
            replica = chosen[-1] if chosen else (kept[0] if kept else None)
            self.routes.setdefault(kind, set()).add(replica)

    # ---- the stream ---------------------------------------------------------------------------------

    def send(self, message: BackMsg) -> None:
        self.socket.send(message.SerializeToString())

    def receive(self) -> ForwardMsg:
        """The next ForwardMsg, once it has updated the session and the current run."""
        message = ForwardMsg()
        try:
            message.ParseFromString(self.socket.recv(timeout=self.timeout))
        except ConnectionClosed as closed:
            raise ProtocolError(f"the server closed the stream: {closed}") from closed
        kind = message.WhichOneof("type")
        if kind == "new_session":
            if message.new_session.HasField("initialize"):
                self.session_id = message.new_session.initialize.session_id
            self.page_script_hash = message.new_session.page_script_hash
            self.run = Run()
        elif kind == "navigation":  # the page st.navigation runs
            self.page_script_hash = message.navigation.page_script_hash
        elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
            self.current().elements[tuple(message.metadata.delta_path)] = message.delta.new_element
        elif kind == "script_finished":
            self.current().finished = message.script_finished
        elif kind == "page_info_changed":
            self.query_string = message.page_info_changed.query_string
        elif kind == "file_urls_response":
            self.file_urls[message.file_urls_response.response_id] = message
        elif kind == "page_not_found":
            raise ProtocolError(f"page not found: {message.page_not_found.page_name!r}")
        elif kind == "ref_hash":  # only for messages a client says it has cached, which this one never does
            raise ProtocolError(f"a reference to a cached message: {message.ref_hash}")
        return message

    def current(self) -> Run:
        """The run the messages are about (a fragment's rerun continues the page's)."""
        if self.run is None:
            self.run = Run()
        return self.run

    def wait_for_run(self) -> Run:
        """Read messages until a run ends (not one stopped for a rerun); return it."""
        while self.run is None or self.run.finished not in ENDED:
            self.receive()
        return self.run

    def rerun(self, page_name: str = "") -> Run:
        """Ask for a run with every widget state set so far, as the frontend does; wait for it."""
        state = ClientState(
            query_string=self.query_string, page_script_hash=self.page_script_hash, page_name=page_name,
            context_info=ContextInfo(timezone="UTC", timezone_offset=0, locale="en-US", color_scheme="light",
                                     url=f"{self.url}/{page_name}"))
        state.widget_states.widgets.extend(self.widget_states.values())
        self.run = None
        self.send(BackMsg(rerun_script=state))
        return self.wait_for_run()

    # ---- what a student does ------------------------------------------------------------------------

    def open(self, url_path: str = "", query_string: str = "") -> Run:
        """The session's first run: the page at ``/<url_path>?<query_string>`` ("" is the home page)."""
        self.page_script_hash, self.query_string = "", query_string
        self.widget_states.clear()
        return self.rerun(page_name=url_path)

    def set_widget(self, key: str, **value) -> Run:
        """Give the widget with user key ``key`` a value (``string_value="..."``, ``int_value=3``, any
        `WidgetState` field) and rerun."""
        widget_id = self.current().widget(key).id
        self.widget_states[widget_id] = WidgetState(id=widget_id, **value)
        return self.rerun()

    def choose(self, key: str, option: str) -> Run:
        """Pick ``option`` (its label as shown) in the radio or select box with user key ``key``."""
        options = list(self.current().widget(key).options)
        if option not in options:
            raise ValueError(f"{option!r} is not an option of {key!r}: {options}")
        return self.set_widget(key, string_value=option)

    def upload(self, key: str, name: str, data: bytes, mime: str) -> Run:
        """Upload ``data`` as file ``name`` to the file uploader with user key ``key``; return the run
        that follows."""
        self.current().widget(key)
        request_id = uuid.uuid4().hex
        self.send(BackMsg(file_urls_request=FileURLsRequest(
            request_id=request_id, file_names=[name], session_id=self.session_id)))
        while request_id not in self.file_urls:
            self.receive()
        response = self.file_urls.pop(request_id).file_urls_response
        if response.error_msg:
            raise ProtocolError(f"no upload URL for {name}: {response.error_msg}")
        urls = response.file_urls[0]
        answer = self.request("upload", "PUT", urls.upload_url, files={name: (name, data, mime)},
                              headers={"X-Xsrftoken": self.xsrf} if self.xsrf else {})
        if answer.status_code != 204:
            raise ProtocolError(f"upload of {name} answered {answer.status_code}: {answer.text[:200]}")
        uploaded = UploadedFileInfo(file_id=urls.file_id, name=name, size=len(data), file_urls=urls)
        state = FileUploaderState(uploaded_file_info=[uploaded])
        return self.set_widget(key, file_uploader_state_value=state)

    def fetch_media(self, run: Run) -> dict[str, int]:
        """GET every /media/ URL of ``run``, as a browser shows them; the HTTP status of each, also
        kept in ``self.media``."""
        for url in run.media_urls():
            self.media[url] = self.request("media", "GET", url).status_code
        return {url: self.media[url] for url in run.media_urls()}
