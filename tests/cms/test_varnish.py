"""The project's Varnish configuration (cms/deploy/varnish/default.vcl) on a real
varnishd (Debian's ``varnish``), in front of a stand-in origin: it keeps what the
site marks public and nothing else, Wagtail's front-end cache purge (as
configured from FRONTEND_CACHE_PURGE_URL) empties it, and only the app servers'
addresses may purge. Skipped loudly without varnishd (apt-get install varnish)."""

from __future__ import annotations

import http.client
import shutil
import socket
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from cms.settings.environment import frontend_cache_from_env
from tests.services import service_missing

VCL = Path(__file__).resolve().parents[2] / "cms" / "deploy" / "varnish" / "default.vcl"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Origin:
    """Stands in for HAProxy and the app servers: counts what reaches it."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.up = True  # False: HAProxy's monitor URI says no app server is up
        origin = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                origin.hits[self.path] += 1
                body = f"{self.path} render {origin.hits[self.path]}".encode()
                down = self.path == "/haproxy-up" and not origin.up
                self.send_response(503 if down else 200)
                if self.path.startswith("/private/"):
                    self.send_header("Cache-Control", "private")
                elif self.path != "/haproxy-up":
                    self.send_header("Cache-Control", "max-age=0, public")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_port
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def varnish(tmp_path) -> Iterator[tuple[int, Origin]]:
    varnishd = shutil.which("varnishd") or (
        "/usr/sbin/varnishd" if Path("/usr/sbin/varnishd").exists() else None
    )
    if varnishd is None:
        service_missing("varnishd is not installed (apt-get install varnish)")
    origin = Origin()
    vcl = tmp_path / "default.vcl"
    vcl.write_text(
        VCL.read_text().replace('.port = "8080"', f'.port = "{origin.port}"')
    )
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 - our own arguments
        [
            varnishd,
            "-F",
            "-j",
            "none",  # no separate users: the test's own temporary directory
            "-n",
            str(tmp_path / "varnish"),
            "-a",
            f"127.0.0.1:{port}",
            "-T",
            f"127.0.0.1:{_free_port()}",
            "-f",
            str(vcl),
            "-s",
            "malloc,16m",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                _request(port, "GET", "/haproxy-up")
                break
            except OSError:
                time.sleep(0.2)
        time.sleep(2.5)  # the probe marks the origin healthy (2 of 3)
        yield port, origin
    finally:
        process.terminate()
        process.wait(10)
        origin.server.shutdown()


def _request(port: int, method: str, path: str, source: str = "127.0.0.1"):
    conn = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=10, source_address=(source, 0)
    )
    try:
        conn.request(method, path, headers={"Host": "nkhr.or.kr"})
        response = conn.getresponse()
        return response.status, response.read().decode(), response.headers
    finally:
        conn.close()


def test_public_pages_are_kept_private_ones_never(varnish):
    port, origin = varnish
    first = _request(port, "GET", "/en/about/")
    second = _request(port, "GET", "/en/about/")
    assert first[1] == second[1] == "/en/about/ render 1"
    assert second[2]["X-Varnish-Cache"] == "hit"

    _request(port, "GET", "/private/donate/")
    _request(port, "GET", "/private/donate/")
    assert origin.hits["/private/donate/"] == 2


def test_wagtails_purge_empties_the_page(varnish, settings):
    from wagtail.contrib.frontend_cache.utils import purge_url_from_cache

    port, origin = varnish
    settings.WAGTAILFRONTENDCACHE = frontend_cache_from_env(
        {"FRONTEND_CACHE_PURGE_URL": f"http://127.0.0.1:{port}"}
    )
    _request(port, "GET", "/en/about/")
    assert _request(port, "GET", "/en/about/")[2]["X-Varnish-Cache"] == "hit"

    # As on publish: the page's public URL, on the site's own host name.
    purge_url_from_cache("https://nkhr.or.kr/en/about/")

    status, body, headers = _request(port, "GET", "/en/about/")
    assert body == "/en/about/ render 2"
    assert headers["X-Varnish-Cache"] == "miss"


def test_only_the_app_servers_may_purge(varnish):
    port, origin = varnish
    _request(port, "GET", "/en/about/")

    # 127.0.0.2 is loopback too, but not in the VCL's "purgers".
    assert _request(port, "PURGE", "/en/about/", source="127.0.0.2")[0] == 405
    assert _request(port, "BAN", "/en/", source="127.0.0.2")[0] == 405
    assert _request(port, "GET", "/en/about/")[2]["X-Varnish-Cache"] == "hit"

    assert _request(port, "BAN", "/en/")[0] == 200
    assert _request(port, "GET", "/en/about/")[1] == "/en/about/ render 2"


def test_traffic_resumes_within_two_seconds_of_haproxy_being_back(varnish):
    """After an outage (no app server up), two good probes of three, one a
    second, send traffic again: about 2 s, where probes every 2 s took 2 to 4."""
    port, origin = varnish
    origin.up = False
    deadline = time.monotonic() + 10
    while _request(port, "GET", "/private/outage")[0] != 503:
        assert time.monotonic() < deadline, "Varnish never saw the origin down"
        time.sleep(0.1)
    origin.up = True
    back = time.monotonic()
    while _request(port, "GET", "/private/outage")[0] != 200:
        assert time.monotonic() < back + 10, "Varnish never saw the origin back"
        time.sleep(0.05)

    assert time.monotonic() - back < 2.5


def test_no_app_server_up_is_the_sites_unavailable_page_never_kept(varnish):
    """Not Varnish's "Backend fetch failed": the site's 503 page, in the URL's
    language, with Retry-After; the page is fetched again once the origin is back."""
    port, origin = varnish
    origin.up = False
    deadline = time.monotonic() + 10
    while _request(port, "GET", "/private/outage")[0] != 503:
        assert time.monotonic() < deadline, "Varnish never saw the origin down"
        time.sleep(0.1)

    status, body, headers = _request(port, "GET", "/ko/never-fetched/")
    assert status == 503
    assert "일시적으로 이용할 수 없습니다" in body
    assert headers["Retry-After"] == "30"
    assert "no-store" in headers["Cache-Control"]
    status, body, _headers = _request(port, "GET", "/en/never-fetched/")
    assert "Temporarily unavailable" in body
    assert "Backend fetch failed" not in body

    origin.up = True
    back = time.monotonic()
    while _request(port, "GET", "/en/never-fetched/")[0] != 200:
        assert time.monotonic() < back + 10, "the 503 page was kept"
        time.sleep(0.05)
