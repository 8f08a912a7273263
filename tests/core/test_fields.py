import datetime as dt

import pytest
from django import forms
from django.template import engines

from dueregard.core.fields import NHSDateField


class DueForm(forms.Form):
    due = NHSDateField(label="Due date")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Enter due date"),
        ({"due_0": "3", "due_2": "2027"}, "Due date must include a month"),
        ({"due_0": "31", "due_1": "2", "due_2": "2027"}, "Due date must be a real date"),
        ({"due_0": "1", "due_1": "2", "due_2": "27"}, "Due date must be a real date"),
        ({"due_0": "1", "due_1": "2", "due_2": "1850"}, "Due date must be between 1900 and 2100"),
    ],
)
def test_date_errors_say_what_is_wrong(data, message):
    form = DueForm(data)
    assert not form.is_valid()
    assert form.errors["due"] == [message]


def test_valid_date():
    form = DueForm({"due_0": "15", "due_1": "3", "due_2": "2027"})
    assert form.is_valid() and form.cleaned_data["due"] == dt.date(2027, 3, 15)


def test_date_renders_as_nhs_date_input_and_keeps_what_was_typed(rf):
    form = DueForm({"due_0": "31", "due_1": "2", "due_2": "2027"})
    form.is_valid()
    env = engines["jinja2"].env
    template = env.from_string(
        '{% from "layouts/forms.jinja" import field, error_summary %}'
        "{{ error_summary(form) }}{{ field(form.due) }}"
    )
    html = template.render(form=form)
    assert 'name="due_0"' in html and 'value="31"' in html and 'name="due_2"' in html
    assert 'href="#id_due_0"' in html and 'id="id_due_0"' in html
    assert "nhsuk-date-input" in html and "Due date must be a real date" in html


@pytest.mark.parametrize(
    ("day", "month", "year"),
    [
        ("1", "99999999999999999999", "2027"),
        ("99999999999999999999", "1", "2027"),
        ("1", "1", "99999999999999999999"),
        ("-1", "2", "2027"),
        ("1.5", "2", "2027"),
        ("١", "2", "2027"),
        ("1", "2", " 2027x"),
    ],
)
def test_huge_or_strange_numbers_are_not_a_real_date(day, month, year):
    form = DueForm({"due_0": day, "due_1": month, "due_2": year})
    assert not form.is_valid()
    assert form.errors["due"] == ["Due date must be a real date"]


def test_object_choice_refuses_keys_too_large_for_the_database(org_a):
    from dueregard.core.fields import ObjectChoiceField, ObjectsChoiceField
    from dueregard.core.models import Organisation

    class PickForm(forms.Form):
        one = ObjectChoiceField(queryset=Organisation.objects.all(), required=False)
        many = ObjectsChoiceField(queryset=Organisation.objects.all(), required=False)

    form = PickForm({"one": "9" * 30, "many": [str(org_a.pk), "9" * 30]})
    assert not form.is_valid()
    assert "one" in form.errors and "many" in form.errors
    form = PickForm({"one": str(org_a.pk), "many": [str(org_a.pk)]})
    assert form.is_valid() and form.cleaned_data["one"] == org_a
