"""The duties an assessment answers to, shown where they apply (DOMAIN.md).

Every public body has the Public Sector Equality Duty. The NHS Act 2006 adds duties to
reduce health inequalities (s13G NHS England, s14Z35 integrated care boards) and to
involve the public in changes to services (s14Z45 ICBs, s242 NHS trusts). A decision
of the whole system (no organisation) is the ICB's.
"""

from __future__ import annotations

from dataclasses import dataclass

from dueregard.core.models import OrganisationType

from ..models import DecisionType

LEGISLATION = "https://www.legislation.gov.uk/ukpga"


@dataclass(frozen=True)
class LegalReference:
    code: str
    title: str
    summary: str
    url: str

    @property
    def short(self) -> str:
        return self.title.split(" (")[0]


PSED = LegalReference(
    "s149",
    "Equality Act 2010, section 149 (Public Sector Equality Duty)",
    "due regard to eliminating discrimination, advancing equality of opportunity and "
    "fostering good relations.",
    f"{LEGISLATION}/2010/15/section/149",
)
ICB_INEQUALITIES = LegalReference(
    "s14Z35",
    "NHS Act 2006, section 14Z35",
    "an integrated care board must have regard to the need to reduce inequalities in access "
    "to services and in the outcomes they achieve.",
    f"{LEGISLATION}/2006/41/section/14Z35",
)
ICB_INVOLVE = LegalReference(
    "s14Z45",
    "NHS Act 2006, section 14Z45",
    "an integrated care board must involve the public in planning and in proposals for "
    "changes to services.",
    f"{LEGISLATION}/2006/41/section/14Z45",
)
TRUST_INVOLVE = LegalReference(
    "s242",
    "NHS Act 2006, section 242",
    "an NHS trust must involve service users in planning and in proposals for changes to services.",
    f"{LEGISLATION}/2006/41/section/242",
)
NHSE_INEQUALITIES = LegalReference(
    "s13G",
    "NHS Act 2006, section 13G",
    "NHS England must have regard to the need to reduce inequalities in access and outcomes "
    "(for decisions it delegates or shares).",
    f"{LEGISLATION}/2006/41/section/13G",
)

# Decisions that change what people receive, where the duties to involve apply.
SERVICE_TYPES = (DecisionType.SERVICE_CHANGE, DecisionType.COMMISSIONING)


def references(decision) -> list[LegalReference]:
    """PSED always; the NHS Act duties of the deciding organisation's type."""
    kind = decision.organisation.type if decision.organisation_id else OrganisationType.ICB
    out = [PSED]
    if kind == OrganisationType.ICB:
        out.append(ICB_INEQUALITIES)
        if decision.decision_type in SERVICE_TYPES:
            out.append(ICB_INVOLVE)
    elif kind == OrganisationType.NHS_TRUST and decision.decision_type in SERVICE_TYPES:
        out.append(TRUST_INVOLVE)
    if decision.decision_type == DecisionType.COMMISSIONING and kind == OrganisationType.ICB:
        out.append(NHSE_INEQUALITIES)
    return out
