import pytest
from django import forms
from django.core.exceptions import ValidationError

from dueregard.core.form_actions import attempt, submit


class NameForm(forms.Form):
    name = forms.CharField(max_length=10)


def test_invalid_form_does_not_call_the_service():
    calls = []
    result = submit(NameForm({"name": ""}), lambda data: calls.append(data))
    assert not result.ok and result.status == 400
    assert calls == []


def test_valid_form_passes_cleaned_data_and_returns_the_value():
    result = submit(NameForm({"name": " Ada "}), lambda data: data["name"].upper())
    assert result.ok and result.status == 200
    assert result.value == "ADA"


def test_service_field_error_lands_on_its_field_and_other_errors_on_top():
    form = NameForm({"name": "Ada"})

    def refuse(data):
        raise ValidationError({"name": "Taken.", "other": "Closed."})

    result = submit(form, refuse)
    assert not result.ok
    assert form.errors["name"] == ["Taken."]
    assert form.non_field_errors() == ["Closed."]


def test_plain_service_error_goes_to_the_summary():
    form = NameForm({"name": "Ada"})
    form.is_valid()

    def refuse():
        raise ValidationError("The session is cancelled.")

    result = attempt(form, refuse)
    assert not result.ok
    assert form.non_field_errors() == ["The session is cancelled."]


def test_other_exceptions_are_not_swallowed():
    with pytest.raises(ZeroDivisionError):
        submit(NameForm({"name": "Ada"}), lambda data: 1 / 0)
