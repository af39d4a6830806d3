"""Who works in which locale, and the notices that tell translators about work."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale
from wagtail_localize.models import Translation


class LocaleGroup(models.Model):
    """Ties a group to a content locale.

    Wagtail scopes page permissions by subtree but snippet permissions only by
    model; this row is what scopes snippets (topics, outlets...) by locale.
    Members may add, edit and delete translatable snippets in ``locale`` only;
    with ``receives_translation_work`` they are told when work into it arrives.
    """

    group = models.ForeignKey(
        Group,
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="translation_locales",
    )
    locale = models.ForeignKey(
        Locale,
        verbose_name=_("locale"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    receives_translation_work = models.BooleanField(
        _("receives translation work"), default=False
    )

    class Meta:
        verbose_name = _("locale group")
        verbose_name_plural = _("locale groups")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "locale"], name="unique_translation_locale_group"
            )
        ]

    def __str__(self) -> str:
        return f"{self.group} / {self.locale}"


class TranslationNotice(models.Model):
    """An admin notification: a translation into the recipient's locale needs work."""

    class Reason(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted for translation")
        SOURCE_CHANGED = "source_changed", _("Source changed")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="translation_notices",
    )
    translation = models.ForeignKey(
        Translation,
        verbose_name=_("translation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    dismissed_at = models.DateTimeField(_("dismissed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("translation notice")
        verbose_name_plural = _("translation notices")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "dismissed_at"])]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.translation.source.object_repr}"
