"""Two app servers (gunicorn processes) sharing one PostgreSQL and one Redis, as in
production (docs/deploy.md): an editor publishing through one server is seen at
once through the other, whose page cache held the old page."""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from tests.services import require_service

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _test_database_url() -> str:
    """The URL of the database this test writes to (committed: transaction=True)."""
    settings = connection.settings_dict
    return (
        f"postgres://{settings['USER']}:{settings['PASSWORD'] or ''}@"
        f"{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    )


class AppServer:
    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log.open("wb")
        self.process = subprocess.Popen(  # noqa: S603 - our own arguments
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "cms.wsgi",
                "--config",
                "cms/deploy/gunicorn.py",
            ],
            cwd=ROOT,
            env={**env, "NKHR_BIND": f"127.0.0.1:{self.port}", "NKHR_WORKERS": "1"},
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def wait(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "gunicorn exited (see its log)"
            try:
                if self.get("/health/?require=database")[0] == 200:
                    return
            except OSError:
                time.sleep(0.3)
        raise AssertionError(f"app server on {self.port} did not start")

    def request(self, path: str, data: dict | None = None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data else None
        request = urllib.request.Request(  # noqa: S310 - loopback only
            self.base + path, data=body, headers={"Referer": self.base + "/"}
        )
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode(), response.headers
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), error.headers

    def get(self, path: str):
        return self.request(path)

    def csrf_token(self, path: str) -> str:
        html = self.get(path)[1]
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(30)
        self.log.close()


@pytest.fixture
def app_servers(tmp_path) -> Iterator[tuple[AppServer, AppServer]]:
    require_service("NKHR_TEST_POSTGRES_URL", "PostgreSQL")
    if connection.vendor != "postgresql":
        # Two processes share the test's database: PostgreSQL, so it runs once,
        # in the PostgreSQL pass of scripts/test.
        pytest.skip("runs in the PostgreSQL pass (DATABASE_URL=postgres://...)")
    redis_url = require_service("NKHR_TEST_REDIS_URL", "Redis")
    # A Redis database of this test's own: the page cache's keys are global.
    redis_url = re.sub(r"/\d*$", "", redis_url.rstrip("/")) + "/11"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DEBUG": "0",
        "DATABASE_URL": _test_database_url(),
        "REDIS_URL": redis_url,
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PROTECTED_MEDIA_ROOT": str(tmp_path / "protected"),
        "PYTHONPATH": str(ROOT),
    }
    for name in ("ELASTICSEARCH_URL", "EMAIL_URL", "FRONTEND_CACHE_PURGE_URL"):
        env.pop(name, None)
    servers = (
        AppServer(env, tmp_path / "app1.log"),
        AppServer(env, tmp_path / "app2.log"),
    )
    try:
        for server in servers:
            server.wait()
        yield servers
    finally:
        for server in servers:
            server.stop()


def test_publishing_on_one_app_server_is_seen_at_once_on_the_other(
    app_servers, make_standard_page, settings
):
    app1, app2 = app_servers
    page, _ko = make_standard_page("about", "About NKHR")
    # A hash the app servers' (production) hashers read; the suite's is MD5.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        *settings.PASSWORD_HASHERS,
    ]
    get_user_model().objects.create_superuser("editor", "e@example.org", "pw-12345-x")
    for server in (app1, app2):
        server.get("/en/about/")
        status, html, headers = server.get("/en/about/")
        assert status == 200
        assert "About NKHR" in html
        assert headers["X-Page-Cache"] == "hit"  # the old page is cached on both
    page.title = "Who we are"
    page.save_revision()  # a draft: not yet live anywhere

    token = app1.csrf_token("/admin/login/")
    app1.request(
        "/admin/login/",
        {"username": "editor", "password": "pw-12345-x", "csrfmiddlewaretoken": token},
    )
    publish = f"/admin/bulk/wagtailcore/page/publish/?id={page.pk}&next=/admin/"
    token = app1.csrf_token(publish)
    status, _html, _headers = app1.request(publish, {"csrfmiddlewaretoken": token})
    assert status == 200  # followed the redirect back to the admin
    page.refresh_from_db()
    assert page.title == "Who we are"  # published by app1

    # Each worker trusts its copy of the cache generation for
    # NKHR_PAGE_CACHE_GENERATION_SECONDS (1 s, docs/apps.md): app2 serves the
    # new page within that second, whatever cached copy it holds.
    deadline = time.monotonic() + 1.0 + 2.0  # the window, and a margin for a slow run
    while True:
        status, html, headers = app2.get("/en/about/")
        if "Who we are" in html or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert status == 200
    assert "Who we are" in html
    assert headers["X-Page-Cache"] == "miss"
    assert "Who we are" in app1.get("/en/about/")[1]
