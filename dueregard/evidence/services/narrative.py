"""The evidence workspace publishes figures, not free text (issue #14,
``dueregard.publishing.narrative``): an analysis reaches a published EDS report or IDMF
summary only as its disclosure-controlled public summary."""

PUBLISHED: tuple[str, ...] = ()
NOT_PUBLISHED = {
    "evidence.IdmfEvidenceLink.note": (
        "shown in the IDMF record only; the public summary leaves it out (links.idmf_blocks)"
    ),
    "evidence.Analysis.error": "why an analysis failed, for the analyst",
}
