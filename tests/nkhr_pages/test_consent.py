"""Identity protection: a flagged or expired image never reaches a public page,
a feed or the OpenGraph meta; the admin lists images whose consent ends soon."""

from __future__ import annotations

import csv
import datetime
import io
import re
from pathlib import Path

import pytest
from django.utils import timezone

from nkhr_pages.forms import ProtectedImageForm
from nkhr_pages.models import ProtectedImage
from tests import factories

PLACEHOLDER = "image-placeholder"
OG_PLACEHOLDER = "/static/nkhr_pages/img/placeholder.png"


def _yesterday():
    return timezone.localdate() - datetime.timedelta(days=1)


@pytest.fixture(params=["do_not_identify", "expired"])
def hidden_image(request, db):
    if request.param == "do_not_identify":
        return factories.ImageFactory(title="secret-face", do_not_identify=True)
    return factories.ImageFactory(title="secret-face", consent_expires_on=_yesterday())


@pytest.fixture
def shown_image(db):
    return factories.ImageFactory(
        title="public-crowd",
        consent_given_by="Event organisers",
        consent_expires_on=timezone.localdate() + datetime.timedelta(days=365),
    )


def _stem(image: ProtectedImage) -> str:
    return Path(image.file.name).stem


def assert_hidden(html: str, image: ProtectedImage) -> None:
    assert _stem(image) not in html
    assert image.description not in html
    assert "/media/images/" not in html


@pytest.fixture
def sections(make_section):
    return {
        "campaigns": make_section(
            factories.CampaignIndexPageFactory, "Campaigns", "캠페인"
        )[0],
        "publications": make_section(
            factories.PublicationIndexPageFactory, "Publications", "간행물"
        )[0],
        "programs": make_section(
            factories.ProgramIndexPageFactory, "Programs", "프로그램"
        )[0],
        "events": make_section(factories.EventIndexPageFactory, "Events", "행사")[0],
    }


def test_model_rules(shown_image):
    assert shown_image.is_publicly_displayable()
    flagged = factories.ImageFactory(do_not_identify=True)
    assert not flagged.is_publicly_displayable()
    today = timezone.localdate()
    ends_today = factories.ImageFactory(consent_expires_on=today)
    assert ends_today.is_publicly_displayable()
    assert not ends_today.is_publicly_displayable(today + datetime.timedelta(days=1))


def _alt_of(html: str, image) -> str | None:
    """The alt text of the <img> that shows *image* (None when none does)."""
    for tag in re.findall(r"<img\b[^>]*>", html):
        if _stem(image) in tag:
            match = re.search(r'\balt="([^"]*)"', tag)
            return match[1] if match else None
    return None


@pytest.mark.parametrize(
    ("factory", "section", "field", "url"),
    [
        ("CampaignPageFactory", "campaigns", "hero_image", "/en/campaigns/p/"),
        ("ProgramPageFactory", "programs", "hero_image", "/en/programs/p/"),
        ("EventPageFactory", "events", "hero_image", "/en/events/p/"),
        (
            "PublicationPageFactory",
            "publications",
            "cover_image",
            "/en/publications/p/",
        ),
    ],
)
def test_hero_and_cover_images(
    client, sections, hidden_image, shown_image, factory, section, field, url
):
    page = getattr(factories, factory)(
        parent=sections[section], slug="p", **{field: hidden_image}
    )
    html = client.get(url).content.decode()
    assert PLACEHOLDER in html
    assert_hidden(html, hidden_image)
    assert f'property="og:image" content="http://testserver{OG_PLACEHOLDER}"' in html
    assert f'name="twitter:image" content="http://testserver{OG_PLACEHOLDER}"' in html
    # The listing (thumbnails) hides it too.
    listing = client.get(url.rsplit("/", 2)[0] + "/").content.decode()
    assert PLACEHOLDER in listing
    assert_hidden(listing, hidden_image)

    setattr(page, field, shown_image)
    page.save_revision().publish()
    html = client.get(url).content.decode()
    assert _stem(shown_image) in html
    # A hero carries the image's own description; a publication's cover is
    # decorative beside the title that names it (alt="").
    expected_alt = "" if field == "cover_image" else shown_image.description
    assert _alt_of(html, shown_image) == expected_alt
    assert OG_PLACEHOLDER not in html
    # Consent with an end date: the file is fetched through the checked view.
    assert (
        'property="og:image" content="http://testserver/protected-media/images/' in html
    )


