from django import forms
from django.utils.translation import gettext_lazy as _


class FindForm(forms.Form):
    query = forms.CharField(
        label=_("E-mail address or name"),
        max_length=200,
        error_messages={"required": _("Enter an e-mail address or a name")},
    )


class CorrectForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        error_messages={"required": _("Enter the person's full name")},
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        error_messages={
            "required": _("Enter the person's e-mail address"),
            "invalid": _("Enter an e-mail address in the right format, like name@example.nhs.uk"),
        },
    )


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I have checked that the law allows erasure here (no legal duty to keep these "
            "records) and the person's request is verified"
        ),
        error_messages={"required": _("Confirm that erasure is allowed before erasing")},
    )
