"""The visitor's address behind the site's own proxies (cms/proxy.py): the limits
per client address count visitors, not the proxy, and cannot be dodged."""

from __future__ import annotations

import ipaddress

import pytest
from django.core.exceptions import ImproperlyConfigured

from cms.proxy import client_address
from cms.settings.environment import env_networks

OURS = [ipaddress.ip_network("127.0.0.1"), ipaddress.ip_network("10.0.0.0/24")]


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        # nginx -> Varnish -> HAProxy -> gunicorn: two hops of ours after the visitor
        ("127.0.0.1", "203.0.113.7, 127.0.0.1, 10.0.0.5", "203.0.113.7"),
        # a visitor who writes the header: the address we saw is kept
        ("127.0.0.1", "198.51.100.1, 203.0.113.7, 127.0.0.1", "203.0.113.7"),
        # not from our proxy: the header is ignored
        ("198.51.100.9", "203.0.113.7", "198.51.100.9"),
        # garbage where the visitor's address should be
        ("127.0.0.1", "not-an-ip, 127.0.0.1", "127.0.0.1"),
        ("127.0.0.1", "", "127.0.0.1"),
    ],
)
def test_client_address(remote, forwarded, expected):
    assert client_address(remote, forwarded, OURS) == expected


def test_without_trusted_proxies_nothing_changes():
    assert client_address("127.0.0.1", "203.0.113.7", []) == "127.0.0.1"


def test_bad_trusted_proxies_is_a_configuration_error():
    assert env_networks(
        {"TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/24"}, "TRUSTED_PROXIES"
    )
    with pytest.raises(ImproperlyConfigured, match="not an IP address"):
        env_networks({"TRUSTED_PROXIES": "varnish"}, "TRUSTED_PROXIES")


@pytest.mark.django_db
def test_signup_limit_counts_each_visitor_behind_the_proxies(client, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    settings.NKHR_MAILING_SIGNUP_RATE_LIMIT = "1/600"

    def sign_up(visitor: str, n: int) -> int:
        return client.post(
            "/en/newsletter/subscribe/",
            {"email": f"reader{n}@example.org", "lists": "en_fnn"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"{visitor}, 127.0.0.1",
        ).status_code

    assert sign_up("203.0.113.1", 1) == 200
    assert sign_up("203.0.113.1", 2) == 429
    assert sign_up("203.0.113.2", 3) == 200  # another visitor, same proxy
