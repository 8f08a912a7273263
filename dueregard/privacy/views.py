"""Pages of the personal-data tools (system administrators of the current system)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dueregard.core.form_actions import submit
from dueregard.core.permissions import require, requires
from dueregard.publishing import tabular

from . import record, rights
from .forms import CorrectForm, EraseForm, FindForm


def _system(request):
    require(request.scope, "privacy.manage")
    if request.scope.system is None:
        raise Http404
    return request.scope.system


def _person(request, pk):
    person = rights.person_in_system(_system(request), pk)
    if person is None:
        raise Http404
    return person


@login_required
@requires("privacy.manage")
def index(request):
    system = _system(request)
    return render(
        request,
        "privacy/index.html",
        {"rows": record.rows(), "system": system, "form": FindForm()},
    )


@login_required
@requires("privacy.manage")
def record_csv(request):
    _system(request)
    response = HttpResponse(tabular.to_csv(record.table()), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="record-of-processing.csv"'
    return response


@login_required
@requires("privacy.manage")
def dpia(request):
    system = _system(request)
    response = HttpResponse(record.dpia_markdown(system.name), content_type="text/markdown")
    response["Content-Disposition"] = 'attachment; filename="dpia-starter.md"'
    return response


@login_required
@requires("privacy.manage")
def find(request):
    system = _system(request)
    form = FindForm(request.GET or None)
    found = None
    status = 200
    if request.GET:
        result = submit(form, lambda data: rights.people(system, data["query"]))
        found, status = result.value, result.status
    return render(request, "privacy/find.html", {"form": form, "found": found}, status=status)


def _person_page(request, person, correct_form=None, erase_form=None, status=200):
    return render(
        request,
        "privacy/person.html",
        {
            "person": person,
            "found": rights.records(person),
            "correct_form": correct_form
            or CorrectForm(initial={"full_name": person.full_name, "email": person.email}),
            "erase_form": erase_form or EraseForm(),
            "form": correct_form if status != 200 else erase_form,
        },
        status=status,
    )


@login_required
@requires("privacy.manage")
def person(request, pk):
    return _person_page(request, _person(request, pk))


@login_required
@requires("privacy.manage")
def export_json(request, pk):
    person = _person(request, pk)
    data = rights.export(person, request.user, request=request)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False, default=str),
        content_type="application/json",
    )
    name = slugify(person.full_name) or f"person-{person.pk}"
    response["Content-Disposition"] = f'attachment; filename="{name}-personal-data.json"'
    return response


@login_required
@requires("privacy.manage")
def export_pdf(request, pk):
    import weasyprint

    person = _person(request, pk)
    data = rights.export(person, request.user, request=request)
    html = render_to_string("privacy/export_pdf.html", {"data": data}, request=request)
    pdf = weasyprint.HTML(string=html).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    name = slugify(person.full_name) or f"person-{person.pk}"
    response["Content-Disposition"] = f'attachment; filename="{name}-personal-data.pdf"'
    return response


@login_required
@requires("privacy.manage")
@require_http_methods(["POST"])
def correct(request, pk):
    person = _person(request, pk)
    form = CorrectForm(request.POST)
    result = submit(
        form,
        lambda data: rights.correct(
            person, request.user, full_name=data["full_name"], email=data["email"], request=request
        ),
    )
    if result.ok:
        messages.success(request, _("The person's details have been corrected."))
        return redirect("privacy:person", person.pk)
    return _person_page(request, person, correct_form=form, status=400)


@login_required
@requires("privacy.manage")
@require_http_methods(["POST"])
def erase(request, pk):
    person = _person(request, pk)
    form = EraseForm(request.POST)
    result = submit(form, lambda data: rights.erase(person, request.user, request=request))
    if result.ok:
        messages.success(
            request,
            _("The person's records have been erased and their account anonymised."),
        )
        return redirect("privacy:find")
    return _person_page(request, person, erase_form=form, status=400)
