"""ReportJob takes the shape of every background job (dbi_portal.jobs.BackgroundJob): ``done``
is named ``processed``, and it has a ``failed`` counter like the others. The stored counts stay."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("reports", "0004_certificate_ranking_index")]

    operations = [
        migrations.RemoveConstraint(model_name="reportjob", name="report_job_done_within_total"),
        migrations.RenameField(model_name="reportjob", old_name="done", new_name="processed"),
        migrations.AlterField(
            model_name="reportjob",
            name="processed",
            field=models.PositiveIntegerField(default=0, verbose_name="đã xử lý"),
        ),
        migrations.AddField(
            model_name="reportjob",
            name="failed",
            field=models.PositiveIntegerField(default=0, verbose_name="lỗi"),
        ),
        migrations.AlterField(
            model_name="reportjob",
            name="failure",
            field=models.TextField(blank=True, verbose_name="lỗi chung"),
        ),
        migrations.AddConstraint(
            model_name="reportjob",
            constraint=models.CheckConstraint(
                condition=models.Q(("processed__lte", models.F("total"))),
                name="reports_reportjob_processed_within_total",
            ),
        ),
        migrations.AddConstraint(
            model_name="reportjob",
            constraint=models.CheckConstraint(
                condition=models.Q(("failed__lte", models.F("processed"))),
                name="reports_reportjob_failed_within_processed",
            ),
        ),
    ]
