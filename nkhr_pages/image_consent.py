"""What the admin says about an image's consent, where editors pick images.

Staff choose images in the image listing and the choosers, and place them on
pages. A photo flagged "do not identify" is never shown publicly, and one whose
consent ends soon will disappear from the pages that use it: the badge says so
before it is chosen, and saving a page that places one warns the editor (a
warning, not a refusal: the public side already shows a placeholder instead).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.models import ReferenceIndex

# Consent that ends within this many days is flagged "expiring".
CONSENT_WARNING_DAYS = 30

DO_NOT_IDENTIFY = "do-not-identify"
EXPIRED = "expired"
EXPIRING = "expiring"
GIVEN = "given"
# The states an editor is warned about when a page places the image.
NEEDS_CARE = frozenset({DO_NOT_IDENTIFY, EXPIRED, EXPIRING})


@dataclass(frozen=True)
class ConsentBadge:
    state: str
    label: str

    @property
    def needs_care(self) -> bool:
        return self.state in NEEDS_CARE


def consent_badge(
    image: Model, today: datetime.date | None = None
) -> ConsentBadge | None:
    """The badge of ``image``, or None when it records no consent at all."""
    today = today or timezone.localdate()
    if getattr(image, "do_not_identify", False):
        return ConsentBadge(DO_NOT_IDENTIFY, _("Do not identify: never shown"))
    ends_on = getattr(image, "consent_expires_on", None)
    if ends_on is None:
        return None
    when = date_format(ends_on)
    if ends_on < today:
        return ConsentBadge(
            EXPIRED, _("Consent ended on %(date)s: not shown") % {"date": when}
        )
    if ends_on <= today + datetime.timedelta(days=CONSENT_WARNING_DAYS):
        return ConsentBadge(EXPIRING, _("Consent ends on %(date)s") % {"date": when})
    return ConsentBadge(GIVEN, _("Consent until %(date)s") % {"date": when})


def images_placed_on(instance: Model) -> list[Model]:
    """The images ``instance`` (a page, as being saved) refers to, in its fields
    and its StreamField blocks, read from the instance itself rather than from
    the reference index, which may be updated later or hold an older revision."""
    image_model = get_image_model()
    content_type_id = ContentType.objects.get_for_model(image_model).pk
    ids = {
        object_id
        for (
            referred_type_id,
            object_id,
            _model_path,
            _content_path,
        ) in ReferenceIndex._extract_references_from_object(instance)
        if referred_type_id == content_type_id
    }
    if not ids:
        return []
    return list(image_model.objects.filter(pk__in=ids).order_by("title"))


def images_needing_care(
    images: Iterable[Model], today: datetime.date | None = None
) -> list[tuple[Model, ConsentBadge]]:
    """Those of ``images`` flagged "do not identify" or with consent ended or
    ending soon, with their badge."""
    found = []
    for image in images:
        badge = consent_badge(image, today)
        if badge is not None and badge.needs_care:
            found.append((image, badge))
    return found
