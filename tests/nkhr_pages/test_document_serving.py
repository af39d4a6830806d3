"""Documents at /documents/<id>/<name>: what a CDN or browser may keep, and
which methods the address takes.

A public document is sent ``Cache-Control: no-cache``: a cache may store it but
must ask again before each use, so unpublishing its page ends it everywhere at
once (no purge needed); a document only staff may have is ``private,
no-store``. Other methods than GET and HEAD get the site's 405 page."""

from __future__ import annotations

import re

import pytest
from wagtail_factories import DocumentFactory

from nkhr_pages.models import PublicationPage
from tests import factories
from tests.nkhr_pages.test_protected_media import (  # noqa: F401 - fixtures
    media_roots,
    publications,
    served_media,
    staff_client,
)


@pytest.fixture
def document(publications):  # noqa: F811
    document = DocumentFactory(title="Annual report")
    factories.PublicationPageFactory(parent=publications, document=document)
    return document


def test_public_document_must_be_revalidated_by_caches(client, document):
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-cache"
    assert "public" not in response["Cache-Control"]
    assert response["ETag"]
    head = client.head(document.url)
    assert head.status_code == 200
    assert head["Cache-Control"] == "no-cache"
    # A cache revalidating its copy: 304 while the page is published...
    etag = response["ETag"]
    again = client.get(document.url, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again["Cache-Control"] == "no-cache"
    # ...and 404 once it is not: the kept copy is not served again.
    PublicationPage.objects.get(document=document).unpublish()
    assert client.get(document.url, headers={"if-none-match": etag}).status_code == 404


def test_staff_only_document_is_never_stored(staff_client, publications):  # noqa: F811
    draft = DocumentFactory(title="Interview notes")
    response = staff_client.get(draft.url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
@pytest.mark.parametrize(
    ("accept_language", "heading"),
    [("en", "Request not allowed"), ("ko", "허용되지 않는 요청입니다")],
)
def test_documents_take_only_get_and_head(
    client, document, method, accept_language, heading
):
    response = client.generic(
        method, document.url, b"x=1", headers={"accept-language": accept_language}
    )
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    body = response.content.decode()
    assert re.search(r"<h1[^>]*>(.*?)</h1>", body, re.S).group(1).strip() == heading
    # Unknown documents too: the method is refused before anything is looked up.
    assert client.post("/documents/99999/x.pdf").status_code == 405
