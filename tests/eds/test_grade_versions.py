"""A member's first grade is kept as given; a change is a new, dated version with a reason,
shown as "changed after discussion" on the outcome page and in the report."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dueregard.core.models import AuditEvent
from dueregard.eds.models import GradingVersion, Stage
from dueregard.eds.services import assessments, grading
from dueregard.eds.services.report import build_document


@pytest.fixture
def eds2011(org_a, eds_people, make_assessment):
    a = make_assessment(org_a, eds_people["lead"], framework_code="eds-2011", period="2011-12")
    assessments.move_to(a, eds_people["lead"], Stage.GRADING)
    return a


def _grade(a, who, grade, change_reason="", text="Most groups covered."):
    return grading.record(
        a,
        who,
        outcome_code="1.1",
        source="panel_member",
        grade_code=grade,
        reasons={"outcome": text},
        represents="Riverside Healthwatch",
        change_reason=change_reason,
    )


def test_first_grade_is_kept_and_a_change_needs_a_reason(eds2011, eds_people):
    member = eds_people["panel1"]
    first = _grade(eds2011, member, "achieving")
    assert first.versions.count() == 1
    with pytest.raises(ValidationError) as refused:
        _grade(eds2011, member, "developing")
    assert "change_reason" in refused.value.message_dict
    assert _grade(eds2011, member, "achieving") == first  # nothing changed: no version
    # Another member grades; then the first changes after seeing it.
    _grade(eds2011, eds_people["panel2"], "developing")
    changed = _grade(eds2011, member, "developing", "Heard the carers' group at the meeting.")
    versions = list(changed.versions.order_by("number"))
    assert [v.grade_code for v in versions] == ["achieving", "developing"]
    assert versions[0].change_reason == "" and not versions[0].after_reveal
    assert versions[1].after_reveal and versions[1].change_reason.startswith("Heard")
    assert AuditEvent.objects.filter(action="eds.grade.changed").count() == 1


def test_changed_after_discussion_is_shown_on_the_page_and_in_the_report(
    client_for, eds2011, eds_people
):
    member = eds_people["panel1"]
    _grade(eds2011, member, "achieving")
    _grade(eds2011, eds_people["panel2"], "developing")
    _grade(eds2011, member, "developing", "Heard the carers' group.")
    page = client_for(eds_people["lead"]).get(reverse("eds:outcome", args=[eds2011.pk, "1.1"]))
    html = page.content.decode()
    assert "Changed after discussion" in html and "Heard the carers" in html
    text = " ".join(build_document(eds2011).text_lines())
    assert "Grades changed after discussion" in text
    assert "Riverside Healthwatch" in text and "Achieving" in text and "Heard the carers" in text


def test_the_grade_form_asks_why_when_changing(client_for, eds2011, eds_people):
    client = client_for(eds_people["panel1"])
    url = reverse("eds:grade", args=[eds2011.pk, "1.1"])
    data = {"grade": "achieving", "reason_outcome": "Good data.", "represents": "Healthwatch"}
    assert client.post(url, data).status_code == 302
    page = client.get(reverse("eds:outcome", args=[eds2011.pk, "1.1"])).content.decode()
    assert "Why are you changing this grade?" in page
    refused = client.post(url, data | {"grade": "developing"})
    assert refused.status_code == 400
    assert "Say why the grade or its reasons change" in refused.content.decode()
    ok = client.post(url, data | {"grade": "developing", "change_reason": "After discussion."})
    assert ok.status_code == 302
    assert GradingVersion.objects.filter(grading__assessment=eds2011).count() == 2


def test_reopening_keeps_each_grades_history(org_a, eds_people, eds2011):
    member = eds_people["panel1"]
    _grade(eds2011, member, "achieving")
    _grade(eds2011, member, "developing", "Changed my mind.")
    eds2011.stage = Stage.PUBLISHED
    eds2011.save()
    new = assessments.reopen(eds2011, eds_people["lead"])
    copied = new.grading_set.get(outcome_code="1.1")
    assert [v.grade_code for v in copied.versions.order_by("number")] == [
        "achieving",
        "developing",
    ]


def test_chair_rule_shows_no_agreed_grade_until_the_chair_enters_it(
    client_for, eds2011, eds_people
):
    eds2011.panel_rule = "chair"
    eds2011.save()
    _grade(eds2011, eds_people["panel1"], "achieving")
    _grade(eds2011, eds_people["panel2"], "achieving")
    assert grading.result(eds2011).agreed("1.1") is None
    lead = client_for(eds_people["lead"])
    page = lead.get(reverse("eds:outcome", args=[eds2011.pk, "1.1"])).content.decode()
    assert "No agreed grade yet" in page
    checks = lead.get(reverse("eds:checks", args=[eds2011.pk])).content.decode()
    assert "no agreed grade yet: the chair records" in checks
    grading.record(
        eds2011,
        eds_people["lead"],
        outcome_code="1.1",
        source="panel_agreed",
        grade_code="developing",
        reasons={"outcome": "Agreed in the room."},
    )
    assert grading.result(eds2011).agreed("1.1") == "developing"
