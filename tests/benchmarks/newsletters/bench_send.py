"""Sending throughput and peak memory for one issue and a large list.

Not collected by the test suite (the file name does not start with ``test_``);
``run.py`` runs it. Each size is sent twice: once for speed, once under
tracemalloc for the peak of Python memory while sending (tracemalloc slows
Python down, so its run is not timed).
"""

from __future__ import annotations

import json
import os
import platform
import resource
import time
import tracemalloc
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from nkhr_pages.mailing.models import NewsletterSend, Subscriber, Subscription
from nkhr_pages.mailing.sending import DEFAULT_BATCH_SIZE, send_issue
from tests.nkhr_pages.mailing.conftest import (  # noqa: F401 (fixtures)
    campaigns,
    make_issue,
    newsletter_indexes,
)
from tests.nkhr_pages.mailing.smtp import RecordingHandler, SMTPServer

SIZES = [int(n) for n in os.environ.get("NKHR_BENCH_SIZES", "600,50000").split(",")]
OUT = Path(__file__).resolve().parents[3] / ".run" / "benchmarks"
CHUNK = 5000


def populate(count: int) -> None:
    Subscriber.objects.all().delete()
    for start in range(0, count, CHUNK):
        numbers = range(start, min(start + CHUNK, count))
        Subscriber.objects.bulk_create(
            [
                Subscriber(email=f"reader{n}@example.org", name=f"독자 {n}")
                for n in numbers
            ]
        )
    ids = Subscriber.objects.order_by("pk").values_list("pk", flat=True)
    batch = []
    for subscriber_id in ids.iterator(chunk_size=CHUNK):
        batch.append(
            Subscription(
                subscriber_id=subscriber_id,
                mailing_list="ko_bimonthly",
                status=Subscription.Status.ACTIVE,
            )
        )
        if len(batch) == CHUNK:
            Subscription.objects.bulk_create(batch)
            batch = []
    Subscription.objects.bulk_create(batch)


def one_run(issue, handler: RecordingHandler, traced: bool) -> dict:
    NewsletterSend.objects.all().delete()
    handler.count = 0
    handler.connections = 0
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    send, progress = send_issue(issue, "ko_bimonthly")
    elapsed = time.perf_counter() - started
    result = {"seconds": round(elapsed, 2), "sent": progress.sent}
    if traced:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        result["peak_python_mib"] = round(peak / 2**20, 2)
    assert progress.sent == handler.count
    assert send.state == NewsletterSend.State.DONE
    result["smtp_connections"] = handler.connections
    return result


@pytest.mark.django_db(transaction=True)
def test_send_benchmark(newsletter_indexes, campaigns):  # noqa: F811
    issue = make_issue(
        newsletter_indexes["ko"],
        "ko_bimonthly",
        57,
        "북한인권 소식지 제57호",
        campaign=campaigns["ko"],
        text="<p>올해의 캠페인 소식입니다.</p>",
    )
    handler = RecordingHandler(keep=False)
    server = SMTPServer(handler).start()
    rows = []
    try:
        with override_settings(**server.django_settings()):
            for size in SIZES:
                populate(size)
                timed = one_run(issue, handler, traced=False)
                traced = one_run(issue, handler, traced=True)
                rows.append(
                    {
                        "subscribers": size,
                        "seconds": timed["seconds"],
                        "messages_per_second": round(size / timed["seconds"], 1),
                        "peak_python_mib_while_sending": traced["peak_python_mib"],
                        "smtp_connections": timed["smtp_connections"],
                        "max_rss_mib_so_far": round(
                            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
                        ),
                    }
                )
                print(rows[-1], flush=True)  # noqa: T201
    finally:
        server.stop()
    report = {
        "date": timezone.now().isoformat(timespec="seconds"),
        "database": connection.vendor,
        "batch_size": DEFAULT_BATCH_SIZE,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "results": rows,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"newsletters-{connection.vendor}.json").write_text(
        json.dumps(report, indent=2), encoding="utf-8"
    )
    print(json.dumps(report, indent=2))  # noqa: T201
