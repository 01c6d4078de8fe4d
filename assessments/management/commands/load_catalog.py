from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from assessments.catalog import FIXTURES_DIR, fixture_path, read_definition
from assessments.framework_files import FrameworkFileError, read_framework_path
from assessments.services import CatalogError, framework_load, version_load
from assessments.services.framework_publish import framework_publish
from assessments.versions import version_paths


class Command(BaseCommand):
    help = (
        "Load framework catalogs from fixtures/frameworks/<code>.json and their question "
        "versions from fixtures/questionnaires/<code>/*.json (idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "codes",
            nargs="*",
            help="framework codes (default: all in fixtures/frameworks/)",
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help=(
                "overwrite an already loaded framework, and its versions nobody has answered, "
                "with the files (admin edits are lost; answered versions never change)"
            ),
        )

        parser.add_argument(
            "--file",
            help=(
                "publish one framework file, JSON or XLSX (fixtures/frameworks/README.md), as a "
                "new version: a new framework, or a higher version of one already loaded"
            ),
        )

    def _fail(self, path, error: CatalogError):
        raise CommandError(
            _("Bộ chỉ số trong %(path)s không nhất quán:\n%(problems)s")
            % {"path": path, "problems": "\n".join(f"  - {p}" for p in error.problems)}
        ) from error

    def _publish(self, path: Path) -> None:
        try:
            outcome = framework_publish(definition=read_framework_path(path))
        except FrameworkFileError as error:
            raise CommandError(
                _("Không đọc được tệp bộ chỉ số %(path)s:\n%(problems)s")
                % {"path": path, "problems": "\n".join(f"  - {p}" for p in error.problems)}
            ) from error
        except CatalogError as error:
            self._fail(path, error)
        params = {"code": outcome.framework.code, "version": outcome.version}
        self.stdout.write(
            self.style.SUCCESS(
                (
                    _("Đã nạp bộ chỉ số %(code)s, phiên bản %(version)s.")
                    if outcome.created
                    else _("Đã xuất bản phiên bản %(version)s của bộ chỉ số %(code)s.")
                )
                % params
            )
        )
        if outcome.questionnaire is not None:
            version = outcome.questionnaire
            self.stdout.write(
                _("Đã nạp phiên bản câu hỏi %(number)s (%(label)s) của %(code)s.")
                % {**params, "number": version.number, "label": version.label}
                + (" " + _("(hiện hành)") if version.is_current else "")
            )

    def handle(self, *args, codes, update, file=None, **options):
        if file:
            self._publish(Path(file))
            return
        paths = [fixture_path(c) for c in codes] or sorted(FIXTURES_DIR.glob("*.json"))
        for path in paths:
            if not path.exists():
                raise CommandError(_("Không tìm thấy tệp bộ chỉ số: %(path)s") % {"path": path})
            try:
                definition = read_definition(path)
                outcome = framework_load(definition=definition, update=update)
            except CatalogError as error:
                self._fail(path, error)
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
            self._load_versions(code, definition, update)

    def _load_versions(self, code: str, framework_definition, update: bool) -> None:
        for path in version_paths(code):
            try:
                outcome = version_load(
                    definition=read_definition(path),
                    framework_definition=framework_definition,
                    update=update,
                )
            except CatalogError as error:
                self._fail(path, error)
            except ValueError as error:
                raise CommandError(f"{path}: {error}") from error
            version = outcome.version
            params = {"code": code, "number": version.number, "label": version.label}
            if outcome.created:
                message = _("Đã nạp phiên bản %(number)s (%(label)s) của %(code)s.") % params
            elif outcome.updated:
                message = _("Đã cập nhật phiên bản %(number)s (%(label)s) của %(code)s.") % params
            else:
                message = (
                    _("Phiên bản %(number)s (%(label)s) của %(code)s đã có; giữ nguyên.") % params
                )
            self.stdout.write(message + (" " + _("(hiện hành)") if version.is_current else ""))
