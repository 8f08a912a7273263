"""Run in a subprocess: make a series with two sessions and N signed-in staff.

Prints JSON: the two session ids and one session cookie per person.
"""

import json
import sys
from importlib import import_module

import django


def main(people: int, capacity: int) -> None:
    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from dueregard.core.models import Organisation, System, User
    from dueregard.core.roles import Role
    from dueregard.core.services.memberships import grant
    from tests.events.helpers import make_series, make_session

    system = System.objects.create(name="Race ICS", code="RACE")
    org = Organisation.objects.create(system=system, name="Race Trust", ods_code="RACE1")
    series = make_series(org, one_per_person=False)
    sessions = [make_session(series, capacity=capacity, days_ahead=d) for d in (10, 11)]
    store = import_module(settings.SESSION_ENGINE).SessionStore
    cookies = []
    for i in range(people):
        user = User.objects.create_user(
            f"racer{i}@example.nhs.uk", "x" * 16, full_name=f"Racer {i}"
        )
        grant(user, Role.STAFF, organisation=org)
        s = store()
        s[SESSION_KEY] = str(user.pk)
        s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        s[HASH_SESSION_KEY] = user.get_session_auth_hash()
        s.create()
        cookies.append(s.session_key)
    print(json.dumps({"sessions": [s.pk for s in sessions], "cookies": cookies}))


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
