"""CertificateBatch takes the shape of every background job (dbi_portal.jobs.BackgroundJob):
``done`` (the certificates issued) is named ``issued``; ``processed`` is stored, filled from the
three counts it adds up; a batch has a start time and a failure message like the other jobs."""

from django.db import migrations, models
from django.db.models import F


def processed_from_counts(apps, schema_editor):
    CertificateBatch = apps.get_model("certification", "CertificateBatch")
    CertificateBatch.objects.update(processed=F("issued") + F("skipped") + F("failed"))


class Migration(migrations.Migration):
    dependencies = [("certification", "0003_honour_order_index")]

    operations = [
        migrations.RemoveConstraint(
            model_name="certificatebatch", name="certificate_batch_counts_within_total"
        ),
        migrations.RenameField(model_name="certificatebatch", old_name="done", new_name="issued"),
        migrations.AddField(
            model_name="certificatebatch",
            name="processed",
            field=models.PositiveIntegerField(default=0, verbose_name="đã xử lý"),
        ),
        migrations.AddField(
            model_name="certificatebatch",
            name="failure",
            field=models.TextField(blank=True, verbose_name="lỗi chung"),
        ),
        migrations.AddField(
            model_name="certificatebatch",
            name="started_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="bắt đầu"),
        ),
        migrations.AlterField(
            model_name="certificatebatch",
            name="status",
            field=models.CharField(
                choices=[
                    ("queued", "Đang chờ"),
                    ("running", "Đang xử lý"),
                    ("done", "Hoàn tất"),
                    ("failed", "Lỗi"),
                ],
                default="queued",
                max_length=10,
                verbose_name="trạng thái",
            ),
        ),
        migrations.RunPython(processed_from_counts, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="certificatebatch",
            constraint=models.CheckConstraint(
                condition=models.Q(("processed__lte", models.F("total"))),
                name="certification_certificatebatch_processed_within_total",
            ),
        ),
        migrations.AddConstraint(
            model_name="certificatebatch",
            constraint=models.CheckConstraint(
                condition=models.Q(("failed__lte", models.F("processed"))),
                name="certification_certificatebatch_failed_within_processed",
            ),
        ),
        migrations.AddConstraint(
            model_name="certificatebatch",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("processed", models.F("issued") + models.F("skipped") + models.F("failed"))
                ),
                name="certificate_batch_counts_add_up",
            ),
        ),
    ]
