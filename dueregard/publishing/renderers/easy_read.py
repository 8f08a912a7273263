"""The Easy Read version as a tagged PDF: large text (16 point and more), the picture on
the left of each section and one idea per line, as Easy Read documents are laid out."""

from django.template.loader import render_to_string

from .. import pictograms
from .pdf_tags import mend


def _fetcher():
    """Only the pictograms kept in the repository and inline (data:) pictures are drawn:
    nothing on the network or elsewhere on disk, whatever a page holds."""
    import weasyprint.urls

    class LocalOnly(weasyprint.urls.URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:") or url.startswith(pictograms.DIRECTORY.as_uri()):
                return super().fetch(url, headers)
            raise ValueError(f"Not fetched: {url[:60]}")

    return LocalOnly(allowed_protocols=("data", "file"))


def render_html(context: dict) -> str:
    pictures = {
        s["picture"]: pictograms.file_path(s["picture"]).as_uri() for s in context["sections"]
    }
    return render_to_string("publishing/easy_read_standalone.html", {**context, "files": pictures})


def render_pdf(context: dict) -> bytes:
    import weasyprint  # heavy: only when a PDF is asked for

    html = weasyprint.HTML(string=render_html(context), url_fetcher=_fetcher())
    return mend(html.write_pdf(pdf_variant="pdf/ua-1"))
