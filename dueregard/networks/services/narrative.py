"""The networks publish no free text (issue #14, ``dueregard.publishing.narrative``): a
network's page is for signed-in staff, and what is published about networks is counts,
with disclosure control. A field added here must be classified before it is published."""

PUBLISHED: tuple[str, ...] = ()
NOT_PUBLISHED = {
    "networks.Network.purpose": "shown to signed-in staff on the network's page only",
    "networks.Meeting.notes": "the network's own notes, for its chairs",
}
