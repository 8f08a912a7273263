"""Demo mode only: list the demo people and sign in as any of them with one click."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ..demo import demo_people, demo_user
from ..services import accounts


def _require_demo():
    if not settings.DEMO_MODE:
        raise Http404("Demo mode is off.")


def demo(request):
    _require_demo()
    return render(request, "core/demo.html", {"people": demo_people()})


@require_POST
def sign_in_as(request):
    _require_demo()
    user = demo_user(request.POST.get("email", ""))
    if user is None:
        raise Http404("Not a demo person.")
    if request.user.is_authenticated:
        accounts.sign_out(request)
    # Demo mode stands in for every sign-in method, the second factor included.
    accounts.complete_sign_in(
        request, user, accounts.PASSWORD_BACKEND, method="demo", two_factor=True
    )
    return redirect("core:home")
