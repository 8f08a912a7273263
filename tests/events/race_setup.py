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
    sessions = [make_session(series, capacity=capacity, days_ahead=d) for d in (10, 11, 12)]
    # Two series where each person attends one session, each with two dates that have a
    # place for everyone: one for the locked run, one for the control.
    pairs = []
    for _ in range(2):
        one_each = make_series(org, one_per_person=True, title="One date each")
        pairs.append([make_session(one_each, capacity=people, days_ahead=d).pk for d in (20, 21)])
    store = import_module(settings.SESSION_ENGINE).SessionStore

    def cookie_for(user) -> str:
        s = store()
        s[SESSION_KEY] = str(user.pk)
        s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        s[HASH_SESSION_KEY] = user.get_session_auth_hash()
        s.create()
        return s.session_key

    cookies = []
    for i in range(people):
        user = User.objects.create_user(
            f"racer{i}@example.nhs.uk", "x" * 16, full_name=f"Racer {i}"
        )
        grant(user, Role.STAFF, organisation=org)
        cookies.append(cookie_for(user))
    organiser = User.objects.create_user("organiser@example.nhs.uk", "x" * 16, full_name="Org")
    grant(organiser, Role.PROGRAMME_ORGANISER, organisation=org)
    raised = sessions[2]
    print(
        json.dumps(
            {
                "sessions": [s.pk for s in sessions],
                "pairs": pairs,
                "cookies": cookies,
                "organiser": cookie_for(organiser),
                "raised_date": raised.date.isoformat(),
                "raised_link": raised.joining_link,
            }
        )
    )


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
