"""Organisation-wide details shown in the footer, editable under Settings."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="site")
class OrganisationSettings(BaseSiteSetting):
    name_en = models.CharField(
        _("name (English)"),
        max_length=255,
        default="Citizens' Alliance for North Korean Human Rights",
    )
    name_ko = models.CharField(
        _("name (Korean)"), max_length=255, default="북한인권시민연합"
    )
    address_en = models.TextField(_("address (English)"), blank=True)
    address_ko = models.TextField(_("address (Korean)"), blank=True)
    phone = models.CharField(_("telephone"), max_length=100, blank=True)
    second_phone = models.CharField(
        _("second telephone line"), max_length=100, blank=True
    )
    fax = models.CharField(_("fax"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)
    x_url = models.URLField(_("X (Twitter)"), blank=True)
    instagram_url = models.URLField(_("Instagram"), blank=True)
    instagram_education_url = models.URLField(
        _("Instagram of the education team"), blank=True
    )
    linkedin_url = models.URLField(_("LinkedIn"), blank=True)
    youtube_url = models.URLField(_("YouTube"), blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("name_en"), FieldPanel("name_ko")], heading=_("Organisation")
        ),
        MultiFieldPanel(
            [
                FieldPanel("address_en"),
                FieldPanel("address_ko"),
                FieldPanel("phone"),
                FieldPanel("second_phone"),
                FieldPanel("fax"),
                FieldPanel("email"),
            ],
            heading=_("Contact details"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("facebook_url"),
                FieldPanel("x_url"),
                FieldPanel("instagram_url"),
                FieldPanel("instagram_education_url"),
                FieldPanel("linkedin_url"),
                FieldPanel("youtube_url"),
            ],
            heading=_("Social media"),
        ),
    ]

    class Meta:
        verbose_name = _("organisation details")

    def __str__(self) -> str:
        return self.name_en

    def name_for(self, language_code: str) -> str:
        return self.name_ko if language_code.startswith("ko") else self.name_en

    def address_for(self, language_code: str) -> str:
        if language_code.startswith("ko") and self.address_ko:
            return self.address_ko
        return self.address_en

    @property
    def social_links(self) -> list[tuple[str, str]]:
        links = [
            ("Facebook", self.facebook_url),
            ("X", self.x_url),
            ("Instagram", self.instagram_url),
            (_("Instagram (education)"), self.instagram_education_url),
            ("LinkedIn", self.linkedin_url),
            ("YouTube", self.youtube_url),
        ]
        return [(label, url) for label, url in links if url]
