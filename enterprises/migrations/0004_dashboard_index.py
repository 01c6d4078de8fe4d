"""A covering index for the dashboards' registered and certified counts by province, ward,
sector, size class or type (reports/selectors.py): PostgreSQL reads them from the index alone."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0003_import_jobs"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="enterprise",
            index=models.Index(
                fields=["province"],
                include=("id", "ward", "sector_section", "size_class", "kind"),
                name="enterprise_dashboard_idx",
            ),
        ),
    ]
