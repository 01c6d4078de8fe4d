"""Signers and the reasons of revocations and certificate events stored before they were kept
composed (NFC) rewritten so (dbi_portal/text.py). Going back leaves them as they are.

A certificate's frozen content (its enterprise name, signer…) is left exactly as issued: its
verification code is an HMAC over those bytes (verification.py)."""

from django.db import migrations

from dbi_portal.text import nfc_existing_rows

TEXTS = {
    "Signer": ["full_name", "title"],
    "Certificate": ["revocation_reason"],
    "CertificateEvent": ["reason"],
}


def texts_nfc(apps, schema_editor):
    for model, fields in TEXTS.items():
        nfc_existing_rows(apps.get_model("certification", model), fields)


class Migration(migrations.Migration):
    dependencies = [
        ("certification", "0006_certificate_on_reference_questions"),
    ]

    operations = [
        migrations.RunPython(texts_nfc, migrations.RunPython.noop, elidable=True),
    ]
