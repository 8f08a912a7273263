"""Object URLs of the networks app, with factories making one object in a given organisation."""

from .helpers import make_network, staff


def _network(org, make_user):
    return make_network(org)


# The isolation test then gives this person every role in organisation B: make them a
# chair, so the chairs-only members page answers 200 for them.
OWNER_B = "everything.b@example.nhs.uk"


def _chaired(org, make_user):
    return make_network(org, chair=make_user(OWNER_B))


def _chair(org, make_user):
    network = make_network(org)
    network.chairs.create(user=staff(org, "chair.one@example.nhs.uk"))
    return network.chairs.create(user=staff(org, "chair.two@example.nhs.uk"))


OBJECT_URL_FACTORIES = {
    "networks:network": (_network, "get"),
    "networks:chair-add": (_network, "post"),
    "networks:chair-remove": (_chair, "post"),
    "networks:join": (_network, "post"),
    "networks:leave": (_network, "post"),
    "networks:members": (_chaired, "get"),
    "networks:affiliation-add": (_network, "get"),
    "networks:meeting-add": (_network, "get"),
}
