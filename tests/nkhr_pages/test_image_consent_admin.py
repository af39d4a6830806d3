"""Consent where editors pick images: a badge in the image listing and the
chooser, and a warning when a saved page places an image that may not (or soon
may not) be shown. Identity protection itself is tested in test_consent.py."""

from __future__ import annotations

import datetime
import json

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from nkhr_pages.image_consent import (
    DO_NOT_IDENTIFY,
    EXPIRED,
    EXPIRING,
    GIVEN,
    consent_badge,
)
from nkhr_pages.models import CampaignPage
from tests import factories
from tests.nkhr_pages.test_admin_page_forms import REQUIRED_ANSWERS, _form_data

TODAY = datetime.date(2026, 6, 1)


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def images(db):
    return {
        "hidden": factories.ImageFactory(title="Defector family", do_not_identify=True),
        "expired": factories.ImageFactory(
            title="Old rally", consent_expires_on=_days(-1)
        ),
        "expiring": factories.ImageFactory(
            title="Seminar", consent_expires_on=_days(10)
        ),
        "given": factories.ImageFactory(
            title="Press day", consent_expires_on=_days(200)
        ),
        "plain": factories.ImageFactory(title="Seoul skyline"),
    }


@pytest.mark.parametrize(
    ("fields", "state"),
    [
        ({"do_not_identify": True, "consent_expires_on": None}, DO_NOT_IDENTIFY),
        ({"do_not_identify": False, "consent_expires_on": TODAY}, EXPIRING),
        (
            {
                "do_not_identify": False,
                "consent_expires_on": datetime.date(2026, 5, 31),
            },
            EXPIRED,
        ),
        (
            {"do_not_identify": False, "consent_expires_on": datetime.date(2026, 7, 1)},
            EXPIRING,
        ),
        (
            {"do_not_identify": False, "consent_expires_on": datetime.date(2026, 7, 2)},
            GIVEN,
        ),
    ],
)
def test_badge_states(db, fields, state):
    from nkhr_pages.models import ProtectedImage

    badge = consent_badge(ProtectedImage(**fields), today=TODAY)
    assert badge.state == state
    assert badge.needs_care == (state != GIVEN)


def test_no_badge_without_a_consent_record(db):
    from nkhr_pages.models import ProtectedImage

    assert consent_badge(ProtectedImage(), today=TODAY) is None


def _badges(html: str) -> dict[str, int]:
    return {
        state: html.count(f'data-nkhr-consent="{state}"')
        for state in (DO_NOT_IDENTIFY, EXPIRED, EXPIRING, GIVEN)
    }


@pytest.mark.parametrize("layout", ["grid", "list"])
def test_image_listing_shows_the_badges(admin_client, images, layout):
    response = admin_client.get(reverse("wagtailimages:index"), {"layout": layout})
    html = response.content.decode()
    assert response.status_code == 200
    assert _badges(html) == {DO_NOT_IDENTIFY: 1, EXPIRED: 1, EXPIRING: 1, GIVEN: 1}
    assert "Do not identify: never shown" in html


@pytest.mark.parametrize("layout", ["grid", "list"])
def test_image_chooser_shows_the_badges(admin_client, images, layout):
    response = admin_client.get(
        reverse("wagtailimages_chooser:choose"), {"layout": layout}
    )
    html = json.loads(response.content)["html"]
    assert _badges(html) == {DO_NOT_IDENTIFY: 1, EXPIRED: 1, EXPIRING: 1, GIVEN: 1}


def test_badges_speak_korean(client, images, django_user_model):
    from wagtail.users.models import UserProfile

    user = django_user_model.objects.create_superuser("ko-admin", "k@nkhr.test", "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "ko"
    profile.save()
    client.force_login(user)
    html = client.get(reverse("wagtailimages:index")).content.decode()
    assert "신원 비공개: 공개하지 않음" in html
    assert "Do not identify" not in html


def _create_campaign(client, parent, title: str, image) -> list[str]:
    url = reverse(
        "wagtailadmin_pages:add", args=["nkhr_pages", "campaignpage", parent.pk]
    )
    form = client.get(url).context["form"]
    data = _form_data(form, title, **REQUIRED_ANSWERS)
    data["hero_image"] = str(image.pk)
    data.pop("action-publish")
    response = client.post(url, data)
    assert response.status_code == 302
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("kind", ["hidden", "expired", "expiring"])
def test_saving_a_page_with_such_an_image_warns(admin_client, home_pages, images, kind):
    index = factories.CampaignIndexPageFactory(parent=home_pages["en"])
    said = _create_campaign(admin_client, index, "Forced repatriation", images[kind])
    warnings = [text for text in said if "consent needs care" in text]
    assert len(warnings) == 1
    assert f"“{images[kind].title}”" in warnings[0]
    # Saved all the same: a warning, not a refusal.
    assert CampaignPage.objects.filter(hero_image=images[kind]).exists()


@pytest.mark.parametrize("kind", ["given", "plain"])
def test_no_warning_for_images_that_may_be_shown(
    admin_client, home_pages, images, kind
):
    index = factories.CampaignIndexPageFactory(parent=home_pages["en"])
    said = _create_campaign(admin_client, index, "Forced repatriation", images[kind])
    assert not [text for text in said if "consent needs care" in text]


def test_images_in_fields_and_in_the_body_are_found(home_pages, images):
    """Images inside StreamField blocks count too, read from the page being
    saved (not from the reference index, which may lag)."""
    from nkhr_pages.image_consent import images_placed_on

    index = factories.CampaignIndexPageFactory(parent=home_pages["en"])
    page = factories.CampaignPageFactory(parent=index)
    assert images_placed_on(page) == []
    page.hero_image = images["hidden"]
    page.body = [
        ("image", {"image": images["expiring"], "caption": "", "credit": ""}),
        ("paragraph", "<p>Text</p>"),
    ]
    assert images_placed_on(page) == [images["hidden"], images["expiring"]]
