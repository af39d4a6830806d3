"""Who may fetch a protected file, and keeping each file in the right root.

The rules, checked on every request (``nkhr_pages.media_views`` and Wagtail's
document view), so that a date passing or a flag set in the admin takes effect
at once, with no file to move first:

- an image's files (original and renditions) go to anyone while the image may
  be shown publicly (``ProtectedImage.is_publicly_displayable``), with cache
  headers that end before consent does; otherwise only to staff (people who
  may use the admin and add, edit or choose images). Everybody else gets a 404,
  never a 403, so that nobody learns that the file exists;
- a cover drawn from a publication's PDF (``ProtectedImage.drawn_cover``) goes
  to anyone only while, besides the above, a live, public publication carries
  that PDF (``covers.drawn_cover_is_public``); its files are always kept in
  protected media, since unpublishing a page moves no file;
- a document goes to anyone only while at least one live page that the public
  may see (no privacy restriction on it or above it) uses it, as Wagtail's
  reference index records; otherwise only to staff (admin users who may add,
  edit or choose documents).

Where files live (see ``nkhr_pages.storage``): ``sync_image_files`` moves an
image's files when its flags change, ``reconcile_media_files`` puts every file
where the rules say (after deploying, and daily as a safety net).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models.functions import Cast
from django.utils import timezone

from .storage import ConsentAwareStorage, consent_aware_storage, protected_media_url

# A shared cache (CDN, proxy) may keep a publicly shown image this long at most,
# and never past the end of its consent.
DEFAULT_PUBLIC_MAX_AGE = 60 * 60


@dataclass(frozen=True)
class FileAccess:
    """The answer for one request of one file."""

    allowed: bool
    public: bool = False  # the same answer for everyone: shared caches may keep it
    max_age: int = 0  # seconds a cache may keep it (public only)

    @property
    def cache_control(self) -> str:
        if self.public and self.max_age > 0:
            return f"public, max-age={self.max_age}"
        return "private, no-store"


def _is_staff_for(user: Any, model: type[models.Model]) -> bool:
    from wagtail.permissions import policy_registry

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if not user.has_perm("wagtailadmin.access_admin"):
        return False
    policy = policy_registry.get_by_type(model)
    return policy.user_has_any_permission(user, ["add", "change", "choose"])


def user_may_see_protected_images(user: Any) -> bool:
    from wagtail.images import get_image_model

    return _is_staff_for(user, get_image_model())


def user_may_see_unpublished_documents(user: Any) -> bool:
    from wagtail.documents import get_document_model

    return _is_staff_for(user, get_document_model())


def seconds_until_consent_ends(
    consent_expires_on: datetime.date | None, now: datetime.datetime | None = None
) -> float | None:
    """Seconds until the local midnight that ends the last day of consent."""
    if consent_expires_on is None:
        return None
    end = timezone.make_aware(
        datetime.datetime.combine(
            consent_expires_on + datetime.timedelta(days=1), datetime.time.min
        )
    )
    return (end - (now or timezone.now())).total_seconds()


def image_file_access(image: Any, user: Any, now: datetime.datetime | None = None):
    """May ``user`` have the files of ``image`` now, and how long may it be cached."""
    now = timezone.localtime(now)
    if image.is_publicly_displayable(on_date=now.date()) and (
        not image.drawn_cover or _drawn_cover_is_public(image)
    ):
        max_age = getattr(
            settings, "NKHR_PROTECTED_MEDIA_MAX_AGE", DEFAULT_PUBLIC_MAX_AGE
        )
        remaining = seconds_until_consent_ends(image.consent_expires_on, now)
        if remaining is not None:
            max_age = min(max_age, int(remaining))
        return FileAccess(allowed=True, public=True, max_age=max(max_age, 0))
    return FileAccess(allowed=user_may_see_protected_images(user))


def _drawn_cover_is_public(image: Any) -> bool:
    from .covers import drawn_cover_is_public

    return drawn_cover_is_public(image)


def document_is_public(document: Any) -> bool:
    """True when a live page visible to the public uses ``document``."""
    from wagtail.models import Page, ReferenceIndex

    page_ids = (
        ReferenceIndex.get_references_to(document)
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .annotate(page_id=Cast("object_id", models.IntegerField()))
        .values("page_id")
    )
    return Page.objects.live().public().filter(pk__in=page_ids).exists()


def document_may_be_served(document: Any, user: Any) -> bool:
    return user_may_see_unpublished_documents(user) or document_is_public(document)


def find_file_owner(name: str) -> Any:
    """The image (for an original or a rendition) or document stored as ``name``."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    image_model = get_image_model()
    image = image_model.objects.filter(file=name).first()
    if image is not None:
        return image
    rendition_model = image_model.get_rendition_model()
    rendition = rendition_model.objects.filter(file=name).select_related("image")
    if found := rendition.first():
        return found.image
    return get_document_model().objects.filter(file=name).first()


