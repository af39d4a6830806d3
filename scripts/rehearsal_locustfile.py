"""The rehearsal's visitors, for locust (scripts/rehearsal.py runs it headless, as
a subprocess; docs/deploy.md, "The rehearsal").

Each simulated visitor loops without pause over the same mix as production's
busy days: 70 % pages (from the sitemap), 15 % searches, 10 % newsletter
sign-ups, 5 % signed Stripe webhooks. Every request, answered or not, is one
line of NKHR_LOAD_RECORDS, tab-separated::

    time (Unix, when it ended)  kind  status (0: no answer)  seconds  id

where id is the sign-up's email or the webhook's event id (empty otherwise): the
rehearsal counts each phase from these lines and checks that every sign-up and
webhook answered 200 is stored exactly once. Locust's own statistics are not
used: a failed request must still be counted, and counted in its phase.

The rehearsal sets, in the environment:
NKHR_LOAD_HOST         the Host header (the site's name; connections go to --host)
NKHR_LOAD_URLS         a file with the page paths, one a line
NKHR_LOAD_RECORDS      the file the lines are appended to
NKHR_LOAD_WEBHOOK_SECRET  the Stripe webhook signing secret the site was given
Standard library and locust only: it runs in locust's interpreter.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import os
import random
import secrets
import time
import urllib.parse
from pathlib import Path

from locust import HttpUser, constant, task

HOST = os.environ.get("NKHR_LOAD_HOST", "rehearsal.nkhr.test")
URLS = [
    line
    for line in Path(os.environ["NKHR_LOAD_URLS"]).read_text().splitlines()
    if line.strip()
] or ["/en/", "/ko/"]
WEBHOOK_SECRET = os.environ["NKHR_LOAD_WEBHOOK_SECRET"]
SEARCH_WORDS = ["repatriation", "refugees", "report", "북한", "인권", "abduction"]
# Line-buffered: a line is on disk as soon as its request ends, whatever stops
# locust afterwards.
RECORDS = open(  # noqa: SIM115 - open for the whole run
    os.environ["NKHR_LOAD_RECORDS"], "a", buffering=1, encoding="utf-8"
)
COUNTER = itertools.count(1)
TIMEOUT = 15  # seconds: a request not answered by then counts as no answer


def signed_webhook(event_id: str) -> tuple[bytes, str]:
    """A Stripe event body and its Stripe-Signature header (Stripe's scheme)."""
    payload = json.dumps(
        {
            "id": event_id,
            "type": "customer.created",
            "data": {"object": {"id": "cus_" + event_id[-12:], "metadata": {}}},
        }
    ).encode()
    stamp = str(int(time.time()))
    mac = hmac.new(
        WEBHOOK_SECRET.encode(), f"{stamp}.".encode() + payload, hashlib.sha256
    )
    return payload, f"t={stamp},v1={mac.hexdigest()}"


class Visitor(HttpUser):
    """One visitor through Varnish, never pausing."""

    wait_time = constant(0)

    def _send(
        self,
        kind: str,
        method: str,
        path: str,
        *,
        body: bytes | str | None = None,
        headers: dict[str, str] | None = None,
        token: str = "",
    ) -> None:
        started = time.monotonic()
        # catch_response: locust's pass/fail verdict is not the rehearsal's (a
        # search answering 503 during the search outage is expected). No answer
        # (refused, reset, timeout) comes back with status 0.
        with self.client.request(
            method,
            path,
            data=body,
            headers={"Host": HOST, **(headers or {})},
            name=kind,
            allow_redirects=False,
            timeout=TIMEOUT,
            catch_response=True,
        ) as response:
            status = response.status_code or 0
            response.success()
        elapsed = time.monotonic() - started
        RECORDS.write(f"{time.time():.3f}\t{kind}\t{status}\t{elapsed:.4f}\t{token}\n")

    @task(70)
    def page(self) -> None:
        self._send("page", "GET", random.choice(URLS))

    @task(15)
    def search(self) -> None:
        query = urllib.parse.urlencode({"q": random.choice(SEARCH_WORDS)})
        self._send("search", "GET", "/en/search/?" + query)

    @task(10)
    def signup(self) -> None:
        email = f"rehearsal-{next(COUNTER)}-{secrets.token_hex(3)}@example.org"
        body = urllib.parse.urlencode({"email": email, "name": "", "lists": "en_fnn"})
        self._send(
            "signup",
            "POST",
            "/en/newsletter/subscribe/",
            body=body,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            token=email,
        )

    @task(5)
    def webhook(self) -> None:
        event_id = f"evt_rehearsal_{next(COUNTER)}_{secrets.token_hex(4)}"
        payload, signature = signed_webhook(event_id)
        self._send(
            "webhook",
            "POST",
            "/donations/webhooks/stripe/",
            body=payload,
            headers={"Content-Type": "application/json", "Stripe-Signature": signature},
            token=event_id,
        )
