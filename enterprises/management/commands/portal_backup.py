"""manage.py portal_backup OUT_DIR: the database and every stored file, with a manifest
(dbi_portal/backup.py; README "Sao lưu và khôi phục / Backup and restore")."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dbi_portal.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump, or SQLite's backup API) and every file of the default "
        "storage into OUT_DIR (new or empty), with manifest.json: row counts and SHA-256s."
    )

    def add_arguments(self, parser):
        parser.add_argument("out_dir", type=Path)

    def handle(self, *args, out_dir: Path, **options):
        try:
            manifest = backup(out_dir)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã sao lưu / Backed up: {rows} rows in {len(manifest['tables'])} tables, "
                f"{len(manifest['files'])} files → {out_dir}"
            )
        )
