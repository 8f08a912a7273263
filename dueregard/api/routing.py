"""The API's URL patterns, with every error answered as problem details.

django-ninja answers a known path with the wrong method by a bare 405; each pattern's view
is wrapped so that such answers, like every other error, are RFC 9457 problems.
"""

from __future__ import annotations

from functools import wraps

from django.utils.translation import gettext as _

from . import problems


def _as_problem(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        kind = response.get("Content-Type", "")
        if response.status_code < 400 or kind.startswith(problems.MEDIA_TYPE):
            return response
        detail = _("This address does not accept %(method)s.") % {"method": request.method}
        if response.status_code != 405:
            detail = _("The request could not be answered.")
        out = problems.response(request, response.status_code, detail)
        if response.has_header("Allow"):
            out["Allow"] = response["Allow"]
        return out

    return wrapped


def urls(api):
    """``api.urls`` with each view wrapped (for ``path("api/v1/", urls(api))``)."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback = _as_problem(pattern.callback)
    return patterns, app_name, namespace
