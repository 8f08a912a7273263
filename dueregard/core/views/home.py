"""The home page: what the product is, or (signed in) what this person can do here."""

from django.shortcuts import render

from ..presenters import home_cards, role_labels


def home(request):
    if not request.user.is_authenticated:
        return render(request, "core/landing.html")
    return render(
        request,
        "core/home.html",
        {"cards": home_cards(request), "role_labels": role_labels(request.scope.roles)},
    )
