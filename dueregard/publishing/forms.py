from django import forms
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
