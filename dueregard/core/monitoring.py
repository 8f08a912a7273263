"""Voluntary equality monitoring shared by the programmes (workshops, network days,
awards; ADR 0044): the questions, their validation, and the reach table's cells.

A person may share the top-level groups of the pinned characteristics framework they
identify with, and their ethnic group in the two groups WRES uses (White, or from an
ethnic minority group). "Prefer not to say" is the default of both. What they share is
stored in each programme's own monitoring table, apart from the operational record, and
only the programme's ``services/reach.py`` reads it, as disclosure-controlled counts.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dueregard.analytics.disclosure import suppress_counts
from dueregard.analytics.reach import reach_rows
from dueregard.frameworks.services.characteristics import current, group_choices

PREFER = "prefer-not-to-say"
WHITE, MINORITY = "white", "minority"
RACE = "race"  # the framework's top-level group shared by people from ethnic minorities
ETHNIC_GROUPS = [
    (WHITE, _("White (any White background)")),
    (MINORITY, _("Black, Asian, mixed or another ethnic minority group")),
    (PREFER, _("Prefer not to say")),
]


def add_fields(form: forms.BaseForm) -> None:
    """Add the two optional monitoring questions to ``form``: ``ethnic_group``, ``shared``."""
    row = current()
    form.monitoring_framework = row
    form.fields["ethnic_group"] = forms.ChoiceField(
        label=_("What is your ethnic group? (optional)"),
        choices=ETHNIC_GROUPS,
        initial=PREFER,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": _("Choose an ethnic group, or Prefer not to say")},
    )
    form.fields["shared"] = forms.MultipleChoiceField(
        label=_("Do you identify with any of these groups? (optional)"),
        help_text=_(
            "Voluntary equality monitoring: only counts of people, with small numbers "
            "hidden, are ever shown, so that we can see who our programmes reach. Nobody "
            "running or judging the programme sees your answer."
        ),
        choices=[(c, n) for c, n in group_choices(row) if c != RACE]
        + [(PREFER, gettext("Prefer not to say"))],
        initial=[PREFER],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Choose groups from the list, or Prefer not to say")},
    )


def clean(form: forms.BaseForm) -> None:
    """Prefer not to say with a group ticked is a contradiction: say so on the field."""
    shared = form.cleaned_data.get("shared") or []
    if PREFER in shared and len(shared) > 1:
        form.add_error(
            "shared",
            _("Choose the groups you identify with, or Prefer not to say, not both"),
        )


def answer(form: forms.BaseForm) -> tuple[list[str], str]:
    """(codes, ethnic group) to store: codes in the framework's order, ``race`` when the
    person said they are from an ethnic minority group; empty when they preferred not to."""
    data = form.cleaned_data
    group = data.get("ethnic_group") or ""
    group = "" if group == PREFER else group
    wanted = {c for c in data.get("shared") or [] if c != PREFER}
    if group == MINORITY:
        wanted.add(RACE)
    codes = [c for c, _name in group_choices(form.monitoring_framework) if c in wanted]
    return codes, group


def _count(value: float, hidden: bool) -> str:
    return "*" if hidden else f"{value:,.0f}"


def published(counts) -> list[str]:
    """Counts as they may be shown: 1–7 as *, others rounded to the nearest 5."""
    table = suppress_counts(list(counts), total=False)
    return [_count(v, h) for v, h in zip(table.published[0], table.suppressed[0], strict=True)]


def likelihood_text(figure: dict) -> str:
    if figure["value"] != figure["value"]:  # nan: an input is hidden or a group is empty
        return gettext("Not shown")
    return f"{figure['value']:.2f} ({figure['lower']:.2f} to {figure['upper']:.2f})"


def reach_cells(rows) -> list[dict]:
    """The reach table's cells from ``analytics.reach.reach_rows``: published counts
    (``*`` when suppressed) and relative likelihoods with their 95% intervals."""
    return [
        {
            "label": row.label,
            "counts": [_count(v, h) for v, h in zip(row.published, row.suppressed, strict=True)],
            "others": [
                _count(v, h)
                for v, h in zip(row.reference_published, row.reference_suppressed, strict=True)
            ],
            "likelihoods": [likelihood_text(f) for f in row.likelihood],
            "flagged": [f["outside_band"] is True for f in row.likelihood],
        }
        for row in rows
    ]


def group_rows(stages, people: dict, shared: dict, row) -> list:
    """Reach rows for ``people`` (id → one bool per stage after the first) by what each
    shared (id → codes): for every top-level group, those who shared it against the rest."""
    groups = []
    for code, name in group_choices(row):
        yes = [pk for pk in people if code in (shared.get(pk) or ())]
        no = [pk for pk in people if code not in (shared.get(pk) or ())]

        def counts(pks):
            return [len(pks)] + [sum(people[pk][i] for pk in pks) for i in range(len(stages) - 1)]

        label = gettext("Ethnic minority group") if code == RACE else name
        groups.append((label, counts(yes), counts(no)))
    return reach_rows(stages, groups)


def staff_of(queryset, scope, field: str):
    """Rows whose ``field`` (an organisation) is the scope's organisation, or one of the
    scope's system: the staff a WRES indicator counts."""
    if scope.organisation is not None:
        return queryset.filter(**{field: scope.organisation})
    if scope.system is not None:
        return queryset.filter(**{f"{field}__system": scope.system})
    return queryset.none()
