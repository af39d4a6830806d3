"""Admin forms of nkhr_pages."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.images.forms import BaseImageForm
from wagtail.models import Locale

from .csv_upload import max_bytes, too_big_message
from .models import MediaCoverageIndexPage, Outlet


class ProtectedImageForm(BaseImageForm):
    """Wagtail's image form with the alt text required.

    Wagtail's multiple upload first saves the bare file (its form data has no
    ``description`` key) and then shows the full form; only that first step may
    leave the alt text empty, every form an editor fills in requires it.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("description")
        if field is None:
            return
        first_upload_step = self.is_bound and "description" not in self.data
        field.required = not first_upload_step


def media_coverage_import_targets(user) -> QuerySet[MediaCoverageIndexPage]:
    """The English media coverage sections ``user`` may add items to: the one
    rule for the menu item, the upload view and its choice of section."""
    sections = MediaCoverageIndexPage.objects.filter(locale=Locale.get_default())
    allowed = [
        section.pk
        for section in sections
        if section.permissions_for_user(user).can_add_subpage()
    ]
    return sections.filter(pk__in=allowed)


class MediaCoverageImportForm(forms.Form):
    """Upload a CSV of clippings into a media coverage index page."""

    index_page = forms.ModelChoiceField(
        label=_("Import into"),
        queryset=MediaCoverageIndexPage.objects.none(),
        empty_label=None,
    )
    csv_file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8, with the columns date (YYYY-MM-DD), outlet, headline and "
            "optionally link, language, summary, campaign, headline_ko."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["index_page"].queryset = media_coverage_import_targets(user)

    def clean_csv_file(self):
        upload = self.cleaned_data["csv_file"]
        if upload.size > max_bytes():
            raise forms.ValidationError(too_big_message(upload.size))
        return upload


class OutletCreationForm(forms.ModelForm):
    """A new outlet, from the chooser of the media coverage form."""

    website = forms.URLField(
        label=_("website"), required=False, assume_scheme="https", max_length=200
    )

    class Meta:
        model = Outlet
        fields = ["name", "website"]
