"""Returns object URLs, each with a factory making the object in the given organisation."""

from dueregard.returns.services import cycle

from .helpers import actor_for, approved, fill, make_year


def _year(org, make_user):
    return make_year(org, actor_for(org, make_user, "returns.owner.b@example.nhs.uk"))


def _filled(org, make_user):
    actor = actor_for(org, make_user, "returns.owner.b@example.nhs.uk")
    return fill(make_year(org, actor), actor)


def _seat(org, make_user):
    ry = _filled(org, make_user)
    return {"pk": ry.pk, "seat": cycle.seats(ry).first().pk}


def _narrative(org, make_user):
    return {"pk": _year(org, make_user).pk, "code": "5"}


def _action(org, make_user):
    import datetime as dt

    actor = actor_for(org, make_user, "returns.owner.b@example.nhs.uk")
    ry = make_year(org, actor)
    action = cycle.add_action(
        ry,
        indicator="2",
        description="Panels",
        owner_name="HR",
        due_date=dt.date(2027, 1, 1),
        actor=actor,
    )
    return {"pk": ry.pk, "action": action.pk}


def _approved(org, make_user):
    actor = actor_for(org, make_user, "returns.owner.b@example.nhs.uk")
    return approved(fill(make_year(org, actor), actor), actor)


def _download(org, make_user):
    return {"pk": _year(org, make_user).pk, "fmt": "json"}


OBJECT_URL_FACTORIES = {
    "returns:detail": (_year, "get"),
    "returns:survey": (_year, "get"),
    "returns:board": (_year, "get"),
    "returns:board-upload": (_year, "get"),
    "returns:seat-remove": (_seat, "post"),
    "returns:analysis": (_year, "get"),
    "returns:validate": (_year, "post"),
    "returns:narrative": (_narrative, "get"),
    "returns:action-new": (_year, "get"),
    "returns:action-done": (_action, "post"),
    "returns:approve": (_year, "get"),
    "returns:publish": (_approved, "post"),
    "returns:download": (_download, "get"),
}

# Keyed by an unguessable slug, shown to anyone once published.
PUBLIC_URLS = {"returns:public", "returns:public-download"}
