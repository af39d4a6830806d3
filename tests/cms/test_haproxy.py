"""The project's HAProxy configuration (cms/deploy/haproxy/haproxy.cfg) on a real
haproxy, in front of a stand-in app server whose /health/ says whether the
database answers: once it does again, the server is back in rotation within
about a second and a half (docs/deploy.md, "What happens when a part fails").
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
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.services import service_missing

CONFIG = Path(__file__).resolve().parents[2] / "cms/deploy/haproxy/haproxy.cfg"


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


def _status(port: int) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/haproxy-up")
        return connection.getresponse().status
    finally:
        connection.close()


def _wait_for(port: int, status: int, seconds: float) -> float:
    """Seconds until the monitor URI answers *status*."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if _status(port) == status:
            return time.monotonic() - started
        time.sleep(0.05)
    raise AssertionError(f"/haproxy-up did not answer {status} in {seconds} s")


@pytest.fixture
def balancer(tmp_path) -> Iterator[tuple[int, AppServer]]:
    haproxy = shutil.which("haproxy") or (
        "/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None
    )
    if haproxy is None:
        service_missing("haproxy is not installed (apt-get install haproxy)")
    app = AppServer()
    port = _free_port()
    config = re.sub(
        r"\n    (log /dev/log local0|user haproxy|group haproxy|daemon)",
        "",
        CONFIG.read_text(),
    )
    config = config.replace("127.0.0.1:8080", f"127.0.0.1:{port}")
    config = config.replace("127.0.0.1:8001", f"127.0.0.1:{app.port}")
    config = re.sub(r"\n    server app2 .*", "", config)
    config = config.replace("127.0.0.1:8404", f"127.0.0.1:{_free_port()}")
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
        _wait_for(port, 200, 10)
        yield port, app
    finally:
        process.terminate()
        process.wait(10)
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
