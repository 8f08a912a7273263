"""Disclosure control cannot be undone in the records an analysis reaches (#14's property
test, continued from ``test_disclosure_property``): hypothesis draws small populations,
the analysis is stored as the task stores it, attached to an EDS outcome and to IDMF step
2, and each surface is built as people get it and attacked with ``disclosure_attack``:

* the analysis download (CSV, JSON and XLSX render this ``Document``) as an EDI lead gets it;
* the published EDS report (``eds.services.report.build_document``);
* the IDMF record (web page, PDF and DOCX render ``idmf.services.document.build``) and the
  IDMF public summary (``build_public``);

for service analyses (by group, deprivation, funnel) and workforce packs alike.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from dueregard.evidence import presenters
from dueregard.evidence.services import analyses, links, safety, workforce
from dueregard.publishing.document import Table

from .disclosure_attack import leaks
from .test_disclosure_property import service_frames

pytestmark = pytest.mark.django_db

SETTINGS = settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    phases=(Phase.explicit, Phase.generate),  # no shrinking: the message lists every leak
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
NO_COUNTS = {"About these figures", "Relative likelihoods"}


@pytest.fixture
def attached(make_user, org_a, frameworks, ready_dataset, analyst_a, analyst_scope):
    """One analysis attached to EDS outcome 2A (publishable) and to an IDMF step 2."""
    from dueregard.core.roles import Role
    from dueregard.core.tenancy import Scope
    from dueregard.eds.services import assessments
    from dueregard.idmf.models import Assessment as IdmfAssessment
    from dueregard.idmf.services import decisions

    lead = make_user("lead@a.nhs.uk", Role.EDI_LEAD, organisation=org_a)
    scope = Scope(lead.pk, org_a.system, org_a, frozenset({Role.EDI_LEAD}))
    eds = assessments.create(scope, lead, framework_code="eds-2022", title="EDS", period="2025-26")
    decision = decisions.create_decision(
        actor=lead, system=org_a.system, organisation=org_a, title="Close a clinic"
    )
    idmf = IdmfAssessment.objects.get(decision=decision)
    analysis = analyses.request(ready_dataset(), analyst_a, kind="by-group", group="ethnicity")
    analysis.refresh_from_db()
    links.attach_eds(
        analyst_scope, analysis, analyst_a, target=f"{eds.pk}:2A", may_be_published=True
    )
    links.attach_idmf(analyst_scope, analysis, analyst_a, assessment_pk=str(idmf.pk), note="")
    return analysis, eds, idmf


def _store(analysis, result: dict) -> None:
    """As the analysis task stores a run (``analyses.run_analysis``)."""
    analysis.result = result
    analysis.public = analyses.public_summary(result)
    analysis.save(update_fields=["result", "public"])


def _rows(table) -> tuple[list, list]:
    return list(table["head"]), [list(r) for r in table["rows"]]


def _records(analysis, eds, idmf) -> dict[str, list[Table]]:
    """Every table each record prints for the analysis, by record."""
    from dueregard.eds.services.report import build_document
    from dueregard.idmf.services import document

    view = safety.view_of(analysis.result, analyst=False)
    docs = {
        "download": presenters.document(analysis, view),
        "EDS report": build_document(eds),
        "IDMF record": document.build(idmf),
        "IDMF public summary": document.build_public(idmf),
    }
    out = {}
    for where, doc in docs.items():
        tables = [t for t in doc.tables if t.caption == analysis.title[:200]]
        if where == "download" and analysis.result.get("type") == "pack":
            tables = list(doc.tables)
        out[where] = tables
    return out


def _attack_records(analysis, eds, idmf, exact_tables: list[dict]) -> list[str]:
    """Each printed table against the exact table it shows: by caption for a pack's
    download; the public summary's table (captioned with the analysis title in the
    records) is the pack table ``public["caption"]`` names, or a service analysis's table."""
    from dueregard.analytics.disclosure import small_numbers_in_text

    readings = " ".join(analysis.public.get("readings", []))  # the records print them
    found = [f"readings: {x}" for x in small_numbers_in_text(readings)]
    by_caption = {t.get("caption", "")[:200]: t for t in exact_tables}
    summary = by_caption.get(analysis.public.get("caption", "")[:200], exact_tables[0])
    for where, tables in _records(analysis, eds, idmf).items():
        assert tables or not analysis.public.get("table"), f"{where} lost the analysis"
        for t in tables:
            exact = summary if t.caption == analysis.title[:200] else by_caption.get(t.caption)
            if exact is None or tuple(exact["head"]) != tuple(t.columns):
                # no counts: the download's provenance, and the relative likelihoods
                # (attacked beside their counts in test_disclosure_property)
                assert t.caption in NO_COUNTS, f"{where}: {t.caption} is not attacked"
                continue
            printed = (list(t.columns), [list(r) for r in t.rows])
            found += leaks(_rows(exact), printed, f"{where}: {t.caption}")
    return found


@SETTINGS
@given(
    frame=service_frames(proportion=True),
    kind=st.sampled_from(["by-group", "deprivation", "funnel"]),
)
def test_service_analyses_in_every_record_cannot_be_undone(attached, frame, kind):
    analysis, eds, idmf = attached
    try:
        result = analyses.run_service(frame, "uptake", kind, "ethnicity")
    except ValueError:
        return  # refused: nothing is stored or shown
    _store(analysis, result)
    exact = presenters.table(safety.view_of(result, analyst=True))
    found = _attack_records(analysis, eds, idmf, [exact])
    assert not found, "\n".join(found[:20])


@SETTINGS
@given(
    staff=st.integers(min_value=12, max_value=80),
    seed=st.integers(min_value=1, max_value=10**6),
    pack=st.sampled_from(["wres", "wdes", "paygap"]),
)
def test_workforce_packs_in_every_record_cannot_be_undone(attached, staff, seed, pack):
    from dueregard.analytics.synth.workforce import generate
    from dueregard.analytics.workforce import read_input

    analysis, eds, idmf = attached
    data = generate(staff=staff, seed=seed)
    imported = read_input(data["staff"], "staff", allow_unmapped=True, period="2025-26")
    try:
        result = workforce.run(
            {"staff": imported.table.to_pandas()}, "wf-staff", pack, {"period": "2025-26"}
        )
    except ValueError:
        return
    _store(analysis, result)
    exact = presenters.pack_tables(safety.view_of(result, analyst=True))
    found = _attack_records(analysis, eds, idmf, exact)
    assert not found, "\n".join(found[:20])
