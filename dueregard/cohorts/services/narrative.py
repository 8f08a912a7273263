"""Change-maker cohorts publish no free text (``dueregard.publishing.narrative``): every
page is for signed-in staff or the line manager's signed link. A field added here must be
classified before it is published."""

PUBLISHED: tuple[str, ...] = ()
NOT_PUBLISHED = {
    "cohorts.Programme.description": "shown to signed-in staff applying",
    "cohorts.Application.statement": "an applicant's statement, for the panel and organisers",
    "cohorts.Application.support_comment": "the line manager's note, for the organisers",
    "cohorts.Application.decision_reason": "the organisers' record of a decision",
    "cohorts.Score.comment": "a panel member's note, for the organisers",
    "cohorts.Project.summary": "a participant's change project, for them and the organisers",
    "cohorts.FollowUp.comments": "a participant's follow-up, for the organisers",
}