# --- Keeping files in the right root ---


def _image_file_names(image: Any) -> list[str]:
    renditions = image.renditions.values_list("file", flat=True)
    return [name for name in (image.file.name, *renditions) if name]


def sync_image_files(image: Any) -> int:
    """Put the files of ``image`` (and its renditions) where its flags say.

    Protection happens at once, inside the saving transaction, and again once
    it commits (a daily reconcile reading the old flags meanwhile could have
    moved a file back). Files return to public media only after the commit, so
    a rolled-back withdrawal of protection never exposes anything. Returns how
    many files moved now."""
    storage = consent_aware_storage()
    if storage is None or not image.pk:
        return 0
    pk = image.pk
    transaction.on_commit(lambda: _sync_committed_image(pk))
    if not image.needs_protected_files():
        return 0
    names = _image_file_names(image)
    moved = sum(storage.protect(name) for name in names)
    if not image.is_publicly_displayable():
        purge_from_frontend_cache(storage, names)
    return moved


def purge_from_frontend_cache(storage: ConsentAwareStorage, names: list[str]) -> None:
    """Ask the CDN or proxy in front (``WAGTAILFRONTENDCACHE``) to forget the
    files at both their public and their protected URL: it may hold a copy
    from before the image was hidden."""
    from django.apps import apps

    if not apps.is_installed("wagtail.contrib.frontend_cache") or not getattr(
        settings, "WAGTAILFRONTENDCACHE", None
    ):
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
    from wagtail.models import Site

    paths = [
        url
        for name in names
        for url in (storage.public.url(name), protected_media_url(name))
    ]
    roots = {site.root_url for site in Site.objects.all()}
    purge_urls_from_cache([root + path for root in sorted(roots) for path in paths])


def _sync_committed_image(pk: int) -> None:
    from wagtail.images import get_image_model

    storage = consent_aware_storage()
    image = get_image_model().objects.filter(pk=pk).first()
    if storage is None or image is None:
        return
    move = storage.protect if image.needs_protected_files() else storage.unprotect
    for name in _image_file_names(image):
        move(name)


@dataclass
class ReconcileResult:
    protected: int = 0
    unprotected: int = 0

    @property
    def moved(self) -> int:
        return self.protected + self.unprotected


def reconcile_media_files(
    storage: ConsentAwareStorage,
    images: models.QuerySet,
    renditions: models.QuerySet,
    documents: Iterable[str],
) -> ReconcileResult:
    """Move every image, rendition and document file to where the rules put it.

    Works on plain querysets so that a migration can pass its historical models.
    Safe to run at any time, as often as wanted: files already in place stay."""
    from .models.images import files_need_protection

    result = ReconcileResult()

    def place(name: str, protect: bool) -> None:
        if not name:
            return
        if protect:
            result.protected += storage.protect(name)
        else:
            result.unprotected += storage.unprotect(name)

    protected_ids = set()
    fields = ["pk", "file", "do_not_identify", "consent_expires_on"]
    # A migration before 0011 passes a model without ``drawn_cover``.
    if any(field.name == "drawn_cover" for field in images.model._meta.fields):
        fields.append("drawn_cover")
    for pk, name, *flags in images.values_list(*fields).iterator():
        protect = files_need_protection(*flags)
        if protect:
            protected_ids.add(pk)
        place(name, protect)
    for image_id, name in renditions.values_list("image_id", "file").iterator():
        place(name, image_id in protected_ids)
    for name in documents:
        place(name, True)
    return result


def connect_signals() -> None:
    """Move an image's files whenever it is saved with other flags."""
    from django.db.models.signals import post_save
    from wagtail.images import get_image_model

    def on_image_saved(sender, instance, raw=False, **kwargs: Any) -> None:
        if not raw:
            sync_image_files(instance)

    post_save.connect(
        on_image_saved,
        sender=get_image_model(),
        dispatch_uid="nkhr-protected-media-image-saved",
        weak=False,
    )
