"""The public rankings' keyset index (reports/rankings.py): valid certificates best total first,
then by name and id, so each page reads only its own rows. Like ``reports_certificate_valid_idx``
it sits on the certification app's table but serves the reports' reads, so it is created here,
outside the certification models' state."""

from django.db import migrations, models

INDEX = models.Index(
    -models.F("total_points"),
    models.F("enterprise_name"),
    models.F("id"),
    condition=models.Q(status="valid"),
    name="reports_certificate_ranking_idx",
)


def create_index(apps, schema_editor):
    schema_editor.add_index(apps.get_model("certification", "Certificate"), INDEX)


def drop_index(apps, schema_editor):
    schema_editor.remove_index(apps.get_model("certification", "Certificate"), INDEX)


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_province_targets"), ("certification", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
