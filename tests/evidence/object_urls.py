"""Evidence workspace object URLs for the tenancy isolation test."""

from django.utils import timezone

from dueregard.evidence.models import Analysis, Dataset


def _dataset(org, make_user):
    return Dataset.objects.create(
        system=org.system,
        organisation=org,
        name="Data",
        kind="uptake",
        original_name="d.csv",
        checksum="0" * 64,
        headers=["Ethnicity", "Vaccinated"],
        mapping={"ethnicity": "Ethnicity", "numerator": "Vaccinated"},
    )


def _analysis(org, make_user):
    dataset = _dataset(org, make_user)
    return Analysis.objects.create(
        system=org.system,
        organisation=org,
        dataset=dataset,
        kind="by-group",
        title="Uptake by ethnicity",
        input_checksum=dataset.checksum,
        status=Analysis.Status.READY,
        result={"rows": []},
        computed_at=timezone.now(),
    )


def _export(org, make_user):
    return {"pk": _analysis(org, make_user).pk, "fmt": "csv"}


OBJECT_URL_FACTORIES = {
    "evidence:dataset": (_dataset, "get"),
    "evidence:mapping": (_dataset, "get"),
    "evidence:dataset-status": (_dataset, "get"),
    "evidence:analysis-status": (_analysis, "get"),
    "evidence:analyse": (_dataset, "post"),
    "evidence:delete-rows": (_dataset, "post"),
    "evidence:retry": (_dataset, "post"),
    "evidence:analysis": (_analysis, "get"),
    "evidence:export": (_export, "get"),
    "evidence:rerun": (_analysis, "get"),
    "evidence:attach-eds": (_analysis, "get"),
    "evidence:attach-idmf": (_analysis, "get"),
}
