# The Notification model moved here from assessments (issue 11), with its rows: the model is
# taken over in the migration state as it stood (the table assessments_notification, its index),
# then the table and the index are renamed, and the content type follows, so permissions and the
# admin's log keep pointing at it.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def content_type_move(apps, schema_editor, *, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label=new, model="notification").exists():
        ContentType.objects.using(db).filter(app_label=old, model="notification").update(
            app_label=new
        )


def content_type_forwards(apps, schema_editor) -> None:
    content_type_move(apps, schema_editor, old="assessments", new="notifications")


def content_type_backwards(apps, schema_editor) -> None:
    content_type_move(apps, schema_editor, old="notifications", new="assessments")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("assessments", "0011_notification_moved"),
        ("certification", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("enterprises", "0004_dashboard_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Notification",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("transition", "Bước xét duyệt hồ sơ"),
                                    ("engagement_invited", "Lời mời tư vấn"),
                                    ("engagement_accepted", "Chuyên gia nhận lời tư vấn"),
                                    ("engagement_declined", "Chuyên gia từ chối lời mời tư vấn"),
                                    ("engagement_ended", "Hợp đồng tư vấn kết thúc"),
                                    ("certificate_issued", "Chứng nhận được cấp"),
                                    ("certificate_revoked", "Chứng nhận bị thu hồi"),
                                    ("certificate_expired", "Chứng nhận hết hiệu lực"),
                                ],
                                default="transition",
                                max_length=24,
                                verbose_name="loại",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="lúc")),
                        (
                            "read_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="đã đọc lúc"),
                        ),
                        (
                            "assessment",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="notifications",
                                to="assessments.assessment",
                            ),
                        ),
                        (
                            "certificate",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="notifications",
                                to="certification.certificate",
                            ),
                        ),
                        (
                            "engagement",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="notifications",
                                to="enterprises.engagement",
                            ),
                        ),
                        (
                            "event",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="assessments.auditentry",
                            ),
                        ),
                        (
                            "recipient",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="notifications",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "assessments_notification",
                        "verbose_name": "thông báo",
                        "verbose_name_plural": "thông báo",
                        "ordering": ["-created_at", "-pk"],
                        "indexes": [
                            models.Index(
                                fields=["recipient", "read_at"],
                                name="assessments_recipie_6a1620_idx",
                            )
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("recipient", "event"), name="notification_once"
                            ),
                            models.UniqueConstraint(
                                condition=models.Q(("engagement__isnull", False)),
                                fields=("recipient", "engagement", "kind"),
                                name="notification_once_per_engagement_step",
                            ),
                            models.UniqueConstraint(
                                condition=models.Q(("certificate__isnull", False)),
                                fields=("recipient", "certificate", "kind"),
                                name="notification_once_per_certificate_step",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(
                                        ("assessment__isnull", False),
                                        ("certificate__isnull", True),
                                        ("engagement__isnull", True),
                                        ("event__isnull", False),
                                        ("kind", "transition"),
                                    ),
                                    models.Q(
                                        ("assessment__isnull", True),
                                        ("certificate__isnull", True),
                                        ("engagement__isnull", False),
                                        ("event__isnull", True),
                                        (
                                            "kind__in",
                                            [
                                                "engagement_invited",
                                                "engagement_accepted",
                                                "engagement_declined",
                                                "engagement_ended",
                                            ],
                                        ),
                                    ),
                                    models.Q(
                                        ("assessment__isnull", False),
                                        ("certificate__isnull", False),
                                        ("engagement__isnull", True),
                                        ("event__isnull", True),
                                        (
                                            "kind__in",
                                            [
                                                "certificate_issued",
                                                "certificate_revoked",
                                                "certificate_expired",
                                            ],
                                        ),
                                    ),
                                    _connector="OR",
                                ),
                                name="notification_about_one_thing",
                            ),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="notification", table=None),
        migrations.RenameIndex(
            model_name="notification",
            new_name="notification_unread_idx",
            old_name="assessments_recipie_6a1620_idx",
        ),
        migrations.RunPython(content_type_forwards, content_type_backwards),
    ]
