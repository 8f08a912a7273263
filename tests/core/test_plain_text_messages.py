"""Plain-text e-mails are not HTML: names with "&" or "<" reach the reader as written,
while HTML templates still escape them."""

from datetime import UTC, datetime

from django.template import engines

from dueregard.core.services.notifications import render_message


def test_plain_text_message_keeps_ampersands_and_angle_brackets():
    subject, body = render_message(
        "invitation",
        {
            "place": "Accident & Emergency <North>",
            "link": "/accept/x/",
            "inviter": "A & B",
            "role": "EDI lead",
            "invitation": {"full_name": "Sam O'Neil"},
            "expires_at": datetime(2026, 12, 31, 17, 0, tzinfo=UTC),
        },
    )
    assert "Accident & Emergency <North>" in subject
    assert "&amp;" not in subject + body
    assert "&lt;" not in subject + body
    assert "Sam O'Neil" in body and "A & B has invited you" in body


def test_every_other_kind_of_template_is_still_escaped():
    env = engines["jinja2"].env
    for name in ("page.html", "macros.jinja", "feed.xml", "chart.svg", "unknown.kind"):
        assert env.autoescape(name) is True, name
    assert env.autoescape("notifications/invitation.txt") is False
