"""Admin paths editors walk every day (issue 18): the media coverage import in
the menu, the consent report's dates."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override
from wagtail.users.models import UserProfile

from nkhr_pages.translation.roles import EDITORS, ensure_translation_roles
from tests import factories


def _member(username: str, group_name: str):
    user = get_user_model().objects.create_user(
        username, f"{username}@nkhr.test", "not-used"
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def media_section(home_pages):
    ensure_translation_roles()
    return factories.MediaCoverageIndexPageFactory(parent=home_pages["en"])


IMPORT_URL = "/admin/media-coverage/import/"


def test_editors_see_the_import_in_the_menu_and_may_use_it(client, media_section):
    client.force_login(_member("editor-en", EDITORS))
    assert IMPORT_URL in client.get(reverse("wagtailadmin_home")).content.decode()
    response = client.get(IMPORT_URL)
    assert response.status_code == 200
    assert list(response.context["form"].fields["index_page"].queryset) == [
        media_section.page_ptr.specific
    ]


def test_translators_neither_see_nor_open_the_import(client, media_section):
    client.force_login(_member("translator-ko", "Korean translators"))
    assert IMPORT_URL not in client.get(reverse("wagtailadmin_home")).content.decode()
    assert client.get(IMPORT_URL).status_code in (302, 403)


@pytest.fixture
def expiring_image(db):
    today = timezone.localdate()
    return factories.ImageFactory(
        title="Hanawon class photo",
        consent_expires_on=today + datetime.timedelta(days=10),
    )


def test_consent_report_shows_the_date_and_the_days_left(admin_client, expiring_image):
    html = admin_client.get("/admin/reports/image-consent/").content.decode()
    with override("en"):
        assert (
            f"{date_format(expiring_image.consent_expires_on)} (10 days left)" in html
        )
    assert "Just now" not in html


def test_consent_report_in_korean(admin_client, admin_user, expiring_image):
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "ko"
    profile.save()
    html = admin_client.get("/admin/reports/image-consent/").content.decode()
    ends = expiring_image.consent_expires_on
    assert f"{ends.year}년 {ends.month}월 {ends.day}일 (10일 남음)" in html


@pytest.mark.parametrize(
    ("days", "text"),
    [(1, "1 day left"), (0, "ends today"), (-3, "ended 3 days ago")],
)
def test_consent_end_wording(days, text):
    from nkhr_pages.admin_views import consent_ends_text

    today = datetime.date(2026, 12, 7)
    with override("en"):
        assert consent_ends_text(today + datetime.timedelta(days=days), today).endswith(
            f"({text})"
        )


def test_bulk_uploaded_image_is_chosen_only_once_it_has_alt_text(client, media_section):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image as PILImage

    from nkhr_pages.models import ProtectedImage

    client.force_login(_member("editor-en", EDITORS))
    buffer = BytesIO()
    PILImage.new("RGB", (8, 8), "blue").save(buffer, "PNG")
    upload = SimpleUploadedFile("hanawon.png", buffer.getvalue(), "image/png")
    response = client.post(reverse("wagtailimages:add_multiple"), {"files[]": upload})
    assert response.status_code == 200
    image = ProtectedImage.objects.get(title="hanawon.png")
    assert image.description == ""
    chooser = reverse("wagtailimages_chooser:choose_results")
    assert "hanawon.png" not in client.get(chooser).content.decode()

    image.description = "Students in a Hanawon classroom, seen from behind"
    image.save()
    assert "hanawon.png" in client.get(chooser).content.decode()
