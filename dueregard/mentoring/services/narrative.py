"""Mentoring publishes no free text (issue #14, ``dueregard.publishing.narrative``): every
page is for signed-in staff. A field added here must be classified before it is published."""

PUBLISHED: tuple[str, ...] = ()
NOT_PUBLISHED = {
    "mentoring.Programme.description": "shown to signed-in staff applying",
    "mentoring.Programme.board_commitment": "shown to signed-in staff applying",
    "mentoring.Application.hopes_to_learn": "an applicant's answers, for the organisers",
    "mentoring.Application.hopes_to_offer": "an applicant's answers, for the organisers",
    "mentoring.Application.withdrawn_reason": "the organisers' record",
    "mentoring.Partnership.explanation": "why a pair was matched, for the organisers",
    "mentoring.Partnership.reason": "the organisers' record of an override",
    "mentoring.Partnership.end_reason": "the organisers' record",
    "mentoring.Meeting.notes": "the pair's own notes",
    "mentoring.Evaluation.learned": "a participant's evaluation, for the organisers",
    "mentoring.Evaluation.will_change": "a participant's evaluation, for the organisers",
}
