"""Index catch-up: a page published while Elasticsearch is down is recorded, and
``catch_up_index`` puts it in the index once the engine answers again."""

from __future__ import annotations

import socket
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page

from search.models import PendingIndexUpdate
from tests.services import require_service

from .conftest import rebuild_search_index, refresh_search_index


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _elasticsearch(urls: list[str]) -> dict:
    return {
        "default": {
            "BACKEND": "search.backends.elasticsearch8",
            "URLS": urls,
            "INDEX_PREFIX": "test_catch_up_",
            "KOREAN_ANALYSIS": "cjk",
            "TIMEOUT": 2,
            "OPTIONS": {"max_retries": 0},
        }
    }


@pytest.mark.elasticsearch
def test_a_publish_during_an_outage_reaches_the_index_afterwards(
    standard_page, settings
):
    url = require_service("NKHR_TEST_ELASTICSEARCH_URL", "Elasticsearch 8")
    settings.WAGTAILSEARCH_BACKENDS = _elasticsearch([url])
    rebuild_search_index()

    settings.WAGTAILSEARCH_BACKENDS = _elasticsearch(
        [f"http://127.0.0.1:{_closed_port()}"]
    )
    page = standard_page("while-down", title="Abductees of 1978")
    assert PendingIndexUpdate.objects.filter(object_id=str(page.pk)).exists()
    with pytest.raises(CommandError, match="still fails"):
        call_command("catch_up_index", stdout=StringIO())
    assert PendingIndexUpdate.objects.exists()  # kept for the next run

    settings.WAGTAILSEARCH_BACKENDS = _elasticsearch([url])
    assert page.pk not in {p.pk for p in Page.objects.live().search("abductees")}
    out = StringIO()
    call_command("catch_up_index", stdout=out)
    refresh_search_index()

    assert "0 left" in out.getvalue()
    assert not PendingIndexUpdate.objects.exists()
    assert page.pk in {p.pk for p in Page.objects.live().search("abductees")}


def test_a_failed_update_never_fails_the_publish(standard_page, settings, client):
    settings.WAGTAILSEARCH_BACKENDS = _elasticsearch(
        [f"http://127.0.0.1:{_closed_port()}"]
    )
    page = standard_page("published", title="Published while search is down")
    assert client.get(page.url).status_code == 200
    assert PendingIndexUpdate.objects.filter(object_id=str(page.pk)).count() == 1
