"""A cover drawn from a publication's PDF is as public as the publications that
carry the PDF: while none is live and public (unpublished, private, deleted,
given another document, or the document deleted), the cover's original and
renditions answer 404 to visitors, pages show the typographic cover, and a CDN
in front is told to forget its copies.

Requests go through the URLs the public would get, with MEDIA_ROOT served as
scripts/serve does (the fixtures of ``test_protected_media``)."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction

from nkhr_pages.covers import generate_cover
from nkhr_pages.models import ProtectedImage, PublicationCover, PublicationPage
from nkhr_pages.page_cache import CACHE_HEADER
from nkhr_pages.storage import consent_aware_storage
from tests import factories
from tests.cms.test_frontend_cache import purge_server  # noqa: F401 - a fixture
from tests.nkhr_pages.test_protected_media import (  # noqa: F401 - fixtures
    media_roots,
    served_media,
    staff_client,
)
from tests.pdfs import text_pdf

COVER_SPEC = "fill-600x800|format-webp"


@pytest.fixture(autouse=True)
def _webp_only(settings):
    settings.NKHR_PICTURE_FORMATS = ("webp",)


@pytest.fixture
def publications(make_section):
    return make_section(factories.PublicationIndexPageFactory, "Publications", "간행물")


def _pdf(title: str, text: str):
    document = get_document_model()(title=title)
    document.file.save(f"{title}.pdf", ContentFile(text_pdf([[text]])), save=True)
    return document


@pytest.fixture
def published(publications):
    """A live publication whose drawn cover has a rendition, and its Korean
    translation carrying the same PDF."""
    document = _pdf("made-in-china", "MADE IN CHINA")
    page = factories.PublicationPageFactory(
        parent=publications[0], title="Made in China", document=document
    )
    page.save_revision().publish()
    assert generate_cover(document.pk) == "created"
    cover = PublicationCover.objects.get(document=document)
    rendition = cover.image.get_rendition(COVER_SPEC)
    return {
        "page": page,
        "document": document,
        "image": cover.image,
        "urls": [cover.image.file.url, rendition.url],
        "names": [cover.image.file.name, rendition.file.name],
    }


def _status(client, urls) -> list[int]:
    return [client.get(url).status_code for url in urls]


def _assert_hidden(client, staff_client, published, settings) -> None:  # noqa: F811
    assert _status(client, published["urls"]) == [404, 404]
    assert _status(client, ["/media/" + n for n in published["names"]]) == [404, 404]
    assert _status(staff_client, published["urls"]) == [200, 200]
    for name in published["names"]:
        assert not (Path(settings.MEDIA_ROOT) / name).exists()


def test_drawn_cover_files_live_in_protected_media(
    client,
    settings,
    published,
):
    image = published["image"]
    assert image.drawn_cover
    for url, name in zip(published["urls"], published["names"], strict=True):
        assert url.startswith("/protected-media/")
        assert not (Path(settings.MEDIA_ROOT) / name).exists()
        response = client.get(url)
        assert response.status_code == 200
        assert response["Cache-Control"].startswith("public, max-age=")
    # The daily reconcile keeps them there.
    storage = consent_aware_storage()
    storage.release(image.file.name)
    call_command("protect_media_files")
    assert storage.is_protected(image.file.name)
    assert not (Path(settings.MEDIA_ROOT) / image.file.name).exists()


def test_unpublishing_hides_the_cover_until_published_again(
    client,
    staff_client,  # noqa: F811
    settings,
    published,
):
    page = published["page"]
    assert _status(client, published["urls"]) == [200, 200]
    page.unpublish()
    _assert_hidden(client, staff_client, published, settings)
    page.save_revision().publish()
    assert _status(client, published["urls"]) == [200, 200]


def test_a_translation_carrying_the_pdf_keeps_the_cover_public(
    client,
    staff_client,  # noqa: F811
    settings,
    published,
):
    korean = factories.translate(published["page"], "ko", title="메이드 인 차이나")
    assert korean.document_id == published["document"].pk
    published["page"].unpublish()
    assert _status(client, published["urls"]) == [200, 200]
    korean.unpublish()
    _assert_hidden(client, staff_client, published, settings)


def test_privacy_hides_the_cover_and_the_page_shows_the_typographic_one(
    client,
    staff_client,  # noqa: F811
    settings,
    publications,
    published,
):
    restriction = PageViewRestriction.objects.create(
        page=publications[0], restriction_type=PageViewRestriction.LOGIN
    )
    _assert_hidden(client, staff_client, published, settings)
    # Someone who may read the private page still gets no picture whose file
    # the public may not have.
    reader = Client()
    reader.force_login(get_user_model().objects.create_user("reader"))
    response = reader.get(published["page"].url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "typographic-cover" in html
    assert Path(published["names"][0]).stem not in html
    restriction.delete()
    assert _status(client, published["urls"]) == [200, 200]


def test_another_document_or_deleting_the_page_hides_the_cover(
    client,
    staff_client,  # noqa: F811
    settings,
    published,
):
    page = PublicationPage.objects.get(pk=published["page"].pk)
    page.document = _pdf("other", "OTHER")
    page.save_revision().publish()
    _assert_hidden(client, staff_client, published, settings)

    page.document = published["document"]
    page.save_revision().publish()
    assert _status(client, published["urls"]) == [200, 200]
    page.delete()
    _assert_hidden(client, staff_client, published, settings)


def test_deleting_the_document_deletes_its_cover(
    client, published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        published["document"].delete()
    assert not ProtectedImage.objects.filter(pk=published["image"].pk).exists()
    assert _status(client, published["urls"]) == [404, 404]


def test_archive_stops_showing_the_cover_when_unpublished(
    client, settings, publications, published
):
    settings.NKHR_PAGE_CACHE_ENABLED = True
    archive = publications[0].url
    stem = Path(published["names"][0]).stem
    first = client.get(archive)
    assert stem in first.content.decode()
    assert client.get(archive)[CACHE_HEADER] == "hit"
    published["page"].unpublish()
    again = client.get(archive)
    assert again[CACHE_HEADER] == "miss"
    assert stem not in again.content.decode()


@pytest.fixture
def purged(settings, purge_server):  # noqa: F811
    from cms.settings.environment import frontend_cache_from_env

    url, received = purge_server
    settings.WAGTAILFRONTENDCACHE = frontend_cache_from_env(
        {"FRONTEND_CACHE_PURGE_URL": url}
    )

    def paths() -> set[str]:
        found = {path for path, _host in received}
        received.clear()
        return found

    return paths


def _cover_paths(names) -> set[str]:
    return {f"/protected-media/{name}" for name in names}


def test_a_cover_leaving_the_public_is_purged_from_the_cdn(
    purged, publications, published, django_capture_on_commit_callbacks
):
    page = PublicationPage.objects.get(pk=published["page"].pk)
    cover_paths = _cover_paths(published["names"])
    purged()
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert cover_paths <= purged()

    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    purged()
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=publications[0], restriction_type=PageViewRestriction.LOGIN
        )
    assert cover_paths <= purged()
    PageViewRestriction.objects.all().delete()

    page = PublicationPage.objects.get(pk=page.pk)
    page.document = _pdf("other", "OTHER")
    purged()
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert cover_paths <= purged()


def test_deleting_the_publication_purges_its_cover_from_the_cdn(
    purged, publications, published, django_capture_on_commit_callbacks
):
    purged()
    with django_capture_on_commit_callbacks(execute=True):
        publications[0].delete()  # the section, and the publication under it
    assert _cover_paths(published["names"]) <= purged()


def test_a_replaced_cover_is_purged_from_the_cdn(
    purged, published, django_capture_on_commit_callbacks
):
    document = published["document"]
    purged()
    with django_capture_on_commit_callbacks(execute=True):
        document.file.save("second.pdf", ContentFile(text_pdf([["SECOND"]])), save=True)
    assert not ProtectedImage.objects.filter(pk=published["image"].pk).exists()
    assert _cover_paths(published["names"]) <= purged()


def test_migration_marks_existing_covers_and_protects_their_files(db, settings):
    from django.apps import apps

    migration = importlib.import_module("nkhr_pages.migrations.0012_drawn_cover_files")
    document = _pdf("old", "OLD")
    image = factories.ImageFactory(title="Cover: old")  # drawn before the flag
    rendition = image.get_rendition("width-40")
    PublicationCover.objects.create(document=document, image=image, source_hash="x")
    other = factories.ImageFactory()
    names = [image.file.name, rendition.file.name]
    assert all((Path(settings.MEDIA_ROOT) / name).exists() for name in names)

    migration.mark_drawn_covers(apps, None)
    image.refresh_from_db()
    assert image.drawn_cover
    other.refresh_from_db()
    assert not other.drawn_cover
    storage = consent_aware_storage()
    for name in names:
        assert storage.is_protected(name)
        assert not (Path(settings.MEDIA_ROOT) / name).exists()
    assert (Path(settings.MEDIA_ROOT) / other.file.name).exists()

    migration.unmark_drawn_covers(apps, None)
    assert all((Path(settings.MEDIA_ROOT) / name).exists() for name in names)


def test_drawn_covers_cannot_be_chosen_for_other_pages(admin_client, published):
    factories.ImageFactory(title="Rally photo", description="A rally")
    html = admin_client.get("/admin/images/chooser/").content.decode()
    assert "Rally photo" in html
    assert published["image"].title not in html
    # Searching the chooser applies the same rule (it needs the flag indexed).
    title = published["image"].title
    found = admin_client.get("/admin/images/chooser/results/", {"q": title})
    assert found.status_code == 200
    assert f"/chooser/{published['image'].pk}/" not in found.content.decode()
    rally = admin_client.get("/admin/images/chooser/results/", {"q": "Rally"})
    assert "Rally photo" in rally.content.decode()
    assert "/chooser/" in rally.content.decode()  # what the check above looks for
