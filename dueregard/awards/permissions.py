"""Who may do what with the awards (ADR 0012).

Programme organisers of the organising organisation run a round: categories, questions,
the panel, conflicts, results, decisions and exports. EDI leads do not, unless they also
hold the programme organiser role (as with events, ADR 0009). Any member of an eligible
organisation may nominate. Judges see and score only what ``services.judging`` lets them.
"""

from dueregard.core.permissions import role_rule, rule
from dueregard.core.roles import Role
from dueregard.core.tenancy import Scope

role_rule("awards.organise", Role.PROGRAMME_ORGANISER, system_scope=False)


@rule("awards.view")
def can_view(scope: Scope, rnd=None) -> bool:
    return scope.organisation is not None and bool(scope.roles)


@rule("awards.manage")
def can_manage(scope: Scope, rnd=None) -> bool:
    if not scope.has_role(Role.PROGRAMME_ORGANISER) or scope.organisation is None:
        return False
    return rnd is None or rnd.organisation_id == scope.organisation.pk


@rule("awards.nominate")
def can_nominate(scope: Scope, rnd=None) -> bool:
    if scope.organisation is None or not scope.roles:
        return False
    if rnd is None:
        return True
    if "eligible_organisations" in getattr(rnd, "_prefetched_objects_cache", {}):
        # A list prefetched them (the awards index): no query per round.
        return any(o.pk == scope.organisation.pk for o in rnd.eligible_organisations.all())
    return rnd.eligible_organisations.filter(pk=scope.organisation.pk).exists()


@rule("awards.judge")
def can_judge(scope: Scope, rnd=None) -> bool:
    from dueregard.core.models import User

    from .services.judging import judge_for

    if rnd is None or scope.user_id is None:
        return False
    user = User.objects.filter(pk=scope.user_id).first()
    return judge_for(rnd, user) is not None


@rule("awards.chair")
def can_chair(scope: Scope, rnd=None) -> bool:
    """Results, decisions and exports: the round's organisers and the panel chair."""
    if rnd is None:
        return False
    if can_manage(scope, rnd):
        return True
    return rnd.judges.filter(user_id=scope.user_id, is_chair=True).exists()


@rule("awards.view_nomination")
def can_view_nomination(scope: Scope, nomination=None) -> bool:
    if nomination is None:
        return False
    return nomination.nominator_id == scope.user_id or can_manage(scope, nomination.round)


@rule("awards.certificate")
def can_download_certificate(scope: Scope, nomination=None) -> bool:
    """The organisers at any time; once the round is announced, the nominee themselves
    (by their e-mail address) and their nominator."""
    if nomination is None:
        return False
    if can_manage(scope, nomination.round):
        return True
    if nomination.round.announced_at is None or scope.user_id is None:
        return False
    if nomination.nominator_id == scope.user_id:
        return True
    from dueregard.core.models import User

    return User.objects.filter(pk=scope.user_id, email__iexact=nomination.nominee_email).exists()


OVERSIGHT = (Role.EDI_LEAD, Role.BOARD_MEMBER, Role.SYSTEM_ADMIN)


@rule("awards.view_reach")
def can_view_reach(scope: Scope, rnd=None) -> bool:
    """Who a round reaches, as disclosure-controlled counts (ADR 0044): its organisers and
    those who oversee equality work. Never the judges as such, never individual answers."""
    return can_manage(scope, rnd) or scope.has_role(*OVERSIGHT)
