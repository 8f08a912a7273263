"""Undefined template values fail loudly in development and tests, stay quiet (and
logged) in production; a missing dict key stays chainable for the NHS.UK macros."""

from __future__ import annotations

import logging

import pytest
from django.template import engines
from django.test import override_settings
from jinja2 import UndefinedError

from dueregard.config.jinja2 import LoggingUndefined, StrictTemplateUndefined, environment


def _render(source: str, undefined_class, **context) -> str:
    env = environment(extensions=["jinja2.ext.i18n"])
    env.undefined = undefined_class
    return env.from_string(source).render(**context)


class Thing:
    title = "A decision"


@pytest.mark.parametrize(
    "source",
    [
        "{{ titel }}",  # a name nobody passed
        "{{ thing.titel }}",  # an attribute the object does not have
        "{% if thing.titel %}x{% endif %}",
        "{% for x in itmes %}{{ x }}{% endfor %}",
        "{{ titel|length }}",
        "{{ thing.titel.upper }}",
    ],
)
def test_typos_fail_loudly(source):
    with pytest.raises(UndefinedError):
        _render(source, StrictTemplateUndefined, thing=Thing())


def test_defined_tests_defaults_and_optional_dict_keys_still_work():
    source = (
        "{{ thing.title }}|{{ titel is defined }}|{{ titel|default('none') }}|"
        "{{ params.search.action }}|{% if params.classes %}x{% endif %}|"
        "{% if round %}change{% else %}new{% endif %}"
    )
    assert _render(source, StrictTemplateUndefined, thing=Thing(), params={}) == (
        "A decision|False|none|||new"
    )


def test_production_renders_nothing_and_logs_the_name(caplog):
    with caplog.at_level(logging.WARNING, logger="dueregard.config.jinja2"):
        assert _render("[{{ titel }}][{{ params.x }}]", LoggingUndefined, params={}) == "[][]"
    assert [r.getMessage() for r in caplog.records] == ["Template undefined: 'titel' is undefined"]


def test_the_settings_choose_the_class():
    assert engines["jinja2"].env.undefined is StrictTemplateUndefined  # test settings
    with override_settings(JINJA2_STRICT_UNDEFINED=False):
        assert environment(extensions=["jinja2.ext.i18n"]).undefined is LoggingUndefined
    with override_settings(JINJA2_STRICT_UNDEFINED=True):
        assert environment(extensions=["jinja2.ext.i18n"]).undefined is StrictTemplateUndefined


def test_the_nhsuk_templates_keep_their_optional_names():
    """The NHS.UK page template reads optional names ({% if htmlClasses %}) by design."""
    env = engines["jinja2"].env
    html = env.get_template("nhsuk/template.jinja").render()
    assert "<main" in html and 'lang="en"' in html
    with pytest.raises(UndefinedError):  # while one of ours may not
        env.from_string(
            "{% extends 'nhsuk/template.jinja' %}{% block content %}{{ titel }}{% endblock %}"
        ).render()


def test_production_logs_only_what_the_strict_class_refuses(caplog):
    """Optional names are by design: a page view must not flood the production log."""
    env = engines["jinja2"].env.overlay(undefined=LoggingUndefined, cache_size=0)
    with caplog.at_level(logging.WARNING, logger="dueregard.config.jinja2"):
        html = env.get_template("nhsuk/template.jinja").render()
        optional = env.from_string(
            "{% if round %}change{% else %}new{% endif %}|{{ params.x }}|{{ t is defined }}"
        ).render(params={})
    assert "<main" in html and optional == "new||False"
    assert caplog.records == []
    with caplog.at_level(logging.WARNING, logger="dueregard.config.jinja2"):
        typo = env.from_string(
            "[{{ thing.titel }}][{% for x in itmes %}{{ x }}{% endfor %}][{{ titel|length }}]"
            "{% if thing.titel %}x{% endif %}"
        ).render(thing=Thing())
    assert typo == "[][][0]"
    no_attribute = f"'{__name__}.Thing object' has no attribute 'titel'"
    assert [r.getMessage() for r in caplog.records] == [
        f"Template undefined: {no_attribute}",
        "Template undefined: 'itmes' is undefined",
        "Template undefined: 'titel' is undefined",
        f"Template undefined: {no_attribute}",
    ]
