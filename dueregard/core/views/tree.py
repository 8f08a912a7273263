"""Administering the tree (regions, systems, organisations) and identity providers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..form_actions import submit
from ..models import IdentityProvider, Organisation, Region, System
from ..permissions import requires
from ..services import tree
from ..signin_forms import (
    IdentityProviderForm,
    MoveOrganisationForm,
    OdsImportForm,
    OrganisationForm,
    RegionForm,
    SystemForm,
)


@login_required
@requires("tree.manage")
def index(request):
    scope = request.scope
    return render(
        request,
        "core/tree.html",
        {
            "regions": scope.query(Region),
            "system": scope.system,
            "organisations": scope.system.organisations.all(),
            "providers": scope.query(IdentityProvider),
        },
    )


def _edit(request, form, save, template, done, extra=None):
    if request.method == "POST":
        result = submit(form, lambda data: save(form))
        if result.ok:
            messages.success(request, done)
            return redirect("core:tree")
        status = result.status
    else:
        status = 200
    return render(request, template, {"form": form, **(extra or {})}, status=status)


@login_required
@requires("tree.manage")
@require_http_methods(["GET", "POST"])
def region(request, pk=None):
    instance = request.scope.get_or_404(Region, pk=pk) if pk else None
    form = RegionForm(request.POST or None, instance=instance)
    return _edit(
        request,
        form,
        lambda f: tree.save_region(f, actor=request.user, request=request),
        "core/tree_form.html",
        _("The region is saved."),
        {"heading": _("Edit the region") if instance else _("Add a region")},
    )


@login_required
@requires("tree.manage")
@require_http_methods(["GET", "POST"])
def system(request, pk=None):
    instance = request.scope.get_or_404(System, pk=pk) if pk else None
    form = SystemForm(request.POST or None, instance=instance)
    return _edit(
        request,
        form,
        lambda f: tree.save_system(f, actor=request.user, request=request),
        "core/tree_form.html",
        _("The system is saved."),
        {"heading": _("Edit the system") if instance else _("Add a system")},
    )


@login_required
@requires("tree.manage")
@require_http_methods(["GET", "POST"])
def organisation(request, pk=None):
    instance = request.scope.get_or_404(Organisation, pk=pk) if pk else None
    form = OrganisationForm(request.POST or None, instance=instance)
    return _edit(
        request,
        form,
        lambda f: tree.save_organisation(
            f, system=request.scope.system, actor=request.user, request=request
        ),
        "core/tree_form.html",
        _("The organisation is saved."),
        {
            "heading": _("Edit the organisation")
            if instance
            else _("Add an organisation to %(system)s") % {"system": request.scope.system}
        },
    )


@login_required
@requires("tree.manage")
@require_http_methods(["GET", "POST"])
def move(request, pk):
    organisation = request.scope.get_or_404(Organisation, pk=pk)
    systems = tree.admin_systems(request.user).exclude(pk=organisation.system_id)
    form = MoveOrganisationForm(request.POST or None, systems=systems)
    return _edit(
        request,
        form,
        lambda f: tree.move_organisation(
            organisation, f.cleaned_data["system"], actor=request.user, request=request
        ),
        "core/tree_move.html",
        _("%(name)s has moved, with its data.") % {"name": organisation},
        {"organisation": organisation},
    )


@login_required
@requires("tree.manage")
@require_http_methods(["GET", "POST"])
def ods_import(request):
    form = OdsImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        result = submit(
            form,
            lambda data: tree.import_ods(
                data["file"].read(),
                system=request.scope.system,
                type=data["type"],
                actor=request.user,
                request=request,
            ),
        )
        if result.ok:
            return render(request, "core/tree_imported.html", {"result": result.value})
        return render(request, "core/tree_import.html", {"form": form}, status=result.status)
    return render(request, "core/tree_import.html", {"form": form})


@login_required
@requires("tree.manage")
@require_http_methods(["GET", "POST"])
def provider(request, pk=None):
    instance = request.scope.get_or_404(IdentityProvider, pk=pk) if pk else None
    form = IdentityProviderForm(
        request.POST or None, instance=instance, organisations=request.scope.organisations()
    )
    return _edit(
        request,
        form,
        lambda f: tree.save_provider(
            f, system=request.scope.system, actor=request.user, request=request
        ),
        "core/tree_form.html",
        _("The identity provider is saved."),
        {"heading": _("Edit the identity provider") if instance else _("Add an identity provider")},
    )
