"""Forms of the communities pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dueregard.events.forms import SessionForm


class CommunityForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("For example: Radar, BAME workshops community"),
        error_messages={"required": _("Enter the community's name")},
    )
    purpose = forms.CharField(
        label=_("What the community is for (optional)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
        error_messages={"max_length": _("Keep the purpose to 5,000 characters or fewer")},
    )
    whole_system = forms.TypedChoiceField(
        label=_("Who can join"),
        choices=[],
        coerce=lambda value: value == "system",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who can join the community")},
    )

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        if scope.organisation is not None:
            choices.append(("organisation", _("Staff of %(org)s") % {"org": scope.organisation}))
        if scope.system is not None:
            every = _("Staff of every organisation in %(system)s") % {"system": scope.system}
            choices.append(("system", every))
        self.fields["whole_system"].choices = choices


class OrganiserForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of the new organiser"),
        max_length=254,
        error_messages={
            "required": _("Enter the e-mail address of the new organiser"),
            "invalid": _("Enter an e-mail address, like name@nhs.net"),
        },
    )


class WorkshopForm(SessionForm):
    """A new workshop: the series' title and description, then its first date (the events
    app's session form, with its checks)."""

    title = forms.CharField(
        label=_("Workshop title"),
        max_length=200,
        error_messages={"required": _("Enter the workshop's title")},
    )
    description = forms.CharField(
        label=_("Description (optional)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
        error_messages={"max_length": _("Keep the description to 5,000 characters or fewer")},
    )

    field_order = ["title", "description"]


class LinkForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200, error_messages={"required": _("Enter a title")}
    )
    url = forms.CharField(
        label=_("Web address"),
        max_length=500,
        help_text=_("Starting with https://"),
        error_messages={
            "required": _("Enter the web address"),
            "max_length": _("The web address must be 500 characters or fewer"),
        },
    )


class FileForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200, error_messages={"required": _("Enter a title")}
    )
    file = forms.FileField(
        label=_("File: PDF, DOCX, XLSX or ODS, up to 10 MB"),
        error_messages={
            "required": _("Choose a file to upload"),
            "empty": _("The chosen file is empty. Choose a file with something in it"),
            "invalid": _("Choose a file to upload"),
        },
    )


class AnnouncementForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200, error_messages={"required": _("Enter a title")}
    )
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10_000,
        help_text=_("E-mailed to every member, with a link to the community"),
        error_messages={
            "required": _("Enter the message"),
            "max_length": _("The message must be 10,000 characters or fewer"),
        },
    )
