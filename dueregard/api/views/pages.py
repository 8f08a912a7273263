"""Pages in the app: API tokens and webhooks (create, shown once, revoke), and the API's
human documentation, rendered from the OpenAPI document without any script."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dueregard.core.form_actions import submit
from dueregard.core.permissions import requires

from .. import docs as api_docs
from .. import problems
from ..forms import TokenForm, WebhookForm
from ..models import ApiToken, WebhookDelivery, WebhookEndpoint
from ..page_presenters import delivery_rows, token_rows, webhook_rows
from ..services import tokens, webhooks

SHOWN_ONCE = "api_shown_once"


@login_required
@requires("api.manage")
def token_list(request):
    scope = request.scope
    token_qs = scope.query(ApiToken).select_related("user", "organisation")
    hooks = scope.query(WebhookEndpoint).filter(is_active=True)
    return render(
        request,
        "api/tokens.html",
        {"tokens": token_rows(token_qs), "webhooks": webhook_rows(hooks)},
    )


@login_required
@requires("api.manage")
@require_http_methods(["GET", "POST"])
def new_token(request):
    form = TokenForm(request.POST or None)
    if request.method == "POST":
        result = submit(
            form,
            lambda data: tokens.create(
                request.scope,
                request.user,
                name=data["name"],
                scopes=data["scopes"],
                days=int(data["days"]),
                request=request,
            ),
        )
        if result.ok:
            request.session[SHOWN_ONCE] = {
                "kind": "token",
                "value": result.value.plaintext,
                "name": result.value.token.name,
            }
            return redirect("api:shown-once")
        return render(request, "api/token_form.html", {"form": form}, status=result.status)
    return render(request, "api/token_form.html", {"form": form})


@login_required
@requires("api.manage")
def shown_once(request):
    """The new token (or webhook secret), once: it is not stored and cannot be shown again."""
    secret = request.session.pop(SHOWN_ONCE, None)
    if not secret:
        messages.info(
            request, _("A token or secret is shown only once, straight after it is made.")
        )
        return redirect("api:tokens")
    return render(request, "api/shown_once.html", {"secret": secret})


@login_required
@require_http_methods(["GET", "POST"])
@requires("api.manage")
def revoke_token(request, pk):
    token = request.scope.get_or_404(ApiToken, pk=pk)
    if request.method == "POST":
        tokens.revoke(token, request.user, request=request)
        messages.success(request, _("The token %(name)s no longer works.") % {"name": token.name})
        return redirect("api:tokens")
    return render(request, "api/revoke_token.html", {"token": token})


@login_required
@requires("api.manage")
@require_http_methods(["GET", "POST"])
def new_webhook(request):
    form = WebhookForm(request.POST or None)
    if request.method == "POST":
        result = submit(
            form,
            lambda data: webhooks.add_endpoint(
                request.scope,
                request.user,
                url=data["url"],
                events=data["events"],
                request=request,
            ),
        )
        if result.ok:
            endpoint, secret = result.value
            request.session[SHOWN_ONCE] = {"kind": "webhook", "value": secret, "name": endpoint.url}
            return redirect("api:shown-once")
        return render(request, "api/webhook_form.html", {"form": form}, status=result.status)
    return render(request, "api/webhook_form.html", {"form": form})


@login_required
@requires("api.manage")
@require_http_methods(["GET", "POST"])
def webhook(request, pk):
    endpoint = request.scope.get_or_404(WebhookEndpoint, pk=pk, is_active=True)
    if request.method == "POST":
        webhooks.remove_endpoint(endpoint, request.user, request=request)
        messages.success(
            request, _("Events are no longer sent to %(url)s.") % {"url": endpoint.url}
        )
        return redirect("api:tokens")
    deliveries = request.scope.query(WebhookDelivery).filter(endpoint=endpoint)[:50]
    return render(
        request,
        "api/webhook.html",
        {"endpoint": endpoint, "deliveries": delivery_rows(deliveries)},
    )


def docs(request):
    """Using the API: every operation, its parameters, scopes and answers, from the schema."""
    return render(request, "api/docs.html", {"docs": api_docs.build(request)})


def not_found(request, rest=""):
    """Anything else under /api/ is a problem-details 404, not an HTML page."""
    return problems.response(
        request,
        404,
        _("There is no API operation at this address. See %(docs)s.") % {"docs": problems.DOCS},
    )
