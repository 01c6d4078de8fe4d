"""Column results no longer carry their pillar levels as text (``pillar_levels``, two digits
per pillar): every reader uses the ``pillar_1`` … ``pillar_8`` columns. Going back to 0008
writes the text again from those columns."""

from django.db import migrations

PILLARS = [f"pillar_{i}" for i in range(1, 9)]


def write_text_back(apps, schema_editor):
    ColumnResult = apps.get_model("assessments", "ColumnResult")
    results = list(ColumnResult.objects.only("pk", *PILLARS).iterator())
    for result in results:
        levels = [getattr(result, name) for name in PILLARS]
        result.pillar_levels = "".join(f"{level:02d}" for level in levels if level is not None)
    ColumnResult.objects.bulk_update(results, ["pillar_levels"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0008_result_dashboard_columns"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, write_text_back),
        migrations.RemoveField(model_name="columnresult", name="pillar_levels"),
    ]
