from django import forms
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("ONS Census 2021 file (CSV)"),
        help_text=_(
            "Download 'TS021 Ethnic group' for local authorities from ONS, or a custom dataset"
            " of ethnic group (20 categories) by age for local authorities, and upload the CSV"
            " file as it is."
        ),
        error_messages={"required": _("Choose the CSV file to upload")},
    )


class AreasForm(forms.Form):
    areas = forms.MultipleChoiceField(
        label=_("Which areas do you serve?"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one area you serve"),
            "invalid_choice": _("Choose areas from the list"),
        },
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].choices = choices
