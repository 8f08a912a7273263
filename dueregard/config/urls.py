from django.urls import include, path
from django.views.i18n import set_language

from dueregard.api.routing import urls as api_urls
from dueregard.api.v1 import api as api_v1

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("eds/", include("dueregard.eds.urls")),
    path("decisions/", include("dueregard.idmf.urls")),
    path("events/", include("dueregard.events.urls")),
    path("mentoring/", include("dueregard.mentoring.urls")),
    path("awards/", include("dueregard.awards.urls")),
    path("evidence/", include("dueregard.evidence.urls")),
    # WRES/WDES yearly cycle (issue 25)
    path("returns/", include("dueregard.returns.urls")),
    # BLFI beyond mentoring (issue 19): staff networks, Census population reference data
    path("networks/", include("dueregard.networks.urls")),
    # Who our programmes reach (issue 19, ADR 0044)
    path("reach/", include("dueregard.reach.urls")),
    path("population/", include("dueregard.population.urls")),
    path("change-makers/", include("dueregard.cohorts.urls")),
    path("communities/", include("dueregard.communities.urls")),
    path("leadership/", include("dueregard.leadership.urls")),
    # a11y: request a published page in another format; the EDI lead's list of requests
    path("formats/", include("dueregard.publishing.urls")),
    path("personal-data/", include("dueregard.privacy.urls")),
    # Health checks and provider callbacks (issue 16, production).
    path("", include("dueregard.operations.urls")),
    # API for other systems (issue 20): version 1, then its docs, token pages and 404s.
    path("api/v1/", api_urls(api_v1)),
    path("", include("dueregard.api.urls")),
    path("", include("dueregard.core.urls")),
]

handler403 = "dueregard.core.views.errors.forbidden"
handler404 = "dueregard.core.views.errors.not_found"
handler500 = "dueregard.core.views.errors.server_error"
