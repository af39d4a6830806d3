"""The demo server of scripts/serve, started as that script starts it (dev
settings with DEBUG off, gunicorn with scripts/gunicorn_demo.py) on a fresh
SQLite database: visitors see the site's own pages, uploads are served, and
clients that never read their answers do not hold up everyone else."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, timeout: float = 30) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("demo")
    (tmp / "media").mkdir()
    (tmp / "media" / "report.txt").write_text("NKHR report", encoding="utf-8")
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DEBUG": "0",
        "DATABASE_URL": f"sqlite:///{tmp / 'demo.sqlite3'}",
        "MEDIA_ROOT": str(tmp / "media"),
        "PROTECTED_MEDIA_ROOT": str(tmp / "protected-media"),
        "HOST": "127.0.0.1",
        "PORT": str(port),
    }
    for name in ("ELASTICSEARCH_URL", "REDIS_URL", "EMAIL_URL"):
        env.pop(name, None)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    server = subprocess.Popen(  # noqa: S603 (the project's own server settings)
        [
            str(BIN / "gunicorn"),
            "cms.wsgi",
            "--config",
            "scripts/gunicorn_demo.py",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            _get(f"{base}/static/css/site.css", timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"demo server did not start: {server.stderr.read()}")
            time.sleep(0.3)
    yield base
    server.terminate()
    server.wait(timeout=30)


def test_a_missing_page_is_the_sites_own_404_not_a_debug_page(demo_server):
    for language, heading in (
        ("en", "Page not found"),
        ("ko", "페이지를 찾을 수 없습니다"),
    ):
        status, html = _get(f"{demo_server}/{language}/no-such-page/")
        assert status == 404
        assert f'<html lang="{language}"' in html
        assert heading in html
        assert "URLconf" not in html  # Django's technical 404 lists the URLconf


def test_uploads_and_static_files_are_served(demo_server):
    assert _get(f"{demo_server}/media/report.txt") == (200, "NKHR report")
    status, _body = _get(f"{demo_server}/media/../../etc/passwd")
    assert status != 200
    status, css = _get(f"{demo_server}/static/css/site.css")
    assert status == 200
    assert "word-break" in css


def test_clients_that_never_read_their_answers_do_not_stall_the_site(demo_server):
    port = int(demo_server.rsplit(":", 1)[1])
    idle = []
    try:
        for _ in range(20):
            sock = socket.create_connection(("127.0.0.1", port))
            sock.sendall(
                b"GET /static/css/site.css HTTP/1.1\r\n"
                b"Host: x\r\nConnection: close\r\n\r\n"
            )
            idle.append(sock)
        time.sleep(0.5)
        # Before gunicorn was kept below 26 this request waited 40 s (2 s per
        # idle connection on the worker's main loop).
        status, _css = _get(f"{demo_server}/static/css/site.css", timeout=10)
        assert status == 200
    finally:
        for sock in idle:
            sock.close()
