"""Protected media: files of images that may not be shown, and documents not on a
public page, are out of public media and handed out only after a check.

Anonymous requests go through the URLs the public would guess, with the media
serving of scripts/serve switched on (``cms.urls`` with ``SERVE_MEDIA``), and
every file is also looked for under MEDIA_ROOT: a web server serving that tree
must find nothing to give away."""

from __future__ import annotations

import datetime
import importlib
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import Client
from django.urls import clear_url_caches
from django.utils import timezone
from wagtail.models import Collection, PageViewRestriction
from wagtail_factories import DocumentFactory

from nkhr_pages.media_access import image_file_access
from nkhr_pages.models import ProtectedImage
from nkhr_pages.page_cache import CACHE_HEADER
from nkhr_pages.storage import consent_aware_storage
from tests import factories
from tests.cms.test_frontend_cache import purge_server  # noqa: F401 - a fixture

TODAY = timezone.localdate()
YESTERDAY = TODAY - datetime.timedelta(days=1)
TOMORROW = TODAY + datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def media_roots(settings, tmp_path):
    """Empty public and protected roots for each test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.NKHR_PROTECTED_MEDIA_ROOT = tmp_path / "protected-media"
    return settings.MEDIA_ROOT, settings.NKHR_PROTECTED_MEDIA_ROOT


@pytest.fixture(autouse=True)
def served_media(settings, media_roots):
    """The root URLconf as scripts/serve has it: MEDIA_ROOT served at /media/."""
    import cms.urls

    settings.SERVE_MEDIA = True
    importlib.reload(cms.urls)
    clear_url_caches()
    yield
    settings.SERVE_MEDIA = False
    importlib.reload(cms.urls)
    clear_url_caches()


@pytest.fixture
def staff_client(db):
    """An editor: admin access and the images' and documents' usual permissions
    (not a superuser)."""
    group = Group.objects.create(name="Communications")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    root = Collection.get_first_root_node()
    from wagtail.models import GroupCollectionPermission

    # Wagtail checks custom image models against wagtailimages' permissions.
    for app_label, codename in (
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
    ):
        GroupCollectionPermission.objects.create(
            group=group,
            collection=root,
            permission=Permission.objects.get(
                content_type__app_label=app_label, codename=codename
            ),
        )
    user = get_user_model().objects.create_user("editor", password="x")
    user.groups.add(group)
    client = Client()
    client.force_login(user)
    return client


def _public_url(name: str) -> str:
    return "/media/" + name


def _under_media_root(settings, name: str) -> bool:
    return (Path(settings.MEDIA_ROOT) / name).exists()


def _content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else b""


def _file_bytes(image_or_rendition) -> bytes:
    with image_or_rendition.file.open("rb") as handle:
        return handle.read()


def _image_with_rendition(**fields):
    image = factories.ImageFactory(**fields)
    rendition = image.get_rendition("width-40")
    return image, rendition


@pytest.mark.parametrize(
    "fields",
    [{"do_not_identify": True}, {"consent_expires_on": YESTERDAY}],
    ids=["do_not_identify", "consent_expired"],
)
def test_hidden_images_are_refused_to_anonymous_visitors_and_served_to_staff(
    client, staff_client, settings, fields
):
    image, rendition = _image_with_rendition(**fields)
    for item in (image, rendition):
        name = item.file.name
        assert not _under_media_root(settings, name)
        assert client.get(_public_url(name)).status_code == 404
        # The checked view refuses too, exactly as if there were no such file.
        assert item.file.url.startswith("/protected-media/")
        refused = client.get(item.file.url)
        assert refused.status_code == 404
        for guess in ("images/no-such.png", "images/a%00b.png", "../settings.py"):
            assert client.get("/protected-media/" + guess).status_code == 404
        served = staff_client.get(item.file.url)
        assert served.status_code == 200
        assert _content(served) == _file_bytes(item)
        assert served["Cache-Control"] == "private, no-store"
        assert served["Content-Type"].startswith("image/")


def test_flagging_an_image_moves_its_files_and_renditions_out_of_public_media(
    client, staff_client, settings, django_capture_on_commit_callbacks
):
    image, rendition = _image_with_rendition(title="Rally")
    names = [image.file.name, rendition.file.name]
    # No consent restriction: plain public media, for the web server to serve.
    for name in names:
        assert _under_media_root(settings, name)
        assert client.get(_public_url(name)).status_code == 200
    assert rendition.url == _public_url(rendition.file.name)

    image.do_not_identify = True
    image.save()
    image.refresh_from_db()
    rendition = image.get_rendition("width-40")
    assert [image.file.name, rendition.file.name] == names  # the names stay
    for item in (image, rendition):
        assert not _under_media_root(settings, item.file.name)
        assert client.get(_public_url(item.file.name)).status_code == 404
        assert client.get(item.file.url).status_code == 404
        assert staff_client.get(item.file.url).status_code == 200
    # New renditions are made in protected media too.
    new = image.get_rendition("width-20")
    assert not _under_media_root(settings, new.file.name)
    assert client.get(new.url).status_code == 404

    # Unflagged: back in public media once the change is committed.
    with django_capture_on_commit_callbacks(execute=True):
        image.do_not_identify = False
        image.save()
    for name in [*names, new.file.name]:
        assert _under_media_root(settings, name)
        assert client.get(_public_url(name)).status_code == 200


def test_consent_ending_tomorrow_is_served_today_and_refused_after_the_date(
    client, staff_client, settings
):
    image, rendition = _image_with_rendition(consent_expires_on=TOMORROW)
    # Consent with an end date: protected media from the start, since no save
    # happens when the date passes.
    assert not _under_media_root(settings, image.file.name)
    assert not _under_media_root(settings, rendition.file.name)
    response = client.get(rendition.url)
    assert response.status_code == 200
    assert _content(response) == _file_bytes(rendition)
    assert response["Cache-Control"] == "public, max-age=3600"

    # The date passes: nothing is saved and no file moves.
    ProtectedImage.objects.filter(pk=image.pk).update(consent_expires_on=YESTERDAY)
    for item in (image, rendition):
        assert client.get(item.file.url).status_code == 404
        assert client.get(_public_url(item.file.name)).status_code == 404
        assert staff_client.get(item.file.url).status_code == 200


def test_cache_headers_never_outlive_consent(db):
    image = factories.ImageFactory(consent_expires_on=TODAY)
    midnight = timezone.make_aware(
        datetime.datetime.combine(TOMORROW, datetime.time.min)
    )
    access = image_file_access(
        image, None, now=midnight - datetime.timedelta(minutes=10)
    )
    assert access.allowed
    assert access.cache_control == "public, max-age=600"
    assert not image_file_access(image, None, now=midnight).allowed


def test_withdrawing_consent_in_the_admin_ends_cached_pages_and_files(
    client, settings, make_section, admin_user
):
    settings.NKHR_PAGE_CACHE_ENABLED = True
    image = factories.ImageFactory(title="Rally")
    campaigns, _ko = make_section(
        factories.CampaignIndexPageFactory, "Campaigns", "캠페인"
    )
    factories.CampaignPageFactory(parent=campaigns, slug="rally", hero_image=image)
    page = client.get("/en/campaigns/rally/")
    assert page[CACHE_HEADER] == "miss"
    assert client.get("/en/campaigns/rally/")[CACHE_HEADER] == "hit"
    html = page.content.decode()
    shown = [url for url in html.split('"') if url.startswith("/media/")]
    assert shown
    assert all(client.get(url).status_code == 200 for url in shown)

    editor = Client()
    editor.force_login(admin_user)
    response = editor.post(
        f"/admin/images/{image.pk}/",
        {
            "title": image.title,
            "collection": image.collection_id,
            "description": image.description,
            "description_ko": image.description_ko,
            "consent_given_by": "",
            "consent_expires_on": "",
            "do_not_identify": "on",
            "tags": "",
            "focal_point_x": "",
            "focal_point_y": "",
            "focal_point_width": "",
            "focal_point_height": "",
        },
    )
    assert response.status_code == 302
    image.refresh_from_db()
    assert image.do_not_identify

    again = client.get("/en/campaigns/rally/")
    assert again[CACHE_HEADER] == "miss"
    assert "image-placeholder" in again.content.decode()
    assert Path(image.file.name).stem not in again.content.decode()
    # Anyone who kept the old page still gets no picture.
    for url in shown:
        assert client.get(url).status_code == 404
        assert not _under_media_root(settings, url.removeprefix("/media/"))


@pytest.fixture
def publications(make_section):
    return make_section(
        factories.PublicationIndexPageFactory, "Publications", "간행물"
    )[0]


def _document_response_ok(client, document) -> bool:
    response = client.get(document.url)
    if response.status_code != 200:
        assert response.status_code == 404
        return False
    return _content(response) == document.file.open("rb").read()


def test_documents_are_out_of_public_media_and_served_only_from_public_pages(
    client, staff_client, settings, publications
):
    document = DocumentFactory(title="Witness list")
    assert document.url == f"/documents/{document.pk}/{document.filename}"
    assert not _under_media_root(settings, document.file.name)
    assert client.get(_public_url(document.file.name)).status_code == 404
    # Used nowhere yet: staff only.
    assert not _document_response_ok(client, document)
    assert _document_response_ok(staff_client, document)

    page = factories.PublicationPageFactory(parent=publications, document=document)
    assert _document_response_ok(client, document)
    # The direct file URL follows the same rule.
    assert client.get(document.file.url).status_code == 302

    page.unpublish()
    assert not _document_response_ok(client, document)
    assert client.get(document.file.url).status_code == 404
    assert _document_response_ok(staff_client, document)

    page.save_revision().publish()
    assert _document_response_ok(client, document)
    PageViewRestriction.objects.create(
        page=publications, restriction_type=PageViewRestriction.LOGIN
    )
    assert not _document_response_ok(client, document)
    assert _document_response_ok(staff_client, document)


def test_a_document_only_in_an_unpublished_draft_is_not_public(client, publications):
    public_pdf = DocumentFactory(title="Annual report")
    draft_pdf = DocumentFactory(title="Interview notes")
    page = factories.PublicationPageFactory(parent=publications, document=public_pdf)
    page.document = draft_pdf
    page.save_revision()  # a draft: the live page still links the annual report
    assert _document_response_ok(client, public_pdf)
    assert not _document_response_ok(client, draft_pdf)


def test_protect_media_files_moves_files_left_in_public_media(db, settings, capsys):
    storage = consent_aware_storage()
    hidden, rendition = _image_with_rendition(do_not_identify=True)
    shown = factories.ImageFactory()
    document = DocumentFactory()
    # Files where the site before protected media had them.
    for name in (hidden.file.name, rendition.file.name, document.file.name):
        storage.release(name)
        assert _under_media_root(settings, name)

    call_command("protect_media_files")
    assert "Moved 3 file(s) to protected media, 0 to public." in capsys.readouterr().out
    for name in (hidden.file.name, rendition.file.name, document.file.name):
        assert not _under_media_root(settings, name)
        assert storage.is_protected(name)
    assert _under_media_root(settings, shown.file.name)

    call_command("protect_media_files")  # daily: nothing left to do
    assert "Moved 0 file(s) to protected media, 0 to public." in capsys.readouterr().out


def test_migration_moves_existing_files_out_of_public_media(db, settings):
    from django.apps import apps

    migration = importlib.import_module(
        "nkhr_pages.migrations.0004_protected_media_files"
    )
    storage = consent_aware_storage()
    hidden, rendition = _image_with_rendition(consent_expires_on=TOMORROW)
    document = DocumentFactory()
    names = [hidden.file.name, rendition.file.name, document.file.name]
    migration.move_files_back(apps, None)
    assert all(_under_media_root(settings, name) for name in names)
    migration.move_protected_files(apps, None)
    for name in names:
        assert not _under_media_root(settings, name)
        assert storage.is_protected(name)


def test_protected_root_inside_media_root_is_a_configuration_error(settings):
    from nkhr_pages.checks import check_protected_media

    settings.NKHR_PROTECTED_MEDIA_ROOT = Path(settings.MEDIA_ROOT) / "protected"
    assert [error.id for error in check_protected_media()] == ["nkhr_pages.E003"]


def test_hiding_an_image_purges_its_files_from_the_cdn(
    settings,
    purge_server,  # noqa: F811 - the fixture imported above
    django_capture_on_commit_callbacks,
    home_pages,
):
    """A CDN in front may hold copies made while the image was public."""
    from cms.settings.environment import frontend_cache_from_env

    url, received = purge_server
    settings.WAGTAILFRONTENDCACHE = frontend_cache_from_env(
        {"FRONTEND_CACHE_PURGE_URL": url}
    )
    image, rendition = _image_with_rendition()
    received.clear()
    with django_capture_on_commit_callbacks(execute=True):
        image.do_not_identify = True
        image.save()
    purged = {path for path, _host in received}
    for name in (image.file.name, rendition.file.name):
        assert f"/media/{name}" in purged
        assert f"/protected-media/{name}" in purged
