"""The sign-up form and the staff forms of the admin."""

from __future__ import annotations

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from nkhr_pages.csv_upload import max_bytes, too_big_message

from .headers import has_line_break
from .lists import LIST_CHOICES, LIST_LANGUAGES


def _no_line_breaks(value: str) -> None:
    if has_line_break(value):
        raise forms.ValidationError(_("Please enter this on a single line."))


class SubscribeForm(forms.Form):
    """Sign up for one or both lists; the lists preselected follow the language."""

    email = forms.EmailField(label=_("Email address"), max_length=254)
    name = forms.CharField(
        label=_("Name"), max_length=200, required=False, validators=[_no_line_breaks]
    )
    lists = forms.MultipleChoiceField(
        label=_("Newsletters"),
        choices=LIST_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Please choose at least one newsletter.")},
    )
    # A field people cannot see; robots fill it in.
    website = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, language: str = "en", **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault(
                "lists",
                [value for value, lang in LIST_LANGUAGES.items() if lang == language],
            )
        self.fields["email"].widget.attrs.update(
            {"autocomplete": "email", "inputmode": "email"}
        )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        _no_line_breaks(email)
        return email

    def is_robot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class ImportSubscribersForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        validators=[FileExtensionValidator(["csv", "txt"])],
        help_text=_(
            "Columns: email, name, language (en or ko), lists (ko_bimonthly, "
            "en_fnn or both, separated by a space or ';'), organisation."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_bytes():
            raise forms.ValidationError(too_big_message(upload.size))
        return upload


class StartIssueForm(forms.Form):
    series = forms.ChoiceField(label=_("Series"), choices=LIST_CHOICES)


class SendIssueForm(forms.Form):
    mailing_list = forms.ChoiceField(label=_("List"), choices=LIST_CHOICES)
