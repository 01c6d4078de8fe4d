"""Column results carry everything a dashboard reads (column_results.py): whether the row is
counted, the assessment's framework and year, the enterprise's province, ward, sector, size class
and type, and the pillar levels as one SMALLINT column each; with covering partial indexes for
the year's reference results, one column's results and the trend. Existing rows are filled from
their assessment, their enterprise and their ``pillar_levels`` text (one statement on
PostgreSQL)."""

import django.db.models.deletion
from django.db import migrations, models

PILLAR_SLOTS = 8
PILLARS = [f"pillar_{i}" for i in range(1, PILLAR_SLOTS + 1)]
DASHBOARD_COLUMNS = ["ward", "sector_section", "size_class", "kind", "level", *PILLARS]

FILL_POSTGRESQL = """
UPDATE assessments_columnresult r
SET framework_id = a.framework_id,
    period = a.period,
    counted = (a.state <> 'draft' AND r.answered > 0),
    province_id = e.province_id,
    ward_id = e.ward_id,
    sector_section = e.sector_section,
    size_class = e.size_class,
    kind = e.kind,
    {pillars}
FROM assessments_assessment a
JOIN enterprises_enterprise e ON e.id = a.enterprise_id
WHERE a.id = r.assessment_id
"""


def _pillar_sql(i: int) -> str:
    start = 2 * (i - 1) + 1
    return f"pillar_{i} = NULLIF(substr(r.pillar_levels, {start}, 2), '')::smallint"


def fill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        pillars = ",\n    ".join(_pillar_sql(i) for i in range(1, PILLAR_SLOTS + 1))
        schema_editor.execute(FILL_POSTGRESQL.format(pillars=pillars))
        return
    ColumnResult = apps.get_model("assessments", "ColumnResult")
    results = list(ColumnResult.objects.select_related("assessment__enterprise").iterator())
    for result in results:
        assessment, enterprise = result.assessment, result.assessment.enterprise
        result.framework_id = assessment.framework_id
        result.period = assessment.period
        result.counted = assessment.state != "draft" and result.answered > 0
        for name in ("province_id", "ward_id", "sector_section", "size_class", "kind"):
            setattr(result, name, getattr(enterprise, name))
        text = result.pillar_levels
        levels = [int(text[k : k + 2]) for k in range(0, len(text), 2)]
        for i, name in enumerate(PILLARS):
            setattr(result, name, levels[i] if i < len(levels) else None)
    ColumnResult.objects.bulk_update(
        results,
        [
            "framework",
            "period",
            "counted",
            "province",
            "ward",
            "sector_section",
            "size_class",
            "kind",
            *PILLARS,
        ],
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0007_dashboard_markers_and_indexes"),
        ("enterprises", "0003_import_jobs"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="columnresult", name="result_reference_idx"),
        migrations.RemoveIndex(model_name="columnresult", name="result_column_idx"),
        migrations.AddField(
            model_name="columnresult",
            name="counted",
            field=models.BooleanField(default=False, verbose_name="được tính trong báo cáo"),
        ),
        migrations.AddField(
            model_name="columnresult",
            name="framework",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="assessments.framework",
            ),
        ),
        migrations.AddField(
            model_name="columnresult",
            name="period",
            field=models.PositiveSmallIntegerField(null=True, verbose_name="năm đánh giá"),
        ),
        migrations.AddField(
            model_name="columnresult",
            name="province",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="enterprises.province",
            ),
        ),
        migrations.AddField(
            model_name="columnresult",
            name="ward",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="enterprises.ward",
            ),
        ),
        migrations.AddField(
            model_name="columnresult",
            name="sector_section",
            field=models.CharField(blank=True, max_length=1, verbose_name="ngành (VSIC cấp 1)"),
        ),
        migrations.AddField(
            model_name="columnresult",
            name="size_class",
            field=models.CharField(blank=True, max_length=10, verbose_name="quy mô"),
        ),
        migrations.AddField(
            model_name="columnresult",
            name="kind",
            field=models.CharField(blank=True, max_length=20, verbose_name="loại hình"),
        ),
        *(
            migrations.AddField(
                model_name="columnresult",
                name=name,
                field=models.PositiveSmallIntegerField(blank=True, null=True),
            )
            for name in PILLARS
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="columnresult",
            name="framework",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="assessments.framework",
            ),
        ),
        migrations.AlterField(
            model_name="columnresult",
            name="period",
            field=models.PositiveSmallIntegerField(verbose_name="năm đánh giá"),
        ),
        migrations.AlterField(
            model_name="columnresult",
            name="province",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="enterprises.province",
            ),
        ),
        migrations.AddIndex(
            model_name="columnresult",
            index=models.Index(
                condition=models.Q(("counted", True), ("is_reference", True)),
                fields=["framework", "period", "province"],
                include=DASHBOARD_COLUMNS,
                name="result_dashboard_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="columnresult",
            index=models.Index(
                condition=models.Q(("counted", True)),
                fields=["framework", "column", "period", "province"],
                include=DASHBOARD_COLUMNS,
                name="result_dashboard_column_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="columnresult",
            index=models.Index(
                condition=models.Q(("counted", True), ("is_reference", True)),
                fields=["framework", "period", "level"],
                name="result_dashboard_trend_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="columnresult",
            index=models.Index(
                condition=models.Q(("counted", True), ("is_reference", True)),
                fields=["framework", "province", "period", "level"],
                name="result_province_trend_idx",
            ),
        ),
    ]