def test_streamfield_image_block(client, sections, hidden_image, shown_image):
    page = factories.CampaignPageFactory(
        parent=sections["campaigns"],
        slug="p",
        body=[
            ("image", {"image": hidden_image, "caption": "Hidden", "credit": ""}),
            ("image", {"image": shown_image, "caption": "Shown", "credit": ""}),
        ],
    )
    html = client.get(page.url).content.decode()
    assert html.count(PLACEHOLDER) == 1
    assert_hidden(html.split("Hidden")[0], hidden_image)
    assert _stem(shown_image) in html


def test_korean_alt_text(client, sections, shown_image, locales):
    page = factories.CampaignPageFactory(
        parent=sections["campaigns"], slug="p", hero_image=shown_image
    )
    page.save_revision().publish()
    factories.translate(page, "ko", title="한국어 캠페인")
    html = client.get("/ko/campaigns/p/").content.decode()
    assert f'alt="{shown_image.description_ko}"' in html


def test_publication_feed_leaves_hidden_images_out(
    client, sections, hidden_image, shown_image
):
    factories.PublicationPageFactory(
        parent=sections["publications"], title="Hidden cover", cover_image=hidden_image
    )
    factories.PublicationPageFactory(
        parent=sections["publications"], title="Shown cover", cover_image=shown_image
    )
    for kind in ("rss", "atom"):
        xml = client.get(f"/en/feeds/publications/{kind}/").content.decode()
        assert "Hidden cover" in xml
        assert _stem(hidden_image) not in xml
        assert _stem(shown_image) in xml


def test_consent_report_lists_images_expiring_soon(admin_client, db):
    today = timezone.localdate()
    soon = factories.ImageFactory(
        title="Expiring soon", consent_expires_on=today + datetime.timedelta(days=10)
    )
    factories.ImageFactory(
        title="Far future", consent_expires_on=today + datetime.timedelta(days=300)
    )
    factories.ImageFactory(title="No expiry")
    factories.ImageFactory(title="Expired", consent_expires_on=_yesterday())
    factories.ImageFactory(
        title="Flagged anyway",
        do_not_identify=True,
        consent_expires_on=today + datetime.timedelta(days=3),
    )
    response = admin_client.get("/admin/reports/image-consent/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Expiring soon" in html
    assert "Expired" in html
    assert "Far future" not in html
    assert "No expiry" not in html
    assert "Flagged anyway" not in html
    assert f"/admin/images/{soon.pk}/" in html
    assert list(ProtectedImage.objects.consent_expiring(30)) == [soon]


def test_consent_report_needs_image_permission(client, django_user_model):
    user = django_user_model.objects.create_user("visitor", password="x")
    client.force_login(user)
    response = client.get("/admin/reports/image-consent/")
    assert response.status_code in (302, 403)


def test_alt_text_is_required_in_the_admin_form(db):
    from wagtail.images.forms import get_image_form

    form_class = get_image_form(ProtectedImage)
    assert issubclass(form_class, ProtectedImageForm)
    form = form_class(data={"title": "x", "description": ""})
    assert form.fields["description"].required
    form.is_valid()
    assert "description" in form.errors


def test_consent_report_csv_defuses_formulas(admin_client, db):
    formula = '=HYPERLINK("https://evil.example/","x")'
    factories.ImageFactory(
        title=formula,
        consent_given_by="-the family",
        consent_expires_on=timezone.localdate() + datetime.timedelta(days=10),
    )
    response = admin_client.get("/admin/reports/image-consent/?export=csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    (row,) = csv.DictReader(io.StringIO(body))
    assert row["Title"] == "'" + formula
    assert row["Consent given by"] == "'-the family"
