# Voluntary equality monitoring kept apart from the application (ADR 0044).

import django.db.models.deletion
from django.db import migrations, models


def move_characteristics(apps, schema_editor):
    """Each application's shared characteristics move to its own monitoring row (ADR
    0044), under the framework its programme pinned. The WRES ethnic group was never
    asked, so it stays unanswered; nothing shared, no row."""
    Application = apps.get_model("cohorts", "Application")
    Monitoring = apps.get_model("cohorts", "Monitoring")
    rows = Application.objects.values_list(
        "pk", "characteristics", "cohort__programme__characteristics_framework_id"
    )
    Monitoring.objects.bulk_create(
        Monitoring(application_id=pk, framework_id=framework_id, codes=list(codes))
        for pk, codes, framework_id in rows.iterator()
        if codes
    )


class Migration(migrations.Migration):

    dependencies = [
        ('cohorts', '0001_initial'),
        ('frameworks', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='Monitoring',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('codes', models.JSONField(blank=True, default=list)),
                ('ethnic_group', models.CharField(blank=True, max_length=10)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('application', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='monitoring', to='cohorts.application')),
                ('framework', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='frameworks.frameworkversion')),
            ],
        ),
        migrations.RunPython(move_characteristics, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='application',
            name='characteristics',
        ),
    ]
