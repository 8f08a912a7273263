"""Organisations and systems the token can see."""

from django.http import Http404
from ninja import Query, Router

from .. import presenters
from ..access import needs
from ..paging import Page, PageParams, paginate
from ..schemas import ERRORS, OrganisationOut, SystemOut

router = Router(tags=["Organisations and systems"])


@router.get(
    "/organisations", response={200: Page[OrganisationOut], **ERRORS}, url_name="organisations"
)
@needs("read:organisations")
def list_organisations(request, params: Query[PageParams]):
    """The token's organisation, or every active organisation of its system.

    Token scope: `read:organisations`."""
    rows = request.scope.organisations().order_by("name", "pk")
    return paginate(request, rows, params, presenters.organisation, own=None)


@router.get(
    "/organisations/{organisation_id}",
    response={200: OrganisationOut, **ERRORS},
    url_name="organisation",
)
@needs("read:organisations")
def get_organisation(request, organisation_id: int):
    """One organisation the token can see. Token scope: `read:organisations`."""
    row = request.scope.organisations().filter(pk=organisation_id).first()
    if row is None:
        raise Http404
    return presenters.organisation(row)


@router.get("/systems", response={200: list[SystemOut], **ERRORS}, url_name="systems")
@needs("read:organisations")
def list_systems(request):
    """The token's system (an integrated care system). Token scope: `read:organisations`."""
    system = request.scope.system
    return [presenters.system(system, request.scope.organisations().count())]


@router.get("/systems/{system_id}", response={200: SystemOut, **ERRORS}, url_name="system")
@needs("read:organisations")
def get_system(request, system_id: int):
    """The token's system by id. Token scope: `read:organisations`."""
    system = request.scope.system
    if system.pk != system_id:
        raise Http404
    return presenters.system(system, request.scope.organisations().count())
