"""Small helpers about the current request."""


def site_url(request) -> str:
    """The site's address without a trailing slash, for links in e-mails."""
    return request.build_absolute_uri("/")[:-1]
