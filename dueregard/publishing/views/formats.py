"""The EDI lead's page for a published page's other formats (Easy Read, translations), the
Easy Read page and PDF for everyone, and the organisation's contact details for formats."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dueregard.core.form_actions import submit
from dueregard.core.permissions import requires

from .. import formats, narrative, presenters, responses
from ..forms import ContactForm, EasyReadForm, ExportForm, ImportForm
from ..services import easy_read, format_contacts, report_translations
from ..services import narrative as publishing_narrative
from .common import document_of, managed_page, public_page


@login_required
@requires("publishing.formats_manage")
def manage(request, kind, slug):
    page = managed_page(request, kind, slug)
    languages = report_translations.languages()
    context = presenters.manage_context(kind, slug, page)
    context.update(
        {
            "export_form": ExportForm(languages=languages),
            "import_form": ImportForm(languages=languages),
        }
    )
    return render(request, "publishing/manage.html", context)


@login_required
@requires("publishing.formats_manage")
@require_http_methods(["GET", "POST"])
def easy_read_edit(request, kind, slug):
    page = managed_page(request, kind, slug)
    existing = easy_read.for_page(kind, slug)
    initial = presenters.easy_read_initial(existing)
    posted = request.method == "POST"
    form = EasyReadForm(
        request.POST if posted else None, request.FILES if posted else None, initial=initial
    )
    if posted:
        result = submit(form, lambda data: easy_read.save(request.user, kind, slug, page, data))
        if result.ok:
            messages.success(request, _("Easy Read version saved. Check it, then publish it."))
            return redirect("publishing:manage", kind=kind, slug=slug)
    context = {
        "form": form,
        "page": page,
        "kind": kind,
        "slug": slug,
        "own_pictures": presenters.own_pictures(existing),
    }
    status = 400 if form.errors else 200
    return render(request, "publishing/easy_read_edit.html", context, status=status)


@login_required
@requires("publishing.formats_manage")
@require_POST
def easy_read_publish(request, kind, slug):
    managed_page(request, kind, slug)
    existing = easy_read.for_page(kind, slug)
    if existing is None:
        raise Http404("No Easy Read version yet.")
    publish = request.POST.get("action") == "publish"
    found = narrative.findings(publishing_narrative.fields(existing)) if publish else []
    if not narrative.confirm_or_warn(request, f"easy-read:{existing.pk}", found):
        return redirect("publishing:manage", kind=kind, slug=slug)
    easy_read.set_published(request.user, existing, publish)
    messages.success(
        request, _("Easy Read version published.") if publish else _("Easy Read version withdrawn.")
    )
    return redirect("publishing:manage", kind=kind, slug=slug)


def _published_easy_read(kind, slug):
    page = public_page(kind, slug)
    existing = easy_read.published(kind, slug)
    if existing is None:
        raise Http404("No Easy Read version of this page.")
    return page, existing


def easy_read_page(request, kind, slug):
    page, existing = _published_easy_read(kind, slug)
    context = presenters.easy_read_context(kind, slug, page, existing)
    return render(request, "publishing/easy_read.html", context)


def easy_read_pdf(request, kind, slug):
    from ..renderers import easy_read as easy_read_renderer

    page, existing = _published_easy_read(kind, slug)
    context = presenters.easy_read_context(kind, slug, page, existing)
    pdf = easy_read_renderer.render_pdf(context)
    response = HttpResponse(pdf, content_type="application/pdf")
    stem = slugify(f"easy-read-{page.title}")[:80]
    response["Content-Disposition"] = f'attachment; filename="{stem}.pdf"'
    return response


@login_required
@requires("publishing.formats_manage")
@require_http_methods(["GET", "POST"])
def contact(request):
    if request.scope.is_empty:
        raise Http404("Choose an organisation first.")
    existing = format_contacts.for_scope(request.scope)
    initial = {f: getattr(existing, f) for f in format_contacts.FIELDS} if existing else None
    form = ContactForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST":
        result = submit(form, lambda data: format_contacts.save(request.user, request.scope, data))
        if result.ok:
            messages.success(request, _("Contact details for formats saved."))
            return redirect("publishing:requests")
    status = 400 if form.errors else 200
    return render(request, "publishing/contact.html", {"form": form}, status=status)


def download(request, kind, slug, fmt):
    """A published page in one of the report formats (large print, PDF, Braille, audio...),
    for pages whose app does not list its own downloads (IDMF summaries, award winners)."""
    page = public_page(kind, slug)
    document = document_of(kind, slug)
    if fmt not in formats.REPORT_FORMATS:
        raise Http404("Unknown format.")
    return responses.download(document, fmt, page.title)
