"""Every free-text field of every model is in its app's registry of publishable text
(``<app>/services/narrative.py``): published, and so checked for small numbers before
publication, or never published, with the reason. A new field cannot be forgotten."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from dueregard.publishing import narrative

# Below publishing in the layers (pyproject.toml): they cannot publish a page at all.
CANNOT_PUBLISH = {
    "core.Notification.body": "an email or message to one person",
    "core.Notification.error": "why a message failed, for the operators",
    "core.AccessReview.notes": "the reviewer's notes on an access review",
    "background.BackgroundJob.message": "why a job failed, for the person who started it",
}


def _text_fields() -> set[str]:
    return {
        f"{m._meta.label}.{f.name}"
        for m in apps.get_models()
        if m.__module__.startswith("dueregard.")
        for f in m._meta.get_fields()
        if isinstance(f, models.TextField)
    }


def test_every_text_field_is_classified_by_its_own_app():
    registries = narrative.registries()
    missing = []
    for name in sorted(_text_fields()):
        app = name.split(".")[0]
        reg = registries.get(app)
        known = reg and (name in reg.published or name in reg.not_published)
        if not known and name not in CANNOT_PUBLISH:
            missing.append(name)
    assert not missing, (
        "Add these to PUBLISHED (and fields()) or NOT_PUBLISHED (with the reason) in the "
        f"app's services/narrative.py: {missing}"
    )


def test_the_registries_name_real_fields_once_with_reasons():
    for app, reg in narrative.registries().items():
        assert not reg.published & set(reg.not_published), app
        assert all(reason.strip() for reason in reg.not_published.values()), app
        assert reg.fields is not None or not reg.published, f"{app} publishes but has no fields()"
        for name in [*reg.published, *reg.not_published]:
            label, model, field = name.split(".")
            assert label == app, f"{name} is classified by {app}, not its own app"
            try:
                apps.get_model(label, model)._meta.get_field(field)
            except (LookupError, FieldDoesNotExist):
                pytest.fail(f"{name} in {app}/services/narrative.py is not a field")


def test_every_app_that_publishes_has_a_registry():
    expected = {"eds", "idmf", "awards", "returns", "publishing"}
    publishing_apps = {a for a, r in narrative.registries().items() if r.published}
    assert expected <= publishing_apps
