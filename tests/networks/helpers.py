from dueregard.core.models import User
from dueregard.core.roles import Role
from dueregard.core.services.memberships import grant
from dueregard.networks.models import Chair, Network, NetworkKind


def make_network(org, name="Race Equality Network", chair=None) -> Network:
    network = Network.objects.create(
        system=org.system, organisation=org, name=name, kind=NetworkKind.RACE, sponsor="CEO"
    )
    if chair is not None:
        Chair.objects.create(network=network, user=chair)
    return network


def staff(org, email) -> User:
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email, "correct horse battery", full_name=email.split("@")[0].replace(".", " ").title()
    )
    grant(user, Role.STAFF, organisation=org)
    return user
