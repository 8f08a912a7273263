"""Display values for format requests."""

from .models import FormatRequest


def request_rows(requests) -> list[dict]:
    return [
        {
            "req": r,
            "format": r.get_format_display() + (f" ({r.language})" if r.language else ""),
            "open": r.status == FormatRequest.Status.OPEN,
        }
        for r in requests
    ]


def _language_name(code: str) -> tuple[str, str]:
    """(English name, the language's own name) for a language code."""
    from django.utils.translation import get_language_info

    try:
        info = get_language_info(code)
    except KeyError:
        return code, code
    return info["name"], info["name_local"]


def _direction(code: str) -> str:
    from django.utils.translation import get_language_info

    try:
        return "rtl" if get_language_info(code)["bidi"] else "ltr"
    except KeyError:
        return "ltr"


def translation_rows(kind, slug, document) -> list[dict]:
    from .models import ReportTranslation
    from .services import report_translations

    rows = []
    for t in ReportTranslation.objects.filter(kind=kind, slug=slug).select_related(
        "reviewed_by", "imported_by"
    ):
        missing = report_translations.missing(t, document) if document is not None else []
        name, local = _language_name(t.language)
        rows.append(
            {
                "t": t,
                "name": name,
                "local": local,
                "missing": len(missing),
                "reviewed": t.reviewed_at is not None,
                "published": t.published_at is not None,
                "offered": t.reviewed_at is not None and t.published_at is not None and not missing,
            }
        )
    return rows


def manage_context(kind, slug, page) -> dict:
    from . import published
    from .services import easy_read, format_contacts

    document = published.document(kind, slug)
    existing = easy_read.for_page(kind, slug)
    return {
        "kind": kind,
        "slug": slug,
        "page": page,
        "has_document": document is not None,
        "easy_read": existing,
        "easy_read_sections": easy_read.sections(existing) if existing else [],
        "translations": translation_rows(kind, slug, document),
        "contact": format_contacts.for_page(page),
    }


def easy_read_initial(existing) -> dict:
    from .services import easy_read

    if existing is None:
        return {"looked_at_picture": "looked", "how_we_did_picture": "chart",
                "will_do_picture": "clipboard"}  # fmt: skip
    initial = {}
    for name in easy_read.SECTIONS:
        initial[name] = getattr(existing, name)
        initial[f"{name}_picture"] = getattr(existing, f"{name}_picture")
    for name, picture in easy_read.uploaded_pictures(existing).items():
        initial[f"{name}_alt"] = picture.alt
    return initial


def own_pictures(existing) -> dict[str, dict]:
    """The organisation's uploaded picture of each section (for the edit page's preview)."""
    from .services import easy_read, easy_read_pictures

    if existing is None:
        return {}
    return {
        name: {"src": easy_read_pictures.data_uri(p.content_type, p.content), "alt": p.alt}
        for name, p in easy_read.uploaded_pictures(existing).items()
    }


def easy_read_context(kind, slug, page, existing) -> dict:
    from . import pictograms
    from .services import easy_read, format_contacts

    return {
        "kind": kind,
        "slug": slug,
        "page": page,
        "easy_read": existing,
        "sections": easy_read.sections(existing),
        "attribution": str(pictograms.ATTRIBUTION),
        "contact": format_contacts.for_page(page),
    }


def review_context(kind, slug, page, document, translation) -> dict:
    from .services import report_translations

    missing = set(report_translations.missing(translation, document))
    name, local = _language_name(translation.language)
    return {
        "kind": kind,
        "slug": slug,
        "page": page,
        "t": translation,
        "language_name": name,
        "language_local": local,
        "direction": _direction(translation.language),
        "pairs": [
            (s, translation.strings.get(s, ""), s in missing)
            for s in report_translations.source_strings(document)
        ],
        "missing": len(missing),
    }


def public_extras(kind: str, slug, downloads: bool = False) -> dict:
    """What every published page shows about other formats: the Easy Read version and the
    translations that are published, the request form and the contact details."""
    from django.urls import reverse

    from . import formats, published
    from .models import ReportTranslation
    from .services import easy_read, format_contacts, report_translations

    slug = str(slug)
    page = published.find(kind, slug)
    if page is None:
        return {"page": None}
    languages = []
    if ReportTranslation.objects.filter(kind=kind, slug=slug, published_at__isnull=False).exists():
        document = published.document(kind, slug)
        for t in report_translations.offered(kind, slug, document):
            name, local = _language_name(t.language)
            languages.append(
                {
                    "code": t.language,
                    "name": name,
                    "local": local,
                    "direction": _direction(t.language),
                    "url": reverse("publishing:translation", args=[kind, slug, t.language]),
                }
            )
    document = published.document(kind, slug) if downloads else None
    files = [
        {"label": f.label, "url": reverse("publishing:download", args=[kind, slug, f.code])}
        for f in (formats.available(document) if document is not None else [])
    ]
    return {
        "page": page,
        "downloads": files,
        "easy_read": easy_read.published(kind, slug),
        "easy_read_url": reverse("publishing:easy-read", args=[kind, slug]),
        "languages": languages,
        "request_url": reverse("publishing:request-format", args=[kind, slug]),
        "contact": format_contacts.for_page(page),
    }
