"""Turn environment variables into Django settings, with clear errors.

Every function takes the environment mapping explicitly so that tests can
exercise it without touching ``os.environ``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_bool(env: Mapping[str, str], name: str, default: bool = False) -> bool:
    """Read a yes/no variable; anything unrecognised is a configuration error."""
    raw = env.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a yes/no value (use 1 or 0).")


def env_list(env: Mapping[str, str], name: str, default: list[str]) -> list[str]:
    """Read a comma-separated list, ignoring blanks."""
    raw = env.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_networks(env: Mapping[str, str], name: str) -> list[str]:
    """A comma-separated list of IP addresses or networks (``10.0.0.0/24``)."""
    import ipaddress

    values = env_list(env, name, default=[])
    for value in values:
        try:
            ipaddress.ip_network(value, strict=False)
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"{name}: {value!r} is not an IP address or network "
                "(e.g. 127.0.0.1 or 10.0.0.0/24)."
            ) from exc
    return values


# SQLite under concurrent requests. A transaction begun as a reader that then
# writes fails at once with "database is locked" when another writer holds the
# lock (waiting could deadlock), whatever the timeout; IMMEDIATE transactions take
# the write lock at BEGIN and queue for it instead. WAL lets readers go on while
# one request writes.
SQLITE_OPTIONS: dict[str, Any] = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}


POSTGRES_CONNECT_TIMEOUT = 5


def database_from_env(env: Mapping[str, str], default_sqlite: Path) -> dict[str, Any]:
    """The ``default`` database from ``DATABASE_URL``, or SQLite next to the code."""
    url = env.get("DATABASE_URL", "").strip()
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(default_sqlite),
            "OPTIONS": dict(SQLITE_OPTIONS),
        }
    scheme = urlsplit(url).scheme
    if scheme not in dj_database_url.ENGINE_SCHEMES:
        supported = ", ".join(sorted(s for s in dj_database_url.ENGINE_SCHEMES if s))
        raise ImproperlyConfigured(
            f"DATABASE_URL has an unsupported scheme {scheme!r}. "
            f"Use one of: {supported} (e.g. postgres://user:pass@127.0.0.1:5432/nkhr)."
        )
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except (ValueError, KeyError, dj_database_url.ParseError) as exc:
        raise ImproperlyConfigured(f"DATABASE_URL could not be parsed: {exc}") from exc
    if not config.get("NAME") and "sqlite" not in config["ENGINE"]:
        raise ImproperlyConfigured(
            "DATABASE_URL names no database (expected .../DATABASE_NAME at the end)."
        )
    if "sqlite" in config["ENGINE"]:
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
    elif "postgresql" in config["ENGINE"]:
        # A database host that drops packets must not hold a request (and a
        # gunicorn thread) for the kernel's two minutes: fail in a few seconds.
        # ``?connect_timeout=N`` in the URL overrides it.
        config["OPTIONS"] = {
            "connect_timeout": POSTGRES_CONNECT_TIMEOUT,
            **config.get("OPTIONS", {}),
        }
    return config


def email_from_env(env: Mapping[str, str]) -> dict[str, Any]:
    """Email settings from ``EMAIL_URL``.

    ``smtp://user:pass@host:port`` (add ``?tls=1`` or ``?ssl=1``), ``console://``,
    ``file:///path`` or ``memory://``. Without it, mail is printed to the console.
    """
    url = env.get("EMAIL_URL", "").strip()
    if not url:
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    parts = urlsplit(url)
    options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    if parts.scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parts.scheme == "memory":
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    if parts.scheme == "file":
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": parts.path or "/tmp/nkhr-mail",  # noqa: S108
        }
    if parts.scheme in {"smtp", "smtps"}:
        if not parts.hostname:
            raise ImproperlyConfigured("EMAIL_URL names no SMTP host.")
        use_ssl = parts.scheme == "smtps" or options.get("ssl") in TRUE_WORDS
        try:
            port = parts.port or (465 if use_ssl else 25)
        except ValueError as exc:
            raise ImproperlyConfigured(f"EMAIL_URL has a bad port: {exc}") from exc
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parts.hostname,
            "EMAIL_PORT": port,
            "EMAIL_HOST_USER": unquote(parts.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
            "EMAIL_USE_TLS": options.get("tls") in TRUE_WORDS,
            "EMAIL_USE_SSL": use_ssl,
            "EMAIL_TIMEOUT": 30,
        }
    raise ImproperlyConfigured(
        f"EMAIL_URL has an unsupported scheme {parts.scheme!r} "
        "(use smtp, smtps, console, file or memory)."
    )


# Seconds. Redis answers on loopback or the LAN in well under a millisecond; one
# that does not answer within these is treated as down (cms/cache.py), so a
# dropped-packet host costs a request at most this, not the kernel's timeout.
REDIS_CONNECT_TIMEOUT = 0.5
REDIS_SOCKET_TIMEOUT = 1.0


def cache_from_env(env: Mapping[str, str]) -> dict[str, Any]:
    """Redis when ``REDIS_URL`` is set, otherwise a per-process memory cache.

    Redis through ``cms.cache.ResilientRedisCache``: when it cannot be reached
    the site works without it (every read a miss) instead of failing."""
    url = env.get("REDIS_URL", "").strip()
    if not url:
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "nkhr",
        }
    if urlsplit(url).scheme not in {"redis", "rediss", "unix"}:
        raise ImproperlyConfigured(
            "REDIS_URL must start with redis://, rediss:// or unix://"
        )
    return {
        "BACKEND": "cms.cache.ResilientRedisCache",
        "LOCATION": url,
        "OPTIONS": {
            "socket_connect_timeout": REDIS_CONNECT_TIMEOUT,
            "socket_timeout": REDIS_SOCKET_TIMEOUT,
        },
    }


def search_backends_from_env(env: Mapping[str, str]) -> dict[str, Any]:
    """Database search, or Elasticsearch 8 at ``ELASTICSEARCH_URL``.

    Both are the Korean-aware subclasses in ``search.backends``; the backend
    classes can be overridden with ``SEARCH_DATABASE_BACKEND`` and
    ``SEARCH_ELASTICSEARCH_BACKEND`` (e.g. Wagtail's stock ones).
    """
    url = env.get("ELASTICSEARCH_URL", "").strip()
    # Several nodes, comma-separated: the client fails over between them, so a
    # node that dies costs no search (docs/deploy.md, two-node cluster).
    urls = [part.strip() for part in url.split(",") if part.strip()]
    if not url:
        return {
            "default": {
                "BACKEND": env.get(
                    "SEARCH_DATABASE_BACKEND", "search.backends.database"
                )
            }
        }
    for one in urls:
        parts = urlsplit(one)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ImproperlyConfigured(
                "ELASTICSEARCH_URL must look like http://127.0.0.1:9200 "
                f"(several: comma-separated) (got {url!r})."
            )
    return {
        "default": {
            "BACKEND": env.get(
                "SEARCH_ELASTICSEARCH_BACKEND", "search.backends.elasticsearch8"
            ),
            "URLS": urls,
            "INDEX_PREFIX": env.get("ELASTICSEARCH_INDEX_PREFIX", "nkhr_"),
            # "nori" needs the analysis-nori plugin; "cjk" works on any cluster.
            "KOREAN_ANALYSIS": env.get("ELASTICSEARCH_KOREAN_ANALYSIS", "nori"),
            # Seconds per request: a visitor's search fails fast; update_index
            # on a busy cluster may need ELASTICSEARCH_TIMEOUT=60.
            "TIMEOUT": int(env.get("ELASTICSEARCH_TIMEOUT", "5")),
            "OPTIONS": {},
            "INDEX_SETTINGS": {},
        }
    }


def frontend_cache_from_env(env: Mapping[str, str]) -> dict[str, Any]:
    """Wagtail's front-end cache purge backends (a CDN or Varnish); none by default.

    ``FRONTEND_CACHE_PURGE_URL=http://127.0.0.1:6081`` sends HTTP ``PURGE``
    requests there; ``CLOUDFLARE_API_TOKEN`` with ``CLOUDFLARE_ZONE_ID`` purges
    through Cloudflare's API. Wagtail purges a page when it is (un)published.
    """
    backends: dict[str, Any] = {}
    purge_url = env.get("FRONTEND_CACHE_PURGE_URL", "").strip()
    if purge_url:
        parts = urlsplit(purge_url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ImproperlyConfigured(
                "FRONTEND_CACHE_PURGE_URL must look like http://127.0.0.1:6081 "
                f"(got {purge_url!r})."
            )
        backends["http"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": purge_url,
        }
    token = env.get("CLOUDFLARE_API_TOKEN", "").strip()
    zone = env.get("CLOUDFLARE_ZONE_ID", "").strip()
    if bool(token) != bool(zone):
        raise ImproperlyConfigured(
            "Set both CLOUDFLARE_API_TOKEN and CLOUDFLARE_ZONE_ID, or neither."
        )
    if token:
        backends["cloudflare"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "BEARER_TOKEN": token,
            "ZONEID": zone,
        }
    return backends
