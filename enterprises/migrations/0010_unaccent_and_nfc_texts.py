"""PostgreSQL's unaccent extension (searches without diacritics, dbi_portal/text.py; the
operation does nothing on SQLite), and the names and addresses stored before they were kept
composed (NFC) rewritten so. Going back leaves both as they are."""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

from dbi_portal.text import nfc_existing_rows

TEXTS = {
    "Enterprise": ["name_vi", "name_en", "address", "contact_name"],
    "Authority": ["name_vi", "name_en", "address"],
    "ConsultingFirm": ["name"],
    "Engagement": ["end_reason"],
    "User": ["full_name"],
}


def texts_nfc(apps, schema_editor):
    for model, fields in TEXTS.items():
        nfc_existing_rows(apps.get_model("enterprises", model), fields)


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0009_authority_contacts"),
    ]

    operations = [
        # CREATE EXTENSION IF NOT EXISTS; skipped on any database but PostgreSQL.
        UnaccentExtension(),
        migrations.RunPython(texts_nfc, migrations.RunPython.noop, elidable=True),
    ]
