from django.urls import path, re_path

from .views import pages

app_name = "api"

urlpatterns = [
    path("api/v1/docs", pages.docs, name="docs"),
    re_path(r"^api/(?P<rest>.*)$", pages.not_found, name="not-found"),
    path("api-access/", pages.token_list, name="tokens"),
    path("api-access/tokens/new/", pages.new_token, name="new-token"),
    path("api-access/shown-once/", pages.shown_once, name="shown-once"),
    path("api-access/tokens/<int:pk>/revoke/", pages.revoke_token, name="revoke-token"),
    path("api-access/webhooks/new/", pages.new_webhook, name="new-webhook"),
    path("api-access/webhooks/<int:pk>/", pages.webhook, name="webhook"),
]
