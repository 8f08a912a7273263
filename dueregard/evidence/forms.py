"""Forms of the evidence workspace."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dueregard.core.fields import NHSDateField

from .services import levels
from .services.schemas import value_choices


class UploadForm(forms.Form):
    name = forms.CharField(
        label="Name of the dataset",
        max_length=200,
        error_messages={"required": "Enter a name for the dataset"},
    )
    kind = forms.ChoiceField(
        label="What the file holds",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of data the file holds"},
    )
    file = forms.FileField(
        label="File",
        help_text="CSV, Excel (XLSX) or Parquet, up to 50 MB. The first row names the columns.",
        error_messages={"required": "Choose a file to upload"},
    )
    period = forms.RegexField(
        label="Reporting year (workforce files)",
        regex=r"^\d{4}-\d{2}$",
        required=False,
        help_text="For example, 2025-26. Dates after its 31 March snapshot are out of range.",
        error_messages={"invalid": "Enter the reporting year like 2025-26"},
    )
    keep = forms.ChoiceField(
        label="How long to keep the rows",
        widget=forms.RadioSelect,
        choices=[
            ("delete", "Delete the rows once an analysis is stored (recommended)"),
            ("until", "Keep the rows until a date, to run several analyses"),
        ],
        initial="delete",
        error_messages={"required": "Choose how long to keep the rows"},
    )
    retain_until = NHSDateField(
        label="Keep the rows until",
        required=False,
        help_text="They are deleted on this date. For example, 31 3 2027",
    )

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = list(kinds)

    def clean(self):
        data = super().clean()
        if data.get("keep") == "until" and not data.get("retain_until"):
            self.add_error("retain_until", "Enter the date to keep the rows until")
        if data.get("keep") != "until":
            data["retain_until"] = None
        return data


class MappingForm(forms.Form):
    """One select per canonical column (the file's headers), one per coded label."""

    def __init__(self, *args, schema, dataset, **kwargs):
        super().__init__(*args, **kwargs)
        self.schema = schema
        headers = [("", "Not in this file")] + [(h, h) for h in dataset.headers]
        self.column_names = []
        for col in schema.columns:
            name = f"col_{col.name}"
            self.fields[name] = forms.ChoiceField(
                label=col.label + (" (required)" if col.required else ""),
                choices=headers,
                required=False,
                initial=dataset.mapping.get(col.name, ""),
            )
            self.column_names.append(name)
        self.code_groups = []
        for column, values in dataset.code_maps.items():
            col = schema.by_name.get(column)
            if col is None:
                continue
            choices = [("", "Not mapped")] + value_choices(schema, column)
            names = []
            for i, (raw, value) in enumerate(values.items()):
                name = f"code_{column}_{i}"
                self.fields[name] = forms.ChoiceField(
                    label=f"“{raw}”", choices=choices, required=False, initial=value
                )
                self.fields[name].raw = raw
                names.append(name)
            # Labels already mapped fold away, so a wide file's page stays short: only the
            # labels that need a decision are open.
            known = [n for n in names if self[n].value()]
            self.code_groups.append(
                {
                    "column": column,
                    "label": col.label,
                    "names": names,
                    "open": [n for n in names if n not in known],
                    "known": known,
                }
            )

    def columns(self) -> dict:
        return {c.name: self.cleaned_data.get(f"col_{c.name}", "") for c in self.schema.columns}

    def codes(self) -> dict:
        out: dict[str, dict[str, str]] = {}
        for group in self.code_groups:
            out[group["column"]] = {
                self.fields[n].raw: self.cleaned_data.get(n, "") for n in group["names"]
            }
        return out


class AnalysisForm(forms.Form):
    kind = forms.ChoiceField(
        label="Analysis",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose an analysis"},
    )
    group = forms.ChoiceField(
        label="Groups to compare",
        required=False,
        help_text="For analyses by group",
    )

    also = forms.MultipleChoiceField(
        label="Also use these files (workforce packs)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Files of the same year: formal cases and training need the staff snapshot; "
        "representation needs a reference population.",
    )

    missing_bands_as_zero = forms.BooleanField(
        label=_("Treat missing age bands as zero"),
        required=False,
        help_text=_(
            "Age-standardised rates: without this, a group with no row for an age band is "
            "an error naming the group and the band."
        ),
    )

    detail = forms.ChoiceField(
        label=_("Level of detail (ethnicity, disability, religion, sexual orientation)"),
        required=False,
        widget=forms.RadioSelect,
        choices=levels.CHOICES,
        initial=levels.BROAD,
        help_text=_(
            "Census 2021 groups: the broad roll-up, or the detailed groups (for example "
            "Gypsy or Irish Traveller, Roma, Chinese, Arab)."
        ),
    )

    def __init__(
        self, *args, kinds=(), groups=(), extras=(), age_bands=False, details=False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.code, k.title) for k in kinds]
        if not details or not any(levels.classified(code) for code, _label in groups):
            del self.fields["detail"]
        if not age_bands:
            del self.fields["missing_bands_as_zero"]
        self.fields["group"].choices = [("", "Choose")] + list(groups)
        self.fields["also"].choices = list(extras)
        if not extras:
            del self.fields["also"]
        if not groups:
            del self.fields["group"]


class RerunForm(forms.Form):
    file = forms.FileField(
        label="The same file again",
        required=False,
        help_text="The rows were deleted after the analysis: upload the original file. "
        "Its checksum must match.",
    )


class AttachEdsForm(forms.Form):
    target = forms.ChoiceField(
        label=_("EDS outcome"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the EDS outcome"),
            "invalid_choice": _("Choose one of the EDS outcomes listed"),
        },
    )
    may_be_published = forms.BooleanField(
        label=_("May be published (figures are disclosure-controlled)"), required=False
    )

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = list(targets)


class AttachIdmfForm(forms.Form):
    assessment = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the decision"),
            "invalid_choice": _("Choose one of the decisions listed"),
        },
    )
    note = forms.CharField(
        label=_("What this evidence shows for the decision (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, assessments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessment"].choices = list(assessments)
