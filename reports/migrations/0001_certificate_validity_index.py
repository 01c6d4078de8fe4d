"""An index for the dashboards' "certified" count (reports/selectors.py): the valid certificates
of a year, covering the enterprise, so PostgreSQL reads them from the index alone. It sits on the
certification app's table but belongs to the reports' reads, so it is created here, outside the
certification models' state (``makemigrations`` does not see it)."""

from django.db import migrations, models

INDEX = models.Index(
    fields=["period", "framework_code", "valid_until"],
    include=["enterprise"],
    condition=models.Q(status="valid"),
    name="reports_certificate_valid_idx",
)


def create_index(apps, schema_editor):
    schema_editor.add_index(apps.get_model("certification", "Certificate"), INDEX)


def drop_index(apps, schema_editor):
    schema_editor.remove_index(apps.get_model("certification", "Certificate"), INDEX)


class Migration(migrations.Migration):
    dependencies = [("certification", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
