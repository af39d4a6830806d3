"""Redis down, restarting or silent: pages are served from the database, never
a 500, never a stale page, and no request waits for the kernel's timeouts
(cms/cache.py, nkhr_pages/page_cache.py, cms/settings/environment.py)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import ConnectionHandler
from psycopg import OperationalError

from cms.settings.environment import cache_from_env, database_from_env
from nkhr_pages.page_cache import CACHE_HEADER
from tests.services import service_missing


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A loopback port that accepts connections and never answers: a host
    that has stopped working without closing its port."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for sock in held:
        sock.close()
    server.close()


class RedisServer:
    """A real redis-server of the test's own, with an append-only file so that a
    restart keeps its data (as a production Redis with persistence would)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = _closed_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            service_missing("redis-server is not installed (apt-get install redis)")
        self.process = subprocess.Popen(  # noqa: S603 - our own arguments
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.directory),
                "--save",
                "",
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), 0.2) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()  # SIGTERM: Redis flushes its AOF and exits
            self.process.wait(10)


@pytest.fixture
def redis_server(tmp_path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


def _site_cache(url: str, retry_after: float = 0.2) -> dict:
    """The cache exactly as the settings build it from REDIS_URL."""
    config = cache_from_env({"REDIS_URL": url})
    config["OPTIONS"]["RETRY_AFTER"] = retry_after
    return {"default": config}


@pytest.fixture
def about(make_standard_page, settings):
    settings.NKHR_PAGE_CACHE_ENABLED = True
    en, _ko = make_standard_page("about", "About NKHR")
    return en


@pytest.mark.django_db
def test_redis_on_a_closed_port_pages_are_served_and_health_says_so(
    client, about, settings
):
    settings.CACHES = _site_cache(f"redis://127.0.0.1:{_closed_port()}/0")

    for _ in range(2):
        page = client.get("/en/about/")
        assert page.status_code == 200
        assert "About NKHR" in page.content.decode()
        assert CACHE_HEADER not in page  # neither stored nor replayed
    health = client.get("/health/")
    assert health.status_code == 503
    assert health.json()["checks"]["cache"]["status"] == "down"
    assert health.json()["checks"]["database"]["status"] == "up"


@pytest.mark.django_db
def test_the_page_cache_survives_a_plain_redis_backend_that_raises(
    client, about, settings
):
    """The app's own guard, for projects that use Django's RedisCache as is."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
        },
    }
    settings.NKHR_PAGE_CACHE_ALIAS = "pages"

    page = client.get("/en/about/")

    assert page.status_code == 200
    assert "About NKHR" in page.content.decode()
    assert CACHE_HEADER not in page


@pytest.mark.django_db
def test_a_silent_redis_costs_a_request_at_most_its_timeout(
    client, about, settings, silent_server
):
    settings.CACHES = _site_cache(f"redis://127.0.0.1:{silent_server}/0", 30)

    started = time.monotonic()
    first = client.get("/en/about/")
    first_seconds = time.monotonic() - started
    started = time.monotonic()
    second = client.get("/en/about/")
    second_seconds = time.monotonic() - started

    assert first.status_code == second.status_code == 200
    # One read timeout (1 s), then Redis is left alone for RETRY_AFTER.
    assert first_seconds < 3
    assert second_seconds < 0.5


@pytest.mark.django_db
def test_redis_stopped_and_restarted_no_500_and_no_stale_page(
    client, about, settings, redis_server
):
    settings.CACHES = _site_cache(redis_server.url)
    settings.NKHR_PAGE_CACHE_GENERATION_SECONDS = 0  # always ask Redis
    assert client.get("/en/about/")[CACHE_HEADER] == "miss"
    assert client.get("/en/about/")[CACHE_HEADER] == "hit"

    redis_server.stop()
    time.sleep(0.3)
    during = client.get("/en/about/")
    assert during.status_code == 200
    assert CACHE_HEADER not in during
    # Published while Redis is down: the generation could not be bumped.
    about.title = "Who we are"
    about.save_revision().publish()
    assert "Who we are" in client.get("/en/about/").content.decode()

    redis_server.start()  # with its data: the old page and old generation
    time.sleep(0.3)  # past RETRY_AFTER
    after = client.get("/en/about/")
    assert after.status_code == 200
    assert "Who we are" in after.content.decode()
    assert after[CACHE_HEADER] == "miss"
    assert client.get("/en/about/")[CACHE_HEADER] == "hit"
    assert client.get("/health/").json()["checks"]["cache"]["status"] == "up"


def test_resilient_cache_answers_like_an_empty_cache_when_unreachable():
    from cms.cache import ResilientRedisCache

    config = _site_cache(f"redis://127.0.0.1:{_closed_port()}/0")["default"]
    cache = ResilientRedisCache(config["LOCATION"], config)

    assert cache.get("k", "default") == "default"
    assert cache.add("k", 1) is False
    cache.set("k", 1)
    assert cache.get_many(["k"]) == {}
    assert cache.set_many({"a": 1}) == ["a"]
    with pytest.raises(ValueError, match="not found"):
        cache.incr("k")  # what the rate limits expect of a missing key
    assert cache.is_down()


def test_postgres_connect_timeout_is_set_and_reaches_libpq(silent_server):
    url = f"postgres://nkhr@127.0.0.1:{silent_server}/nkhr"
    config = database_from_env({"DATABASE_URL": url}, default_sqlite=Path("x"))
    assert config["OPTIONS"]["connect_timeout"] == 5
    faster = database_from_env(
        {"DATABASE_URL": url + "?connect_timeout=1"}, default_sqlite=Path("x")
    )
    assert faster["OPTIONS"]["connect_timeout"] == 1
    connection = ConnectionHandler({"default": faster})["default"]

    started = time.monotonic()
    with pytest.raises(OperationalError):  # psycopg's, as Django connects
        connection.get_new_connection(connection.get_connection_params())

    assert time.monotonic() - started < 4  # not the kernel's minutes
