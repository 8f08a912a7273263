"""Model rows as the API's plain values (the shapes in ``schemas.py``).

Only what the matching web page shows to the same person leaves through the API: names of
panel members are not sent, and evidence analyses give the disclosure-controlled figures
only, whatever the token's person may see in the app.
"""

from __future__ import annotations

from django.urls import reverse

from dueregard.eds.models import Stage
from dueregard.eds.services import grading
from dueregard.events.services import booking as booking_service
from dueregard.idmf.services import document as idmf_document
from dueregard.idmf.services.public import latest_signed


def _name(user) -> str | None:
    if user is None:
        return None
    return user.full_name or user.email


def organisation(org) -> dict:
    return {
        "id": org.pk,
        "name": org.name,
        "ods_code": org.ods_code,
        "type": org.type,
        "system_id": org.system_id,
        "is_active": org.is_active,
    }


def system(row, organisation_count: int) -> dict:
    return {
        "id": row.pk,
        "name": row.name,
        "code": row.code,
        "organisation_count": organisation_count,
    }


def decision(row) -> dict:
    current = row.current_assessment()
    public = (
        reverse("idmf:public", args=[row.public_slug])
        if row.is_published and row.public_slug
        else None
    )
    return {
        "id": row.pk,
        "title": row.title,
        "organisation_id": row.organisation_id,
        "system_id": row.system_id,
        "owner": _name(row.owner),
        "design_group": row.design_group,
        "decision_body": row.decision_body,
        "decision_type": row.decision_type,
        "date_needed": row.date_needed,
        "status": row.status,
        "status_label": str(row.get_status_display()),
        "current_version": current.version if current else None,
        "screening_result": current.screening_result if current else "",
        "signed_off_at": current.signed_off_at if current else None,
        "review_date": current.review_date if current else None,
        "is_published": row.is_published,
        "public_summary_url": public,
        "created_at": row.created_at,
        "last_changed": getattr(row, "last_changed", None) or row.updated_at,
    }


def decision_detail(row) -> dict:
    out = decision(row)
    out["versions"] = [
        {
            "version": a.version,
            "screening_result": a.screening_result,
            "completed_steps": list(a.completed_steps),
            "signed_off_at": a.signed_off_at,
            "signed_off_by": _name(a.signed_off_by),
            "review_date": a.review_date,
        }
        for a in row.assessments.select_related("signed_off_by").order_by("-version")
    ]
    signed = latest_signed(row) if row.is_published else None
    out["public_summary"] = idmf_document.build_public(signed).as_dict() if signed else None
    return out


def _eds_result(row) -> tuple[dict, bool]:
    if row.result:
        return row.result, True
    return grading.result(row).as_dict(), False


def eds_assessment(row, *, detail: bool = False) -> dict:
    result, frozen = _eds_result(row)
    out = {
        "id": row.pk,
        "title": row.title,
        "period": row.period,
        "framework": f"{row.framework.code}@{row.framework.version}",
        "level": row.level,
        "stage": row.stage,
        "revision": row.revision,
        "organisation_id": row.organisation_id,
        "system_id": row.system_id,
        "signed_off_at": row.signed_off_at,
        "published_at": row.published_at,
        "total_score": result.get("total"),
        "overall_rating": result.get("rating"),
        "public_report_url": reverse("eds:public-report", args=[row.public_slug])
        if row.stage == Stage.PUBLISHED
        else None,
        "report_json_url": reverse("api-v1:eds_report", args=[row.pk]),
        "created_at": row.created_at,
        "last_changed": getattr(row, "last_changed", None) or row.created_at,
    }
    if detail:
        out["frozen"] = frozen
        out["domain_scores"] = result.get("domain_scores", {})
        out["outcomes"] = [
            {
                "outcome_code": o["outcome_code"],
                "service": o.get("service"),
                "organisation_grade": o.get("organisation_grade"),
                "panel_grade": o.get("panel_grade"),
                "agreed_grade": o.get("agreed_grade"),
                "disagreement": bool(o.get("disagreement")),
            }
            for o in result.get("outcomes", [])
        ]
    return out


def series(row) -> dict:
    return {
        "id": row.pk,
        "title": row.title,
        "description": row.description,
        "audience": row.audience,
        "organisation_id": row.organisation_id,
        "one_per_person": row.one_per_person,
        "created_at": row.created_at,
        "last_changed": getattr(row, "last_changed", None) or row.created_at,
    }


def session(row) -> dict:
    return {
        "id": row.pk,
        "series_id": row.series_id,
        "series_title": row.series.title,
        "date": row.date,
        "starts_at": row.starts_at.strftime("%H:%M"),
        "ends_at": row.ends_at.strftime("%H:%M"),
        "start": row.start,
        "end": row.end,
        "mode": row.mode,
        "venue": row.venue,
        "capacity": row.capacity,
        "places_left": booking_service.free_places(row),
        "waiting": booking_service.waiting_count(row),
        "created_at": row.created_at,
        "last_changed": getattr(row, "last_changed", None) or row.created_at,
    }


def booking(outcome) -> dict:
    row = outcome.booking
    return {
        "id": row.pk,
        "session_id": row.session_id,
        "status": row.status,
        "status_label": str(row.get_status_display()),
        "created": outcome.created,
    }


def award_round(row) -> dict:
    return {
        "id": row.pk,
        "title": row.title,
        "opens_on": row.opens_on,
        "closes_on": row.closes_on,
        "announced_at": row.announced_at,
        "winners_url": reverse("awards:winners", args=[row.public_slug])
        if row.announced_at
        else None,
        "created_at": row.created_at,
        "last_changed": getattr(row, "last_changed", None) or row.created_at,
    }


def winner(nomination) -> dict:
    return {
        "category": nomination.category.name,
        "nominee_name": nomination.nominee_name,
        "nominee_organisation": nomination.nominee_organisation.name,
        "citation": nomination.citation,
    }


def analysis(row) -> dict:
    ready = row.status == row.Status.READY
    return {
        "id": row.pk,
        "title": row.title,
        "kind": row.kind,
        "dataset_id": row.dataset_id,
        "status": row.status,
        "error": row.error,
        "characteristics": list(row.characteristics or []),
        "figures": (row.public or {}) if ready else {},
        "computed_at": row.computed_at,
        "created_at": row.created_at,
        "last_changed": getattr(row, "last_changed", None) or row.created_at,
    }


def dataset(row) -> dict:
    errors = row.errors if isinstance(row.errors, dict) else {}
    return {
        "id": row.pk,
        "name": row.name,
        "kind": row.kind,
        "period": row.period,
        "original_name": row.original_name,
        "checksum": row.checksum,
        "status": row.status,
        "progress": row.progress,
        "row_count": row.row_count,
        "mapping": {str(k): str(v) for k, v in (row.mapping or {}).items()},
        "missing_required": list((row.quality or {}).get("missing_required", [])),
        "problems_total": int(errors.get("total", 0) or 0),
        "problems": list(errors.get("listed", []))[:100],
        "created_at": row.created_at,
        "last_changed": getattr(row, "last_changed", None) or row.created_at,
    }
