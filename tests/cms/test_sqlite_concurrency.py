"""The embedded SQLite database takes concurrent writing requests without
"database is locked" errors (scripts/serve runs a threaded server on it).

Each load runs in a fresh Python process configured with the database settings
under test, so it uses Django's real transactions on a real database file."""

import json
import subprocess
import sys

from cms.settings.environment import database_from_env

# Writers that read, then write, in one transaction, as request code does (look
# a subscriber up, then save it), all starting together on one database file.
LOAD = r"""
import json, sys, threading, time
import django
from django.conf import settings
settings.configure(DATABASES={"default": json.loads(sys.argv[1])}, USE_TZ=True)
django.setup()
from django.db import OperationalError, connection, transaction

WRITERS, ROUNDS = 8, 15
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE counter (n INTEGER)")
    cursor.execute("INSERT INTO counter VALUES (0)")
connection.close()
errors = []
start = threading.Barrier(WRITERS)

def writer():
    start.wait()
    try:
        for _ in range(ROUNDS):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT n FROM counter")
                (value,) = cursor.fetchone()
                # Request code does work between its read and its write; the
                # pause also lets the other writers in on a busy machine, where
                # threads could otherwise run one after the other (the control
                # below then saw no conflict at all).
                time.sleep(0.005)
                cursor.execute("UPDATE counter SET n = %s", [value + 1])
    except OperationalError as exc:
        errors.append(str(exc))
    finally:
        connection.close()

threads = [threading.Thread(target=writer) for _ in range(WRITERS)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
with connection.cursor() as cursor:
    cursor.execute("SELECT n FROM counter")
    total = cursor.fetchone()[0]
print(json.dumps({"errors": errors, "total": total, "expected": WRITERS * ROUNDS}))
"""


def run_load(config: dict) -> dict:
    done = subprocess.run(  # noqa: S603 (our own script and settings)
        [sys.executable, "-c", LOAD, json.dumps(config)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout)


def test_concurrent_read_then_write_transactions_all_succeed(tmp_path):
    config = database_from_env({}, default_sqlite=tmp_path / "site.sqlite3")
    result = run_load(config)
    assert result["errors"] == []
    assert result["total"] == result["expected"]  # and no update was lost


def test_the_same_load_fails_with_sqlite_defaults(tmp_path):
    """The control: with SQLite's deferred transactions some writers are refused,
    so the test above measures something."""
    config = database_from_env({}, default_sqlite=tmp_path / "plain.sqlite3")
    config["OPTIONS"] = {"timeout": 20}
    result = run_load(config)
    assert result["errors"], "expected 'database is locked' with deferred BEGIN"
    assert all("locked" in error for error in result["errors"])


def test_a_sqlite_database_url_gets_the_same_options(tmp_path):
    path = tmp_path / "x.sqlite3"
    config = database_from_env(
        {"DATABASE_URL": f"sqlite:///{path}"}, default_sqlite=tmp_path / "unused"
    )
    assert config["NAME"] == str(path)
    result = run_load(config)
    assert result["errors"] == []
    assert result["total"] == result["expected"]
