"""The organisation switcher."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ..forms import ScopeForm
from ..middleware import SESSION_KEY
from ..tenancy import available_scopes


@login_required
@require_http_methods(["GET", "POST"])
def switch_scope(request):
    scopes = available_scopes(request.user)
    form = ScopeForm(request.POST or None, scopes=scopes, initial={"scope": request.scope.key})
    if request.method == "POST" and form.is_valid():
        request.session[SESSION_KEY] = form.cleaned_data["scope"]
        chosen = next(s for s in scopes if s.key == form.cleaned_data["scope"])
        messages.success(request, f"You are now working in {chosen.label}.")
        return redirect("core:home")
    return render(
        request, "core/switch_scope.html", {"form": form}, status=400 if form.errors else 200
    )
