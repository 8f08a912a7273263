"""Migration 0002 moves what applicants shared from ``Application.characteristics`` into
``cohorts.Monitoring`` (ADR 0044) and drops the field."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("cohorts", "0001_initial")]
AFTER = [("cohorts", "0002_monitoring_apart")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_shared_characteristics_move_to_the_monitoring_table(org_a, django_user_model):
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        apps = _migrate(BEFORE)
        framework = apps.get_model("frameworks", "FrameworkVersion").objects.first()
        programme = apps.get_model("cohorts", "Programme").objects.create(
            system_id=org_a.system_id,
            organisation_id=org_a.pk,
            organiser_organisation_id=org_a.pk,
            title="Change makers",
            characteristics_framework=framework,
        )
        today = dt.date.today()
        cohort = apps.get_model("cohorts", "Cohort").objects.create(
            programme=programme, name="Intake", opens_on=today, closes_on=today, places=5
        )
        Application = apps.get_model("cohorts", "Application")
        made = {}
        for n, codes in enumerate((["race", "disability"], [])):
            user = django_user_model.objects.create_user(f"m{n}@example.nhs.uk", "pw-123456789")
            made[n] = Application.objects.create(
                cohort=cohort,
                user_id=user.pk,
                organisation_id=org_a.pk,
                job_title="Nurse",
                band="6",
                staff_group="nursing",
                statement="Change",
                line_manager_name="M",
                line_manager_email="m@example.nhs.uk",
                characteristics=codes,
            ).pk
        apps = _migrate(AFTER)
        Monitoring = apps.get_model("cohorts", "Monitoring")
        moved = Monitoring.objects.get()
        assert moved.application_id == made[0]
        assert (moved.codes, moved.ethnic_group) == (["race", "disability"], "")
        assert moved.framework_id == framework.pk
        fields = {f.name for f in apps.get_model("cohorts", "Application")._meta.get_fields()}
        assert "characteristics" not in fields
    finally:
        _migrate(latest)
