from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .models import FormatRequest


class FormatRequestForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Which format do you need?"),
        choices=FormatRequest.Format.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the format you need")},
    )
    language = forms.CharField(
        label=_("Language (if you need another language)"),
        required=False,
        max_length=100,
        help_text=_("For example, Polish, Somali or British Sign Language"),
    )
    details = forms.CharField(
        label=_("Anything else we should know (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        error_messages={"required": _("Enter your name")},
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("We will only use it to send you the format you asked for."),
        error_messages={
            "required": _("Enter your e-mail address"),
            "invalid": _("Enter an e-mail address in the right format, like name@example.com"),
        },
    )

    def clean(self):
        data = super().clean()
        if data.get("format") == FormatRequest.Format.LANGUAGE and not data.get("language"):
            self.add_error("language", _("Enter the language you need"))
        return data


class ReplyForm(forms.Form):
    reply_note = forms.CharField(
        label=_("What you sent or told them"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what you sent or told them")},
    )


class ContactForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address for formats and languages"),
        required=False,
        max_length=254,
        error_messages={
            "invalid": _("Enter an e-mail address in the right format, like name@example.com")
        },
    )
    phone = forms.CharField(label=_("Telephone"), required=False, max_length=40)
    text_relay = forms.CharField(
        label=_("Relay UK number (optional)"),
        required=False,
        max_length=40,
        help_text=_("For people who use text relay, for example 18001 then your number"),
    )
    address = forms.CharField(
        label=_("Postal address (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    note = forms.CharField(
        label=_("Anything else people should know (optional)"),
        required=False,
        max_length=300,
        help_text=_("For example, when the phone line is open, or how soon you reply"),
    )


def _picture_field(label):
    from .pictograms import choices

    return forms.ChoiceField(
        label=label,
        choices=choices(),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a picture"), "invalid_choice": _("Choose a picture")},
    )


def _own_picture_fields(form_class):
    """Each section may also carry the organisation's own picture (PNG, JPEG or SVG) with
    its description; it is shown instead of the pictogram chosen for the section."""
    from .services.easy_read import SECTIONS

    for name in SECTIONS:
        heading = form_class.base_fields[name].label
        form_class.base_fields[f"{name}_upload"] = forms.FileField(
            label=format_lazy(_("Your own picture for '{}' (optional)"), heading),
            required=False,
            help_text=_("PNG, JPEG or SVG, 1 MB or smaller. It replaces the picture above."),
            widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/svg+xml"}),
        )
        form_class.base_fields[f"{name}_alt"] = forms.CharField(
            label=format_lazy(_("Describe your picture for '{}'"), heading),
            required=False,
            max_length=150,
            help_text=_(
                "What it shows, for people who cannot see it. Needed with your own picture."
            ),
        )
        form_class.base_fields[f"{name}_remove"] = forms.BooleanField(
            label=format_lazy(_("Remove your picture for '{}' and use the one above"), heading),
            required=False,
        )
    return form_class


@_own_picture_fields
class EasyReadForm(forms.Form):
    looked_at = forms.CharField(
        label=_("What we looked at"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One short sentence on each line, 15 words or fewer."),
        error_messages={"required": _("Write what you looked at")},
    )
    looked_at_picture = _picture_field(_("Picture for 'What we looked at'"))
    how_we_did = forms.CharField(
        label=_("How we did"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One short sentence on each line, 15 words or fewer."),
        error_messages={"required": _("Write how you did")},
    )
    how_we_did_picture = _picture_field(_("Picture for 'How we did'"))
    will_do = forms.CharField(
        label=_("What we will do next"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One short sentence on each line, 15 words or fewer."),
        error_messages={"required": _("Write what you will do next")},
    )
    will_do_picture = _picture_field(_("Picture for 'What we will do next'"))


class ExportForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"), error_messages={"required": _("Choose a language")}
    )
    fmt = forms.ChoiceField(
        label=_("File type"),
        choices=[("po", _("PO (gettext)")), ("xliff", _("XLIFF 1.2"))],
        widget=forms.RadioSelect,
        initial="xliff",
        error_messages={"required": _("Choose a file type")},
    )

    def __init__(self, *args, languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("Choose a language")), *languages]


class ImportForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the translation"),
        error_messages={"required": _("Choose the language of the translation")},
    )
    file = forms.FileField(
        label=_("Translated file (.po or .xlf)"),
        error_messages={
            "required": _("Choose the translated file"),
            "empty": _("The file is empty"),
        },
    )

    def __init__(self, *args, languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("Choose a language")), *languages]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("The file must be smaller than 2 MB"))
        return upload
