"""manage.py portal_restore IN_DIR [--force-wipe]: a portal_backup folder back into the
database and the storage, checked against its manifest (dbi_portal/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dbi_portal.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a portal_backup folder: the database (pg_restore --clean, or SQLite's backup "
        "API) and the stored files, then compare rows and file hashes with its manifest. "
        "Refuses a database that holds accounts unless --force-wipe."
    )

    def add_arguments(self, parser):
        parser.add_argument("in_dir", type=Path)
        parser.add_argument(
            "--force-wipe",
            action="store_true",
            help="replace a database that already holds accounts with the backup",
        )

    def handle(self, *args, in_dir: Path, force_wipe: bool, **options):
        try:
            report = restore(in_dir, replace=force_wipe)
        except BackupError as error:
            raise CommandError(str(error)) from error
        for line in report.lines():
            self.stdout.write(line)
        if report.differences:
            for difference in report.differences:
                self.stderr.write(difference)
            raise CommandError(
                f"Khôi phục không khớp bản sao lưu / The restore differs from the backup: "
                f"{len(report.differences)} differences"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã khôi phục và kiểm tra / Restored and verified: "
                f"{len(report.backup.tables)} tables, {len(report.backup.files)} files "
                "match the manifest"
            )
        )
