from django.db import migrations, models


class Migration(migrations.Migration):
    """Reasons get their own publish switch. Reasons recorded before it existed were already
    shown in published reports, so they stay publishable; new ones start unpublished."""

    dependencies = [
        ("eds", "0004_assessment_publication_reminded_on"),
    ]

    operations = [
        migrations.AddField(
            model_name="grading",
            name="reasons_may_be_published",
            field=models.BooleanField(default=True),
        ),
        migrations.AlterField(
            model_name="grading",
            name="reasons_may_be_published",
            field=models.BooleanField(default=False),
        ),
    ]
