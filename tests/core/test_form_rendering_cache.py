"""The form macros render each component once per parameters and language (issue 24)."""

from django import forms
from django.template import engines
from django.utils import translation
from markupsafe import Markup

from dueregard.core import form_rendering


class GradeForm(forms.Form):
    grade = forms.ChoiceField(
        label="Grade", choices=[("0", "Undeveloped"), ("1", "Developing"), ("2", "Achieving")]
    )
    note = forms.CharField(label="Note", widget=forms.Textarea)


def _render(form):
    template = engines["jinja2"].env.from_string(
        '{% from "layouts/forms.jinja" import field %}{{ field(form.grade) }}{{ field(form.note) }}'
    )
    return template.render(form=form)


def test_the_cached_html_is_the_html_rendered_without_the_cache():
    form_rendering._RENDERED.clear()
    first = _render(GradeForm())
    assert len(form_rendering._RENDERED) == 2
    assert _render(GradeForm()) == first
    calls = []
    again = form_rendering.rendered_component(
        form_rendering.nhsuk_field(GradeForm()["grade"]), lambda f: calls.append(f) or "x"
    )
    assert calls == [] and again in first  # served from the cache, not rendered


def test_values_errors_languages_and_markup_are_different_keys():
    form_rendering._RENDERED.clear()
    blank = _render(GradeForm())
    bound = GradeForm({"grade": "9", "note": "<b>typed</b>"})
    bound.is_valid()
    with_errors = _render(bound)
    assert with_errors != blank and "Select a valid choice" in with_errors
    assert "&lt;b&gt;typed&lt;/b&gt;" in with_errors  # still escaped
    with translation.override("cy"):
        _render(GradeForm())
    assert len(form_rendering._RENDERED) == 6
    rendered = []

    def render(f):
        rendered.append(f)
        return Markup("<p></p>")

    form_rendering.rendered_component({"kind": "input", "params": {"html": "<b>"}}, render)
    form_rendering.rendered_component({"kind": "input", "params": {"html": Markup("<b>")}}, render)
    form_rendering.rendered_component({"kind": "input", "params": {"x": object()}}, render)
    assert len(rendered) == 3  # str and Markup differ; an object is never cached
