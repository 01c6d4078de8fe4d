"""Certificates say whether their assessment was answered on the portal's reference questions.
Certificates issued before carry their assessment's catalog version's."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def backfill(apps, schema_editor):
    Certificate = apps.get_model("certification", "Certificate")
    CatalogVersion = apps.get_model("assessments", "CatalogVersion")
    version = CatalogVersion.objects.filter(assessments=OuterRef("assessment_id"))
    Certificate.objects.update(on_reference_questions=Subquery(version.values("is_reference")[:1]))


class Migration(migrations.Migration):
    dependencies = [
        ("certification", "0005_certificate_framework_version_method"),
        ("assessments", "0015_frameworks_2023"),
    ]

    operations = [
        migrations.AddField(
            model_name="certificate",
            name="on_reference_questions",
            field=models.BooleanField(
                default=False, verbose_name="theo câu hỏi tham khảo của Cổng"
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
