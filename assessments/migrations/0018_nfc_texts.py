"""Notes, reasons and department names stored before they were kept composed (NFC) rewritten
so (dbi_portal/text.py). Going back leaves them as they are."""

from django.db import migrations

from dbi_portal.text import nfc_existing_rows

TEXTS = {
    "Rating": ["note", "not_assessed_reason"],
    "AuditEntry": ["reason"],
    "Department": ["name"],
    "DepartmentRating": ["note"],
    "NeedAnswer": ["text"],
}


def texts_nfc(apps, schema_editor):
    for model, fields in TEXTS.items():
        nfc_existing_rows(apps.get_model("assessments", model), fields)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0017_rating_not_assessed"),
    ]

    operations = [
        migrations.RunPython(texts_nfc, migrations.RunPython.noop, elidable=True),
    ]
