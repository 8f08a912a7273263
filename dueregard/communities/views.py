"""Community pages: the list, starting one, the community page (calendar, resources,
announcements, membership), organisers, workshops, resources and announcements.

Each view loads through ``request.scope``, authorises with a named rule, calls one
service and renders.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dueregard.core.form_actions import attempt, submit
from dueregard.core.permissions import can, require, requires

from . import presenters
from .forms import (
    AnnouncementForm,
    CommunityForm,
    FileForm,
    LinkForm,
    OrganiserForm,
    WorkshopForm,
)
from .models import Announcement, Community, Member, Resource
from .services import communities as service
from .services import content, files

LATEST_ANNOUNCEMENTS = 5


def _community(request, pk, rule="communities.view") -> Community:
    community = request.scope.get_or_404(Community, pk=pk)
    require(request.scope, rule, community)
    return community


@login_required
@requires("communities.view")
def index(request):
    scope = request.scope
    rows = list(
        scope.query(Community)
        .select_related("organisation", "system")
        .prefetch_related("organisers__user")
    )
    organised = {
        c.pk for c in rows if any(o.user_id == request.user.pk for o in c.organisers.all())
    }
    mine = set(scope.query(Member).filter(user=request.user).values_list("community_id", flat=True))
    counts = service.member_counts(rows, exact_for=organised)
    return render(
        request,
        "communities/index.html",
        {
            "rows": presenters.rows(rows, counts, mine),
            "can_start": can(scope, "communities.start"),
        },
    )


@login_required
@requires("communities.start")
@require_http_methods(["GET", "POST"])
def start(request):
    form = CommunityForm(request.POST if request.method == "POST" else None, scope=request.scope)
    if request.method == "POST":
        result = submit(
            form,
            lambda data: service.start(request.scope, actor=request.user, request=request, **data),
        )
        if result.ok:
            messages.success(request, _("%(name)s has started.") % {"name": result.value})
            return redirect("communities:community", result.value.pk)
    return render(
        request, "communities/start.html", {"form": form}, status=400 if form.errors else 200
    )


def _page(request, community, *, organiser_form=None, status=200):
    scope = request.scope
    organisers = list(community.organisers.select_related("user"))
    organises = any(o.user_id == request.user.pk for o in organisers)
    is_member = community.members.filter(user=request.user).exists()
    inside = organises or is_member
    counts = service.member_counts([community], exact_for={community.pk} if organises else ())
    return render(
        request,
        "communities/community.html",
        {
            "community": community,
            "belongs_to": presenters.belongs_to(community),
            "organisers": organisers,
            "members": counts[community.pk],
            "exact": organises,
            "is_member": is_member,
            "organises": organises,
            "inside": inside,
            "can_join": can(scope, "communities.join", community),
            "can_add_workshop": can(scope, "communities.add_workshop", community),
            "sessions": list(content.calendar(community)),
            "resources": list(community.resources.select_related("added_by")) if inside else [],
            "announcements": (
                list(community.announcements.select_related("posted_by")[:LATEST_ANNOUNCEMENTS])
                if inside
                else []
            ),
            "more_announcements": inside and community.announcements.count() > LATEST_ANNOUNCEMENTS,
            "organiser_form": organiser_form or OrganiserForm(),
            "form": organiser_form,
        },
        status=status,
    )


@login_required
def community(request, pk):
    return _page(request, _community(request, pk))


@login_required
@require_POST
def join(request, pk):
    community = _community(request, pk, "communities.join")
    form = forms.Form(request.POST)
    result = attempt(form, lambda: service.join(community, request.user))
    if result.ok:
        messages.success(
            request,
            _("You have joined %(name)s. Only its organisers can see that you are a member.")
            % {"name": community.name},
        )
    else:
        messages.error(request, " ".join(form.non_field_errors()))
    return redirect("communities:community", community.pk)


@login_required
@require_POST
def leave(request, pk):
    community = _community(request, pk)
    form = forms.Form(request.POST)
    result = attempt(form, lambda: service.leave(community, request.user))
    if result.ok:
        messages.success(request, _("You have left %(name)s.") % {"name": community.name})
    else:
        messages.error(request, " ".join(form.non_field_errors()))
    return redirect("communities:community", community.pk)


@login_required
def members(request, pk):
    community = _community(request, pk, "communities.see_members")
    return render(
        request,
        "communities/members.html",
        {"community": community, "members": community.members.select_related("user")},
    )


@login_required
@require_POST
def organiser_add(request, pk):
    community = _community(request, pk, "communities.organise")
    form = OrganiserForm(request.POST)
    result = submit(
        form,
        lambda data: service.add_organiser(
            community, data["email"], actor=request.user, request=request
        ),
    )
    if result.ok:
        messages.success(
            request,
            _("%(name)s now organises the community.") % {"name": result.value.user.full_name},
        )
        return redirect("communities:community", community.pk)
    return _page(request, community, organiser_form=form, status=400)


def _organiser_form(request, pk, form_class, action, heading, *, rule="communities.organise"):
    community = _community(request, pk, rule)
    post = request.method == "POST"
    form = form_class(request.POST if post else None, request.FILES if post else None)
    if post:
        result = submit(form, lambda data: action(community, data))
        if result.ok:
            messages.success(request, _("Saved."))
            return redirect("communities:community", community.pk)
    return render(
        request,
        "communities/organiser_form.html",
        {"community": community, "form": form, "heading": heading},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def workshop_add(request, pk):
    def action(community, data):
        values = dict(data)
        return content.add_workshop(
            community,
            request.scope.organisation,
            actor=request.user,
            request=request,
            title=values.pop("title"),
            description=values.pop("description", ""),
            **values,
        )

    return _organiser_form(
        request,
        pk,
        WorkshopForm,
        action,
        _("Add a workshop to the calendar"),
        rule="communities.add_workshop",
    )


@login_required
@require_http_methods(["GET", "POST"])
def link_add(request, pk):
    return _organiser_form(
        request,
        pk,
        LinkForm,
        lambda community, data: content.add_link(
            community, actor=request.user, request=request, **data
        ),
        _("Share a link"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def file_add(request, pk):
    return _organiser_form(
        request,
        pk,
        FileForm,
        lambda community, data: content.add_file(
            community, actor=request.user, request=request, **data
        ),
        _("Share a file"),
    )


@login_required
def resource_file(request, pk):
    resource = request.scope.get_or_404(Resource, pk=pk)
    require(request.scope, "communities.resources", resource.community)
    return files.download(resource)


@login_required
@require_POST
def resource_remove(request, pk):
    resource = request.scope.get_or_404(Resource, pk=pk)
    community = resource.community
    require(request.scope, "communities.organise", community)
    content.remove_resource(resource, actor=request.user, request=request)
    messages.success(request, _("The resource is removed."))
    return redirect("communities:community", community.pk)


@login_required
@require_http_methods(["GET", "POST"])
def announcement_add(request, pk):
    return _organiser_form(
        request,
        pk,
        AnnouncementForm,
        lambda community, data: content.announce(
            community, actor=request.user, request=request, **data
        ),
        _("Post an announcement"),
    )


@login_required
def announcements(request, pk):
    community = _community(request, pk, "communities.resources")
    return render(
        request,
        "communities/announcements.html",
        {
            "community": community,
            "announcements": request.scope.query(Announcement)
            .filter(community=community)
            .select_related("posted_by"),
        },
    )
