"""Object URLs of the leadership app: a measure chosen by another organisation."""

from dueregard.leadership.models import Measure


def _measure(org, make_user):
    return Measure.objects.create(
        system=org.system,
        organisation=org,
        objective="pace",
        code="wres9",
        target=0,
        target_year="2030-31",
    )


OBJECT_URL_FACTORIES = {
    "leadership:remove-measure": (_measure, "post"),
}
