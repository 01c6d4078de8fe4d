"""Certificates state their framework's version and scoring method (the unit of their score).
Certificates issued before carry their assessment's framework's."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def backfill(apps, schema_editor):
    Certificate = apps.get_model("certification", "Certificate")
    Framework = apps.get_model("assessments", "Framework")
    framework = Framework.objects.filter(assessments=OuterRef("assessment_id"))
    Certificate.objects.update(
        framework_version=Subquery(framework.values("version")[:1]),
        scoring_method=Subquery(framework.values("scoring_method")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("certification", "0004_batch_background_job"),
        ("assessments", "0015_frameworks_2023"),
    ]

    operations = [
        migrations.AddField(
            model_name="certificate",
            name="framework_version",
            field=models.PositiveIntegerField(default=1, verbose_name="phiên bản bộ chỉ số"),
        ),
        migrations.AddField(
            model_name="certificate",
            name="scoring_method",
            field=models.CharField(
                default="sme-bands-2021", max_length=30, verbose_name="phương pháp tính điểm"
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
