"""Community pages: the list, starting one, the community page (calendar, resources,
announcements, membership), organisers, workshops, resources and announcements.

Each view loads through ``request.scope``, authorises with a named rule, calls one
service and renders.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dueregard.core.form_actions import submit
from dueregard.core.permissions import can, require, requires
from dueregard.core.views import private_groups

from . import presenters
from .forms import (
    AnnouncementForm,
    CommunityForm,
    FileForm,
    LinkForm,
    OrganiserForm,
    WorkshopForm,
)
from .models import Announcement, Resource
from .services import communities as service
from .services import content, files

LATEST_ANNOUNCEMENTS = 5


PAGES = private_groups.GroupPages(service.GROUPS)
join, leave, members = PAGES.join, PAGES.leave, PAGES.members
_community = PAGES.load


@login_required
@requires("communities.view")
def index(request):
    return PAGES.index(request, presenters.rows, can_start=can(request.scope, "communities.start"))


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


def _page(request, community, organiser_form=None, *, status=200):
    context = PAGES.page_context(request, community)
    inside = context["exact"] or context["is_member"]
    return render(
        request,
        "communities/community.html",
        {
            **context,
            "belongs_to": presenters.belongs_to(community),
            "organises": context["exact"],
            "inside": inside,
            "can_add_workshop": can(request.scope, "communities.add_workshop", community),
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
def organiser_add(request, pk):
    done = _("%(name)s now organises the community.")
    return PAGES.add_leader(request, pk, "organise", OrganiserForm(request.POST), done, _page)


def _organiser_form(request, pk, form_class, action, heading, *, rule="organise"):
    community = _community(request, pk, rule)
    post = request.method == "POST"
    form = form_class(request.POST if post else None, request.FILES if post else None)
    template = "communities/organiser_form.html"
    return PAGES.form_page(request, community, form, action, template, heading)


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
        rule="add_workshop",
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
    community = _community(request, pk, "resources")
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
