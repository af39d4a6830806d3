"""Admin screen for the locale groups (Settings → Translation locales)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet

from .models import LocaleGroup


class LocaleGroupViewSet(ModelViewSet):
    """Which group works in which language. Superusers only by default
    (Wagtail's model permissions on ``LocaleGroup``)."""

    model = LocaleGroup
    icon = "group"
    menu_label = _("Translation locales")
    add_to_settings_menu = True
    copy_view_enabled = False
    form_fields = ["group", "locale", "receives_translation_work"]
    list_display = ["group", "locale", "receives_translation_work"]
    list_filter = ["locale"]
