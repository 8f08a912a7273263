"""Pairs and evaluations as rows; CSV and XLSX from one iterator (personal data on request)."""

from __future__ import annotations

from collections.abc import Iterator

from dueregard.publishing.tabular import FORMATS  # noqa: F401 - the shared writers

from ..models import Evaluation, Partnership

PAIR_PERSONAL = ("Leader", "Leader e-mail", "Partner", "Partner e-mail")
PAIR_COLUMNS = (
    "Pair",
    "Status",
    "Source",
    "Score",
    "Why",
    "Leader organisation",
    "Partner organisation",
    "Introduced",
    "Meetings",
    "Ended early",
)
EVALUATION_COLUMNS = ("Pair", "Side", "Rating", "Would recommend", "Learned", "Will change")


def pair_rows(programme, *, personal: bool, names=None) -> Iterator[tuple]:
    from ..presenters import humanise

    pairs = (
        Partnership.objects.filter(programme=programme)
        .select_related(
            "leader__user", "partner__user", "leader__organisation", "partner__organisation"
        )
        .order_by("pk")
    )
    yield (PAIR_PERSONAL if personal else ()) + PAIR_COLUMNS
    for p in pairs:
        why = humanise(p.explanation, names or {}) if personal else ""
        common = (
            str(p.pk),
            p.get_status_display(),
            p.get_source_display(),
            "" if p.score is None else f"{p.score:.3f}",
            why,
            p.leader.organisation.name,
            p.partner.organisation.name,
            p.introduced_at.strftime("%Y-%m-%d") if p.introduced_at else "",
            str(p.meetings.count()),
            "Yes" if p.status == "ended" else "No",
        )
        if personal:
            yield (
                p.leader.name,
                p.leader.user.email,
                p.partner.name,
                p.partner.user.email,
            ) + common
        else:
            yield common


def evaluation_rows(programme, *, personal: bool) -> Iterator[tuple]:
    """Without ``personal`` the free text is left out (it may identify people)."""
    yield EVALUATION_COLUMNS if personal else EVALUATION_COLUMNS[:4]
    for e in Evaluation.objects.filter(partnership__programme=programme).order_by("pk"):
        row = (
            str(e.partnership_id),
            e.get_side_display(),
            str(e.rating),
            "Yes" if e.would_recommend else "No",
        )
        yield row + ((e.learned, e.will_change) if personal else ())
