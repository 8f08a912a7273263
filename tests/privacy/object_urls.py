"""Personal-data tools: a person of another system is never found (tenancy isolation)."""

from dueregard.core.roles import Role


def _person(org, make_user):
    return make_user("subject@example.nhs.uk", Role.STAFF, organisation=org)


OBJECT_URL_FACTORIES = {
    "privacy:person": (_person, "get"),
    "privacy:export-json": (_person, "get"),
    "privacy:export-pdf": (_person, "get"),
    "privacy:correct": (_person, "post"),
    "privacy:erase": (_person, "post"),
}
