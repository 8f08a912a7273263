"""Forms for getting in (single sign-on, links, two-factor) and for administering people,
the tree of regions, systems and organisations, and access reviews."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import AcceptInvitationForm
from .models import Organisation, OrganisationType, Region, System, ods_code_validator
from .roles import Role

EMAIL_ERRORS = {
    "required": _("Enter your e-mail address"),
    "invalid": _("Enter an e-mail address in the correct format, like name@example.nhs.uk"),
}


def email_field(label, help_text=""):
    return forms.EmailField(
        label=label,
        help_text=help_text,
        error_messages=EMAIL_ERRORS,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class SingleSignOnForm(forms.Form):
    """E-mail domain → the organisation's identity provider."""

    email = email_field(
        _("Your work e-mail address"), _("We will send you to your organisation's sign-in page.")
    )


class SignInLinkForm(forms.Form):
    email = email_field(_("E-mail address"), _("The address your invitation was sent to."))


class AcceptInvitationWithChoiceForm(AcceptInvitationForm):
    """Name, and either a password or "e-mail me a link each time"."""

    how = forms.ChoiceField(
        label=_("How do you want to sign in?"),
        choices=[
            ("password", _("With a password")),
            ("link", _("E-mail me a link each time (no password to remember)")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how you want to sign in")},
    )
    field_order = ["full_name", "how", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].required = False
        self.fields["password2"].required = False
        self.fields["password1"].help_text = _(
            "Only if you chose a password. At least 12 characters. "
            "Avoid common words and your name."
        )

    def clean(self):
        how = self.data.get("how")
        if how == "password":
            for name, message in (
                ("password1", _("Enter a password")),
                ("password2", _("Enter the password again")),
            ):
                if not self.data.get(name):
                    self.add_error(name, message)
        data = super().clean() if how == "password" else forms.Form.clean(self)
        return data


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The 6-digit code from your authenticator app, or a recovery code."),
        error_messages={"required": _("Enter the code")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )


class AppCodeForm(CodeForm):
    code = forms.CharField(
        label=_("Code from your app"),
        max_length=20,
        help_text=_("Your app shows a new 6-digit code every 30 seconds."),
        error_messages={"required": _("Enter the 6-digit code from your app")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a role"), "invalid_choice": _("Choose a role")},
    )

    def __init__(self, *args, roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r, Role(r).label) for r in roles]


class ConfirmForm(forms.Form):
    """A form with no fields of its own: a button that asks a service to do one thing.
    Validated as soon as it is bound, so ``form_actions.attempt`` can put a refusal on it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            self.full_clean()


class AccessReviewForm(forms.Form):
    notes = forms.CharField(
        label=_("Notes (optional)"),
        required=False,
        max_length=2000,
        help_text=_("For example, who you asked to remove which role."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=_("I have checked that everyone listed still needs their role"),
        error_messages={"required": _("Confirm you have checked everyone's roles")},
    )


class RegionForm(forms.ModelForm):
    class Meta:
        model = Region
        fields = ["name", "code"]
        labels = {"name": _("Name"), "code": _("Code")}
        error_messages = {
            "name": {
                "required": _("Enter the region's name"),
                "unique": _("A region with this name exists"),
            },
            "code": {
                "required": _("Enter the region's code, like Y56"),
                "unique": _("A region with this code exists"),
            },
        }


class SystemForm(forms.ModelForm):
    class Meta:
        model = System
        fields = ["name", "code", "region", "require_two_factor"]
        labels = {"name": _("Name"), "code": _("Code"), "region": _("Region")}
        error_messages = {
            "name": {
                "required": _("Enter the system's name"),
                "unique": _("A system with this name exists"),
            },
            "code": {
                "required": _("Enter the system's code, like QOX"),
                "unique": _("A system with this code exists"),
            },
        }


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "ods_code", "type", "require_two_factor"]
        labels = {"name": _("Name"), "type": _("Type")}
        help_texts = {"ods_code": _("3 to 10 capital letters and numbers, like RWE or QK1.")}
        error_messages = {
            "name": {"required": _("Enter the organisation's name")},
            "ods_code": {
                "required": _("Enter the organisation's ODS code"),
                "unique": _("An organisation with this ODS code exists"),
            },
            "type": {"required": _("Choose the type of organisation")},
        }

    def clean_ods_code(self):
        code = (self.cleaned_data.get("ods_code") or "").strip().upper()
        ods_code_validator(code)
        return code


class MoveOrganisationForm(forms.Form):
    system = forms.ModelChoiceField(
        label=_("Move to which system?"),
        queryset=System.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the system to move to")},
    )

    def __init__(self, *args, systems=None, **kwargs):
        super().__init__(*args, **kwargs)
        if systems is not None:
            self.fields["system"].queryset = systems


class OdsImportForm(forms.Form):
    file = forms.FileField(
        label=_("ODS CSV file"),
        help_text=_(
            "A CSV file downloaded from the NHS Organisation Data Service, such as etr.csv "
            "(NHS trusts). No header row; the first columns are code, name, national grouping."
        ),
        error_messages={"required": _("Choose the CSV file to import")},
    )
    type = forms.ChoiceField(
        label=_("Type of the organisations in the file"),
        choices=OrganisationType.choices,
        error_messages={"required": _("Choose the type of organisation")},
    )


class IdentityProviderForm(forms.ModelForm):
    issuer = forms.URLField(
        label=_("Issuer"),
        assume_scheme="https",
        max_length=300,
        help_text=_("The provider's issuer address, exactly as its metadata gives it."),
        error_messages={
            "required": _("Enter the issuer address, like https://login.example.net/v2.0"),
            "invalid": _("Enter the issuer as a full address starting with https://"),
        },
    )

    class Meta:
        from .models import IdentityProvider

        model = IdentityProvider
        fields = [
            "name",
            "slug",
            "button_label",
            "issuer",
            "client_id",
            "client_secret",
            "email_domains",
            "organisation",
            "jit_accounts",
            "amr_counts_as_two_factor",
            "two_factor_amr",
            "is_active",
        ]
        labels = {"organisation": _("Organisation (leave empty for the whole system)")}
        widgets = {"client_secret": forms.PasswordInput(render_value=False)}
        error_messages = {
            "name": {"required": _("Enter the provider's name, like NHSmail")},
            "slug": {
                "required": _("Enter a short name, like nhsmail"),
                "unique": _("Another provider has this short name"),
            },
            "button_label": {"required": _("Enter the button text, like Sign in with NHSmail")},
            "issuer": {
                "required": _("Enter the issuer address, like https://login.example.net/v2.0"),
                "invalid": _("Enter the issuer as a full address starting with https://"),
            },
            "client_id": {"required": _("Enter the client ID the provider gave you")},
            "email_domains": {"required": _("Enter at least one e-mail domain, like nhs.net")},
        }

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"].queryset = organisations
        self._secret = self.instance.client_secret if self.instance.pk else ""

    def clean_client_secret(self):
        # An empty box keeps the secret already stored (it is never shown again).
        return self.cleaned_data.get("client_secret") or self._secret

    def clean_email_domains(self):
        domains = [
            d.strip().lower().lstrip("@")
            for d in self.cleaned_data.get("email_domains", "").split(",")
        ]
        bad = [d for d in domains if d and ("." not in d or " " in d or "@" in d)]
        if bad or not any(domains):
            raise forms.ValidationError(
                _("Enter e-mail domains separated by commas, like nhs.net, riverside.nhs.uk")
            )
        return ", ".join(d for d in domains if d)

    def clean(self):
        data = super().clean()
        if data.get("jit_accounts") and not data.get("organisation"):
            self.add_error(
                "organisation",
                _("Choose the organisation new staff accounts join, or untick that box"),
            )
        return data
