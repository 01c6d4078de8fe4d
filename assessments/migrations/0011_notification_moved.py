# The Notification model moved to the notifications app (issue 11). Its table stays: this
# migration only forgets the model here; notifications/0001 takes it over with its rows.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0010_notifications_about_certificates"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Notification")],
            database_operations=[],
        ),
    ]
