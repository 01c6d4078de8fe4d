"""The honour list's keyset index (certification.selectors.honour_page): valid certificates in
the list's order, so a page reads only its own rows."""

import django.db.models.expressions
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("certification", "0002_batch_failed"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="certificate",
            index=models.Index(
                django.db.models.expressions.CombinedExpression(
                    models.F("overall_level"), "*", models.Value(-1)
                ),
                django.db.models.expressions.CombinedExpression(
                    models.F("total_points"), "*", models.Value(-1)
                ),
                models.F("enterprise_name"),
                models.F("id"),
                condition=models.Q(("status", "valid")),
                name="certificate_honour_order",
            ),
        ),
    ]
