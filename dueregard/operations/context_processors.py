"""The Content-Security-Policy nonce for templates: ``{{ csp_nonce }}`` on an inline script.

The NHS.UK base template reads it as ``cspNonce`` for its one inline script. The nonce is
made here (django-csp adds it to the header only once it has been read).
"""


def security(request):
    lazy = getattr(request, "csp_nonce", None)
    nonce = str(lazy) if lazy is not None else ""
    return {"csp_nonce": nonce, "cspNonce": nonce}
