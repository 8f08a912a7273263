"""The framework definitions an assessment was made with (its pinned rows, parsed once)."""

from __future__ import annotations

from functools import lru_cache

from dueregard.frameworks.definitions import Characteristics, IdmfFramework
from dueregard.frameworks.models import FrameworkVersion
from dueregard.frameworks.services import loader

# Questions the sign-off fills in itself (who signed, and when), not the project lead.
SIGN_OFF_QUESTIONS = ("decide-signed-off-by", "decide-date")
# Questions answered in the impact grid (one Impact row per group), not as plain answers.
GRID_QUESTIONS = ("impact-rating", "impact-reasons", "impact-confidence")


@lru_cache(maxsize=32)
def _parsed(pk: int, checksum: str):
    return loader.definition(FrameworkVersion.objects.get(pk=pk))


def idmf(assessment) -> IdmfFramework:
    row = assessment.framework
    return _parsed(row.pk, row.checksum)


def groups(assessment) -> Characteristics:
    row = assessment.characteristics_framework
    return _parsed(row.pk, row.checksum)


def current_rows() -> tuple[FrameworkVersion, FrameworkVersion]:
    """The newest IDMF and characteristics rows, loading the shipped files if none is stored."""
    try:
        return loader.current("idmf"), loader.current("characteristics")
    except LookupError:
        loader.load_all()
        return loader.current("idmf"), loader.current("characteristics")


def step_questions(framework: IdmfFramework, step_code: str):
    """The questions a step's form asks (grid and sign-off questions are asked elsewhere)."""
    return tuple(
        q
        for q in framework.step(step_code).questions
        if q.code not in SIGN_OFF_QUESTIONS and q.code not in GRID_QUESTIONS
    )


def group_name(assessment, code: str) -> str:
    try:
        return groups(assessment).get(code).name
    except KeyError:
        return code


# The register's decision types, as step 1's "What kind of proposal is it?" options.
DEFINE_KIND = {
    "service_change": "service-change",
    "workforce": "workforce",
    "policy": "policy",
    "commissioning": "commissioning",
    "procurement": "commissioning",
    "other": "other",
}


def define_defaults(decision) -> dict:
    """Step 1 answers the register already knows; what the lead has typed wins."""
    owner = decision.decision_body
    if decision.design_group:
        owner = f"{decision.design_group}; decided by {decision.decision_body}"
    out = {"define-title": decision.title, "define-decision-owner": owner}
    if decision.decision_type in DEFINE_KIND:
        out["define-kind"] = DEFINE_KIND[decision.decision_type]
    if decision.date_needed:
        out["define-decision-due"] = decision.date_needed.isoformat()
    return out
