"""ImportJob takes the shape of every background job (dbi_portal.jobs.BackgroundJob): its
counters are named ``total``, ``processed`` and ``failed`` (the rows with errors), kept within
each other. The stored counts stay as they are."""

from django.db import migrations, models
from django.db.models import F


def failed_within_processed(apps, schema_editor):
    """A row counted twice among the errors (a chunk rolled back) is one failed row."""
    ImportJob = apps.get_model("enterprises", "ImportJob")
    ImportJob.objects.filter(failed__gt=F("processed")).update(failed=F("processed"))


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0005_import_job_language_and_failure")]

    operations = [
        migrations.RemoveConstraint(model_name="importjob", name="import_processed_within_total"),
        migrations.RenameField(model_name="importjob", old_name="total_rows", new_name="total"),
        migrations.RenameField(
            model_name="importjob", old_name="processed_rows", new_name="processed"
        ),
        migrations.RenameField(model_name="importjob", old_name="invalid_count", new_name="failed"),
        migrations.AlterField(
            model_name="importjob",
            name="total",
            field=models.PositiveIntegerField(default=0, verbose_name="tổng số"),
        ),
        migrations.RunPython(failed_within_processed, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="importjob",
            constraint=models.CheckConstraint(
                condition=models.Q(("processed__lte", models.F("total"))),
                name="enterprises_importjob_processed_within_total",
            ),
        ),
        migrations.AddConstraint(
            model_name="importjob",
            constraint=models.CheckConstraint(
                condition=models.Q(("failed__lte", models.F("processed"))),
                name="enterprises_importjob_failed_within_processed",
            ),
        ),
    ]
