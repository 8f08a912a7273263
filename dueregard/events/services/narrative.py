"""Events publish no free text (issue #14, ``dueregard.publishing.narrative``): their pages
are for signed-in staff. A field added here must be classified before it is published."""

PUBLISHED: tuple[str, ...] = ()
NOT_PUBLISHED = {
    "events.Series.description": "shown to signed-in staff booking a place",
    "events.Series.audience": "shown to signed-in staff booking a place",
    "events.Evaluation.do_differently": "a participant's evaluation, for the organisers",
    "events.Evaluation.comments": "a participant's evaluation, for the organisers",
}
