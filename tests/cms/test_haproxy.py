"""The project's HAProxy configuration (cms/deploy/haproxy/haproxy.cfg) on a real
haproxy, in front of a stand-in app server whose /health/ says whether the
database answers: once it does again, the server is back in rotation within
about a second and a half (docs/deploy.md, "What happens when a part fails");
and the 503s HAProxy makes itself are the site's "Temporarily unavailable" page.
Skipped loudly without haproxy (apt-get install haproxy)."""

from __future__ import annotations

import http.client
import re
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.services import service_missing

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "cms/deploy/haproxy/haproxy.cfg"
ERRORS = ROOT / "cms/deploy/haproxy/errors"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class AppServer:
    """Answers /health/?require=database with 200 while ``database_up``."""

    def __init__(self) -> None:
        self.database_up = True
        app = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                status = 200 if app.database_up else 503
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_port
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def _get(port: int, path: str) -> tuple[int, bytes, http.client.HTTPMessage]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": "nkhr.or.kr"})
        response = connection.getresponse()
        return response.status, response.read(), response.headers
    finally:
        connection.close()


def _status(port: int) -> int:
    return _get(port, "/haproxy-up")[0]


def _wait_for(port: int, status: int, seconds: float) -> float:
    """Seconds until the monitor URI answers *status*."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if _status(port) == status:
            return time.monotonic() - started
        time.sleep(0.05)
    raise AssertionError(f"/haproxy-up did not answer {status} in {seconds} s")


@contextmanager
def _haproxy(tmp_path, edit) -> Iterator[int]:
    """HAProxy with the project's configuration, changed by ``edit``; its port."""
    haproxy = shutil.which("haproxy") or (
        "/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None
    )
    if haproxy is None:
        service_missing("haproxy is not installed (apt-get install haproxy)")
    port = _free_port()
    config = re.sub(
        r"\n    (log /dev/log local0|user haproxy|group haproxy|daemon)",
        "",
        CONFIG.read_text(),
    )
    config = config.replace("/srv/nkhr/app/", f"{ROOT}/")
    config = config.replace("127.0.0.1:8080", f"127.0.0.1:{port}")
    config = re.sub(r"\n    server app2 .*", "", config)
    config = config.replace("127.0.0.1:8404", f"127.0.0.1:{_free_port()}")
    config = edit(config)
    path = tmp_path / "haproxy.cfg"
    path.write_text(config)
    process = subprocess.Popen(  # noqa: S603 - our own arguments
        [haproxy, "-db", "-f", str(path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                _status(port)
                break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture
def balancer(tmp_path) -> Iterator[tuple[int, AppServer]]:
    app = AppServer()
    try:
        with _haproxy(
            tmp_path,
            lambda config: config.replace("127.0.0.1:8001", f"127.0.0.1:{app.port}"),
        ) as port:
            _wait_for(port, 200, 10)
            yield port, app
    finally:
        app.server.shutdown()


def test_an_app_server_is_back_in_rotation_soon_after_the_database(balancer):
    port, app = balancer
    app.database_up = False
    taken_out = _wait_for(port, 503, 10)
    app.database_up = True
    put_back = _wait_for(port, 200, 10)

    # Two failed checks (2 s apart, then 0.5 s) and two good ones (within 1 s
    # while down, then 0.5 s): the old settings (every 2 s) needed 2 to 4 s.
    assert taken_out < 3.5
    assert put_back < 2.0


def _assert_never_kept(headers) -> None:
    assert headers["Retry-After"] == "30"
    assert "no-store" in headers["Cache-Control"]
    assert headers["Content-Type"] == "text/html; charset=utf-8"


def test_no_app_server_up_is_the_sites_unavailable_page_in_the_url_s_language(
    balancer,
):
    """In the second or two before Varnish's probe notices, HAProxy answers
    itself: with the site's page, not its bare "No server is available"."""
    port, app = balancer
    app.database_up = False
    _wait_for(port, 503, 10)

    status, body, headers = _get(port, "/ko/campaigns/")
    assert status == 503
    assert body == (ERRORS / "503.ko.html").read_bytes()
    assert "일시적으로 이용할 수 없습니다" in body.decode()
    assert headers["Content-Language"] == "ko"
    _assert_never_kept(headers)
    for path in ("/en/campaigns/", "/donations/webhooks/stripe/"):
        status, body, headers = _get(port, path)
        assert status == 503
        assert body == (ERRORS / "503.en.html").read_bytes()
        assert headers["Content-Language"] == "en"
        _assert_never_kept(headers)

    app.database_up = True
    _wait_for(port, 200, 10)
    assert _get(port, "/ko/campaigns/")[0] == 200


@pytest.fixture
def dead_server_in_rotation(tmp_path) -> Iterator[int]:
    """An app server not checked (so in rotation) that refuses every connection:
    HAProxy's retries fail and it makes the 503 itself."""
    closed = _free_port()

    def edit(config: str) -> str:
        return re.sub(
            r"server app1 127.0.0.1:8001 check",
            f"server app1 127.0.0.1:{closed}",
            config,
        )

    with _haproxy(tmp_path, edit) as port:
        yield port


def test_any_other_503_of_haproxy_is_the_sites_page_in_both_languages(
    dead_server_in_rotation,
):
    port = dead_server_in_rotation
    status, body, headers = _get(port, "/ko/campaigns/")

    assert status == 503
    page = body.decode()
    assert "Temporarily unavailable" in page
    assert "일시적으로 이용할 수 없습니다" in page
    assert "No server is available" not in page
    _assert_never_kept(headers)


def test_haproxy_s_pages_are_the_site_s_page_as_it_renders_now():
    """The files HAProxy reads are the site's 503 page: after a change to
    templates/503.html or its translation, run scripts/proxy_error_pages."""
    from cms.errors import proxy_error_pages

    for name, content in proxy_error_pages().items():
        assert (ERRORS / name).read_bytes() == content, (
            f"cms/deploy/haproxy/errors/{name} is out of date: "
            "run scripts/proxy_error_pages"
        )
