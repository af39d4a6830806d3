"""Settings come from the environment, with clear errors for bad values."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from cms.settings.environment import (
    cache_from_env,
    database_from_env,
    email_from_env,
    env_bool,
    search_backends_from_env,
)

ROOT = Path(__file__).resolve().parents[2]
GOOD_SECRET = "x" * 20 + "-production-secret-for-tests-" + "y" * 20


def test_database_defaults_to_sqlite(tmp_path):
    config = database_from_env({}, default_sqlite=tmp_path / "db.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "db.sqlite3")


def test_database_url_for_postgres_is_parsed(tmp_path):
    config = database_from_env(
        {"DATABASE_URL": "postgres://nkhr:s3cret@db.internal:6543/nkhr_site"},
        default_sqlite=tmp_path / "unused",
    )
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == (
        "db.internal",
        6543,
        "nkhr_site",
    )
    assert config["USER"] == "nkhr"
    assert config["PASSWORD"] == "s3cret"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mongodb://localhost/nkhr", "unsupported scheme 'mongodb'"),
        ("not a url at all", "unsupported scheme ''"),
        ("postgres://localhost:5432/", "names no database"),
    ],
)
def test_bad_database_url_is_a_clear_error(url, message, tmp_path):
    with pytest.raises(ImproperlyConfigured, match=message):
        database_from_env({"DATABASE_URL": url}, default_sqlite=tmp_path / "x")


def test_manage_py_reports_bad_database_url_without_traceback():
    env = {**os.environ, "DATABASE_URL": "mongodb://localhost/nkhr"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert (
        "Configuration error: DATABASE_URL has an unsupported scheme" in result.stderr
    )
    assert "Traceback" not in result.stderr


def test_email_url_smtp():
    config = email_from_env({"EMAIL_URL": "smtp://mailer:p%40ss@127.0.0.1:2525?tls=1"})
    assert config["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert config["EMAIL_HOST"] == "127.0.0.1"
    assert config["EMAIL_PORT"] == 2525
    assert config["EMAIL_HOST_USER"] == "mailer"
    assert config["EMAIL_HOST_PASSWORD"] == "p@ss"
    assert config["EMAIL_USE_TLS"] is True


def test_email_defaults_to_console_and_rejects_unknown_schemes():
    assert email_from_env({})["EMAIL_BACKEND"].endswith("console.EmailBackend")
    with pytest.raises(ImproperlyConfigured, match="unsupported scheme 'pop3'"):
        email_from_env({"EMAIL_URL": "pop3://mail.example.org"})


def test_cache_uses_redis_only_when_configured():
    assert cache_from_env({})["BACKEND"].endswith("LocMemCache")
    redis = cache_from_env({"REDIS_URL": "redis://127.0.0.1:6379/1"})
    assert redis["BACKEND"] == "cms.cache.ResilientRedisCache"
    with pytest.raises(ImproperlyConfigured):
        cache_from_env({"REDIS_URL": "memcached://x"})


def test_search_backend_switches_to_elasticsearch():
    assert search_backends_from_env({})["default"]["BACKEND"] == (
        "search.backends.database"
    )
    es = search_backends_from_env({"ELASTICSEARCH_URL": "http://127.0.0.1:9200"})
    assert es["default"]["BACKEND"] == "search.backends.elasticsearch8"
    assert es["default"]["URLS"] == ["http://127.0.0.1:9200"]
    assert es["default"]["INDEX_PREFIX"] == "nkhr_"
    with pytest.raises(ImproperlyConfigured, match="ELASTICSEARCH_URL"):
        search_backends_from_env({"ELASTICSEARCH_URL": "localhost:9200"})


def test_elasticsearch_url_may_list_every_node_of_the_cluster():
    es = search_backends_from_env(
        {"ELASTICSEARCH_URL": "http://127.0.0.1:9200, http://127.0.0.1:9201"}
    )
    assert es["default"]["URLS"] == ["http://127.0.0.1:9200", "http://127.0.0.1:9201"]
    with pytest.raises(ImproperlyConfigured, match="ELASTICSEARCH_URL"):
        search_backends_from_env({"ELASTICSEARCH_URL": "http://a:9200,b:9201"})


def test_redis_and_postgres_have_connect_timeouts(tmp_path):
    redis = cache_from_env({"REDIS_URL": "redis://127.0.0.1:6379/1"})
    assert redis["OPTIONS"]["socket_connect_timeout"] <= 1
    assert redis["OPTIONS"]["socket_timeout"] <= 2
    config = database_from_env(
        {"DATABASE_URL": "postgres://u@127.0.0.1:5432/nkhr"}, tmp_path / "x"
    )
    assert config["OPTIONS"]["connect_timeout"] == 5


def test_search_backend_classes_can_be_overridden():
    stock = search_backends_from_env(
        {"SEARCH_DATABASE_BACKEND": "wagtail.search.backends.database"}
    )
    assert stock["default"]["BACKEND"] == "wagtail.search.backends.database"
    es = search_backends_from_env(
        {
            "ELASTICSEARCH_URL": "http://127.0.0.1:9250",
            "SEARCH_ELASTICSEARCH_BACKEND": "wagtail.search.backends.elasticsearch8",
            "ELASTICSEARCH_INDEX_PREFIX": "ci42_",
        }
    )
    assert es["default"]["BACKEND"] == "wagtail.search.backends.elasticsearch8"
    assert es["default"]["INDEX_PREFIX"] == "ci42_"
    cjk = search_backends_from_env(
        {
            "ELASTICSEARCH_URL": "http://127.0.0.1:9250",
            "ELASTICSEARCH_KOREAN_ANALYSIS": "cjk",
        }
    )
    assert cjk["default"]["KOREAN_ANALYSIS"] == "cjk"


def test_env_bool_rejects_nonsense():
    assert env_bool({"DEBUG": "yes"}, "DEBUG") is True
    assert env_bool({}, "DEBUG", default=False) is False
    with pytest.raises(ImproperlyConfigured, match="DEBUG='maybe'"):
        env_bool({"DEBUG": "maybe"}, "DEBUG")


def _manage(args, **env_overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "WAGTAILADMIN_BASE_URL",
            "DJANGO_SETTINGS_MODULE",
        }
    }
    env.update(DJANGO_SETTINGS_MODULE="cms.settings.production", **env_overrides)
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_secret_key():
    result = _manage(["check"], ALLOWED_HOSTS="nkhr.or.kr")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _manage(["check"], SECRET_KEY=GOOD_SECRET)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must list" in result.stderr


@pytest.mark.parametrize(
    "base_url",
    [None, "", "nkhr.or.kr", "http://localhost", "http://127.0.0.1:8000"],
)
def test_production_refuses_to_start_without_the_admin_base_url(base_url):
    """Staff emails link to it (issue 18: they linked to the dev server)."""
    env = {} if base_url is None else {"WAGTAILADMIN_BASE_URL": base_url}
    result = _manage(
        ["check"], SECRET_KEY=GOOD_SECRET, ALLOWED_HOSTS="nkhr.or.kr", **env
    )
    assert result.returncode != 0
    assert "WAGTAILADMIN_BASE_URL must be the site's public address" in result.stderr


def test_production_passes_check_deploy():
    result = _manage(
        ["check", "--deploy", "--fail-level", "WARNING"],
        SECRET_KEY=GOOD_SECRET,
        ALLOWED_HOSTS="nkhr.or.kr,www.nkhr.or.kr",
        WAGTAILADMIN_BASE_URL="https://nkhr.or.kr",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_each_test_pass_keeps_its_uploads_in_its_own_directory(tmp_path):
    # scripts/test runs the SQLite and PostgreSQL passes side by side.
    code = (
        "from django.conf import settings; "
        "print(settings.MEDIA_ROOT); print(settings.NKHR_PROTECTED_MEDIA_ROOT)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "NKHR_TEST_MEDIA_DIR": str(tmp_path),
    }
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    media, protected = out.stdout.split()
    assert Path(media) == tmp_path / "test-media"
    assert Path(protected) == tmp_path / "test-protected-media"
