"""Administering the tree: regions, systems and organisations, moving an organisation to
another system with its data, and importing organisations from an NHS ODS CSV file."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Membership, Organisation, Region, System, ods_code_validator
from ..roles import Role
from ..tenancy import ScopedModel
from . import audit
from .people import roles_held


def admin_systems(user):
    """Systems where ``user`` is a system administrator."""
    return System.objects.filter(
        pk__in=Membership.objects.active()
        .filter(user=user, role=Role.SYSTEM_ADMIN)
        .values_list("system_id", flat=True)
    ) | System.objects.filter(
        pk__in=Membership.objects.active()
        .filter(user=user, role=Role.SYSTEM_ADMIN, organisation__isnull=False)
        .values_list("organisation__system_id", flat=True)
    )


def _require_admin(user, system: System) -> None:
    if Role.SYSTEM_ADMIN not in roles_held(user, system=system):
        raise ValidationError(
            _("Only a system administrator of %(system)s can do this.") % {"system": system}
        )


def save_region(form, *, actor, request=None) -> Region:
    before = {} if form.instance.pk is None else {"name": form.initial.get("name")}
    region = form.save()
    audit.record(
        "region.saved",
        actor=actor,
        obj=region,
        before=before,
        after=form.cleaned_data,
        request=request,
    )
    return region


@transaction.atomic
def save_system(form, *, actor, request=None) -> System:
    """Add a system (its creator becomes its system administrator) or edit one's own."""
    creating = form.instance.pk is None
    if not creating:
        _require_admin(actor, form.instance)
    system = form.save()
    if creating:
        Membership.objects.create(user=actor, system=system, role=Role.SYSTEM_ADMIN)
    audit.record(
        "system.created" if creating else "system.changed",
        actor=actor,
        obj=system,
        system=system,
        after={**form.cleaned_data, "region": str(form.cleaned_data.get("region") or "")},
        request=request,
    )
    return system


def save_organisation(form, *, system: System, actor, request=None) -> Organisation:
    creating = form.instance.pk is None
    _require_admin(actor, form.instance.system if not creating else system)
    if creating:
        form.instance.system = system
    organisation = form.save()
    audit.record(
        "organisation.created" if creating else "organisation.changed",
        actor=actor,
        obj=organisation,
        organisation=organisation,
        after=form.cleaned_data,
        request=request,
    )
    return organisation


def scoped_models():
    """Every model whose rows carry ``system`` and ``organisation`` (ScopedModel)."""
    return [m for m in apps.get_models() if issubclass(m, ScopedModel)]


@transaction.atomic
def move_organisation(organisation: Organisation, to: System, *, actor, request=None) -> dict:
    """Move an organisation and every row it owns to another system. The counts moved."""
    source = organisation.system
    if to.pk == source.pk:
        raise ValidationError({"system": _("The organisation is already in this system.")})
    _require_admin(actor, source)
    _require_admin(actor, to)
    moved = {}
    for model in scoped_models():
        count = model.objects.filter(organisation=organisation).update(system=to)
        if count:
            moved[model._meta.label] = count
    organisation.system = to
    organisation.save(update_fields=["system"])
    audit.record(
        "organisation.moved",
        actor=actor,
        obj=organisation,
        organisation=organisation,
        system=to,
        before={"system": source.name},
        after={"system": to.name, "rows_moved": moved},
        request=request,
    )
    return moved


# --- ODS CSV import ------------------------------------------------------------------------
# The ODS data files (etr.csv, ecsu.csv, epraccur.csv, …) have no header row and 27
# columns; these are the ones used here (0-based).
ODS_CODE, ODS_NAME, ODS_POSTCODE, ODS_OPEN, ODS_CLOSE = 0, 1, 9, 10, 11
ODS_COLUMNS = 27


KEEP_CAPITALS = {"NHS", "ICB", "CCG", "CIC", "UK", "GP", "CSU", "PCN"}
SMALL_WORDS = {"of", "and", "the", "for", "in", "on", "at"}


def ods_name(name: str) -> str:
    """ODS names are in capitals: "UNIVERSITY HOSPITALS OF LEICESTER NHS TRUST" →
    "University Hospitals of Leicester NHS Trust"."""
    if not name.isupper():
        return name
    words = []
    for i, word in enumerate(name.split()):
        if word in KEEP_CAPITALS:
            words.append(word)
        elif i and word.lower() in SMALL_WORDS:
            words.append(word.lower())
        else:
            words.append(word.capitalize())
    return " ".join(words)


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    skipped_closed: list[str] = field(default_factory=list)
    elsewhere: list[str] = field(default_factory=list)


def parse_ods_csv(data: bytes) -> list[dict]:
    """Rows of an ODS CSV file, or a ValidationError naming each line that is wrong."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise ValidationError({"file": _("The file is not a text CSV file.")}) from exc
    rows, problems = [], []
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < ODS_CLOSE + 1:
            problems.append(
                _("Line %(n)s has %(got)s columns; an ODS file has %(want)s.")
                % {"n": number, "got": len(row), "want": ODS_COLUMNS}
            )
            continue
        code, name = row[ODS_CODE].strip().upper(), row[ODS_NAME].strip()
        try:
            ods_code_validator(code)
        except ValidationError:
            problems.append(
                _("Line %(n)s: %(code)s is not an ODS code (3 to 10 capital letters and numbers).")
                % {"n": number, "code": code or _("(empty)")}
            )
            continue
        if not name:
            problems.append(_("Line %(n)s: the name is empty.") % {"n": number})
            continue
        rows.append({"code": code, "name": ods_name(name), "closed": bool(row[ODS_CLOSE].strip())})
    if problems:
        raise ValidationError({"file": problems[:20]})
    if not rows:
        raise ValidationError({"file": _("The file has no organisations in it.")})
    return rows


@transaction.atomic
def import_ods(data: bytes, *, system: System, type: str, actor, request=None) -> ImportResult:
    """Add or rename the file's open organisations in ``system``; all or nothing."""
    _require_admin(actor, system)
    rows = parse_ods_csv(data)
    result = ImportResult()
    for row in rows:
        if row["closed"]:
            result.skipped_closed.append(row["code"])
            continue
        existing = Organisation.objects.filter(ods_code=row["code"]).first()
        if existing is None:
            Organisation.objects.create(
                system=system, name=row["name"], ods_code=row["code"], type=type
            )
            result.created.append(row["code"])
        elif existing.system_id != system.pk:
            result.elsewhere.append(row["code"])
        elif existing.name != row["name"]:
            existing.name = row["name"]
            existing.save(update_fields=["name"])
            result.updated.append(row["code"])
    audit.record(
        "organisation.ods_imported",
        actor=actor,
        system=system,
        after={
            "created": len(result.created),
            "updated": len(result.updated),
            "closed_skipped": len(result.skipped_closed),
            "in_another_system": len(result.elsewhere),
        },
        request=request,
    )
    return result


def save_provider(form, *, system: System, actor, request=None):
    """Add or edit an identity provider of the system (the secret is never audited)."""
    _require_admin(actor, system)
    creating = form.instance.pk is None
    if creating:
        form.instance.system = system
    provider = form.save()
    after = {k: v for k, v in form.cleaned_data.items() if k != "client_secret"}
    after["organisation"] = str(after.get("organisation") or "")
    audit.record(
        "identity_provider.created" if creating else "identity_provider.changed",
        actor=actor,
        obj=provider,
        system=system,
        organisation=provider.organisation,
        after=after,
        request=request,
    )
    return provider
