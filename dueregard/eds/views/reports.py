"""The report: the draft for signed-in people (as each viewer may see it), and the
published page, its downloads and its publishable evidence files for everyone."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from dueregard.core.permissions import can
from dueregard.publishing import formats as publishing_formats
from dueregard.publishing import responses, stored

from ..services import report as report_service
from ..services import visibility
from ..services.files import evidence_download
from ..services.public import publication_version, published_by_slug, published_evidence
from .common import load_assessment

# a11y: every format the publishing app offers (large print, Braille, audio, ...)
DOWNLOAD_FORMATS = publishing_formats.REPORT_FORMATS


def _document_for(request, assessment):
    seen = visibility.for_viewer(request.scope, assessment, request.user)
    return report_service.build_document(assessment, seen)


def _page(request, assessment, document, public: bool):
    return render(
        request,
        "eds/report.html",
        {
            "assessment": assessment,
            "document": document,
            "formats": publishing_formats.available(document),
            "public": public,
            # a11y: the Easy Read version and translations are the EDI lead's
            "can_manage_formats": not public and can(request.scope, "publishing.formats_manage"),
        },
    )


@login_required
def report(request, pk):
    assessment = load_assessment(request, pk)
    return _page(request, assessment, _document_for(request, assessment), public=False)


@login_required
def download(request, pk, fmt):
    assessment = load_assessment(request, pk)
    if fmt not in DOWNLOAD_FORMATS:
        raise Http404("Unknown format.")
    return responses.download(_document_for(request, assessment), fmt, f"eds-{assessment.period}")


def _published(slug):
    assessment = published_by_slug(slug)
    if assessment is None:
        raise Http404("No published report here.")
    return assessment


def public_report(request, slug):
    assessment = _published(slug)
    return _page(request, assessment, report_service.build_document(assessment), public=True)


def public_download(request, slug, fmt):
    assessment = _published(slug)
    if fmt not in DOWNLOAD_FORMATS:
        raise Http404("Unknown format.")
    # Built once per publication, then served from storage with caching headers.
    return stored.serve(
        request,
        kind="eds",
        slug=assessment.public_slug,
        version=publication_version(assessment),
        fmt=fmt,
        filename_stem=f"eds-{assessment.period}",
        build=lambda: report_service.build_document(assessment),
    )


def public_evidence(request, slug, evidence_pk):
    """A file published with the report (only evidence marked publishable)."""
    item = published_evidence(_published(slug), evidence_pk)
    if item is None:
        raise Http404("No published evidence here.")
    return evidence_download(item)
