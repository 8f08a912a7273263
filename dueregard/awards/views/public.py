"""Public pages, no sign-in: the nominee's consent link, the winner's citation link and
the winners page. A used consent link says when it was used and what happened."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..forms import ConsentForm
from ..services import decisions, nominations


@require_http_methods(["GET", "POST"])
def consent(request, token):
    try:
        nomination = nominations.find_for_consent(token)
    except nominations.TokenError as exc:
        used = isinstance(exc, nominations.LinkUsed)
        return render(
            request,
            "awards/link_problem.html",
            {"problem": str(exc), "used": used},
            status=200 if used else 404,
        )
    form = ConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        answer = form.cleaned_data["consent"]
        nominations.respond_to_consent(
            token, consent=answer == "yes", shared=form.monitoring(), request=request
        )
        return render(
            request,
            "awards/consent_done.html",
            {"consent": answer == "yes", "nomination": nomination, "error": None},
        )
    return render(
        request,
        "awards/consent.html",
        {
            "nomination": nomination,
            "answers": nomination.answers.select_related("question"),
            "form": form,
        },
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
def citation(request, token):
    try:
        nomination = decisions.find_for_citation(token)
    except nominations.TokenError as exc:
        return render(
            request, "awards/link_problem.html", {"problem": str(exc), "used": False}, status=404
        )
    if request.method == "POST":
        answer = request.POST.get("approve")
        if answer not in ("yes", "no"):
            return render(
                request,
                "awards/citation.html",
                {
                    "nomination": nomination,
                    "error": _("Choose whether the citation may be published"),
                },
                status=400,
            )
        nomination = decisions.respond_to_citation(token, approve=answer == "yes", request=request)
    return render(request, "awards/citation.html", {"nomination": nomination, "error": None})


def winners(request, slug):
    rnd = decisions.public_round(slug)
    if rnd is None:
        raise Http404("Not announced.")
    return render(
        request, "awards/winners.html", {"round": rnd, "winners": decisions.public_winners(rnd)}
    )
