"""A database outage answers 503 "temporarily unavailable" (cms/errors.py):
with Retry-After, in the visitor's language, never cached, never a traceback;
every other error keeps the 500 page."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

from django.db import OperationalError
from django.test import RequestFactory

from cms.errors import handle_server_error

ROOT = Path(__file__).resolve().parents[2]


def _closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_database_error_is_503_and_any_other_error_500():
    request = RequestFactory().get("/en/about/")
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        outage = handle_server_error(request)
    try:
        raise ValueError("a bug")
    except ValueError:
        bug = handle_server_error(request)

    assert outage.status_code == 503
    assert outage["Retry-After"] == "30"
    assert bug.status_code == 500
    assert "Retry-After" not in bug


def test_postgresql_on_a_closed_port_answers_503_in_the_visitors_language():
    """The production settings in their own process, PostgreSQL and Redis on
    closed ports (Redis down too: the page cache then reads the database)."""
    db_port, redis_port = _closed_port(), _closed_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "errors-test-" + "x" * 60,
        "ALLOWED_HOSTS": "testserver",
        "WAGTAILADMIN_BASE_URL": "https://www.nkhr.or.kr",
        "DATABASE_URL": (
            f"postgres://nkhr_user:db-secret@127.0.0.1:{db_port}/nkhr_private_db"
        ),
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "LOG_LEVEL": "CRITICAL",
    }
    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "c = Client(raise_request_exception=False);"
        "paths = ['/en/', '/ko/', '/ko/campaigns/', '/en/does-not-exist/'];"
        "rs = {p: c.get(p, secure=True) for p in paths};"
        "print(json.dumps({p: {'code': r.status_code, 'headers': dict(r.items()),"
        " 'body': r.content.decode()} for p, r in rs.items()}))"
    )
    completed = subprocess.run(  # noqa: S603 (our own script and settings)
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    answers = json.loads(completed.stdout.strip().splitlines()[-1])

    for path, answer in answers.items():
        assert answer["code"] == 503, (path, answer["body"][:3000])
        headers = answer["headers"]
        assert headers["Retry-After"] == "30", path
        # Neither the page cache nor Varnish (default.vcl) keeps it.
        assert "no-store" in headers["Cache-Control"], path
        assert "public" not in headers["Cache-Control"], path
        body = answer["body"]
        assert "Traceback" not in body, path
        assert "OperationalError" not in body, path
        for leak in ("127.0.0.1", "nkhr_user", "db-secret", "nkhr_private_db"):
            assert leak not in body, path
        assert str(db_port) not in body, path
    assert "Temporarily unavailable" in answers["/en/"]["body"]
    assert answers["/en/"]["headers"]["Content-Language"] == "en"
    for path in ("/ko/", "/ko/campaigns/"):
        assert "일시적으로 이용할 수 없습니다" in answers[path]["body"]
        assert '<html lang="ko">' in answers[path]["body"]
        assert answers[path]["headers"]["Content-Language"] == "ko"
