"""Object URLs of the communities app, with factories making one object in a given
organisation."""

from dueregard.communities.models import Resource

from .helpers import make_community, make_file

# The isolation test then gives this person every role in organisation B: make them an
# organiser, so the organisers-only and members-only pages answer 200 for them.
OWNER_B = "everything.b@example.nhs.uk"


def _community(org, make_user):
    return make_community(org)


def _organised(org, make_user):
    return make_community(org, organiser=make_user(OWNER_B))


def _file(org, make_user):
    return make_file(_organised(org, make_user))


def _link(org, make_user):
    community = make_community(org)
    return Resource.objects.create(
        community=community, kind=Resource.Kind.LINK, title="A link", url="https://example.org/"
    )


OBJECT_URL_FACTORIES = {
    "communities:community": (_community, "get"),
    "communities:join": (_community, "post"),
    "communities:leave": (_community, "post"),
    "communities:members": (_organised, "get"),
    "communities:organiser-add": (_community, "post"),
    "communities:workshop-add": (_organised, "get"),
    "communities:link-add": (_organised, "get"),
    "communities:file-add": (_organised, "get"),
    "communities:resource-file": (_file, "get"),
    "communities:resource-remove": (_link, "post"),
    "communities:announcements": (_organised, "get"),
    "communities:announcement-add": (_organised, "get"),
}
