"""Translations of a published page: export for translators, import, review, publish
(EDI lead), and the translated page and its downloads (everyone)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dueregard.core.form_actions import submit
from dueregard.core.permissions import requires

from .. import formats, presenters, responses
from ..forms import ExportForm, ImportForm
from ..models import ReportTranslation
from ..renderers import html as html_renderer
from ..services import report_translations
from .common import document_of, managed_page, public_page

TRANSLATION_FORMATS = ("pdf", "large-print", "large-print-pdf", "docx", "audio")


@login_required
@requires("publishing.formats_manage")
def translation_export(request, kind, slug):
    page = managed_page(request, kind, slug)
    document = document_of(kind, slug)
    if not request.GET:  # the form lives on the manage page
        return redirect("publishing:manage", kind=kind, slug=slug)
    languages = report_translations.languages()
    form = ExportForm(request.GET, languages=languages)
    if not form.is_valid():
        context = presenters.manage_context(kind, slug, page)
        context.update({"export_form": form, "import_form": ImportForm(languages=languages)})
        return render(request, "publishing/manage.html", context, status=400)
    language, fmt = form.cleaned_data["language"], form.cleaned_data["fmt"]
    existing = ReportTranslation.objects.filter(kind=kind, slug=slug, language=language).first()
    content = report_translations.export(
        document, language, fmt, existing.strings if existing else None
    )
    extension = "xlf" if fmt == "xliff" else "po"
    media = "application/x-xliff+xml" if fmt == "xliff" else "text/x-gettext-translation"
    response = HttpResponse(content, content_type=media)
    stem = slugify(f"{page.title}-{language}")[:80]
    response["Content-Disposition"] = f'attachment; filename="{stem}.{extension}"'
    return response


@login_required
@requires("publishing.formats_manage")
@require_http_methods(["GET", "POST"])
def translation_import(request, kind, slug):
    page = managed_page(request, kind, slug)
    document = document_of(kind, slug)
    languages = report_translations.languages()
    posted = request.method == "POST"
    form = ImportForm(
        request.POST if posted else None, request.FILES if posted else None, languages=languages
    )
    if posted:

        def action(data):
            upload = data["file"]
            return report_translations.import_file(
                request.user, page, kind, slug, document, data["language"], upload.read(),
                upload.name,
            )  # fmt: skip

        result = submit(form, action)
        if result.ok:
            messages.success(request, _("Translation imported. Ask a reviewer to check it."))
            return redirect(
                "publishing:translation-review",
                kind=kind,
                slug=slug,
                language=result.value.language,
            )
    context = {"form": form, "page": page, "kind": kind, "slug": slug}
    status = 400 if form.errors else 200
    return render(request, "publishing/translation_import.html", context, status=status)


def _translation(kind, slug, language) -> ReportTranslation:
    translation = ReportTranslation.objects.filter(kind=kind, slug=slug, language=language).first()
    if translation is None:
        raise Http404("No translation in this language.")
    return translation


@login_required
@requires("publishing.formats_manage")
@require_http_methods(["GET", "POST"])
def translation_review(request, kind, slug, language):
    page = managed_page(request, kind, slug)
    document = document_of(kind, slug)
    translation = _translation(kind, slug, language)
    error = None
    if request.method == "POST":
        try:
            report_translations.review(request.user, translation, document)
        except report_translations.ValidationError as exc:
            error = exc.messages[0]
        else:
            messages.success(request, _("Translation marked as reviewed."))
            return redirect("publishing:manage", kind=kind, slug=slug)
    context = presenters.review_context(kind, slug, page, document, translation)
    context["error"] = error
    return render(
        request, "publishing/translation_review.html", context, status=400 if error else 200
    )


@login_required
@requires("publishing.formats_manage")
@require_POST
def translation_publish(request, kind, slug, language):
    managed_page(request, kind, slug)
    document = document_of(kind, slug)
    translation = _translation(kind, slug, language)
    publish = request.POST.get("action") == "publish"
    try:
        report_translations.set_published(request.user, translation, document, publish)
    except report_translations.ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request, _("Translation published.") if publish else _("Translation withdrawn.")
        )
    return redirect("publishing:manage", kind=kind, slug=slug)


def _offered(kind, slug, language):
    page = public_page(kind, slug)
    document = document_of(kind, slug)
    for translation in report_translations.offered(kind, slug, document):
        if translation.language == language:
            return page, report_translations.translated(document, translation)
    raise Http404("No published translation in this language.")


def translation_page(request, kind, slug, language):
    """The translated page as a standalone document, with its own ``lang`` and ``dir``."""
    page, translated = _offered(kind, slug, language)
    links = [(_("This page in English"), page.url, "en-GB")]
    for fmt in formats.available(translated, TRANSLATION_FORMATS):
        href = reverse("publishing:translation-download", args=[kind, slug, language, fmt.code])
        links.append((fmt.label, href, ""))
    body = html_renderer.render_string(translated, links=links)
    return HttpResponse(body.encode("utf-8"), content_type="text/html; charset=utf-8")


def translation_download(request, kind, slug, language, fmt):
    page, translated = _offered(kind, slug, language)
    if fmt not in TRANSLATION_FORMATS:
        raise Http404("Unknown format.")
    return responses.download(translated, fmt, f"{page.title}-{language}")
