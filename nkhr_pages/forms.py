"""Admin forms of nkhr_pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm
from wagtail.models import Locale

from .csv_upload import max_bytes, too_big_message
from .models import MediaCoverageIndexPage, Outlet


class VerifiedImageField(WagtailImageField):
    """Wagtail's image field that also refuses a file Pillow cannot decode.

    Wagtail reads only an image's header: a PNG cut off after its signature
    raised ``UnidentifiedImageError`` out of the form (a 500 for the editor),
    and one cut off inside its pixels was saved and then failed wherever a
    rendition of it was made (listings, the page). Decoding the pixels once,
    after Wagtail's size and pixel-count checks, turns both into Wagtail's own
    "not a valid image" message.
    """

    def to_python(self, data: Any) -> Any:
        try:
            upload = super().to_python(data)
        except forms.ValidationError:
            raise
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise self._invalid() from exc
        if upload is None or upload.image.format_name == "svg":
            return upload
        source = data if hasattr(data, "seek") else upload
        try:
            source.seek(0)
            with PILImage.open(source) as image:
                image.load()
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise self._invalid() from exc
        finally:
            source.seek(0)
        return upload

    def _invalid(self) -> forms.ValidationError:
        return forms.ValidationError(
            self.error_messages["invalid_image"], code="invalid_image"
        )


class ProtectedImageForm(BaseImageForm):
    """Wagtail's image form with the alt text required and the file decoded.

    Wagtail's multiple upload first saves the bare file (its form data has no
    ``description`` key) and then shows the full form; only that first step may
    leave the alt text empty, every form an editor fills in requires it.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        file_field = self.fields.get("file")
        if type(file_field) is WagtailImageField:
            # Wagtail's form factory builds this field itself; same options,
            # same widget (whose attributes BaseImageForm has just set).
            self.fields["file"] = VerifiedImageField(
                label=file_field.label,
                required=file_field.required,
                widget=file_field.widget,
            )
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
