"""Where the layout's "Donate" and "Newsletter" calls to action lead.

Page choosers, not imports: the donation page belongs to nkhr_donations and the
newsletter sign-up to another app, and this app must not know their models.
The English page is chosen once; visitors see its translation in their language.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="pick")
class CallToActionSettings(BaseSiteSetting):
    donation_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("donation page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Where the 'Donate' button in the header and footer leads."),
    )
    newsletter_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("newsletter page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Where the newsletter sign-up link in the footer leads."),
    )

    about_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("about page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Linked as 'About NKHR' in the footer."),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy policy page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Linked from the footer and from the forms that collect personal details."
        ),
    )

    panels = [
        FieldPanel("donation_page"),
        FieldPanel("newsletter_page"),
        FieldPanel("about_page"),
        FieldPanel("privacy_page"),
    ]

    class Meta:
        verbose_name = _("calls to action")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
