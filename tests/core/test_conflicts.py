"""The one conflict-of-interest rule every selection panel uses (awards, cohorts)."""

import pytest

from dueregard.core.models import Membership
from dueregard.core.roles import Role
from dueregard.core.services.conflicts import exclude_conflicted

pytestmark = pytest.mark.django_db


def test_declared_own_and_party_rows_are_excluded(org_a, make_user):
    judge = make_user("judge@a.nhs.uk", Role.STAFF, organisation=org_a)
    other = make_user("other@a.nhs.uk", Role.STAFF, organisation=org_a)
    third = make_user("third@a.nhs.uk", Role.ANALYST, organisation=org_a)
    rows = Membership.objects.all()
    # "Declared": the judge declared a conflict with the analyst's row (by role here).
    kept = exclude_conflicted(
        rows,
        declared={"role": Role.ANALYST},
        email="JUDGE@a.nhs.uk",
        user_id=judge.pk,
        email_fields=("user__email",),
        user_fields=("user_id",),
    )
    assert [m.user for m in kept] == [other]
    assert third not in [m.user for m in kept]


def test_without_an_account_only_the_email_rule_applies(org_a, make_user):
    judge = make_user("judge@a.nhs.uk", Role.STAFF, organisation=org_a)
    make_user("other@a.nhs.uk", Role.STAFF, organisation=org_a)
    kept = exclude_conflicted(
        Membership.objects.all(),
        declared={"pk__in": []},
        email="judge@a.nhs.uk",
        user_id=None,
        email_fields=("user__email",),
        user_fields=("user_id",),
    )
    assert judge not in [m.user for m in kept] and kept.count() == 1
