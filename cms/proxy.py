"""The visitor's address behind the site's own proxies (docs/deploy.md).

In production every request reaches gunicorn from HAProxy, so ``REMOTE_ADDR`` is
127.0.0.1 for everyone, and the limits per client address (donation attempts,
newsletter sign-ups) would count the whole world as one visitor: during a news
spike the eleventh donation in ten minutes would be refused. Each proxy appends
the address it received the request from to ``X-Forwarded-For``; walking that
list from the right, past the addresses of our own proxies
(``TRUSTED_PROXIES``), the first other address is the visitor's. Anything a
client wrote into the header itself lies further left and is never reached
unless every hop after it is ours, so a visitor cannot choose their address.

With ``TRUSTED_PROXIES`` empty (the default) nothing changes.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def _trusted(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(remote_addr: str, forwarded_for: str, networks) -> str:
    """The visitor's address, given our proxies' networks (see module doc)."""
    if not networks or not _trusted(remote_addr, networks):
        return remote_addr
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, networks):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return remote_addr  # garbage in the header: keep the proxy's
    return hops[0] if hops else remote_addr


class TrustedProxyMiddleware:
    """Set ``REMOTE_ADDR`` to the visitor's address when the request came
    through the site's own proxies. First in MIDDLEWARE."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.networks = [
            ipaddress.ip_network(net, strict=False)
            for net in getattr(settings, "TRUSTED_PROXIES", [])
        ]

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request.META
        meta["REMOTE_ADDR"] = client_address(
            meta.get("REMOTE_ADDR", ""),
            meta.get("HTTP_X_FORWARDED_FOR", ""),
            self.networks,
        )
        return self.get_response(request)
