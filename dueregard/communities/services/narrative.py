"""Free text of communities (issue #14, ``dueregard.publishing.narrative``): nothing is
published. A community's page is for signed-in staff; its announcements are for its
members and organisers. A field added here must be classified before it is published."""

PUBLISHED: tuple[str, ...] = ()
NOT_PUBLISHED = {
    "communities.Community.purpose": "shown to signed-in staff on the community's page only",
    "communities.Announcement.body": "for the community's members and organisers only",
}
