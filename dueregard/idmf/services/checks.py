"""Checks before sign-off: each problem says what is missing and which step fixes it.

``problems(assessment)`` returns an empty list when the assessment may be signed off.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Action, Assessment, DecisionType, Impact
from . import framework


@dataclass(frozen=True)
class Problem:
    code: str  # e.g. "negative-without-mitigation"
    text: str
    step: str = ""  # the step (or "screening", "impacts") where it is fixed
    group: str = ""  # characteristic code, when about one group


def problems(assessment: Assessment) -> list[Problem]:
    spec = framework.idmf(assessment)
    out: list[Problem] = []
    if assessment.screening_result != Assessment.Screening.RELEVANT:
        return [Problem("not-screened", "Complete the screening first.", "screening")]
    for step in spec.steps:
        if step.code not in assessment.completed_steps:
            out.append(
                Problem(
                    "step-incomplete",
                    f"Complete step {step.number}: {step.title}.",
                    step.code,
                )
            )
    groups = framework.groups(assessment)
    impacts = {i.group: i for i in assessment.impacts.all()}
    actions = list(assessment.actions.all())
    justified = bool((assessment.answers.get("mitigate-justification") or "").strip())

    def covered(code: str, purposes: tuple[str, ...]) -> bool:
        return any(a.purpose in purposes and code in (a.groups or []) for a in actions)

    for group in groups:
        impact = impacts.get(group.code)
        if impact is None or not impact.rating:
            out.append(
                Problem(
                    "impact-missing",
                    f"{group.name}: say what the impact is.",
                    "assess-impact",
                    group.code,
                )
            )
            continue
        rating = impact.rating
        if rating == Impact.Rating.NEGATIVE and not (
            covered(group.code, (Action.Purpose.MITIGATE,)) or justified
        ):
            out.append(
                Problem(
                    "negative-without-mitigation",
                    f"{group.name}: the impact is negative but there is no action to remove "
                    "or reduce it, and no justification for continuing.",
                    "mitigate-decide",
                    group.code,
                )
            )
        if rating == Impact.Rating.UNKNOWN and not covered(
            group.code, (Action.Purpose.FIND_OUT, Action.Purpose.MITIGATE)
        ):
            out.append(
                Problem(
                    "unknown-without-action",
                    f"{group.name}: the impact is unknown but there is no action to find out.",
                    "mitigate-decide",
                    group.code,
                )
            )
        if (
            rating in (Impact.Rating.POSITIVE, Impact.Rating.NEGATIVE)
            and not (impact.evidence or "").strip()
        ):
            out.append(
                Problem(
                    "missing-evidence",
                    f"{group.name}: the impact is {rating} but no evidence is linked.",
                    "assess-impact",
                    group.code,
                )
            )
    if (
        assessment.decision.decision_type == DecisionType.SERVICE_CHANGE
        and not assessment.engagement.exists()
    ):
        out.append(
            Problem(
                "service-change-without-engagement",
                "This is a service change, but no engagement is recorded in the engagement log.",
                "engage",
            )
        )
    out.extend(_specialist_review(assessment))
    return out


def _specialist_review(assessment: Assessment) -> list[Problem]:
    """An EDI specialist review, once asked for, must approve before sign-off."""
    review = assessment.specialist_reviews.order_by("-requested_at", "-pk").first()
    if review is None or review.outcome == "approved":
        return []
    text = (
        "The EDI specialist review asked for changes: make them, then ask for the review again."
        if review.outcome == "changes"
        else "The EDI specialist review has not finished yet."
    )
    return [Problem("specialist-review", text, "specialist-review")]
