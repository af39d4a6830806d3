"""The service starters in scripts/services/: they listen on loopback only, stop
what they started, and a stale pid file neither blocks a start nor makes a stop
kill a process that is not theirs."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.services import service_missing

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ROOT / "scripts" / "services"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run(script: str, action: str, env: dict[str, str]) -> str:
    done = subprocess.run(  # noqa: S603 (the project's own scripts)
        ["bash", str(SERVICES / script), action],  # noqa: S607
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return done.stdout.strip()


def _listening(pid: int) -> list[str]:
    """The local addresses the process listens on (TCP), from ss."""
    out = subprocess.run(
        ["ss", "-ltnpH"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [line.split()[3] for line in out.splitlines() if f"pid={pid}," in line]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture
def stripe_mock_env(tmp_path) -> dict[str, str]:
    port = _free_port()
    return {"NKHR_STRIPE_MOCK_PORT": str(port), "NKHR_STRIPE_MOCK_DIR": str(tmp_path)}


def test_stripe_mock_listens_on_loopback_only_and_stops(stripe_mock_env, tmp_path):
    if not shutil.which("go") or not shutil.which("ss"):
        service_missing("Go (to install stripe-mock) and ss are needed")
    port = stripe_mock_env["NKHR_STRIPE_MOCK_PORT"]
    pid_file = tmp_path / f"nkhr-stripe-mock-{port}.pid"

    url = _run("stripe_mock.sh", "start", stripe_mock_env)
    pid = int(pid_file.read_text())
    try:
        addresses = _listening(pid)
    finally:
        _run("stripe_mock.sh", "stop", stripe_mock_env)

    assert url == f"http://127.0.0.1:{port}"
    # HTTP on the port asked for, HTTPS on one the kernel chose: both loopback.
    assert f"127.0.0.1:{port}" in addresses
    assert len(addresses) == 2
    assert all(address.startswith("127.0.0.1:") for address in addresses)
    assert not pid_file.exists()
    assert not _alive(pid)


def test_a_stale_pid_file_is_not_someone_elses_process_to_kill(
    stripe_mock_env, tmp_path
):
    port = stripe_mock_env["NKHR_STRIPE_MOCK_PORT"]
    pid_file = tmp_path / f"nkhr-stripe-mock-{port}.pid"
    # The pid was reused by an unrelated process since stripe-mock died.
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        pid_file.write_text(f"{other.pid}\n")

        _run("stripe_mock.sh", "stop", stripe_mock_env)

        assert other.poll() is None
        assert not pid_file.exists()
    finally:
        other.kill()
        other.wait()
