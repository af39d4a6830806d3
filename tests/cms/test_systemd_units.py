"""The systemd units in cms/deploy/systemd/: each runs a program that exists
(a management command of this project, or a script in the repository), each
timer starts a service of its own name, and the monthly gifts are charged
every day."""

from __future__ import annotations

import configparser
import shlex
import sys
from pathlib import Path

import pytest
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
UNITS = ROOT / "cms" / "deploy" / "systemd"
APP = "/srv/nkhr/app"  # where the deployment checks the repository out
VENV = "/srv/nkhr/venv"


def unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # systemd's keys are case-sensitive
    parser.read_string(path.read_text())
    return parser


def services() -> list[Path]:
    return sorted(UNITS.glob("*.service"))


@pytest.mark.parametrize("path", services(), ids=lambda path: path.name)
def test_each_service_runs_something_that_exists(path):
    command = shlex.split(unit(path)["Service"]["ExecStart"])
    program = Path(command[0])
    if program.is_relative_to(VENV):
        # The deployment's virtualenv has what this one has (gunicorn, python).
        assert (Path(sys.executable).parent / program.name).is_file(), path.name
    else:
        assert program.is_relative_to(APP), path.name
        assert (ROOT / program.relative_to(APP)).is_file(), path.name
    if "manage.py" in command:
        name = command[command.index("manage.py") + 1]
        assert name in get_commands(), f"{path.name}: no command {name!r}"
    for argument in command[1:]:
        if "/" in argument and not argument.startswith("/"):
            # A file of the repository, from WorkingDirectory=/srv/nkhr/app.
            assert (ROOT / argument).is_file(), f"{path.name}: no {argument}"


@pytest.mark.parametrize(
    "path", sorted(UNITS.glob("*.timer")), ids=lambda path: path.name
)
def test_each_timer_starts_its_own_service(path):
    assert path.with_suffix(".service").is_file()
    assert "Unit" not in unit(path)["Timer"]  # so it starts the namesake
    assert unit(path)["Install"]["WantedBy"] == "timers.target"


def test_monthly_gifts_are_charged_every_day():
    """docs/donations.md: charge_monthly_gifts runs once a day, and a day
    missed while the machine was down is caught up."""
    service = unit(UNITS / "nkhr-charge-monthly-gifts.service")["Service"]
    assert service["Type"] == "oneshot"
    assert shlex.split(service["ExecStart"])[-2:] == [
        "manage.py",
        "charge_monthly_gifts",
    ]
    assert service["User"] == "nkhr"
    assert service["EnvironmentFile"] == "/etc/nkhr/env"
    timer = unit(UNITS / "nkhr-charge-monthly-gifts.timer")["Timer"]
    assert timer["OnCalendar"] == "*-*-* 10:00:00 Asia/Seoul"
    assert timer["Persistent"] == "true"
    # The deployment guide enables it with the other timers.
    guide = (ROOT / "docs" / "deploy.md").read_text()
    assert "nkhr-charge-monthly-gifts.timer" in guide.split("systemctl enable")[1]
