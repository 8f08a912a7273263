"""Demo data: a synthetic flu vaccination uptake file at the demo trust, imported and
analysed (by deprivation, by ethnicity, by area), so a newcomer sees real analyses."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dueregard.core.models import Organisation, User
from dueregard.core.roles import Role
from dueregard.core.tenancy import Scope

DEMO_NAME = "Flu vaccination uptake 2025-26 (synthetic)"


def load(system) -> None:
    from .models import Dataset
    from .services import analyses, datasets, synthetic

    org = Organisation.objects.filter(ods_code="XRV02").first()
    analyst = User.objects.filter(email__startswith="mei.chen@").first()
    if org is None or analyst is None:
        return
    if Dataset.objects.filter(organisation=org, name=DEMO_NAME).exists():
        return
    scope = Scope(analyst.pk, org.system, org, frozenset({Role.ANALYST}))
    upload = SimpleUploadedFile("flu-uptake-2025-26.csv", synthetic.uptake_csv(seed=1))
    dataset = datasets.upload(
        scope,
        analyst,
        name=DEMO_NAME,
        kind="uptake",
        file=upload,
        retain_until=timezone.localdate() + dt.timedelta(days=90),
    )
    dataset = _checked(dataset)
    columns = dict(dataset.mapping, deprivation_decile="IMD Decile (2019)")
    datasets.save_mapping(
        dataset, analyst, columns=columns, codes={"ethnicity": {synthetic.MESSY_LABEL: "Black"}}
    )
    datasets.start_import(dataset, analyst)
    dataset.refresh_from_db()
    if dataset.status != Dataset.Status.READY:
        return
    for kind, group in (("deprivation", ""), ("by-group", "ethnicity"), ("funnel", "")):
        dataset.refresh_from_db()
        analyses.request(dataset, analyst, kind=kind, group=group)
    _workforce(scope, analyst)


def _checked(dataset):
    """The demo is loaded by a command, not a web request: with a queued task backend the
    upload's check waits for a worker, so the demo runs the check itself."""
    from .models import Dataset
    from .services import datasets

    if dataset.status == Dataset.Status.CHECKING:
        datasets.run_check(dataset.pk)
    dataset.refresh_from_db()
    return dataset


def _workforce(scope, analyst) -> None:
    """Synthetic staff and recruitment files (the workforce generator), each with WRES."""
    import io

    import pyarrow.csv as pacsv

    from dueregard.analytics.synth.workforce import generate

    from .models import Dataset
    from .services import analyses, datasets

    files = generate(staff=2000, seed=1, period="2025-26")
    for kind, title in (("staff", "Staff snapshot"), ("recruitment", "Recruitment")):
        buffer = io.BytesIO()
        pacsv.write_csv(files[kind], buffer)
        dataset = datasets.upload(
            scope,
            analyst,
            name=f"{title} 2025-26 (synthetic)",
            kind=f"wf-{kind}",
            file=SimpleUploadedFile(f"{kind}-2025-26.csv", buffer.getvalue()),
            period="2025-26",
        )
        dataset = _checked(dataset)
        # The synthetic files hold labels no map knows; the demo treats them as unknown.
        codes = {
            c: {raw: v or "Unknown" for raw, v in m.items()} for c, m in dataset.code_maps.items()
        }
        datasets.save_mapping(dataset, analyst, columns=dataset.mapping, codes=codes)
        datasets.start_import(dataset, analyst)
        dataset.refresh_from_db()
        if dataset.status == Dataset.Status.READY:
            analyses.request(dataset, analyst, kind="wres")
