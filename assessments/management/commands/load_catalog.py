from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from assessments.catalog import FIXTURES_DIR, fixture_path, read_definition
from assessments.services import CatalogError, framework_load


class Command(BaseCommand):
    help = "Load framework catalogs from fixtures/frameworks/<code>.json (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "codes",
            nargs="*",
            help="framework codes (default: all in fixtures/frameworks/)",
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help="overwrite an already loaded framework with the fixture (admin edits are lost)",
        )

    def handle(self, *args, codes, update, **options):
        paths = [fixture_path(c) for c in codes] or sorted(FIXTURES_DIR.glob("*.json"))
        for path in paths:
            if not path.exists():
                raise CommandError(_("Không tìm thấy tệp bộ chỉ số: %(path)s") % {"path": path})
            try:
                outcome = framework_load(definition=read_definition(path), update=update)
            except CatalogError as error:
                raise CommandError(
                    _("Bộ chỉ số trong %(path)s không nhất quán:\n%(problems)s")
                    % {"path": path, "problems": "\n".join(f"  - {p}" for p in error.problems)}
                ) from error
            except ValueError as error:  # malformed JSON
                raise CommandError(f"{path}: {error}") from error
            code = outcome.framework.code
            if outcome.created:
                self.stdout.write(
                    self.style.SUCCESS(_("Đã nạp bộ chỉ số %(code)s.") % {"code": code})
                )
            elif outcome.updated:
                self.stdout.write(
                    self.style.SUCCESS(_("Đã cập nhật bộ chỉ số %(code)s.") % {"code": code})
                )
            else:
                self.stdout.write(
                    _("Bộ chỉ số %(code)s đã có; giữ nguyên (dùng --update để ghi đè).")
                    % {"code": code}
                )
