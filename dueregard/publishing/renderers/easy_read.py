"""The Easy Read version as a tagged PDF: large text (16 point and more), the picture on
the left of each section and one idea per line, as Easy Read documents are laid out."""

from django.template.loader import render_to_string

from .. import pictograms
from .pdf_tags import mend


def render_html(context: dict) -> str:
    pictures = {
        s["picture"]: pictograms.file_path(s["picture"]).as_uri() for s in context["sections"]
    }
    return render_to_string("publishing/easy_read_standalone.html", {**context, "files": pictures})


def render_pdf(context: dict) -> bytes:
    import weasyprint  # heavy: only when a PDF is asked for

    return mend(weasyprint.HTML(string=render_html(context)).write_pdf(pdf_variant="pdf/ua-1"))
